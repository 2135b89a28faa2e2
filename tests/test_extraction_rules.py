"""Tables of the rules in ANNOTATION.md: what is a decision, what is an action,
who owns it, when it is due. Each row is a short piece of Swedish minutes and
what a secretary following up the meeting would expect from it."""
from __future__ import annotations

import datetime as dt

import pytest

from minutes_cli.model import Participant
from minutes_cli.normalise_names import People
from minutes_cli.pipeline import parse_text, parse_text_all

HEADER = """Mötesanteckningar styrgruppen

Tid Fredagen den 5 november 2021 kl. 08:30-11:30

Närvarande
Anders Elingfors, Växjö, ordförande
Erika Lagergren, processledare
Gunnel Gustafsson, processledare
Magnus Frithiof, Region Kronoberg
Annika Magnerot, Region Kronoberg

## 1. Punkt

"""


def _minutes(body: str):
    return parse_text(HEADER + body, source="test.txt")


# ---------------------------------------------------------------- decisions

DECISIONS = [
    ("Beslut: Styrgruppen godkänner förslaget.", "approval"),
    ("**Beslut:** Styrgruppen godkänner förslaget.", "approval"),
    ("Styrgruppen beslutade att bjuda in alla kommuner.", "decision"),
    ("Styrelsen beslöt att höja avgiften.", "decision"),
    ("Nämnden beslutar att anta planen.", "approval"),
    ("Bestämdes att ge uppdrag till tvärgrupp barn.", "assignment"),
    ("Beslutades att mötet flyttas till juni.", "decision"),
    ("Beslöts att avsluta projektet.", "decision"),
    ("Beslut togs på mötet om att anta handlingsplanen.", "approval"),
    ("Beslut fattades om ett extra möte den 15 maj.", "decision"),
    ("Föregående mötesprotokoll godkändes och lades till handlingarna.", "approval"),
    ("Dagordningen godkänns.", "approval"),
    ("Underlaget som skickats ut godkänns inte av styrgruppen.", "rejection"),
    ("Motionen avslogs.", "rejection"),
    ("Anna Ek valdes till justerare.", "election"),
    ("Mötet valde Per Berg till kassör.", "election"),
    ("Mötet beviljar styrelsen ansvarsfrihet.", "approval"),
    ("Mötet fastställde budgeten.", "approval"),
    ("Vi beslutade att byta leverantör.", "decision"),
    ("Efter diskussion enades mötet om en avgift på 100 kronor.", "decision"),
    ("Vi är alla överens om att alla ska delta.", "decision"),
    ("Frågan bordläggs till nästa möte.", "postponement"),
    ("Presidiet får i uppgift att planera en heldag.", "assignment"),
]


@pytest.mark.parametrize("text,kind", DECISIONS)
def test_a_decision_is_found_with_its_kind(text: str, kind: str) -> None:
    m = _minutes(text + "\n")
    assert len(m.decisions) == 1, [d.text for d in m.decisions]
    assert m.decisions[0].kind == kind
    assert m.decisions[0].line == HEADER.count("\n") + 1


NOT_DECISIONS = [
    "Flera frågor finns och beslut fattas därför inte på mötet.",
    "Beslut om dessa ska sedan fattas på mötet i juni.",
    "Plan för implementering ska beslutas.",
    "Förslag ligger om att ge tvärgrupp barn i uppgift att ta fram rutiner.",
    "Tvärgrupp barn föreslår att ansvaret läggs på skolan.",
    "Tvärgrupp barn kommer att utökas enligt beslut från skolchefgruppen.",
    "Denna grupp skulle få i uppdrag att ta fram en rapport utifrån beslutade indikatorer.",
    "Processledarna sammanfattade vad som hänt sedan förra mötet.",
]


@pytest.mark.parametrize("text", NOT_DECISIONS)
def test_negated_deferred_and_reported_statements_are_not_decisions(text: str) -> None:
    assert _minutes(text + "\n").decisions == ()


