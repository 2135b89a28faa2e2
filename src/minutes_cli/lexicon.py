"""Swedish words the pipeline recognises, as data, in one place.

Every stage reads its vocabulary from here; no Swedish word is spelled in
a regular expression elsewhere. Entries are lower case; matching is
case-insensitive.
"""
from __future__ import annotations

# ---------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "feb": 2, "febr": 2,
    "mars": 3, "mar": 3,
    "april": 4, "apr": 4,
    "maj": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# weekday forms -> Python weekday number (Monday = 0)
WEEKDAYS: dict[str, int] = {
    "måndag": 0, "måndagen": 0, "mån": 0,
    "tisdag": 1, "tisdagen": 1, "tis": 1,
    "onsdag": 2, "onsdagen": 2, "ons": 2,
    "torsdag": 3, "torsdagen": 3, "tors": 3, "tor": 3,
    "fredag": 4, "fredagen": 4, "fre": 4,
    "lördag": 5, "lördagen": 5, "lör": 5,
    "söndag": 6, "söndagen": 6, "sön": 6,
}

# quarter words: "Q 4", "kvartal 4", "Q1 2021"
QUARTER_WORDS = ("q", "kv", "kvartal")
# week words: "vecka 45", "v. 45", "v45"
WEEK_WORDS = ("vecka", "v", "v.")
# time words before a clock time: "kl. 08:30", "klockan 19:30"
TIME_WORDS = ("kl", "kl.", "klockan")

# seasons -> month the season is taken to begin (used only for text, never a guess of a date)
SEASONS: dict[str, int] = {"våren": 3, "vår": 3, "sommaren": 6, "sommar": 6, "hösten": 9, "höst": 9, "vintern": 12}

# "till nästa möte", "på nästa styrgruppsmöte": words that name the next meeting
NEXT_MEETING_WORDS = ("nästa möte", "nästa styrgruppsmöte", "nästa sammanträde", "nästa träff", "nästa gång",
                      "kommande möte", "nästa styrelsemöte", "nästa gruppmöte", "nästa tillfälle")

# the article before a day number: "Fredagen den 4 september 2020"
DATE_ARTICLES = ("den",)
# ordinal suffixes after a day number: "20:e december", "1:a maj"
ORDINAL_SUFFIXES = (":e", ":a")
# words that let a (full) month name stand alone as a month-only date: "i juni", "i slutet av juni"
MONTH_PREPOSITIONS = ("i", "under", "i början av", "i mitten av", "i slutet av", "början av", "mitten av", "slutet av")
# words joining two clock times besides a dash: "kl. 13 till 15"
TIME_RANGE_WORDS = ("till",)
# a d/m-looking fraction followed by one of these is not a date: "2/3 av ledamöterna"
FRACTION_WORDS = ("av",)
# words that introduce a due date (looked for among the three words before it):
# "senast 2024-06-30", "till mötet i december", "Redovisas på styrgruppsmötet den 4 februari 2022"
DUE_WORDS = ("senast", "till", "innan", "före", "inför", "på", "redovisas", "redovisa", "återrapportera",
             "återrapporteras", "klar", "klart", "deadline")
# days counted from the meeting: "kolla på lokalen imorgon"
RELATIVE_DAYS: dict[str, int] = {"idag": 0, "i dag": 0, "ikväll": 0, "i kväll": 0, "imorgon": 1, "i morgon": 1,
                                 "imorn": 1, "i morn": 1, "i övermorgon": 2, "iövermorgon": 2}
# due phrases that name no date: the due stays text (None), never a guessed date
VAGUE_DUE_WORDS = ("i höst", "i vår", "i sommar", "i vinter", "till hösten", "till våren", "till sommaren",
                   "under hösten", "under våren", "framöver", "snarast", "löpande", "så snart som möjligt")

# ---------------------------------------------------------------- clean

# a line that is only a page marker left by PDF extraction (regular-expression fragments)
PAGE_MARKERS = (r"sida\s+\d+(\s*(av|/)\s*\d+)?", r"page\s+\d+(\s+of\s+\d+)?", r"\d+\s*\(\s*\d+\s*\)", r"-\s*\d+\s*-")

# ---------------------------------------------------------------- header

