"""Word, PDF, web-page and OpenDocument minutes give the same record as the text they hold.

The files are built at test time from the fixtures (the seeds and the other
cases) by tests/docbuild.py, read back, and compared with the record of the
text: meeting, participants, decisions and actions. Then the layouts that
break naive extraction, where each record points in the original file, and
the files that cannot be read.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import docbuild
from docbuild import rebuild_004, summary, to_docx, to_html, to_odt, to_pdf
from minutes_cli import InputError, parse_bytes, parse_path
from minutes_cli.cli import app
from minutes_cli.read import read_path, sniff

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
SEED_004 = FIXTURES / "seed_004.txt"
REF = datetime.date(2023, 3, 14)
BUILD = {"docx": to_docx, "pdf": to_pdf, "html": to_html, "odt": to_odt}
ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def record(path: Path) -> dict:
    return summary(parse_path(path, reference_date=REF))


# ---------------------------------------------------------------- same record as the text


@pytest.mark.parametrize("kind", list(BUILD))
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_a_document_gives_the_record_of_its_text(case: Path, kind: str, tmp_path: Path) -> None:
    doc = BUILD[kind](case.read_text(encoding="utf-8"), tmp_path / f"{case.stem}.{kind}")
    assert record(doc) == record(case)


@pytest.mark.parametrize("labels", ["beside", "middle"])
def test_pdf_with_labels_beside_their_blocks_of_names(labels: str, tmp_path: Path) -> None:
    """Seed 004's header as laid out in its PDF: `Närvarande` and `Frånvarande` in a column of their own,
    beside the first name of their block or beside its middle; the participants still come out right."""
    text = rebuild_004(SEED_004.read_text(encoding="utf-8"))
    doc = to_pdf(text, tmp_path / f"004_{labels}.pdf", labels=labels)
    src = read_path(doc)
    assert "Närvarande: Anders Elingfors Växjö, Ordförande" in src.lines
    assert "Frånvarande: Nils Göran Jonasson, Ljungby" in src.lines
    assert "Tid: Fredagen den 5 november 2021 kl. 08:30-11:30" in src.lines
    assert record(doc)["people"] == record(SEED_004)["people"]
    assert record(doc) == record(SEED_004)


@pytest.mark.parametrize("case", ["seed_002.txt", "seed_001.txt", "seed_004.txt"])
def test_word_header_as_a_table_of_labels_and_values(case: str, tmp_path: Path) -> None:
    """The header of the minutes in a two-column table (`Tid | ...`, `Närvarande | names`)."""
    text = (FIXTURES / case).read_text(encoding="utf-8")
    if case == "seed_004.txt":
        text = rebuild_004(text)
    doc = to_docx(text, tmp_path / "tabell.docx", header_table=True)
    src = read_path(doc)
    assert any(loc.startswith("table 1, row") for loc in src.locations)
    assert any(s.startswith("Närvarande: ") for s in src.lines)
    assert record(doc) == record(FIXTURES / case)


# ---------------------------------------------------------------- Word


def test_word_styles_lists_tables_and_what_is_not_body_text(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "SOCIALNÄMNDEN – sidhuvud"
    d.sections[0].footer.paragraphs[0].text = "Sida 1 av 1"
    d.add_paragraph("Protokoll socialnämnden", style="Title")
    p = d.add_paragraph()
    p.add_run("Tid").bold = True
    p.add_run("\tonsdagen den 17 maj 2023, kl. 08.30–12.00")
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Namn", "Organisation"), ("Ingrid Falk", "Socialnämnden"), ("Jan Olofsson", "")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_paragraph("Mötets öppnande", style="Heading 1")
    for s in ("Första", "Andra", "Tredje"):
        d.add_paragraph(s, style="List Number")
    d.add_paragraph("En punkt", style="List Bullet")
    d.add_paragraph("Under den", style="List Bullet 2")
    p = d.add_paragraph("Beslut: budgeten antogs")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.append(parse_xml(f'<w:del {ns} w:id="1" w:author="a"><w:r><w:delText>STRUKET</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:r {ns}><w:instrText>PAGE \\* MERGEFORMAT</w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {ns}><w:t xml:space="preserve"> enligt för</w:t><w:softHyphen/>'
                          '<w:t>slaget.</w:t></w:r>'))
    t = d.add_table(rows=2, cols=3)
    for r, row in enumerate([("Åtgärd", "Ansvarig", "Klart"), ("Boka lokal", "Oskar", "2023-09-20")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(str(tmp_path / "p.docx"))
    src = read_path(tmp_path / "p.docx")
    lines = [s for s in src.lines if s]
    assert lines[0] == "# Protokoll socialnämnden"
    assert lines[1] == "**Tid**\tonsdagen den 17 maj 2023, kl. 08.30–12.00"
    assert lines[2:5] == ["Namn, Organisation", "Ingrid Falk, Socialnämnden", "Jan Olofsson"]
    assert lines[5:9] == ["# Mötets öppnande", "1. Första", "2. Andra", "3. Tredje"]
    assert lines[9:11] == ["- En punkt", "  - Under den"]
    assert lines[11] == "Beslut: budgeten antogs enligt förslaget."  # no deletion, no field code
    assert lines[12:] == ["| Åtgärd | Ansvarig | Klart |", "|---|---|---|", "| Boka lokal | Oskar | 2023-09-20 |"]
    assert not any("sidhuvud" in s or "Sida 1" in s for s in src.lines)
    assert src.locations[src.lines.index("Ingrid Falk, Socialnämnden")] == "table 1, row 2"
    assert src.locations[src.lines.index("2. Andra")].startswith("paragraph ")
    m = parse_path(tmp_path / "p.docx", reference_date=REF)
    assert [(a.text, a.owners, a.due) for a in m.actions] == [("Boka lokal", ("Oskar",), "2023-09-20")]


def test_word_locations_point_at_the_paragraph(tmp_path: Path) -> None:
    import docx

    doc = to_docx((FIXTURES / "seed_001.txt").read_text(encoding="utf-8"), tmp_path / "s.docx")
    paragraphs = [p.text for p in docx.Document(str(doc)).paragraphs]
    m = parse_path(doc, reference_date=REF)
    assert m.decisions and m.actions and m.participants
    for rec in (*m.decisions, *m.actions):
        n = int(re.fullmatch(r"paragraph (\d+)", rec.location).group(1))
        assert " ".join(rec.text.split()[:4]) in " ".join(paragraphs[n - 1].split()), rec
    for p in m.participants:
        n = int(re.fullmatch(r"paragraph (\d+)", p.location).group(1))
        assert p.name.split()[0] in paragraphs[n - 1]


# ---------------------------------------------------------------- PDF


def _pdf_lines(path: Path) -> dict[int, list[str]]:
    """Each page's lines top to bottom, as pdfminer's own layout analysis finds them."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer, LTTextLine

    pages = {}
    for no, page in enumerate(extract_pages(str(path)), 1):
        rows: dict[int, list] = {}
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        rows.setdefault(round(line.y1), []).append((line.x0, line.get_text().strip()))
        pages[no] = [" ".join(t for _, t in sorted(v)) for _, v in sorted(rows.items(), reverse=True)]
    return pages