def test_topic_headings_are_not_decisions() -> None:
    m = _minutes("## 2. Beslut tidsplan\n\nVi gick igenom tidsplanen.\n\n## 3. Inriktningsbeslut om plattform\n\nInget nytt.\n")
    assert m.decisions == ()
    assert [i.title for i in m.items][-2:] == ["Beslut tidsplan", "Inriktningsbeslut om plattform"]


def test_a_sentence_ending_in_colon_carries_its_list() -> None:
    m = _minutes("Planen gicks igenom och följande revideringar beslutades:\n\n- 1.3 flyttas till Q4\n- 2.1 utgår\n\n"
                 "På hemsidan finns allt material.\n")
    assert len(m.decisions) == 1
    assert "1.3 flyttas till Q4" in m.decisions[0].text and "2.1 utgår" in m.decisions[0].text
    assert "hemsidan" not in m.decisions[0].text


def test_two_triggers_in_a_paragraph_are_two_decisions() -> None:
    m = _minutes("Bestämdes att uppdraget hålls ihop av tvärgruppen. Bestämdes också att indikatorerna ska ändras.\n")
    assert [d.text for d in m.decisions] == ["Bestämdes att uppdraget hålls ihop av tvärgruppen.",
                                            "Bestämdes också att indikatorerna ska ändras."]


def test_a_decision_referring_to_a_proposal_carries_it() -> None:
    m = _minutes("Att: köpa in en projektor för 4 000 kr\n\nBeslut: bifall\n")
    assert len(m.decisions) == 1
    assert "projektor" in m.decisions[0].text and "bifall" in m.decisions[0].text


def test_a_beslut_section_gives_one_decision_per_point() -> None:
    m = _minutes("## Beslut\n\n* Vi bjuder in leverantören till nästa möte\n* Frågan om lokaler vilar tills hyresavtalet är klart\n\n"
                 "## Övrigt\n\nInget.\n")
    assert [d.text for d in m.decisions] == ["Vi bjuder in leverantören till nästa möte",
                                            "Frågan om lokaler vilar tills hyresavtalet är klart"]


def test_quoted_text_is_not_the_meetings_decision() -> None:
    m = _minutes("Revisorn läser upp rapporten.\n\n> Vi är överens om att bokföringen skötts väl.\n"
                 "> Revisorerna tillstyrker att mötet beviljar ansvarsfrihet.\n\nMötet beviljar styrelsen ansvarsfrihet.\n")
    assert [d.text for d in m.decisions] == ["Mötet beviljar styrelsen ansvarsfrihet."]


# ---------------------------------------------------------------- actions

ACTIONS = [
    # text, owners, due
    ("Erika återkommer med ett nuläge till mötet i december.", ["Erika Lagergren"], "2021-12"),
    ("Magnus Frithiof återkopplar kring fler indikatorer till Annika Magnerot.", ["Magnus Frithiof"], None),
    ("Annika för en kommunikation med kommunikationsdirektören.", ["Annika Magnerot"], None),
    ("Erica tar upp frågan i tvärgrupp barn.", ["Erika Lagergren"], None),  # a one-letter slip
    ("Presidiet planerar för det och återkommer med datumförslag.", ["Presidiet"], None),
    ("Bestämdes att ge uppdrag till tvärgrupp barn och processledarna. Redovisas på styrgruppsmötet den 4 februari 2022.",
     ["tvärgrupp barn", "Erika Lagergren", "Gunnel Gustafsson"], "2022-02-04"),
    ("Till nästa möte ska alla organisationer återkoppla kring finansieringen.", ["alla organisationer"], None),
    ("Processledarna informerar styrgruppen löpande och återkommer med resultatet.",
     ["Erika Lagergren", "Gunnel Gustafsson"], None),
    ("Magnus ska kontakta regionen senast den 30 november 2021.", ["Magnus Frithiof"], "2021-11-30"),
]


