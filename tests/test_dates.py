"""normalise_dates: every example of the annotation spec, with a fixed reference date per case."""
from __future__ import annotations

import random
from datetime import date

import pytest

from minutes_cli.normalise_dates import (
    DateHit, date_from_filename, find_dates, infer_year, meeting_date, parse_times, resolve_due, years_in,
)

REF = date(2021, 11, 5)  # a Friday
MEETING = date(2020, 9, 4)  # Fredagen den 4 september 2020


def first(text, ref=REF, years=()):
    hits = find_dates(text, ref, years)
    return hits[0].value if hits else None


# ---------------------------------------------------------------- find_dates

@pytest.mark.parametrize("text, ref, years, expected", [
    # full day dates
    ("2020-09-04", REF, (), "2020-09-04"),
    ("4 september 2020", REF, (), "2020-09-04"),
    ("den 4 september 2020", REF, (), "2020-09-04"),
    ("Fredagen den 4 september 2020", REF, (), "2020-09-04"),
    ("4 sept. 2020", REF, (), "2020-09-04"),
    ("19 april, 2018", REF, (), "2018-04-19"),
    ("2023-02-08", REF, (), "2023-02-08"),
    ("Sammanfattning 24-10-21", REF, (), "2024-10-21"),
    ("Möte 24.12.06", REF, (), "2024-12-06"),
    # no year: ref's year, else the single year mentioned, else unresolved
    ("20:e december", REF, (), "2021-12-20"),
    ("21/10", REF, (), "2021-10-21"),
    ("16/3", REF, (), "2021-03-16"),
    ("16/3", None, (2019,), "2019-03-16"),
    ("16/3", None, (2019, 2020), None),
    ("20:e december", None, (), None),
    # no year, weekday written: the year in which it is that weekday, nearest the mentioned years
    ("Fredagen den 9 april", REF, (2020, 2022), "2021-04-09"),
    ("Fredagen den 9 april", None, (2020, 2022), "2021-04-09"),
    ("ons 21/3", date(2018, 1, 10), (), "2018-03-21"),
    ("Fredagen den 9 april", None, (), None),
    # ranges: the first day
    ("den 15-16 september", REF, (), "2021-09-15"),
    ("10-11 december", REF, (), "2021-12-10"),
    # month only: the first such month on or after ref's month
    ("i december", REF, (), "2021-12"),
    ("i juni", REF, (), "2022-06"),
    ("i november", REF, (), "2021-11"),
    ("till mötet i december", REF, (), "2021-12"),
    ("juni 2022", REF, (), "2022-06"),
    ("i juni", None, (), None),
    # quarters
    ("Q 4", REF, (), "2021-Q4"),
    ("Q4", REF, (), "2021-Q4"),
    ("Q1 2021", REF, (), "2021-Q1"),
    ("kvartal 2", REF, (), "2022-Q2"),
    # ISO weeks
    ("vecka 45", REF, (), "2021-W45"),
    ("v. 45", REF, (), "2021-W45"),
    ("v45", REF, (), "2021-W45"),
    ("v 45", REF, (), "2021-W45"),
    ("v 3", REF, (), "2022-W03"),
    # not dates
    ("Inga datum här.", REF, (), None),
    ("Mötet hölls i sal Q22.", REF, (), None),
    ("Strategin för 2021–2023 antogs.", REF, (), None),
    ("31 februari 2021", REF, (), None),
    ("2021-13-45", REF, (), None),
    ("Rev 12 av dokumentet", REF, (), None),
    ("v 60", REF, (), None),
    ("2/3 av ledamöterna röstade ja", REF, (), None),
    ("Maj Andersson", REF, (), None),
    ("god jul", REF, (), None),
])
def test_find_dates_value(text, ref, years, expected):
    assert first(text, ref, years) == expected


def test_find_dates_text_and_offsets():
    text = "Tid Fredagen den 4 september 2020 kl. 08:30, nästa möte den 15-16 september."
    hits = find_dates(text, REF)
    assert [h.value for h in hits] == ["2020-09-04", "2021-09-15"]
    assert hits[0] == DateHit("2020-09-04", "Fredagen den 4 september 2020", 4, 33)
    assert hits[1].text == "den 15-16 september"
    assert text[hits[1].start:hits[1].end] == hits[1].text