# label -> what the lines after it list. Longest labels are tried first.
PEOPLE_LABELS: dict[str, str] = {
    "närvarande": "present", "närvarande ledamöter": "present", "ledamöter närvarande": "present",
    "närvarande ersättare": "present", "deltagare": "present", "deltog": "present", "beslutande": "present",
    "beslutande ledamöter": "present", "tjänstgörande ersättare": "present", "ersättare": "present",
    "övriga närvarande": "present", "övriga deltagare": "present", "övriga": "present",
    "tjänstepersoner": "present", "tjänstemän": "present", "adjungerade": "present", "adjungerad": "present",
    "närvarande med rösträtt": "present", "närvarande utan rösträtt": "present",
    "gäster": "guest", "gäst": "guest", "inbjudna": "guest", "inbjuden": "guest",
    "frånvarande": "absent", "frånvarande ledamöter": "absent", "anmält förhinder": "absent",
    "förhinder": "absent", "ej närvarande": "absent", "ej närvarande ledamöter": "absent",
    "kallade": "called", "kallad": "called", "närvarande ledamöter och ersättare": "present",
    "närvaro": "present", "närvarolista": "present", "ej tjänstgörande ersättare": "present",
    "icke tjänstgörande ersättare": "present", "övriga deltagande": "present",
    "ledamöter": "present",  # only standing alone: "Ledamöter: A, B" in the text may be an election
}
ALONE_PEOPLE_LABELS = ("ledamöter",)
# the column heads of an attendance table, beside its label (`Beslutande    Ledamöter    Tjänstgörande ersättare`)
ATTENDANCE_COLUMNS = ("ledamöter", "ledamot", "tjänstgörande ersättare", "ersättare", "tjänstepersoner", "tjänstemän",
                      "övriga närvarande", "övriga", "personalföreträdare", "revisorer")
# labels that end a list of people without starting another
STOP_LABELS = ("justerare", "justeras", "justering", "justeringens plats och tid", "underskrifter",
               "dagordning", "agenda", "tid", "plats", "datum", "lokal", "sekreterare", "ordförande",
               "paragrafer", "utses att justera", "närvarolista")
# a sentence that introduces a list of those present ("Följande personer befanns närvara ...:")
PRESENT_LEADS = ("befanns närvara", "var närvarande", "närvarade", "är närvarande", "närvarande vid mötet")
ABSENT_LEADS = ("var frånvarande", "anmält förhinder", "hade förhinder")

TIME_LABELS = ("tid", "tidpunkt", "datum", "dag", "när", "datum och tid", "tid och plats", "sammanträdesdatum")
PLACE_LABELS = ("plats", "lokal", "plats och tid", "var", "mötesplats", "tid och plats", "sammanträdesplats",
                "plats och tid för sammanträde", "plats och tid för sammanträdet")
CHAIR_LABELS = ("ordförande", "mötesordförande", "ordf")
MINUTES_LABELS = ("sekreterare", "protokollförare", "mötessekreterare", "vid protokollet", "protokoll fört av",
                  "protokollet fört av", "anteckningar förda av", "mötesanteckningar förda av",
                  "antecknat av", "antecknare", "anteckningar", "sekr")
# the offices elected for the meeting itself ("Till mötesordförande valdes X")
CHAIR_OFFICES = ("mötesordförande", "ordförande för mötet", "mötets ordförande", "ordförande vid mötet",
                 "stämmoordförande", "ordförande för årsmötet", "årsmötesordförande", "ordförande för stämman")
MINUTES_OFFICES = ("mötessekreterare", "sekreterare för mötet", "mötets sekreterare", "sekreterare vid mötet",
                   "protokollförare", "protokollförare för mötet", "sekreterare för årsmötet", "årsmötessekreterare")
ELECTED_VERBS = ("valdes", "utsågs", "utses", "väljs", "omvaldes", "föreslås och väljs")
ELECTS_VERBS = ("valde", "väljer", "utsåg", "utser", "föreslog och valde")
# lines that name the next meeting
NEXT_MEETING_LEADS = ("nästa möte", "nästa styrgruppsmöte", "nästa sammanträde", "nästa styrelsemöte",
                      "nästa träff", "kommande möte", "nästa gruppmöte", "nästa mötestillfälle",
                      "nästa ordinarie möte", "nästa ordinarie sammanträde", "nästa ordinarie styrelsemöte")

# the word for the meeting in a sentence that closes it ("Ordföranden förklarade mötet avslutat 20.15")
MEETING_WORDS = ("mötet", "sammanträdet", "årsmötet", "stämman")
# headings or labels that open and close the meeting, with the time beside or under them
# ("## Mötets öppnande 12.17", "# Öppnar mötet 11:45", "## Mötet avslutas" with "12:50" on the next line)
OPENED_LABELS = ("mötets öppnande", "mötet öppnas", "mötet öppnades", "öppnar mötet", "öppnande av mötet",
                 "mötet öppnat", "sammanträdets öppnande", "möte öppnat", "mötet börjar")
