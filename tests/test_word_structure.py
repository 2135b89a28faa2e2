"""Word documents written the way Word writes them give the record of the text they came from.

An author in Word writes a paragraph a line and leaves no empty paragraphs:
the blocks of the minutes are headings in heading styles, `List Bullet` and
`List Number` paragraphs, labels in bold runs (`Närvarande:` above its names),
tables, and the space the paragraph formatting leaves between blocks; the
page header and footer are not body text. tests/docbuild.py `to_word` builds
the seeds so, and each must give what the scorer compares of its text: the
meeting, the people with their status, the items, the decisions, the
actions with owners and due dates.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from docbuild import rebuild_004, scored, to_odt, to_word
from minutes_cli import parse_path
from minutes_cli.read import read_path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("seed_00*.txt"))
# a Word or LibreOffice file has no front matter (`---` or `+++` metadata): those texts have no document form
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md")
               and not p.read_text(encoding="utf-8").startswith(("---", "+++")))
REF = datetime.date(2023, 3, 14)
# Word, and LibreOffice (.odt) written the same way
BUILD = {"docx": to_word, "odt": lambda text, path, spacing=True: to_odt(text, path, lines=True, spacing=spacing)}


def record(path: Path) -> dict:
    return scored(parse_path(path, reference_date=REF))


def word_text(case: Path) -> str:
    """The text as its Word document had it: seed 004 is a PDF's text whose header lost its layout (the
    labels above the names); in Word each label stands before its names."""
    text = case.read_text(encoding="utf-8")
    return rebuild_004(text) if case.name == "seed_004.txt" else text


@pytest.mark.parametrize("kind", list(BUILD))
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_word_document_gives_the_record_of_its_text(case: Path, kind: str, tmp_path: Path) -> None:
    doc = BUILD[kind](word_text(case), tmp_path / f"{case.stem}.{kind}")
    assert record(doc) == record(case)


@pytest.mark.parametrize("kind", list(BUILD))
@pytest.mark.parametrize("case", [s for s in SEEDS if s.name != "seed_002.txt"], ids=lambda p: p.stem)
def test_styles_bold_labels_and_lists_alone_give_the_record(case: Path, kind: str, tmp_path: Path) -> None:
    """The same space after every paragraph (the template's): the spacing says nothing, the blocks come from
    styles, lists and bold labels alone. (Seed 002 is left out: its item titles are plain lines that only
    the space around them tells from the names above them.)"""
    doc = BUILD[kind](word_text(case), tmp_path / f"{case.stem}.{kind}", spacing=False)
    assert record(doc) == record(case)


def test_seed_003_keeps_its_23_people_and_004_present_and_absent(tmp_path: Path) -> None:
    people = record(to_word(word_text(FIXTURES / "seed_003.txt"), tmp_path / "3.docx", spacing=False))["people"]
    assert len(people) == 23 and ("Roger Johansson", "absent") in people
    m = parse_path(to_word(word_text(FIXTURES / "seed_004.txt"), tmp_path / "4.docx", spacing=False), reference_date=REF)
    status = {p.name: p.status for p in m.participants}
    assert status["Anders Elingfors"] == "present" and status["Patrik Grimmesjö"] == "absent"
    assert [a.due for a in m.actions if a.due] == ["2022-02-04", "2021-12"]


def test_a_table_of_tasks_gives_the_actions_of_its_markdown_table(tmp_path: Path) -> None:
    tasks = [("Boka lokal för internatet", "Erika Lagergren", "2021-08-15"),
             ("Skicka ut handlingsplanen", "Magnus Frithiof", "2021-06-01")]
    text = (FIXTURES / "seed_003.txt").read_text(encoding="utf-8")
    table = "\n".join(["| Åtgärd | Ansvarig | Klart |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in tasks])
    md = tmp_path / "med_tabell.md"
    md.write_text(text + "\n\n" + table + "\n", encoding="utf-8")
    doc = to_word(text, tmp_path / "med_tabell.docx", tasks=tasks)
    got = record(doc)
    assert got == record(md)
    assert [a for a in got["actions"] if a[0] in {t for t, _, _ in tasks}] == [
        ("Boka lokal för internatet", ("Erika Lagergren",), "2021-08-15"),
        ("Skicka ut handlingsplanen", ("Magnus Frithiof",), "2021-06-01")]


def _doc(tmp_path: Path, build) -> list[str]:
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "KOMMUNEN – sidhuvud"
    d.sections[0].footer.paragraphs[0].text = "Sida 1 av 2"
    build(d)
    d.save(str(tmp_path / "d.docx"))
    return list(read_path(tmp_path / "d.docx").lines)


def test_blocks_come_from_styles_labels_and_lists(tmp_path: Path) -> None:
    def build(d) -> None:
        d.add_paragraph("Protokoll styrgruppen", style="Heading 1")
        p = d.add_paragraph()
        p.add_run("Närvarande:").bold = True
        for name in ("Anna Berg, ordf.", "Bo Ek", "Cecilia Lind"):
            d.add_paragraph(name)
        d.add_paragraph("Mötet öppnades av ordföranden som hälsade alla välkomna.")
        d.add_paragraph("Ekonomi", style="Heading 2")
        d.add_paragraph("Följande togs upp:")
        for s in ("Budgeten", "Bokslutet"):
            d.add_paragraph(s, style="List Bullet")
        d.add_paragraph("Beslut om budgeten fattas i maj.")

    assert _doc(tmp_path, build) == [
        "# Protokoll styrgruppen", "",
        "**Närvarande:**", "Anna Berg, ordf.", "Bo Ek", "Cecilia Lind", "",  # the names under their label
        "Mötet öppnades av ordföranden som hälsade alla välkomna.", "",  # a sentence is not a name
        "## Ekonomi", "",
        "Följande togs upp:", "",
        "- Budgeten", "- Bokslutet", "",  # one list
        "Beslut om budgeten fattas i maj."]


def test_space_between_paragraphs_parts_blocks(tmp_path: Path) -> None:
    """Paragraphs without space between them are lines of one block; space before a paragraph (more than
    between the others) begins a block, as a blank line does in text."""
    from docx.shared import Pt

    def build(d) -> None:
        d.styles["Normal"].paragraph_format.space_after = Pt(0)
        for k, s in enumerate(("Tid 9.00–11.00", "Plats Stadshuset", "Ordförande hälsar välkommen",
                               "Ordföranden öppnade mötet", "Mötet avslutas")):
            p = d.add_paragraph(s)
            if k >= 2:
                p.paragraph_format.space_before = Pt(12)
        d.add_paragraph("Ordföranden tackade alla")

    assert _doc(tmp_path, build) == ["Tid 9.00–11.00", "Plats Stadshuset", "", "Ordförande hälsar välkommen", "",
                                     "Ordföranden öppnade mötet", "", "Mötet avslutas", "Ordföranden tackade alla"]


def test_numbered_lists_count_as_word_shows_them(tmp_path: Path) -> None:
    """A list that restarts its numbers (a numbering of its own, starting at 4) is counted from there."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(d) -> None:
        numbering = d.part.numbering_part.element
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="0"/>'
                                   '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'))
        for s in ("Mötets öppnande", "Val av justerare"):
            d.add_paragraph(s, style="List Number")
        d.add_paragraph("Text mellan.")
        p = d.add_paragraph("Ekonomi", style="List Number")
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))

    assert _doc(tmp_path, build) == ["1. Mötets öppnande", "2. Val av justerare", "", "Text mellan.", "",
                                     "4. Ekonomi"]
