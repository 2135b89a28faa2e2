"""Rules for the header and the agenda items, each with an invented example and a
counter-example: the forms of § protocols, attendance tables, label columns,
front matter and the times and next meeting wherever they stand."""
from __future__ import annotations

import pytest

from minutes_cli.pipeline import parse_text


def _titles(text: str) -> list[tuple[str | None, str]]:
    return [(i.number, i.title) for i in parse_text(text, source="t.txt").items]


# ---------------------------------------------------------------- § protocols

PROTOCOL = """Idrottsnämnden protokoll 2023-04-11

Innehåll

§ 2  2023.014 IDN
Val av justerare ........................ 3

§ 3  2023.015 IDN
Hyror för konstgräsplaner
2024 ...................................... 4

§ 2  2023.014 IDN
Val av justerare

Nämnden väljer Lisa Holm att justera.

§ 3  2023.015 IDN
Hyror för konstgräsplaner

Nämnden beslutar att anta hyrorna.
"""


def test_a_paragraph_takes_its_title_from_the_line_under_the_case_number():
    assert _titles(PROTOCOL) == [("§ 2", "Val av justerare"), ("§ 3", "Hyror för konstgräsplaner")]


def test_a_paragraph_with_its_title_on_its_own_line_keeps_it():
    text = "Protokoll\n\n§ 4 Budget 2024\n\nNämnden beslutar att anta budgeten.\n\n§ 5 Övriga frågor\n\nInga.\n"
    assert _titles(text) == [("§ 4", "Budget 2024"), ("§ 5", "Övriga frågor")]


def test_the_title_is_never_the_case_number():
    text = "Protokoll\n\n§ 7\n\nBun/2021:112   009\n\n## Skolskjuts\n\nText.\n\n§ 8 Dnr KS 2021/44\n\nText om annat.\n"
    titles = _titles(text)
    assert titles[0] == ("§ 7", "Skolskjuts")
    assert all("2021" not in t for _, t in titles)


def test_ocr_dollar_before_a_case_number_is_a_paragraph_sign():
    text = "Protokoll\n\n$4 Dnr KFT-2024-00362\nLokalbehov för simhallen\n\nText.\n\n$ 5 Dnr KFT-2024-00363\nTaxor\n\nText.\n"
    assert _titles(text) == [("§ 4", "Lokalbehov för simhallen"), ("§ 5", "Taxor")]


def test_a_dollar_amount_is_not_a_paragraph():
    text = "Anteckningar\n\n## 1. Ekonomi\n\n$ 5 per medlem i bidrag.\n\n## 2. Övrigt\n\nInget.\n"
    assert [t for _, t in _titles(text)] == ["Ekonomi", "Övrigt"]


def test_a_paragraph_as_a_list_entry_starts_an_item():
    text = "Protokoll\n\n§ 1\n\n## Upprop\n\nText.\n\n- § 2\n\n## Val av justerare\n\nText.\n"
    assert _titles(text) == [("§ 1", "Upprop"), ("§ 2", "Val av justerare")]


def test_a_paragraph_repeated_as_a_page_header_is_one_item():
    text = ("Protokoll\n\n§ 9 Skolskjuts\n\nNämnden beslutar att utreda frågan.\n\n§ 9 Skolskjuts\n\nForts. text.\n\n"
            "§ 10 Övrigt\n\nInget.\n")
    assert _titles(text) == [("§ 9", "Skolskjuts"), ("§ 10", "Övrigt")]


# ---------------------------------------------------------------- header shapes: fits and reads

def _meeting(text: str, source: str = "t.md"):
    return parse_text(text, source=source).meeting


def test_yaml_front_matter_gives_the_meetings_title_and_date_never_the_title_line():
    text = ("---\ntitle: Styrelsemöte Brf Linden\ndate: 2023-03-14\ntid: 18:30-20:00\nplats: Föreningslokalen\n---\n"
            "# Anteckningar från 2023-03-01 (utkast)\n\n## 1. Ekonomi\n\nKassören redogjorde.\n")
    m = _meeting(text)
    assert (m.title, m.date, m.start, m.end, m.place) == (
        "Styrelsemöte Brf Linden", "2023-03-14", "18:30", "20:00", "Föreningslokalen")


def test_toml_front_matter_is_read_and_its_lines_are_not_minutes_text():
    text = '+++\ntitle = "Elevrådets möte"\ndate = "2024-09-02"\n+++\n\n## 1. Skolgården\n\nVi pratade om bänkarna.\n'
    r = parse_text(text, source="t.md")
    assert (r.meeting.title, r.meeting.date) == ("Elevrådets möte", "2024-09-02")
    assert [i.title for i in r.items] == ["Skolgården"]


def test_a_rule_above_prose_is_not_front_matter():
    text = "---\nVi träffades hos Anna och pratade om vårens matcher.\n---\n\nMöte 2022-04-03\n"
    m = _meeting(text)
    assert m.date == "2022-04-03" and m.title.startswith("Vi träffades hos Anna")


def test_opening_and_closing_headings_give_the_times_beside_or_under_them():
    text = ("# Styrelsemöte Volleybollklubben 2021-10-13\n\n## Mötets öppnande 18.07\n\nOrdföranden hälsade välkomna.\n\n"
            "## Övrigt\n\nInget.\n\n## Mötet avslutas\n\n19:40\n")
    m = _meeting(text)
    assert (m.start, m.end) == ("18:07", "19:40")