def test_find_dates_in_order_and_skips_unresolvable():
    text = "Beslut 2020-09-04; 31 februari 2021 ogiltigt; uppföljning i december och v. 50."
    assert [h.value for h in find_dates(text, REF)] == ["2020-09-04", "2021-12", "2021-W50"]


# ---------------------------------------------------------------- meeting_date

@pytest.mark.parametrize("line, years, expected", [
    ("Tid Fredagen den 4 september 2020 kl. 08:30-09.30", (), "2020-09-04"),
    ("Datum: 2023-02-08", (), "2023-02-08"),
    ("Protokoll i juni 2022, möte 2022-06-14", (), "2022-06-14"),
    ("Fredagen den 9 april", (2020, 2022), "2021-04-09"),
    ("Fredagen den 9 april", (), None),
    ("Protokoll styrelsen", (), None),
])
def test_meeting_date(line, years, expected):
    hit = meeting_date(line, years)
    assert (hit.value if hit else None) == expected


# ---------------------------------------------------------------- parse_times

@pytest.mark.parametrize("text, expected", [
    ("Tid Fredagen den 4 september 2020 kl. 08:30-09.30", ("08:30", "09:30")),
    ("Kl. 09:00 – 11.00", ("09:00", "11:00")),
    ("kl. 8.30-12.00", ("08:30", "12:00")),
    ("kl. 13-15", ("13:00", "15:00")),
    ("klockan 19:30", ("19:30", None)),
    ("13:00-14:30", ("13:00", "14:30")),
    ("kl. 8.00 - 9.00", ("08:00", "09:00")),
    ("Planeringsmöte (ons 21/3 13-15)", ("13:00", "15:00")),
    ("Punkterna 13-15 diskuterades", (None, None)),
    ("Datum 2020-09-04", (None, None)),
    ("Strategin 2021–2023", (None, None)),
    ("kl. 25:00", (None, None)),
    ("kl. 13.75", (None, None)),
    ("den 4 september 2020, 15 deltagare", (None, None)),
])
def test_parse_times(text, expected):
    assert parse_times(text) == expected


# ---------------------------------------------------------------- file names

@pytest.mark.parametrize("name, expected", [
    ("styrelsemote_190311.md", "2019-03-11"),
    ("2022-05-30-protokoll.md", "2022-05-30"),
    ("001_sammanfattning-mote-2024-10-21.md", "2024-10-21"),
    ("protokoll/styrelsemote_190311.md", "2019-03-11"),
    ("019_2017_extra-meeting-minutes.md", None),
    ("000_2306da987a3e8439.txt", None),
    ("017_planeringsmöte_19april.txt", None),
    ("styrelsemote_191311.md", None),
    ("protokoll.md", None),
])
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("019_2017_extra-meeting-minutes.md", [2017]),
    ("Möte 2020-09-04, budget för 2021 och 2020", [2020, 2021]),
    ("Strategin 2021–2023", [2021, 2023]),
    ("000_2306da987a3e8439.txt", []),
    ("1989 och 2100 och 12345", []),
])
def test_years_in(text, expected):
    assert years_in(text) == expected


# ---------------------------------------------------------------- infer_year

@pytest.mark.parametrize("month, day, weekday, years, ref, expected", [
    (4, 9, 4, (2020, 2022), None, 2021),  # Fredagen den 9 april
    (3, 21, 2, (), date(2018, 1, 1), 2018),  # ons 21/3, nearest to ref's year
    (9, 4, 4, (2014,), None, 2015),  # a Friday in 2015 (distance 1) and in 2009 (distance 5)
    (4, 9, None, (2020, 2022), date(2021, 11, 5), 2021),  # no weekday: ref's year
    (4, 9, None, (2019, 2019), None, 2019),  # no weekday, one distinct year
    (4, 9, None, (2019, 2020), None, None),  # no weekday, no ref, several years: never guess
    (2, 29, None, (), date(2021, 1, 1), None),  # not a day in that year
])
def test_infer_year(month, day, weekday, years, ref, expected):
    assert infer_year(month, day, weekday, years, ref) == expected