CLOSED_LABELS = ("mötets avslutande", "mötet avslutas", "mötet avslutades", "avslutar mötet", "avslutning",
                 "mötet avslutat", "sammanträdets avslutande", "möte avslutat", "mötet slutar", "mötet avslutande")
# front matter keys (YAML or TOML) that list people -> their status
FRONT_MATTER_PEOPLE: dict[str, str] = {
    "deltagare": "present", "närvarande": "present", "attendees": "present", "participants": "present",
    "frånvarande": "absent", "absent": "absent", "gäster": "guest", "guests": "guest",
}
# front matter keys (YAML or TOML) -> the meeting field they give
FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "title", "titel": "title", "rubrik": "title",
    "date": "date", "datum": "date", "sammanträdesdatum": "date", "mötesdatum": "date",
    "time": "time", "tid": "time", "klockan": "time",
    "place": "place", "plats": "place", "lokal": "place", "location": "place",
    "chair": "chair", "ordförande": "chair", "ordf": "chair",
    "secretary": "minutes_taker", "sekreterare": "minutes_taker", "protokollförare": "minutes_taker",
    "minutes_taker": "minutes_taker",
    "next_meeting": "next_meeting", "nästa_möte": "next_meeting", "nasta_mote": "next_meeting",
}

# services a meeting is held over: the place when the header names one ("genomfört över Zoom", "2020-03-13 Zoom")
ONLINE_PLACES = ("Zoom", "Teams", "Microsoft Teams", "Google Meet", "Meet", "Skype", "Jitsi", "Discord", "Webex",
                 "Whereby")

# lines whose date is not the meeting's: when the minutes were checked or posted
OTHER_DATE_LABELS = ("justeringens plats och tid", "justeringens plats", "justering", "justerat", "justeras",
                     "datum för anslags uppsättande", "datum för anslags nedtagande", "anslaget", "anslag",
                     "protokollet justerat", "justerade", "utdragsbestyrkande", "paragrafer", "förvaringsplats",
                     "plats och tid för justering", "tid och plats för justering")

# the columns of an attendance table in Markdown (`| Namn | Roll | Närvarande |`)
ATTENDANCE_NAME_COLUMNS = ("namn", "ledamot", "ledamöter", "deltagare", "name", "medlem")
ATTENDANCE_ROLE_COLUMNS = ("roll", "funktion", "uppdrag", "befattning", "titel", "role")
ATTENDANCE_ORG_COLUMNS = ("organisation", "förening", "kommun", "parti", "representerar", "org")
ATTENDANCE_PRESENT_COLUMNS = ("närvarande", "närvaro", "deltog", "närv", "present", "närvarande?")
# a cell of the presence column that says absent
ABSENT_CELLS = ("nej", "no", "-", "–", "frånvarande", "ej", "x nej", "anmält förhinder", "förhinder", "✗", "0")

# role words in a list of people; value: the role the record gets
ROLE_WORDS: dict[str, str] = {
    "ordförande": "chair", "ordf": "chair", "ordf.": "chair", "mötesordförande": "chair",
    "sekreterare": "minutes_taker", "mötessekreterare": "minutes_taker", "protokoll": "minutes_taker",
    "protokollförare": "minutes_taker", "sekr": "minutes_taker", "sekr.": "minutes_taker",
    "anteckningar": "minutes_taker", "antecknare": "minutes_taker", "för anteckningar": "minutes_taker",
    "vice ordförande": "vice ordförande", "v. ordf.": "vice ordförande", "vordf": "vice ordförande",
    "kassör": "kassör", "ledamot": "ledamot", "suppleant": "suppleant", "ersättare": "ersättare",
    "processledare": "processledare", "kommunikatör": "kommunikatör", "rektor": "rektor",
    "samordnare": "samordnare", "projektledare": "projektledare", "justerare": "justerare",
    "föredragande": "föredragande", "socialchef": "socialchef", "kommunchef": "kommunchef",
    "förvaltningschef": "förvaltningschef", "utredare": "utredare", "handläggare": "handläggare",
    "controller": "controller", "nämndsekreterare": "minutes_taker", "kommunsekreterare": "minutes_taker",
    "ekonomichef": "ekonomichef", "kommundirektör": "kommundirektör", "vice ordf.": "vice ordförande",
    "tjänstgörande ersättare": "ersättare", "revisor": "revisor", "ledamöter": "ledamot",
}
# endings of a word naming a role ("Verksamhetsansvarig", "Game Jam-ansvarig", "Webbansvarig")
ROLE_SUFFIXES = ("ansvarig", "ansvariga", "samordnare", "ordförande")
# "(ersätter X)": X is absent from this meeting, unless the words say it is for good
REPLACES = ("ersätter", "tjänstgör för", "i stället för", "istället för", "vikarierar för", "ersättare för",
            "tjänstgörande ersättare för", "tjänstgörande för")