def test_an_opening_heading_without_a_time_gives_no_start():
    text = ("# Styrelsemöte 2021-10-13\n\n## Mötets öppnande\n\nOrdföranden hälsade alla välkomna och gick igenom "
            "kvällens punkter.\n\n## Mötet avslutas\n\nTack för i kväll.\n")
    m = _meeting(text)
    assert (m.start, m.end) == (None, None)


def test_the_next_meeting_under_its_own_heading():
    text = "# Styrelsemöte 2019-05-06\n\n## 1. Banan\n\nText.\n\n### Nästa möte\n\n3 juni klockan 19:00.\n"
    nm = _meeting(text).next_meeting
    assert (nm.date, nm.start) == ("2019-06-03", "19:00")


def test_the_next_meeting_in_the_middle_of_a_paragraph_is_dated_from_its_own_words():
    text = ("# Möte 2019-05-06\n\n## 1. Övrigt\n\nRapporten från 2019-04-20 godkändes. Nästa möte blir den "
            "10 juni kl. 18:00 hos Per.\n")
    assert _meeting(text).next_meeting.date == "2019-06-10"


def test_a_next_meeting_heading_with_no_date_under_it_gives_no_date():
    text = "# Möte 2019-05-06\n\n## 1. Banan\n\nText.\n\n### Nästa möte\n\nDatum bestäms via mejl.\n"
    nm = _meeting(text).next_meeting
    assert nm is not None and nm.date is None


def test_a_cover_page_with_labels_in_one_column_and_values_in_another():
    text = ("SAMMANTRÄDESPROTOKOLL\nRegionala utvecklingsnämnden\n\nDatum 2022-11-08\n\n"
            "Sekreterare        Karin Fält                 Paragrafer § 40-44\n\n"
            "Ordförande         Johan Ås\n\n§ 40 Val av justerare\n\nNämnden väljer Eva Ros.\n\n"
            "§ 41 Budget\n\nNämnden beslutar att anta budgeten.\n")
    m = _meeting(text, "t.txt")
    assert (m.chair, m.minutes_taker) == ("Johan Ås", "Karin Fält")


def test_a_label_alone_with_its_value_on_the_next_line():
    text = ("**Sammanträdesprotokoll** Skolrådet\n\n2023-05-10\n\n**Plats och tid**\n\n"
            "Aulan, Norra skolan kl. 15:00 – 16:30\n\n## **Ordförande**\n\nMaja Berg\n\n## **Sekreterare**\n\n"
            "Ali Khan\n\n§ 1\n\n## Upprop\n\nText.\n\n§ 2\n\n## Skolmaten\n\nText.\n")
    m = _meeting(text)
    assert (m.place, m.start, m.end, m.chair, m.minutes_taker) == (
        "Aulan, Norra skolan", "15:00", "16:30", "Maja Berg", "Ali Khan")


def test_a_place_label_followed_by_another_label_gives_no_place():
    text = "# Möte 2023-05-10\n\n## Plats\n\n## Närvarande\n\nAnna Ek\nPer Ek\n\n## 1. Punkt\n\nText.\n"
    assert _meeting(text).place is None


# ---------------------------------------------------------------- attendance tables and runs of names

def _people(text: str, source: str = "t.txt") -> dict[str, tuple[str, str | None]]:
    return {p.name: (p.status, p.role) for p in parse_text(text, source=source).participants}


ATTENDANCE = """SAMMANTRÄDESPROTOKOLL
Regionala kulturnämnden

Datum 2022-09-20

Beslutande    Ledamöter                     Tjänstgörande ersättare
Karin Ros (S), Ordförande     Leo Falk (M)
Per Blad (M)                  Nora Ek (V)
Övriga närvarande    Tjänstepersoner
Siv Lund, nämndsekreterare
Ali Berg, controller, §§ 12-
14

§ 12 Val av justerare

Nämnden väljer Per Blad.

§ 13 Budget

Nämnden beslutar att anta budgeten.
"""


def test_an_attendance_table_with_role_columns_gives_every_name_without_the_party():
    people = _people(ATTENDANCE)
    assert set(people) == {"Karin Ros", "Leo Falk", "Per Blad", "Nora Ek", "Siv Lund", "Ali Berg"}
    assert people["Karin Ros"] == ("present", "chair")
    assert parse_text(ATTENDANCE, source="t.txt").meeting.chair == "Karin Ros"


def test_members_listed_in_an_election_are_not_the_attendance():
    text = ("Årsmöte 2021-03-01\n\nNärvarande: Anna Ek, Per Ek\n\n## 5. Val av styrelse\n\n"
            "Mötet valde styrelsen.\n\nLedamöter: Lisa Holm, Omar Said\n")
    assert set(_people(text, "t.md")) == {"Anna Ek", "Per Ek"}