def test_pdf_locations_point_at_page_and_line(tmp_path: Path) -> None:
    doc = to_pdf((FIXTURES / "seed_004.txt").read_text(encoding="utf-8"), tmp_path / "s.pdf")
    pages = _pdf_lines(doc)
    m = parse_path(doc, reference_date=REF)
    assert len(m.decisions) >= 4 and len(m.actions) >= 5
    for rec in (*m.decisions, *m.actions):
        loc = re.fullmatch(r"page (\d+), lines? (\d+)(?:-(\d+))?", rec.location)
        assert loc, rec.location
        page, first, last = int(loc.group(1)), int(loc.group(2)), int(loc.group(3) or loc.group(2))
        span = " ".join(pages[page][first - 1:last])
        assert " ".join(rec.text.split()[:2]) in span, (rec.location, rec.text, span)  # where the record starts


def test_pdf_page_furniture_hyphens_headings_and_bullets(tmp_path: Path) -> None:
    text = ("## Mötets öppnande\n\nOrdföranden öppnade mötet och hälsade alla välkomna till det extra mötet om "
            "utred-\nningen av kompetens- och\nutbildningsplanen för förskolan.\n\n- Första punkten\n- Andra "
            "punkten\n\n" + "\n\n".join(f"Stycke {i} med text som fyller sidan." for i in range(60)))
    src = read_path(to_pdf(text, tmp_path / "f.pdf"))
    assert "# Mötets öppnande" in src.lines
    assert not any("REGION KRONOBERG" in s or re.search(r"Sida \d+ av", s) for s in src.lines)
    k = next(i for i, s in enumerate(src.lines) if s.startswith("Ordföranden"))
    assert src.lines[k].endswith("om utredningen av kompetens- och")  # a split word joined, `kompetens- och` kept
    assert src.lines[k + 1] == "utbildningsplanen för förskolan."  # a line broken by hand stays broken
    assert "- Första punkten" in src.lines and "- Andra punkten" in src.lines
    assert "Stycke 59 med text som fyller sidan." in src.lines
    assert src.lines[src.lines.index("Stycke 58 med text som fyller sidan.") + 1] == ""  # paragraphs apart
    assert re.fullmatch(r"page [23], line \d+", src.location(src.lines.index("Stycke 59 med text som fyller sidan.") + 1))