REPLACES_FOR_GOOD = ("framöver", "tills vidare", "tills ny", "tills annat", "permanent", "fortsättningsvis")
# "(punkt 8)", "(§ 5)": a guest for one item
GUEST_NOTES = ("punkt", "p.", "§", "del av mötet", "under punkt", "ärende")

# words that mark a group, not a person, as an owner
GROUP_WORDS = ("presidiet", "styrgruppen", "styrelsen", "gruppen", "arbetsgruppen", "tvärgruppen", "tvärgrupp",
               "alla", "varje", "samtliga", "respektive", "kansliet", "förvaltningen", "nämnden", "utskottet",
               "valberedningen", "ledningsgruppen", "referensgruppen", "projektgruppen", "kommunerna",
               "organisationerna", "föreningen", "sekretariatet", "processledarna", "processledningen",
               "teamet", "kommunstyrelsen", "kommundirektören", "revisorerna", "kassören", "sekreteraren",
               "ordföranden", "processledaren", "följeforskarna", "forskarna", "region", "kommun")
# role words as owners -> the role participants carry ("processledaren" -> those with role "processledare")
OWNER_ROLES: dict[str, str] = {
    "processledaren": "processledare", "processledarna": "processledare", "processledare": "processledare",
    "ordföranden": "chair", "ordförande": "chair", "sekreteraren": "minutes_taker", "kassören": "kassör",
    "samordnaren": "samordnare", "projektledaren": "projektledare", "rektorn": "rektor",
}

OWNER_ROLE_WORDS = tuple(OWNER_ROLES)
# present-tense verbs that report what was said or thought at the meeting, or a state: never a task
# ("Anna berättar om resan", "Lena tycker att det gick bra", "Jonas har semester")
REPORT_VERBS = ("informerar", "berättar", "presenterar", "redogör", "redovisar", "föredrar", "diskuterar",
                "tycker", "menar", "anser", "tror", "undrar", "frågar", "påpekar", "konstaterar", "noterar",
                "lyfter", "beskriver", "förklarar", "visar", "svarar", "håller", "säger", "nämner", "betonar",
                "understryker", "framför", "instämmer", "är", "har", "var", "blir", "kan", "får", "ser", "går",
                "står", "ligger", "gäller", "finns", "heter", "vill", "vet", "känner", "behöver", "önskar",
                "hoppas", "tackar", "välkomnar", "hälsar", "öppnar", "avslutar", "deltar", "närvarar", "sitter",
                "kommer", "ska", "skall", "måste", "bör", "brukar", "verkar", "bor", "jobbar", "arbetar",
                "studerar", "läser", "leder", "äger", "saknar", "avvaktar", "väntar", "önskar", "föreslår",
                "yrkar", "reserverar", "framhåller", "tydliggör", "poängterar", "lyfter fram", "uttrycker",
                "ställer", "tar", "kallar", "ger", "bestämmer", "beslutar")

# verbs of a motion: what follows is proposed, not decided ("Eva Ek (M) yrkar att ...")
PROPOSING_VERBS = ("föreslår", "föreslog", "föreslås", "yrkar", "yrkade", "yrkas", "motionerar", "tillstyrker att")

# ---------------------------------------------------------------- formal protocols (kommunallagen 5 kap.)

# section labels under a § whose text is not the meeting's decision
NOT_DECISION_SECTIONS = ("sammanfattning", "sammanfattning av ärendet", "beslutsunderlag", "ärendebeskrivning",
                         "bakgrund", "yrkanden", "yrkande", "propositionsordning", "beslutsgång", "omröstning",
                         "omröstningsresultat", "förvaltningens förslag till beslut", "förslag till beslut på sammanträdet",
                         "ordförandens förslag till beslut", "beslutet skickas till", "beslutet expedieras till",
                         "expedieras till", "expediering", "protokollsanteckning", "protokollsanteckningar", "handlingar",
                         "omedelbar justering", "jäv", "särskilt yttrande", "särskilda yttranden", "reservation",
                         "reservationer", "föredragande", "ärendet", "upplysningar", "tidigare beslut", "yttranden")