def test_names_run_together_with_their_parties_and_replacements():
    text = ("Protokoll 2016-01-26\n\n> Beslutande Eva Ek (M) ordförande Olle Berg (S) ersätter Per Ström (S) "
            "Sara Lind (C) tjänstgör för Kim Al (L) Bo Ring (KD)\n\n§ 1 Upprop\n\nText.\n\n§ 2 Övrigt\n\nText.\n")
    people = _people(text)
    assert people["Eva Ek"] == ("present", "chair")
    assert {n for n, (s, _) in people.items() if s == "present"} == {"Eva Ek", "Olle Berg", "Sara Lind", "Bo Ring"}
    assert {n for n, (s, _) in people.items() if s == "absent"} == {"Per Ström", "Kim Al"}


def test_one_name_with_a_party_in_a_sentence_is_not_a_run():
    text = "Möte 2016-01-26\n\nNärvarande: Eva Ek (M), Olle Berg (S)\n\n1. Budget\n\nEva Ek (M) yrkar bifall.\n"
    assert set(_people(text)) == {"Eva Ek", "Olle Berg"}


def test_officials_run_together_each_with_a_title():
    text = ("Protokoll 2025-06-10\n\n**Övriga närvarande:** Eva Ek, kommundirektör Per Holm, chef grundskola "
            "Kulturskolan/Upptech Anna Berg, nämndsekreterare\n\n§ 1 Upprop\n\nText.\n\n§ 2 Övrigt\n\nText.\n")
    people = _people(text, "t.md")
    assert set(people) == {"Eva Ek", "Per Holm", "Anna Berg"}
    assert people["Anna Berg"][1] == "minutes_taker"


def test_names_after_an_organisation_are_not_officials_with_titles():
    text = "Möte 2021-05-05\n\nNärvarande:\nRegion Halland: Anna Ek, Per Holm, Lisa Berg, Omar Said\n\n1. Punkt\n\nText.\n"
    people = parse_text(text, source="t.txt").participants
    assert {p.name for p in people} == {"Anna Ek", "Per Holm", "Lisa Berg", "Omar Said"}
    assert {p.organisation for p in people} == {"Region Halland"}


# ---------------------------------------------------------------- agenda items

def test_an_agenda_listed_under_the_title_gives_the_items_when_the_notes_have_only_sections():
    text = ("# Agenda och anteckningar 2022-02-01\n\n* Välkommen och genomgång\n* Matchschema våren\n* Övriga frågor\n\n"
            "**Närvarande**\n\n* Anna Ek\n* Per Holm\n\n**Anteckningar**\n\nVi gick igenom schemat.\n")
    assert [t for _, t in _titles(text)] == ["Välkommen och genomgång", "Matchschema våren", "Övriga frågor"]


def test_a_list_under_the_title_does_not_replace_real_item_headings():
    text = ("# Styrelsemöte 2022-02-01\n\n* Kaffe finns i köket\n* Lokalen stänger 21\n\n## 1. Ekonomi\n\nText.\n\n"
            "## 2. Matcher\n\nText.\n")
    assert [t for _, t in _titles(text)] == ["Ekonomi", "Matcher"]


def test_headings_that_open_the_document_are_its_title_not_items():
    text = ("# Mötesprotokoll\n## Schackklubben Löparen\n## 11 april 2017\n\n## Närvarande\nAnna Ek, Per Holm\n\n"
            "## Mötets öppnande\n18:00\n\n## Turneringen\nText.\n")
    assert [t for _, t in _titles(text)] == ["Mötets öppnande", "Turneringen"]


def test_a_list_of_names_under_the_title_is_not_an_agenda():
    text = "# Anteckningar 2022-02-01\n\n* Anna Ek\n* Per Holm (kassör)\n\n**Anteckningar**\n\nVi gick igenom schemat.\n"
    assert _titles(text) == []


# ---------------------------------------------------------------- wrappers: inline HTML, lost letters

HTML_MINUTES = """<h1>Årsmöte 2019 – Båtklubben Ankaret</h1>
<strong>Datum:</strong> 2019-04-07, kl 14.00
<strong>Plats:</strong> Klubbhuset
<strong>Närvarande:</strong>
<ul>
  <li>Eva Sund, ordförande</li>
  <li>Kalle Ring, sekreterare</li>
</ul>

<strong>1 Mötets öppnande</strong>
Eva Sund öppnade mötet.

<strong>2 Bryggavgiften</strong>
Årsmötet beslutade att höja avgiften.
"""


def test_inline_html_in_markdown_reads_as_its_markdown():
    r = parse_text(HTML_MINUTES, source="t.md")
    assert (r.meeting.date, r.meeting.start, r.meeting.place) == ("2019-04-07", "14:00", "Klubbhuset")
    assert (r.meeting.chair, r.meeting.minutes_taker) == ("Eva Sund", "Kalle Ring")
    assert [i.title for i in r.items] == ["Mötets öppnande", "Bryggavgiften"]
    assert not any("<" in d.text for d in r.decisions)


def test_angle_brackets_that_are_not_html_tags_stay():
    text = "# Möte 2019-04-07\n\n## 1. Budget\n\nKostnaden blev <5000 kr och > väntat.\n"
    r = parse_text(text, source="t.md")
    assert [i.title for i in r.items] == ["Budget"]


