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