# a committee's proposal to another body heads its decision ("Förslag till beslut i kommunfullmäktige")
PROPOSAL_TO_BODY = r"^förslag\s+till\s+beslut\s+(?:i|till)\s+(?:kommunfullmäktige|kommunstyrelsen|regionfullmäktige|regionstyrelsen|fullmäktige|nämnden|\S+nämnden|styrelsen)\s*:?$"
# "Karl Nyström (SD) reserverar sig mot beslutet"
RESERVES = r"\b(?:reserverar|reserverade)\s+sig\b"
# party letters in brackets after a name: "Eva Ek (M)"
PARTIES = ("M", "S", "SD", "C", "V", "KD", "L", "MP", "Kd", "Mp", "Fp", "FP", "Sd", "Opol", "ÖP")
# the diary number of a matter: "Dnr KS 2021/123", "Dnr 2024.045"
DNR = r"\b(?:dnr|diarienummer|diarienr)\.?\s*:?\s*([\p{Lu}]{0,8}[\s/-]?\d{2,6}[/.:-]\d+(?:[/.:-]\d+)?)"
# the sign that opens a § of a protocol; OCR reads § as $ ("$1 Dnr KFT-2024-00329"), taken so before a case number
PARAGRAPH_SIGN = r"(?:§|\$(?=\s*\d+[a-z]?\s+(?i:dnr|diarienummer|diarienr)\b))"
# a line that holds only a case number, beside a § heading: "Dnr KS-2024-00163", "2018.002 ÖN", "Bun/2015:668   009"
CASE_NUMBER_LINE = (r"^(?:(?:dnr|diarienummer|diarienr)\.?\s*:?\s*)?\p{L}{0,8}[\s/-]?\d{2,6}[/.:-]\d+(?:[/.:-]\d+)?"
                    r"(?:\s+[\p{Lu}\d]{1,6}){0,2}$")

# ---------------------------------------------------------------- places

# Sweden's 290 municipalities (kommuner) and 21 regions, for telling a place
# from a surname (`Anders Elingfors Växjö`) and for normalising organisations.
KOMMUNER = tuple("""
Ale Alingsås Alvesta Aneby Arboga Arjeplog Arvidsjaur Arvika Askersund Avesta Bengtsfors Berg Bjurholm Bjuv
Boden Bollebygd Bollnäs Borgholm Borlänge Borås Botkyrka Boxholm Bromölla Bräcke Burlöv Båstad Dals-Ed
Danderyd Degerfors Dorotea Eda Ekerö Eksjö Emmaboda Enköping Eskilstuna Eslöv Essunga Fagersta Falkenberg
Falköping Falun Filipstad Finspång Flen Forshaga Färgelanda Gagnef Gislaved Gnesta Gnosjö Gotland Grums
Grästorp Gullspång Gällivare Gävle Göteborg Götene Habo Hagfors Hallsberg Hallstahammar Halmstad Hammarö
Haninge Haparanda Heby Hedemora Helsingborg Herrljunga Hjo Hofors Huddinge Hudiksvall Hultsfred Hylte
Håbo Hällefors Härjedalen Härnösand Härryda Hässleholm Höganäs Högsby Hörby Höör Jokkmokk Järfälla
Jönköping Kalix Kalmar Karlsborg Karlshamn Karlskoga Karlskrona Karlstad Katrineholm Kil Kinda Kiruna
Klippan Knivsta Kramfors Kristianstad Kristinehamn Krokom Kumla Kungsbacka Kungsör Kungälv Kävlinge Köping
Laholm Landskrona Laxå Lekeberg Leksand Lerum Lessebo Lidingö Lidköping Lilla-Edet Lindesberg Linköping
Ljungby Ljusdal Ljusnarsberg Lomma Ludvika Luleå Lund Lycksele Lysekil Malmö Malung-Sälen Malå Mariestad
Mark Markaryd Mellerud Mjölby Mora Motala Mullsjö Munkedal Munkfors Mölndal Mönsterås Mörbylånga Nacka Nora
Norberg Nordanstig Nordmaling Norrköping Norrtälje Norsjö Nybro Nykvarn Nyköping Nynäshamn Nässjö
Ockelbo Olofström Orsa Orust Osby Oskarshamn Ovanåker Oxelösund Pajala Partille Perstorp Piteå Ragunda
Robertsfors Ronneby Rättvik Sala Salem Sandviken Sigtuna Simrishamn Sjöbo Skara Skellefteå Skinnskatteberg
Skurup Skövde Smedjebacken Sollefteå Sollentuna Solna Sorsele Sotenäs Staffanstorp Stenungsund Stockholm
Storfors Storuman Strängnäs Strömstad Strömsund Sundbyberg Sundsvall Sunne Surahammar Svalöv Svedala
Svenljunga Säffle Säter Sävsjö Söderhamn Söderköping Södertälje Sölvesborg Tanum Tibro Tidaholm Tierp
Timrå Tingsryd Tjörn Tomelilla Torsby Torsås Tranemo Tranås Trelleborg Trollhättan Trosa Tyresö Täby
Töreboda Uddevalla Ulricehamn Umeå Upplands-Bro Upplands-Väsby Uppsala Uppvidinge Vadstena Vaggeryd
Valdemarsvik Vallentuna Vansbro Vara Varberg Vaxholm Vellinge Vetlanda Vilhelmina Vimmerby Vindeln Vingåker
Vänersborg Vännäs Vårgårda Värmdö Värnamo Västervik Västerås Växjö Ydre Ystad Åmål Ånge Åre Årjäng Åsele Åstorp Åtvidaberg Älmhult
Älvdalen Älvkarleby Älvsbyn Ängelholm Öckerö Ödeshög Örebro Örkelljunga Örnsköldsvik Östersund Österåker
Östhammar Östra-Göinge Överkalix Övertorneå
""".split())
REGIONER = ("Region Blekinge", "Region Dalarna", "Region Gotland", "Region Gävleborg", "Region Halland",
            "Region Jämtland Härjedalen", "Region Jönköpings län", "Region Kalmar län", "Region Kronoberg",
            "Region Norrbotten", "Region Skåne", "Region Stockholm", "Region Sörmland", "Region Uppsala",
            "Region Värmland", "Region Västerbotten", "Region Västernorrland", "Region Västmanland",
            "Region Örebro län", "Region Östergötland", "Västra Götalandsregionen")