def test_labels_with_letters_lost_to_u_fffd_are_still_labels():
    lost = HTML_MINUTES.replace("ä", "\ufffd").replace("ö", "\ufffd").replace("å", "\ufffd").replace(":</strong> ", ":</strong>\ufffd")
    r = parse_text(lost, source="t.md")
    assert (r.meeting.date, r.meeting.place) == ("2019-04-07", "Klubbhuset")
    assert {p.name: p.role for p in r.participants} == {"Eva Sund": "chair", "Kalle Ring": "minutes_taker"}


def test_u_fffd_in_a_name_is_kept_as_written():
    text = "Möte 2019-04-07\n\nNärvarande: Eva S\ufffdderberg, Kalle Ring\n\n1. Punkt\n\nText.\n"
    assert "Eva S\ufffdderberg" in {p.name for p in parse_text(text, source="t.txt").participants}


# ---------------------------------------------------------------- files logging several meetings

LOG_WITHOUT_YEARS = ("# Arbetsgruppen för skolskjuts\n\n## Möte 3 mars\n\nNärvarande: Anna Berg, Kim Olsson\n\n"
                     "- Beslut: Vi provar den nya turlistan.\n\n## Möte 10 mars\n\nNärvarande: Anna Berg, Kim Olsson\n\n"
                     "- Vi beslutade att skicka ut information.\n")


def test_a_log_without_years_takes_the_year_of_its_file_name():
    from minutes_cli.pipeline import parse_text_all
    dates = [m.meeting.date for m in parse_text_all(LOG_WITHOUT_YEARS, source="skolskjuts-2023.md")]
    assert dates == ["2023-03-03", "2023-03-10"]


def test_a_log_without_years_takes_the_year_of_the_reference_date():
    import datetime as dt

    from minutes_cli.pipeline import parse_text_all
    dates = [m.meeting.date for m in parse_text_all(LOG_WITHOUT_YEARS, source="logg.md",
                                                     reference_date=dt.date(2022, 6, 1))]
    assert dates == ["2022-03-03", "2022-03-10"]


def test_a_log_without_any_year_is_one_record_with_no_date():
    from minutes_cli.pipeline import parse_text_all
    records = parse_text_all(LOG_WITHOUT_YEARS, source="logg.md")
    assert [m.meeting.date for m in records] == [None]
    assert len(records[0].decisions) == 2


def test_the_time_on_the_line_under_the_place_label():
    text = ("Revisionen\nDatum\n2024-03-18\n\nPlats och tid   Rådhuset, rum Ugglan\n18 mars          Klockan 09:00-16:30\n\n"
            "§ 1 Mötets öppnande\n\nText.\n\n§ 2 Granskningar\n\nText.\n")
    m = _meeting(text, "t.txt")
    assert (m.place, m.start, m.end) == ("Rådhuset, rum Ugglan", "09:00", "16:30")


def test_a_time_standing_alone_in_the_header():
    text = ("Kulturnämnden\n\nPlats och tid för\nsammanträde\n\nBeslutande\n\nStadshuset\n\nKlockan 17:00 — 19:21\n\n"
            "2025-01-22\n\n§ 1 Information\n\nText.\n\n§ 2 Taxor\n\nText.\n")
    m = _meeting(text, "t.txt")
    assert (m.start, m.end) == ("17:00", "19:21")


def test_a_time_inside_a_sentence_of_the_header_is_not_a_time_alone():
    text = "Anteckningar 2025-01-22\n\nVi ses igen klockan 18:00 på fredag om inget annat sägs.\n\n1. Punkt\n\nText.\n"
    assert _meeting(text, "t.txt").start is None


def test_the_chair_named_where_the_meeting_is_opened():
    text = ("Protokoll 2024-03-18\n\n§ 1 Mötets öppnande\n\nOrdförande Eva Ek (S) hälsar välkomna och förklarar mötet "
            "öppnat.\n\n§ 2 Budget\n\nText.\n")
    assert _meeting(text, "t.txt").chair == "Eva Ek"


@pytest.mark.parametrize("text", [
    # running text is not a label column
    "Anteckningar 2023-05-10\n\nOrdförande Maja Berg hälsade alla välkomna och berättade om terminen.\n\n"
    "1. Skolmaten\n\nText.\n",
    # a chair speaking elsewhere than at the opening
    "Protokoll 2024-03-18\n\n§ 1 Mötets öppnande\n\nMötet öppnas.\n\n§ 2 Budget\n\n"
    "Ordförande Eva Ek (S) föreslår att budgeten antas.\n",
])
def test_a_chair_named_in_running_text_is_not_the_chair_of_the_meeting(text):
    assert _meeting(text, "t.txt").chair is None


def test_the_next_ordinary_meeting():
    text = "Protokoll 2024-03-18\n\n§ 9 Övrigt\n\nNästa ordinarie möte hålls den 22 april kl. 08:45-17:00 i Tofsvipan.\n"
    nm = _meeting(text, "t.txt").next_meeting
    assert (nm.date, nm.start, nm.end) == ("2024-04-22", "08:45", "17:00")


def test_item_numbers_standing_alone_above_their_titles():
    text = ("Revisionen 2024-03-18\n\n1\nMötets öppnande\nSammanfattning\nOrdföranden öppnar mötet.\n\n"
            "2\nGranskning av hemtjänsten\nÖverenskommelse\nRevisionen noterar informationen.\n\n"
            "3\nÖvriga frågor\nSammanfattning\nInga.\n")
    assert [t for _, t in _titles(text)] == ["Mötets öppnande", "Granskning av hemtjänsten", "Övriga frågor"]