@pytest.mark.parametrize("text,owners,due", ACTIONS)
def test_an_action_has_its_owners_and_due_date(text: str, owners: list[str], due: str | None) -> None:
    m = _minutes(text + "\n")
    assert len(m.actions) == 1, [a.text for a in m.actions]
    a = m.actions[0]
    assert list(a.owners) == owners
    assert a.due == due


NOT_ACTIONS = [
    "Processledarna sammanfattade vad som hänt inom varje kommun.",
    "Magnus Frithiof tog upp att regionen behöver draghjälp.",
    "Ett förslag har tagits fram som innebär att samtliga kommuner åtar sig att ansluta sig.",
    "Om vi alla kör Django kommer vi behöva lära oss det.",
    "Hur ska vi göra med den andra demon?",
    "Arbetsgruppen ska bestå av personer från flera verksamheter.",
]


@pytest.mark.parametrize("text", NOT_ACTIONS)
def test_reports_proposals_and_questions_are_not_actions(text: str) -> None:
    assert _minutes(text + "\n").actions == ()


TASK_LIST = """## Actionpoints inför nästa möte

1. Rensa upp i förslaget om roller (Josef).
2. Boka lokal till årsmötet - Anna
3. Per: skicka ut kallelsen
4. Samla in åsikter om diarieföring (alla).
5. Affisch @Sara, inbjudan på hemsidan @Jonas
"""


def test_a_task_list_gives_one_action_per_task_with_its_owner() -> None:
    m = _minutes(TASK_LIST)
    got = [(a.text, list(a.owners)) for a in m.actions]
    assert got == [
        ("Rensa upp i förslaget om roller (Josef).", ["Josef"]),
        ("Boka lokal till årsmötet - Anna", ["Anna"]),
        ("Per: skicka ut kallelsen", ["Per"]),
        ("Samla in åsikter om diarieföring (alla).", ["alla"]),
        ("Affisch @Sara", ["Sara"]),
        ("inbjudan på hemsidan @Jonas", ["Jonas"]),
    ]


def test_the_next_meeting_date_is_the_due_date_of_homework() -> None:
    m = _minutes("Till nästa möte ska alla organisationer återkoppla.\n\n## 2. Avslutning\n\n"
                 "Nästa styrgruppsmöte äger rum den 3 december 2021 kl. 8.00 - 9.00.\n")
    assert m.meeting.next_meeting is not None and m.meeting.next_meeting.date == "2021-12-03"
    assert m.actions[0].due == "2021-12-03"


# ---------------------------------------------------------------- owners within one meeting

PEOPLE = [
    Participant("Erika Lagergren", "Erika Lagergren", "present", role="processledare"),
    Participant("Gunnel Gustafsson", "Gunnel Gustafsson", "present", role="processledare"),
    Participant("Anders Elingfors", "Anders Elingfors", "present", role="chair"),
    Participant("Magnus Frithiof", "Magnus Frithiof", "present"),
    Participant("Magnus Wallinder", "Magnus Wallinder", "present"),
    Participant("Per Sandberg", "Per Sandberg", "present"),
]

OWNERS = [
    ("Erika", ["Erika Lagergren"]),
    ("Erica", ["Erika Lagergren"]),  # one letter off, one candidate
    ("@Erika", ["Erika Lagergren"]),
    ("Per Sandberg", ["Per Sandberg"]),
    ("processledaren", ["Erika Lagergren", "Gunnel Gustafsson"]),
    ("processledarna", ["Erika Lagergren", "Gunnel Gustafsson"]),
    ("ordföranden", ["Anders Elingfors"]),
    ("tvärgrupp barn", ["tvärgrupp barn"]),  # a group stays a group
    ("presidiet", ["presidiet"]),
    ("alla organisationer", ["alla organisationer"]),
    ("Erika och Per", ["Erika Lagergren", "Per Sandberg"]),
    ("Lisa & Per", ["Lisa", "Per Sandberg"]),  # not at the meeting: kept as written
    ("Magnus", ["Magnus"]),  # two participants named Magnus: not guessed
    ("Digg", ["Digg"]),
    ("utvecklings- och kvalitetsenheten", ["utvecklings- och kvalitetsenheten"]),  # one compound, one owner
    ("skol- och fritidsförvaltningen och Per", ["skol- och fritidsförvaltningen", "Per Sandberg"]),
]