# single words that name a place or an organisation rather than a person
ORGANISATION_WORDS = ("Region", "Kommun", "Polisen", "Polismyndigheten", "LNU", "Linnéuniversitetet",
                      "Linneuniversitetet", "Länsstyrelsen", "Försäkringskassan", "Arbetsförmedlingen", "SKR")
PLACES = KOMMUNER + ORGANISATION_WORDS

# ---------------------------------------------------------------- segment

# headings that are not agenda items: they label a decision, a list of people or the header
NOT_ITEM_HEADINGS = ("beslut", "beslut:", "beslutar", "beslutade", "förslag till beslut", "beslutsunderlag",
                     "tid", "plats", "datum", "närvarande", "deltagare", "frånvarande", "kallade", "övriga",
                     "justerare", "justering", "underskrifter", "justeras", "sekreterare", "ordförande",
                     "föredragande", "bilagor", "bilaga", "sammanfattning", "yrkanden", "propositionsordning",
                     "beslutsgång", "reservation", "protokollsanteckning", "beslutet skickas till", "agenda", "dagordning",
                     "expedieras till", "handlingar", "ärendebeskrivning", "signaturer", "signatur", "underskrift")

# headings of a notes section, not of an agenda item: with an agenda listed under the title
# (`* Intro & recap`, `* Övriga frågor`), the agenda's entries are the items
NOTES_SECTIONS = ("anteckningar", "mötesanteckningar", "minnesanteckningar", "noteringar", "notes", "minutes",
                  "nästa möte", "beslut", "diskussion", "protokoll", "närvarande", "åtgärder", "att göra")

# ---------------------------------------------------------------- detect
# Decision and action triggers and section labels are rules: src/minutes_cli/rules/*.toml.

# abbreviations that end with a full stop inside a sentence
ABBREVIATIONS = ("t.ex", "bl.a", "ca", "kl", "ex", "nr", "dvs", "d.v.s", "resp", "ang", "m.fl", "fl", "s.k",
                 "osv", "etc", "jfr", "inkl", "exkl", "tel", "st", "p", "pga", "ordf", "sekr", "tf", "fr.o.m",
                 "t.o.m", "o.s.v", "bl a", "t ex", "mm", "m.m", "vs", "ev", "gm", "enl", "avd", "dnr", "kap")

# words right after a trigger that negate it ("beslut fattas därför inte")
NEGATIONS = ("inte", "ej", "icke", "aldrig")
# a negation right before a trigger ("inget beslut togs", "har inte beslutat")
NEGATIONS_BEFORE = ("inget", "inga", "ingen", "inte", "ej", "icke", "aldrig")
NEGATION_FILLERS = ("därför", "heller", "ännu", "än", "alltså", "dock", "på mötet", "idag", "i dag")
# words before a trigger, in its clause, that defer it ("ska beslutas", "Beslut om dessa ska sedan fattas")
DEFERRALS = ("ska", "skall", "kommer att", "bör", "behöver", "måste", "kan", "skulle", "kunde", "får",
             "vill", "planerar att", "avser att", "tänker")