def test_page_numbers_standing_alone_are_not_items():
    text = ("Anteckningar 2024-03-18\n\n## Ekonomi\n\nText om ekonomin.\n\n2\n\nMer text om ekonomin här.\n\n"
            "## Lokaler\n\nText.\n\n3\n\nSista sidan med text.\n")
    assert [t for _, t in _titles(text)] == ["Ekonomi", "Lokaler"]


def test_the_rest_of_a_note_on_its_own_line_does_not_end_the_list():
    text = ("Protokoll 2024-06-12\n\nÖvriga\nEva Holm, rösträknare §§\n\n25-26\nOla Lind (KD) ej del av §26 klockan\n"
            "8.45-9.50\nPer Ås, rösträknare §§ 25-26\n\n§ 1 Upprop\n\nText.\n\n§ 2 Val\n\nText.\n")
    assert set(_people(text)) == {"Eva Holm", "Ola Lind", "Per Ås"}


def test_a_trailing_comma_in_one_column_does_not_join_the_next_line():
    text = ("Protokoll 2024-06-12\n\nÖvriga närvarande Ersättare                 Tjänstepersoner\n"
            "Per Ek (M)              Sofia Jonsson, administrativ chef\n"
            "Lena Gran (S)           Kim Rydh,\nStefan Ås (SD)          valsamordnare\n\n§ 1 Upprop\n\nText.\n\n§ 2 Val\n\nText.\n")
    assert {"Per Ek", "Sofia Jonsson", "Lena Gran", "Kim Rydh", "Stefan Ås"} <= set(_people(text))


def test_a_list_of_roles_gives_no_participants():
    text = ("# Styrelsemöte 2022-05-05\n\n## Kallade\n\n- Kassör\n- Webb\n- Ordförande\n- Revisor\n- Eventansvarig\n\n"
            "## Närvarande\n\n- Kassör\n- Ordförande\n- Eventansvarig\n\n## Mötets öppnande\n\n12:15\n")
    assert _people(text, "t.md") == {}


def test_members_with_their_roles_and_first_names_alone_are_participants():
    text = ("# Styrelsemöte 2022-05-05\n\n## Närvarande\n\n- Anna Ek, ordförande\n- Per Holm, kassör\n- Lisa\n- Omar\n\n"
            "## Mötets öppnande\n\n12:15\n")
    assert set(_people(text, "t.md")) == {"Anna Ek", "Per Holm", "Lisa", "Omar"}


def test_a_called_member_present_under_a_slip_of_the_surname_is_not_absent():
    text = ("# Möte 2021-06-10\n\n## Kallade\n- Anna Ekström\n- Thea Calqvist\n- Omar Said\n\n"
            "## Närvarande\n- Anna Ekström\n- Thea Carlqvist\n\n## Mötets öppnande 18:19\n")
    people = _people(text, "t.md")
    assert people["Omar Said"][0] == "absent" and "Thea Calqvist" not in people


def test_two_names_that_lost_the_comma_between_them():
    text = "Möte 2016-03-24\n\nNärvarande: Anna Ek, Per Holm, Dennis Lund Amanda Berg\n\n1. Punkt\n\nText.\n"
    assert set(_people(text)) == {"Anna Ek", "Per Holm", "Dennis Lund", "Amanda Berg"}


def test_a_name_of_four_words_among_longer_names_stays_one():
    text = "Möte 2016-03-24\n\nNärvarande: Anna Maria Ek Lind, Per Olof Holm, Eva Sara Berg\n\n1. Punkt\n\nText.\n"
    assert "Anna Maria Ek Lind" in _people(text)


@pytest.mark.parametrize("head", ["Anteckningar från arbetsmöte genomfört över Zoom\n\nDatum: 2020-05-08 15:00-16:00",
                                  "Anteckningar\n\n2020-05-08 Teams"])
def test_an_online_service_named_in_the_header_is_the_place(head):
    text = head + "\n\nDeltagare\nAnna Ek\nPer Holm\n\nPraktiska frågor\n\nText om allt.\n"
    assert _meeting(text, "t.txt").place in ("Zoom", "Teams")


def test_an_online_service_in_the_notes_is_not_the_place():
    text = ("Anteckningar\n\nDatum: 2020-05-08\nPlats: Biblioteket\n\nDeltagare\nAnna Ek\nPer Holm\n\n"
            "Praktiska frågor\n\nVi diskuterade att byta till Teams.\n")
    assert _meeting(text, "t.txt").place == "Biblioteket"


def test_a_label_block_above_paragraphs_in_plain_text():
    text = ("Protokoll styrelsemöte\n\nDatum: 2023-03-14\nTid: 19.00–21.00\nPlats: Föreningslokalen\n"
            "Mötesordförande: Anna Ek\nProtokollförare: Per Holm\n\nNärvarande:\nAnna Ek\nPer Holm\nLisa Berg\n\n"
            "§ 1 Mötets öppnande\nAnna öppnade mötet.\n\n§ 2 Budget\nStyrelsen beslutade att anta budgeten.\n")
    m = _meeting(text, "t.txt")
    assert (m.date, m.start, m.place, m.chair, m.minutes_taker) == (
        "2023-03-14", "19:00", "Föreningslokalen", "Anna Ek", "Per Holm")