def test_pdf_task_table_is_read_as_tasks(tmp_path: Path) -> None:
    doc = to_pdf((FIXTURES / "karstyrelse_tabell.md").read_text(encoding="utf-8"), tmp_path / "t.pdf")
    assert "| Vad | Vem | När |" in read_path(doc).lines
    assert record(doc)["actions"] == record(FIXTURES / "karstyrelse_tabell.md")["actions"]


# ---------------------------------------------------------------- web pages and OpenDocument


def test_web_page_furniture_is_left_out_and_its_charset_honoured(tmp_path: Path) -> None:
    page = ('<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Protokoll</title>'
            "<script>var närvarande = 'x';</script></head><body><nav><a href='/'>Start</a></nav>"
            "<main><h1>Protokoll styrelsemöte</h1><p><b>Tid</b> 2023-05-17 kl. 18.00</p>"
            "<table><tr><td>Närvarande</td><td>Åsa Öberg<br>Per Ek</td></tr></table>"
            "<ol><li>Mötets öppnande</li><li>Beslut: budgeten antogs</li></ol></main>"
            "<footer>Kommunen · Sida 1 av 1</footer></body></html>")
    (tmp_path / "p.htm").write_bytes(page.encode("cp1252"))
    src = read_path(tmp_path / "p.htm")
    assert [s for s in src.lines if s] == ["# Protokoll styrelsemöte", "**Tid** 2023-05-17 kl. 18.00",
                                           "Närvarande: Åsa Öberg", "Per Ek", "1. Mötets öppnande",
                                           "2. Beslut: budgeten antogs"]
    assert src.locations[0] == "line 1"


def test_odt_numbers_headings_and_bold(tmp_path: Path) -> None:
    doc = to_odt("# Protokoll\n\n**Tid:** 18.00\n\n1. Öppnande\n2. Val av sekreterare\n\n- punkt\n",
                 tmp_path / "p.odt")
    src = read_path(doc)
    assert [s for s in src.lines if s] == ["# Protokoll", "**Tid:** 18.00", "1. Öppnande", "2. Val av sekreterare",
                                           "- punkt"]
    assert src.locations[-1] == "paragraph 5"


# ---------------------------------------------------------------- by content, not by name


