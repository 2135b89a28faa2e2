"""Rules for the header and the agenda items, each with an invented example and a
counter-example: the forms of § protocols, attendance tables, label columns,
front matter and the times and next meeting wherever they stand."""
from __future__ import annotations

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