@pytest.mark.parametrize("raw,owners", OWNERS)
def test_owner_resolution_within_one_meeting(raw: str, owners: list[str]) -> None:
    assert People(PEOPLE).resolve(raw) == owners


def test_an_ambiguous_first_name_is_reported_not_guessed() -> None:
    people = People(PEOPLE)
    people.resolve("Magnus")
    assert any("Magnus" in w for w in people.warnings)


# ---------------------------------------------------------------- people and meeting

def test_participants_from_several_layouts() -> None:
    m = parse_text("""Protokoll

Tid: Tisdagen den 14 mars 2023 kl. 9-11

Närvarande: Växjö: Anders Elingfors (ordf.) Per Sandberg
Region Kronoberg: Roger O Nilsson, Magnus Frithiof, Lena Nazzal,
Carina Petersson
Carina Mosel, Växjö kommun (ersätter Eva Ek
och Olle Berg)
Sofie Schentz Magnusson, Region Kronoberg (ersätter Linda Vingren framöver)

Fredrik Wärn (punkt 8)

Frånvarande: Johan Rutgersmark, Markaryd
""", source="t.txt")
    got = {p.name: p.status for p in m.participants}
    assert got == {
        "Anders Elingfors": "present", "Per Sandberg": "present", "Roger O Nilsson": "present",
        "Magnus Frithiof": "present", "Lena Nazzal": "present", "Carina Petersson": "present",
        "Carina Mosel": "present", "Sofie Schentz Magnusson": "present", "Johan Rutgersmark": "absent",
        "Fredrik Wärn": "guest", "Eva Ek": "absent", "Olle Berg": "absent",
    }
    assert m.meeting.chair == "Anders Elingfors"
    assert (m.meeting.date, m.meeting.start, m.meeting.end) == ("2023-03-14", "09:00", "11:00")


def test_called_but_not_present_is_absent() -> None:
    m = parse_text("Möte 2023-05-02\n\nKallade: Anna Berg, Kim Olsson, Per Lind\nNärvarande: Anna Berg, Kim Olsson\n",
                   source="t.txt")
    assert {p.name: p.status for p in m.participants} == {
        "Anna Berg": "present", "Kim Olsson": "present", "Per Lind": "absent"}


def test_year_of_a_weekday_date_is_inferred_from_the_years_the_text_mentions() -> None:
    m = parse_text("Tid Fredagen den 9 april kl. 8.30-12.00\n\nVi talade om hösten 2020 och om 2022.\n", source="t.txt")
    assert m.meeting.date == "2021-04-09"


def test_date_from_the_file_name_when_the_text_has_none() -> None:
    m = parse_text("Styrelsemöte\n\nDagordningen godkändes.\n", source="arkiv/styrelsemote_190311.md")
    assert (m.meeting.date, m.meeting.date_source) == ("2019-03-11", "filename")


def test_reference_date_resolves_relative_due_dates_without_a_meeting_date() -> None:
    m = parse_text("Anteckningar\n\nNärvarande: Karin Holm, Mats Ek\n\nKarin återkommer i juni.\n", source="t.txt",
                   reference_date=dt.date(2024, 2, 1))
    assert m.meeting.date is None
    assert m.actions[0].due == "2024-06"


def test_a_file_logging_several_meetings_gives_one_record_each() -> None:
    text = "# Logg 2023\n\n## Möte 3 mars\n\nBeslut: A.\n\n## Möte 10 mars\n\nBeslut: B.\n"
    got = [(m.meeting.date, [d.text for d in m.decisions]) for m in parse_text_all(text, source="logg.md")]
    assert got == [("2023-03-03", ["Beslut: A."]), ("2023-03-10", ["Beslut: B."])]