def test_the_reader_is_chosen_by_content_first(tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    pdf = to_pdf(text, tmp_path / "a.pdf").read_bytes()
    word = to_docx(text, tmp_path / "a.docx").read_bytes()
    (tmp_path / "protokoll.txt").write_bytes(pdf)  # a PDF saved under the wrong name
    (tmp_path / "protokoll").write_bytes(word)
    assert sniff(pdf, "x.txt") == "pdf" and sniff(word, "x.pdf") == "docx"
    assert record(tmp_path / "protokoll.txt") == record(tmp_path / "a.pdf")
    assert record(tmp_path / "protokoll") == record(tmp_path / "a.docx")
    # standard input too
    assert summary(parse_bytes(pdf, reference_date=REF)) == record(tmp_path / "a.pdf")
    assert sniff(b"<!DOCTYPE html><html>", "") == "html" and sniff(b"hej", "x.htm") == "html"


def test_readers_are_imported_only_for_their_files() -> None:
    code = ("import sys; import minutes_cli.cli; from minutes_cli import parse_path; "
            f"parse_path({str(FIXTURES / 'seed_000.txt')!r}); "
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('docx', 'pdfminer', 'lxml', 'zipfile')]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- files that cannot be read


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, what its error must say)."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (800, 300), "white")
    ImageDraw.Draw(img).text((20, 20), "Protokoll styrelsemöte\nBeslut: budgeten antogs", fill="black")
    img.save(tmp / "sida.png")
    scan = FPDF()
    scan.add_page()
    scan.image(str(tmp / "sida.png"), x=10, y=10, w=190)
    scan.output(str(tmp / "skannad.pdf"))
    locked = FPDF()
    locked.core_fonts_encoding = "cp1252"
    locked.set_encryption(owner_password="ägare", user_password="hemligt", encryption_method=EncryptionMethod.RC4)
    locked.add_page()
    locked.set_font("Helvetica", size=11)
    locked.write(5, "Protokoll\nBeslut: budgeten antogs.")
    locked.output(str(tmp / "lösenord.pdf"))
    word = to_docx("Protokoll\n\nBeslut: budgeten antogs.\n", tmp / "hel.docx").read_bytes()
    (tmp / "trasig.docx").write_bytes(word[: len(word) // 2])
    with zipfile.ZipFile(tmp / "bilder.docx", "w") as z:
        z.writestr("bilder/a.jpg", b"\xff\xd8\xff" + b"0" * 200)
        z.writestr("readme.txt", "bara bilder")
    (tmp / "gammal.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    return {
        "scan": (tmp / "skannad.pdf", "OCR"),
        "encrypted": (tmp / "lösenord.pdf", "password"),
        "corrupt docx": (tmp / "trasig.docx", "damaged"),
        "zip of something else": (tmp / "bilder.docx", "not a Word"),
        "old Word": (tmp / "gammal.doc", ".doc"),
        "image": (tmp / "sida.png", "image"),
    }


def test_files_that_cannot_be_read_say_why_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = _bad_files(tmp_path)
    good = to_pdf((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"), tmp_path / "bra.pdf")
    names = [str(good)] + [str(p) for p, _ in bad.values()] + [str(FIXTURES / "seed_001.txt")]
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(app, ["extract", "-f", "json", *names])
    assert result.exit_code == 1
    errors = [s for s in result.stderr.splitlines() if s.strip()]
    assert len(errors) == len(bad)
    for (path, says), line in zip(bad.values(), errors):
        assert line.startswith(f"minutes: error: {path}: "), line
        assert says in line, line
    assert [os.path.basename(r["source"]) for r in json.loads(result.stdout)] == ["bra.pdf", "seed_001.txt"]


def test_reader_errors_are_input_errors(tmp_path: Path) -> None:
    for path, says in _bad_files(tmp_path).values():
        with pytest.raises(InputError) as e:
            read_path(path)
        assert e.value.source == str(path) and says in e.value.reason and "\n" not in e.value.reason


# ---------------------------------------------------------------- the scorer on converted seeds


def _figures(docs: Path, gold: Path, out: Path) -> dict:
    """The scorer's figures for `docs`, written to `out` (never into the corpus)."""
    cmd = f"{sys.executable} -m minutes_cli extract --format json"
    p = subprocess.run([sys.executable, str(SCORER), "--cmd", cmd, "--docs", str(docs), "--gold", str(gold),
                        "--json", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(out.read_text())


@pytest.mark.skipif(not SCORER.exists(), reason="the scorer (../shared/eval) is not beside the repository")
def test_scorer_on_converted_seeds_is_within_002_of_the_text_seeds(tmp_path: Path) -> None:
    seeds = SCORER.parent.parent / "corpus" / "seeds"
    gold = SCORER.parent / "gold" / "seeds"
    base = _figures(seeds, gold, tmp_path / "figures-txt.json")
    made = docbuild.convert_all(tmp_path / "docs", sorted(seeds.glob("*.txt")))
    kinds = sorted({p.name.split(".", 1)[1] for p in made})
    for kind in kinds:
        docs, golds = tmp_path / kind, tmp_path / f"gold-{kind}"
        docs.mkdir()
        golds.mkdir()
        for g in gold.glob("*.toml"):
            (golds / g.name).write_text(g.read_text(encoding="utf-8").replace(f'"{g.stem}.txt"', f'"{g.stem}.{kind}"'),
                                        encoding="utf-8")
            (docs / f"{g.stem}.{kind}").write_bytes((tmp_path / "docs" / f"{g.stem}.{kind}").read_bytes())
        got = _figures(docs, golds, tmp_path / f"figures-{kind}.json")
        for k, v in base.items():
            assert abs(got[k] - v) <= 0.02, (kind, k, v, got[k])


# ---------------------------------------------------------------- a file larger than its status says


@pytest.fixture
def status_says_empty(monkeypatch):
    """Files whose status gives size 0 although they hold text (as /proc files do, or one still being written)."""
    real = os.fstat

    def fstat(fd):
        st = real(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(os, "fstat", fstat)


def test_a_file_larger_than_its_status_says_is_read_whole(tmp_path: Path, status_says_empty) -> None:
    p = tmp_path / "growing.txt"
    p.write_bytes(SEED_004.read_bytes())
    assert read_path(p).lines == tuple(SEED_004.read_text(encoding="utf-8").split("\n"))


def test_a_file_larger_than_its_status_says_is_still_held_to_the_size_limit(tmp_path: Path,
                                                                            status_says_empty) -> None:
    p = tmp_path / "growing.txt"
    p.write_bytes(SEED_004.read_bytes())
    with pytest.raises(InputError, match="more than the size limit of 1 kB"):
        read_path(p, max_bytes=1024)