def test_infer_year_tie_prefers_later_year():
    # 1 January is a Friday in 2016 and in 2021: 2016 is 2 from 2018, 2021 is 2 from 2019 -> the later
    assert infer_year(1, 1, 4, (2018, 2019)) == 2021


# ---------------------------------------------------------------- resolve_due

@pytest.mark.parametrize("sentence, meeting, next_meeting, expected", [
    ("Anna tar fram ett förslag till mötet i december.", MEETING, None, "2020-12"),
    ("Klart den 4 februari 2022.", MEETING, None, "2022-02-04"),
    ("Rapporten skickas senast 2024-06-30.", MEETING, None, "2024-06-30"),
    ("Redovisas på styrgruppsmötet den 4 februari 2022.", MEETING, None, "2022-02-04"),
    ("Bertil återkommer till nästa möte.", MEETING, "2020-10-02", "2020-10-02"),
    ("Bertil återkommer till nästa möte.", MEETING, None, None),
    ("Frågan tas upp på nästa styrgruppsmöte.", MEETING, "2020-10-02", "2020-10-02"),
    ("Underlag tas fram inför nästa möte.", MEETING, "2020-10-02", "2020-10-02"),
    ("Vi tar det nästa gång.", MEETING, "2020-10-02", "2020-10-02"),
    ("Enkäten skickas ut i juni.", MEETING, None, "2021-06"),
    ("Cecilia mejlar listan (senast torsdag).", MEETING, None, "2020-09-10"),
    ("Svar senast fredag.", MEETING, None, "2020-09-11"),
    ("Svar senast fredag.", None, None, None),
    ("Arbetet fortsätter i höst.", MEETING, None, None),
    ("Vi ses i vår.", MEETING, None, None),
    ("Gruppen följer frågan framöver.", MEETING, None, None),
    ("Beslutet 2020-03-01 följs upp senast 2020-10-01.", MEETING, None, "2020-10-01"),
    ("Enligt beslut 2020-03-01 ska Anna rapportera.", MEETING, None, None),
    ("Möte 2020-11-20 och rapport senast 2020-10-30 till styrelsen.", MEETING, None, "2020-10-30"),
    ("Anna kontaktar kommunen 2020-10-15 och 2020-11-20.", MEETING, None, "2020-11-20"),
    ("Bertil ringer Cecilia.", MEETING, None, None),
    ("Ska kolla på lokalen imorgon.", MEETING, None, "2020-09-05"),
    ("Affischen klar i morgon, Anna.", MEETING, None, "2020-09-05"),
    ("Grafik innan ikväll.", MEETING, None, "2020-09-04"),
    ("Ska kolla på lokalen imorgon.", None, None, None),
])
def test_resolve_due(sentence, meeting, next_meeting, expected):
    hit = resolve_due(sentence, meeting, (), next_meeting)
    assert (hit.value if hit else None) == expected


def test_resolve_due_text_covers_the_phrase():
    hit = resolve_due("Bertil återkommer till nästa möte.", MEETING, next_meeting="2020-10-02")
    assert hit.text == "till nästa möte"
    hit = resolve_due("Anna tar fram ett förslag till mötet i december.", MEETING)
    assert hit.text == "i december"


# ---------------------------------------------------------------- never raise

def test_no_exception_on_any_string():
    pieces = list("0123456789-–./:, ()qQvV\n") + [
        "den ", "kl. ", "i ", "juni", "fredag", "senast ", "vecka ", ":e", "2020", "nästa möte", "sept.", "ÅÄÖ", "٣"]
    rnd = random.Random(20240601)
    for _ in range(3000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20)))
        find_dates(s, REF, (2020, 2022))
        find_dates(s)
        meeting_date(s)
        parse_times(s)
        date_from_filename(s)
        years_in(s)
        resolve_due(s, MEETING, (2020,), "2020-10-02")
        resolve_due(s, None, (), "not a date")