def test_a_cover_page_with_leaders_and_the_name_under_them_and_no_meeting_date():
    text = ("SAMMANTRÄDESPROTOKOLL\nSocialnämnden\n\nTid och plats      Kommunhuset, Sal A, kl. 13.00-16.00\n\n"
            "Justeringens plats och tid  Kommunhuset 2023-03-20\n\nSekreterare      ......................\n"
            "                 Eva Lund\n\n§ 5  Dnr 2023/45\nBudget 2024\n\nText.\n\n§ 6  Dnr 2023/46\nTaxor\n\nText.\n")
    m = _meeting(text, "t.txt")
    assert (m.date, m.start, m.end, m.place, m.minutes_taker) == (None, "13:00", "16:00", "Kommunhuset, Sal A", "Eva Lund")


def test_the_place_after_the_time_in_a_one_line_header():
    text = "Styrelsemöte Brf Eken, tisdag 14/3 2023 kl 19-21 hos Anna\n\nNärvarande: Anna Ek, Per Holm\n\n1. Ekonomi\nText.\n"
    m = _meeting(text, "t.txt")
    assert (m.date, m.start, m.end, m.place) == ("2023-03-14", "19:00", "21:00", "Anna")


def test_two_offices_elected_with_one_verb():
    text = ("# Årsmöte 2024\n\n## 2. Val av mötesfunktionärer\nTill mötesordförande valdes Kim Björk och till "
            "mötessekreterare Ulla Sten.\n\n## 3. Avslutning\nMötet avslutades.\n")
    m = _meeting(text)
    assert (m.chair, m.minutes_taker) == ("Kim Björk", "Ulla Sten")


def test_an_office_named_without_an_election_is_not_filled():
    text = ("# Årsmöte 2024\n\n## 2. Val av mötesfunktionärer\nTill mötesordförande valdes Kim Björk och till "
            "mötessekreterare har ingen anmält sig.\n\n## 3. Avslutning\nMötet avslutades.\n")
    assert _meeting(text).minutes_taker is None


AGENDA_THEN_NOTES = ("Anteckningar föräldraföreningen 2023-02-06\n\nDagordning\n1. Skolgården\n2. Vårfesten\n\n"
                     "Skolgården\n\nVi pratar med rektorn. Anna mejlar kommunen.\n\nVårfesten\n\n"
                     "Bestämdes att festen blir den 12 maj.\n")


def test_an_agenda_whose_titles_stand_again_over_the_notes_keeps_each_note_with_its_item():
    r = parse_text(AGENDA_THEN_NOTES, source="t.txt")
    assert [i.title for i in r.items] == ["Skolgården", "Vårfesten"]
    item = {i.id: i.title for i in r.items}
    assert item[r.decisions[0].item] == "Vårfesten"


def test_a_numbered_agenda_without_headings_below_stays_the_items():
    text = "Anteckningar 2023-02-06\n\n1. Skolgården\nVi pratar med rektorn.\n\n2. Vårfesten\nFesten blir i maj.\n"
    assert [t for _, t in _titles(text)] == ["Skolgården", "Vårfesten"]


def test_an_attendance_table_in_markdown_with_role_and_presence_columns():
    text = ("# Styrelsemöte 2024-04-09\n\n## Närvaro\n\n| Namn | Roll | Närvarande |\n|---|---|---|\n"
            "| Anna Ek | Ordförande | Ja |\n| Per Holm | Sekreterare | Ja |\n| Lisa Berg | Kassör | Nej |\n\n"
            "## 1. Banbokning\n\nText.\n")
    r = parse_text(text, source="t.md")
    assert {p.name: p.status for p in r.participants} == {"Anna Ek": "present", "Per Holm": "present",
                                                           "Lisa Berg": "absent"}
    assert (r.meeting.chair, r.meeting.minutes_taker) == ("Anna Ek", "Per Holm")
    assert [i.title for i in r.items] == ["Banbokning"]


def test_a_vote_table_is_not_an_attendance_table():
    text = ("# Protokoll 2024-04-09\n\nNärvarande: Anna Ek, Per Holm\n\n## 1. Omröstning\n\n"
            "| Ledamot | Ja | Nej |\n|---|---|---|\n| Anna Ek | X | |\n| Summa | 1 | 0 |\n")
    assert set(_people(text, "t.md")) == {"Anna Ek", "Per Holm"}


def test_a_minutes_label_between_the_people_and_the_first_item():
    text = ("MINNESANTECKNINGAR\n\nTid: 2023-03-15 kl. 9.30-12.00\n\nDeltagare:\nAnna Ek, Umeå kommun\nPer Holm, Luleå "
            "kommun\n\nAntecknare: Per Holm\n\n1. Inledning\nAnna hälsade välkommen.\n\n2. Övrigt\nInget.\n")
    assert _meeting(text, "t.txt").minutes_taker == "Per Holm"


def test_a_minutes_label_inside_an_item_is_not_the_minutes_taker():
    text = ("Anteckningar\n\nTid: 2023-03-15\n\nDeltagare:\nAnna Ek\nPer Holm\n\n1. Inledning\nAnna hälsade välkommen.\n\n"
            "2. Rutiner\nSekreterare: den som har tid skriver.\nVi testar det.\n\n3. Övrigt\nInget.\n")
    assert _meeting(text, "t.txt").minutes_taker is None