# a sentence opening with these is a condition, not a decision ("Om styrgruppen godkänner ...")
CONDITIONALS = ("om", "ifall", "när", "innan", "såvida", "förutsatt att")
# a decision that only refers to a proposal carries the proposal's text
REFERS_TO_PROPOSAL = (r"\bförslag(?:et)?\b", r"\bi\s+enlighet\s+med\b", r"\benligt\s+följande\b", r"^bifall\b",
                      r"\bbifall\w*", r"\batt-?sats\w*", r"^(?:ja|godkänns|godkändes|antas|antogs)\.?$")
# words before a match that make its subject anyone at all ("vilken lösning man väljer")
GENERIC_SUBJECTS = ("man", "någon", "du", "ni")
# the chair's steps in putting the question: what follows is the procedure, not the decision
# ("Ordföranden ställer förslagen mot varandra och finner att nämnden beslutar ...")
PROCEDURE_LEADS = ("finner att", "fann att", "ställer proposition", "ställde proposition", "mot varandra")
# subjects of a clause after "om"/"ifall" ("besked om den beviljas")
CLAUSE_SUBJECTS = ("den", "det", "de", "vi", "ni", "han", "hon", "man", "någon", "ansökan", "förslaget")

# column names of a task table: who does it, and by when
OWNER_COLUMNS = ("vem", "ansvarig", "ansvar", "ansvariga", "ansv", "ansv.", "owner", "who", "person", "utförare")
DUE_COLUMNS = ("när", "klart", "klart till", "senast", "deadline", "datum", "tidpunkt", "klar", "due", "when")
# verbs of state after a modal: "X ska vara med" is no promise of work
STATE_VERBS = ("vara", "bli", "ha", "finnas", "gälla", "kunna", "få", "bestå", "ingå", "heta", "användas",
               "ligga", "se", "fungera", "följa", "utgå", "utgöra", "innebära", "omfatta", "tas", "ses", "göras")
# a following sentence that says when the task is due: it belongs to the task
DUE_FOLLOWERS = (r"^(?:redovisas|återrapporteras|rapporteras|återkoppling|klart|senast|deadline|"
                 r"ska\s+vara\s+klart|presenteras)\b",)
# a sentence that only says a decision will be taken later
DEFERRED_DECISION = (r"\b(?:ska|skall|kommer\s+att|behöver|bör|måste)\s+(?:\S+\s+){0,3}?(?:fattas|beslutas|tas|avgöras|godkännas|fastställas)\b"
                     # "Beslut om kajakerna tas på nästa möte": a present passive and a time to come
                     r"|\b(?:tas|fattas|beslutas|avgörs)\s+(?:upp\s+)?(?:på|vid|till|under|i|efter)\s+(?:\S+\s+){0,2}?"
                     r"(?:nästa|kommande|senare|hösten|våren|" + "|".join(m for m in MONTHS if len(m) > 2) + r")\b")
# a word right before a participle that makes it an adjective ("utifrån beslutade indikatorer")
ADJECTIVAL_BEFORE = ("utifrån", "enligt", "de", "det", "den", "redan", "tidigare", "av", "med", "om", "för", "på",
                     "i", "till", "efter", "ett", "en", "nyligen", "senast", "sin", "sina", "vår", "våra", "nya")
# nouns that may follow a group word in an owner ("alla organisationer", "tvärgrupp barn")
GROUP_NOUNS = ("organisationer", "organisation", "kommuner", "kommun", "medlemmar", "deltagare", "ledamöter",
               "barn", "närvarande", "parter", "myndigheter", "representanter", "grupper", "förvaltningar",
               "verksamheter", "i styrgruppen", "i gruppen", "i styrelsen")
# words before a would-be task that make it part of a proposal, not a promise
PROPOSAL_WORDS = (r"\bförslag\w*", r"\bföreslå\w*", r"\bföreslog\b", r"\binnebär\s+att\b", r"\bskulle\b", r"\bönskar\b", r"\bom\s+att\b",
                  r"^om\b", r"^ifall\b")
# "nsg, stellanl ... och cameraman befinns närvarande": the list stands before the words
PRESENT_AFTER = r"^(.{3,600}?)\s+(?:är|var|befinns|befanns|var\s+alla)\s+närvarande\b"
# labels strong enough to stand without a colon before the names ("Närvarande Anders Elingfors")
STRONG_PEOPLE_LABELS = ("närvarande", "frånvarande", "deltagare", "kallade", "beslutande", "ersättare",
                        "övriga närvarande", "tjänstgörande ersättare", "tjänstepersoner")