def test_an_attendance_table_written_as_text_a_row_a_line():
    text = ("Styrelsemöte 2024-04-09\n\nNärvaro\n\nNamn, Roll, Närvarande\nAnna Ek, Ordförande, Ja\n"
            "Lisa Berg, Kassör, Nej\n\n1. Banbokning\n\nText.\n")
    assert _people(text) == {"Anna Ek": ("present", "chair"), "Lisa Berg": ("absent", "kassör")}


def test_a_list_with_commas_that_is_no_table_head_stays_a_list():
    text = "Möte 2024-04-09\n\nNärvarande:\nAnna Ek, Roll\nPer Holm, Umeå\n\n1. Punkt\n\nText.\n"
    assert {"Anna Ek", "Per Holm"} <= set(_people(text))


def test_a_role_capitalised_in_a_pdf_column_belongs_to_the_name_before():
    text = ("Protokoll 2023-05-16\n\nBeslutande: Ledamöter Tjänstgörande ersättare\n"
            "Anneli Krok (S), Ordförande Pontus Viik (M)\nGustav Hed (M), Rut Salo (V)\n\n§ 1 Upprop\n\nText.\n\n"
            "§ 2 Taxor\n\nText.\n")
    assert _people(text) == {"Anneli Krok": ("present", "chair"), "Pontus Viik": ("present", None),
                             "Gustav Hed": ("present", None), "Rut Salo": ("present", None)}


def test_a_label_with_leader_dots_after_its_colon_has_its_value_on_the_next_line():
    text = ("SAMMANTRÄDESPROTOKOLL\n\nTid och plats: Kommunhuset, kl. 13.00-16.00\n\nSekreterare: ..............\n"
            "Eva Lund\n\nOrdförande: ..............\nAnna Ek\n\n§ 5 Budget\n\nText.\n\n§ 6 Taxor\n\nText.\n")
    m = _meeting(text, "t.txt")
    assert (m.chair, m.minutes_taker) == ("Anna Ek", "Eva Lund")


def test_names_with_the_items_they_attended_side_by_side():
    text = ("Revisionen\nDatum\n2024-03-18\n\nÖvriga närvarande\nFanny Ny (EY) ärende 1-20 Kim Berg ärende 13, 15\n"
            "Emelie Ås ärende 13\n\n1\nMötets öppnande\nText.\n\n2\nEkonomi\nText.\n\n3\nÖvrigt\nText.\n")
    assert set(_people(text)) == {"Fanny Ny", "Kim Berg", "Emelie Ås"}


def test_the_place_for_checking_the_minutes_is_not_the_meetings_place():
    text = ("Kulturnämnden 2025-01-22\n\nPlats och tid för justering Kommunhuset, digitalt\n\n§ 1 Information\n\nText.\n\n"
            "§ 2 Taxor\n\nText.\n")
    assert _meeting(text, "t.txt").place is None


def test_a_subtitle_over_the_header_is_not_an_item_also_when_the_paragraph_sign_was_lost():
    text = ("<h1>Årsmöte 2019</h1>\n<h2>BÅTKLUBBEN ANKARET</h2>\n<strong>Datum:</strong> 2019-04-07\n"
            "<strong>Närvarande:</strong>\n<ul>\n<li>Eva Sund, ordförande</li>\n<li>Kalle Ring</li>\n</ul>\n\n"
            "<strong>\ufffd1 Mötets öppnande</strong>\nText.\n\n<strong>\ufffd2 Bryggavgiften</strong>\nText.\n")
    assert [t for _, t in _titles(text)] == ["\ufffd1 Mötets öppnande", "\ufffd2 Bryggavgiften"]


# ---------------------------------------------------------------- the shapes are interchangeable

def test_each_field_comes_from_the_best_fitting_shape_that_gives_it():
    from minutes_cli import header_shapes as hs
    doc = hs.Doc([], [], [], "t.txt", "", [])
    strong = hs.Shape("strong", lambda d: 0.9, lambda d: hs.Fields(place="Aulan"))
    weak = hs.Shape("weak", lambda d: 0.2, lambda d: hs.Fields(place="Hallen", date="2024-01-02", date_source="text"))
    unfit = hs.Shape("unfit", lambda d: 0.0, lambda d: hs.Fields(chair="Ingen"))
    got = hs.read_meeting(doc, (weak, unfit, strong))
    assert (got.place, got.date, got.date_source, got.chair) == ("Aulan", "2024-01-02", "text", None)


def test_every_shape_fits_the_document_it_was_made_for_and_not_a_bare_one():
    from minutes_cli import clean, header_shapes as hs
    from minutes_cli.header import is_meta_line
    bare = hs.Doc(["Text."], clean.blocks(["Text."]), [], "t.txt", "Text.", [], {}, is_meta_line)
    for shape in hs.SHAPES:
        if shape.name not in ("one line", "body", "file name"):  # the fallbacks always apply
            assert shape.fits(bare) == 0, shape.name


def test_a_shape_gives_only_the_fields_it_says_it_gives():
    # `read_meeting` does not read a shape whose fields are all read already: what it says must hold
    import glob
    from minutes_cli import clean, header, header_shapes as hs
    for path in sorted(glob.glob("tests/fixtures/*.txt")) + sorted(glob.glob("tests/fixtures/*.md")):
        lines = clean.strip_debris(open(path, encoding="utf-8").read().split("\n"))
        blks = clean.blocks(lines)
        doc = hs.Doc(lines, blks, blks[:40], path, "\n".join(lines), [2023], {}, header.is_meta_line)
        for shape in hs.SHAPES:
            got = shape.read(doc)
            given = {g[0] for g in hs._GROUPS if getattr(got, g[0]) is not None}
            assert not shape.gives or given <= set(shape.gives), (path, shape.name, given)


def test_a_level_one_heading_below_the_first_section_is_an_item():
    text = ("# Möte 2023-02-07\n\n## Plats\nStyrelserummet\n\n# Öppnar mötet 11:45\n\n## Runda bordet\nAlla mår bra.\n\n"
            "## Rapporter\nInga.\n\n## Signaturer\nMötesordförande:\n")
    assert [t for _, t in _titles(text)] == ["Öppnar mötet 11:45", "Runda bordet", "Rapporter"]


def test_a_lone_level_one_heading_above_the_items_is_the_title():
    text = "Utkast\n\n# Styrelsemöte 2023-02-07\n\n## Ekonomi\nText.\n\n## Lokaler\nText.\n"
    assert [t for _, t in _titles(text)] == ["Ekonomi", "Lokaler"]


def test_setext_headings_and_bold_lines_ending_in_a_line_break():
    text = ("Anteckningar från arbetsmöte\n============================\n\n2020-03-13 Zoom\\\nVid protokollet: Tomas Ek\\\n\n"
            "Praktiska frågor\n----------------\n\nText.\n\n**Konnektivitet**\\\nText.\n\nArkitektur\n----------\n\nText.\n")
    r = parse_text(text, source="t.md")
    assert [i.title for i in r.items] == ["Praktiska frågor", "Konnektivitet", "Arkitektur"]
    assert (r.meeting.title, r.meeting.place, r.meeting.minutes_taker) == ("Anteckningar från arbetsmöte", "Zoom", "Tomas Ek")


def test_a_rule_after_a_blank_line_is_not_a_heading():
    text = "# Möte 2020-03-13\n\n## 1. Ekonomi\n\nText om ekonomin.\n\n---\n\n## 2. Övrigt\n\nText.\n"
    assert [t for _, t in _titles(text)] == ["Ekonomi", "Övrigt"]


@pytest.mark.parametrize("closing", ["Mötet avslutades kl. 15.40.", "Ordföranden förklarade årsmötet avslutat 15.40."])
def test_the_end_from_a_sentence_that_closes_the_meeting(closing):
    text = f"# Årsmöte 2024-03-17\n\n## 1. Öppnande\nText.\n\n## 2. Avslutning\n{closing}\n"
    assert _meeting(text).end == "15:40"


def test_a_closing_verb_about_something_else_gives_no_end():
    text = "# Årsmöte 2024-03-17\n\n## 1. Projekt\nProjektet avslutades 2023 efter 12.30 timmar.\n"
    assert _meeting(text).end is None


def test_labels_of_two_words_followed_directly_by_names():
    text = ("Protokoll\n\nSammanträdesdatum 2022-09-14\n\nBeslutande ledamöter Eva Ek (M), ordförande\nPer Lind (S)\n"
            "Tjänstgörande ersättare Olle Nyman (L) för Kim Holm (L)\n\nÖvriga deltagare Anna Sjö, miljöchef\n\n"
            "§ 101 Val av justerare\nText.\n\n§ 102 Bygglov\nText.\n")
    people = _people(text)
    assert {n: s for n, (s, _) in people.items()} == {"Eva Ek": "present", "Per Lind": "present", "Olle Nyman": "present",
                                                      "Kim Holm": "absent", "Anna Sjö": "present"}


def test_a_one_word_label_followed_by_a_capitalised_word_is_not_a_list():
    text = "Möte 2022-09-14\n\nNärvarande: Eva Ek, Per Lind\n\n1. Övriga Frågor\nInga.\n"
    assert set(_people(text)) == {"Eva Ek", "Per Lind"}


@pytest.mark.parametrize("people", ["deltagare: [Anna Ek, \"Per Holm\"]\nfrånvarande: Lisa Berg",
                                    "attendees:\n  - Anna Ek\n  - Per Holm\nabsent:\n  - Lisa Berg"])
def test_people_listed_in_front_matter(people):
    text = f"---\ndate: 2023-03-14\n{people}\n---\n\n# Anteckningar\n\n## 1. Ekonomi\n\nText.\n"
    assert {n: s for n, (s, _) in _people(text, "t.md").items()} == {
        "Anna Ek": "present", "Per Holm": "present", "Lisa Berg": "absent"}


def test_front_matter_keys_that_are_not_people_give_no_participants():
    text = "---\ndate: 2023-03-14\ntags: [Styrelse, Ekonomi]\nförfattare: Anna Ek\n---\n\n# Anteckningar\n\nText.\n"
    assert _people(text, "t.md") == {}