# the opening and closing of the meeting, with the time ("förklarade mötet öppnat klockan 19:39")
OPENED = r"\b(?:öppnat|öppnade|öppnas|öppnar|öppnades|förklaras\s+öppnat)\b"
CLOSED = r"\b(?:avslutat|avslutade|avslutas|avslutar|avslutades|förklaras\s+avslutat)\b"
# metadata lines in front matter or comments (".. date: 2016-11-24", "date: 2016-11-24")
METADATA_DATE = r"^\s*(?:\.\.\s*)?(?:date|datum)\s*:\s*(\d{4}-\d{2}-\d{2})"
# a person's name as the rules of detect read it: one to three capitalised words (case-sensitive even
# inside a case-insensitive pattern); `{NAME_PATTERN}` in a rule file
NAME_PATTERN = r"(?-i:\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?(?:\s+\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?){0,2})"
# capitalised words that open a sentence but never name who does a task
NOT_OWNERS = ("det", "den", "de", "detta", "denna", "dessa", "man", "vi", "ni", "han", "hon", "här", "där", "nu",
              "sedan", "då", "vem", "vilka", "vad", "alla", "ingen", "någon", "något", "allt", "varje", "också",
              "även", "om", "när", "efter", "hur", "varför", "vart", "vilken", "vilket", "var", "inför", "till", "för", "med", "på", "i", "och", "men", "samt", "sen")
# endings of a definite noun ("Arbetsgruppen", "Projektet"): not a first name
DEFINITE_ENDINGS = ("en", "et", "na", "rna", "ningen", "ingen", "heten")

# ---------------------------------------------------------------- register

# Well-known abbreviations and short names of organisations, for normalising the
# organisation of a participant across an archive (`LNU` = `Linnéuniversitetet`).
# Matched case-insensitively against the whole organisation as written; users add
# their own in the aliases file (docs/people.md).
ORGANISATION_ABBREVIATIONS: dict[str, str] = {
    "LNU": "Linnéuniversitetet", "LiU": "Linköpings universitet", "KTH": "Kungliga Tekniska högskolan",
    "KI": "Karolinska institutet", "GU": "Göteborgs universitet", "UU": "Uppsala universitet",
    "SU": "Stockholms universitet", "LU": "Lunds universitet", "UmU": "Umeå universitet",
    "MIUN": "Mittuniversitetet", "MAU": "Malmö universitet", "ORU": "Örebro universitet",
    "SKR": "Sveriges Kommuner och Regioner", "SKL": "Sveriges Kommuner och Regioner",
    "Polisen": "Polismyndigheten", "FK": "Försäkringskassan", "AF": "Arbetsförmedlingen",
    "MSB": "Myndigheten för samhällsskydd och beredskap", "IVO": "Inspektionen för vård och omsorg",
    "SCB": "Statistiska centralbyrån", "DIGG": "Myndigheten för digital förvaltning",
    "VGR": "Västra Götalandsregionen",
}
# words after a municipality's name that mean the municipality itself ("Växjö kommun",
# "Göteborgs stad"); the organisation is then the bare name from KOMMUNER ("Växjö")
KOMMUN_SUFFIXES = ("kommun", "kommuns", "stad", "kommunförvaltning")
# the word in front of a region's name ("Region Kronoberg")
REGION_PREFIXES = ("region", "regionen")
# lowercase words that may stand inside a person's name ("Magnus von Sydow")
NAME_PARTICLES = ("von", "van", "af", "de", "der", "den", "la", "le", "di", "da", "du")
# words that mark a text as minutes (minutes-likeness, likeness.py): a label at the start of a line
# (`Beslut:`, `Närvarande`, `§ 12`), or a word of the title (`Protokoll styrelsemöte`)
MINUTES_SIGN_LABELS = ("beslut", "beslutade", "närvarande", "frånvarande", "deltagare", "protokoll", "dagordning",
                       "agenda", "ärende", "ärenden", "justeras", "justerare", "ordförande", "sekreterare",
                       "mötesanteckningar", "minnesanteckningar", "anteckningar", "mötet öppnas", "mötets öppnande",
                       "mötets avslutande", "nästa möte", "övriga frågor", "åtgärder", "att göra", "ansvarig")
MINUTES_TITLE_WORDS = (r"protokoll\w*", r"\w*möte\w*", r"\w*anteckningar", r"sammanträde\w*", r"stämma\w*",
                       r"årsmöte\w*", r"styrelse\w*", r"dagordning", r"agenda", r"minutes", r"meeting")
