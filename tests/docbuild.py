"""Build Word, PDF, OpenDocument and web-page files from minutes in text form, for the reader tests.

The seeds are text that was pulled out of Word and PDF files; these builders
put such text back into those formats the way an author's tools would:
`## headings` in heading styles (or a larger bold font), `- ` and `1. ` lines
as real lists, `**bold**` as bold runs, lines that follow each other as soft
line breaks of one paragraph, and a running header and footer (`REGION
KRONOBERG`, `Sida 1 av 3`) that are not body text. Options give the layouts
that break naive extraction: the header of the minutes as a two-column table
of labels and values, and in a PDF the labels beside (or beside the middle
of) their blocks of names.

    python tests/docbuild.py OUT_DIR [seed files...]   # every seed in every format, for score.py
"""
from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
ORG = "REGION KRONOBERG"
HEADER_LABELS = ("Tid", "Plats", "Närvarande", "Frånvarande", "Övriga", "Datum", "Lokal")


# ---------------------------------------------------------------- text to blocks


@dataclass
class Blk:
    kind: str  # heading | bullet | numbered | para | table
    lines: list[str] = field(default_factory=list)  # markdown-ish inline text
    level: int = 0
    number: int | None = None
    rows: list[list[str]] = field(default_factory=list)


def blocks(text: str) -> list[Blk]:
    """Seed text to paragraphs: blank lines separate them, lines within one are soft line breaks."""
    out: list[Blk] = []
    para: Blk | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        s = raw.rstrip()
        if not s.strip():
            para = None
            continue
        m = re.match(r"^\s{0,3}(#{1,6})\s+(.*)$", s)
        if m:
            out.append(Blk("heading", [m.group(2)], level=len(m.group(1))))
            para = None
            continue
        m = re.match(r"^(\s*)[-*•]\s+(.*)$", s)
        if m:
            out.append(Blk("bullet", [m.group(2)], level=1 if len(m.group(1).expandtabs(4)) >= 2 else 0))
            para = out[-1]
            continue
        m = re.match(r"^\s*(\d{1,2})\.\s+(.*)$", s)
        if m:
            out.append(Blk("numbered", [m.group(2)], number=int(m.group(1))))
            para = out[-1]
            continue
        if re.match(r"^\s*\|.*\|\s*$", s):
            if re.match(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*$", s):
                continue
            cells = [c.strip() for c in s.strip().strip("|").split("|")]
            if out and out[-1].kind == "table" and para is out[-1]:
                out[-1].rows.append(cells)
            else:
                out.append(Blk("table", rows=[cells]))
                para = out[-1]
            continue
        if out and para is out[-1] and para.kind in ("bullet", "numbered") and s.strip()[:1].islower():
            para.lines[-1] += " " + s.strip()  # a list entry wrapped onto the next line
            continue
        if para is None or para.kind != "para":
            para = Blk("para", [])
            out.append(para)
        para.lines.append(re.sub(r" {3,}", "\t", s.strip()))  # columns made of spaces: a tab in Word
    return out


def para_runs(lines: list[str]) -> list[list[tuple[str, bool]]]:
    """Inline markdown to (text, bold) runs for each line of a paragraph: `**bold**` (which may go on over a
    line break), `*italic*` (plain here), links, escapes."""
    out = []
    bold = False
    for s in lines:
        s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s).replace("\\", "")
        line = []
        for tok in re.split(r"(\*\*\*|\*\*|\*)", s):
            if tok in ("***", "**"):
                bold = not bold
            elif tok != "*" and tok:
                line.append((tok, bold))
        out.append(line)
    return out


def runs(s: str) -> list[tuple[str, bool]]:
    return para_runs([s])[0]


def plain(s: str) -> str:
    return "".join(t for t, _ in runs(s))


def header_rows(blks: list[Blk]) -> tuple[list[tuple[str, list[str]]], int, int]:
    """The labelled blocks at the top (`Tid ...`, `Närvarande` and its names): [(label, value lines)], and the
    range of blocks they take."""
    rows: list[tuple[str, list[str]]] = []
    first = last = None
    k = 0
    while k < len(blks):
        b = blks[k]
        if b.kind != "para":
            if rows:
                break
            k += 1
            continue
        head = plain(b.lines[0]).strip()
        m = re.match(r"^(" + "|".join(HEADER_LABELS) + r")\b:?\s*(.*)$", head)
        if not m:
            if rows:
                break
            k += 1
            continue
        value = ([m.group(2)] if m.group(2) else []) + [plain(x) for x in b.lines[1:]]
        first = k if first is None else first
        last = k
        if not value and k + 1 < len(blks) and blks[k + 1].kind == "para" and not re.match(
                r"^(" + "|".join(HEADER_LABELS) + r")\b", plain(blks[k + 1].lines[0])):
            value = [plain(x) for x in blks[k + 1].lines]
            last = k + 1
            k += 1
        rows.append((m.group(1), value))
        k += 1
    return rows, (first if first is not None else 0), (last if last is not None else -1)


# ---------------------------------------------------------------- Word


def to_docx(text: str, path: Path, header_table: bool = False, running: bool = True) -> Path:
    import docx

    d = docx.Document()
    if running:
        sec = d.sections[0]
        sec.header.paragraphs[0].text = ORG
        sec.footer.paragraphs[0].text = "Sida 1 av 1"
    blks = blocks(text)
    rows, first, last = header_rows(blks) if header_table else ([], 0, -1)
    expected = 1
    for k, b in enumerate(blks):
        if first <= k <= last:
            if k == first:
                t = d.add_table(rows=len(rows), cols=2)
                for r, (label, value) in enumerate(rows):
                    t.cell(r, 0).paragraphs[0].add_run(label).bold = True
                    cell = t.cell(r, 1)
                    cell.paragraphs[0].text = value[0] if value else ""
                    for v in value[1:]:
                        cell.add_paragraph(v)
            continue
        if b.kind == "heading":
            p = d.add_paragraph(style=f"Heading {min(b.level, 9)}")
            for t, bold in runs(b.lines[0]):
                p.add_run(t)
            continue
        if b.kind == "table":
            t = d.add_table(rows=len(b.rows), cols=max(len(r) for r in b.rows))
            for r, cells in enumerate(b.rows):
                for c, v in enumerate(cells):
                    t.cell(r, c).text = plain(v)
            continue
        if b.kind == "bullet":
            p = d.add_paragraph(style="List Bullet 2" if b.level else "List Bullet")
        elif b.kind == "numbered" and b.number == expected:
            p = d.add_paragraph(style="List Number")  # Word numbers it
            expected += 1
        elif b.kind == "numbered":
            p = d.add_paragraph()
            p.add_run(f"{b.number}. ")
        else:
            p = d.add_paragraph()
        for i, line in enumerate(para_runs(b.lines)):
            if i:
                p.add_run().add_break()
            for t, bold in line:
                r = p.add_run(t)
                r.bold = bold or None
    d.save(str(path))
    return path


_LABEL_RUN = re.compile(r"^(?P<label>(?:" + "|".join(sorted(HEADER_LABELS + ("Beslut", "Ansvarig", "Övriga närvarande"),
                                                             key=len, reverse=True))
                        + r")(?::|(?=\t|\s+[A-ZÅÄÖ\d])))(?P<rest>.*)$")


def _labelled(line: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Runs with a known label at their start (`Närvarande:`, `Beslut:`) in bold, as authors write it."""
    m = _LABEL_RUN.match("".join(t for t, _ in line))
    if m and line and not line[0][1] and line[0][0].startswith(m.group("label")):
        head, rest = m.group("label"), line[0][0][len(m.group("label")):]
        return [(head, True)] + ([(rest, False)] if rest else []) + line[1:]
    return line


def _word_paragraph(d, line: list[tuple[str, bool]], style: str | None = None):
    """One paragraph of runs, its label in bold."""
    p = d.add_paragraph(style=style)
    for t, bold in _labelled(line):
        p.add_run(t).bold = bold or None
    return p


def _restart_numbering(d, style: str, start: int) -> str:
    """A new list (w:num) on the abstract list of `style`, counting from `start`, as Word makes for a list
    that restarts its numbers. Returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = d.part.numbering_part.element
    style_num = d.styles[style].element.pPr.numPr.numId.val
    abstract = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(style_num))
    abstract_id = abstract.find(qn("w:abstractNumId")).get(qn("w:val"))
    num_id = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num")))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
    return str(num_id)


def to_word(text: str, path: Path, spacing: bool = True, tasks: list[tuple[str, str, str]] | None = None) -> Path:
    """The minutes as an author writes them in Word: every line its own paragraph (a line that goes on in
    lower case is the same paragraph, wrapped) and no empty paragraphs, headings in heading styles, list
    entries in `List Bullet`/`List Number` paragraphs numbered by Word (a list that restarts gets a
    numbering of its own), labels in bold runs (`Närvarande:`), tables as Word tables, and a page header and
    footer. `spacing`: the space between blocks is space before their first paragraph, none between the
    lines of a block (else the template's spacing after every paragraph, the same throughout). `tasks`: rows
    (task, owner, due) of a table of tasks at the end."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    d = docx.Document()
    if spacing:
        d.styles["Normal"].paragraph_format.space_after = Pt(0)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = ORG
    sec.footer.paragraphs[0].text = "Sida 1 av 1"
    number = None  # (numId, the number its next paragraph gets)
    for b in blocks(text):
        if b.kind == "heading":
            d.add_paragraph("".join(t for t, _ in runs(b.lines[0])), style=f"Heading {min(b.level, 9)}")
        elif b.kind == "table":
            _word_table(d, b.rows)
        elif b.kind == "bullet":
            _word_paragraph(d, runs(b.lines[0]), "List Bullet 2" if b.level else "List Bullet")
        elif b.kind == "numbered":
            if number is None or number[1] != b.number:
                number = (_restart_numbering(d, "List Number", b.number), b.number)
            p = _word_paragraph(d, runs(b.lines[0]), "List Number")
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{number[0]}"/></w:numPr>'))
            number = (number[0], b.number + 1)
        else:
            for k, line in enumerate(_unwrapped(para_runs(b.lines))):
                p = _word_paragraph(d, line)
                if spacing and k == 0:
                    p.paragraph_format.space_before = Pt(12)
    if tasks:
        _word_table(d, [["Åtgärd", "Ansvarig", "Klart"]] + [list(t) for t in tasks])
    d.save(str(path))
    return path


def _unwrapped(lines: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool]]]:
    """Lines as paragraphs: a line that goes on in lower case was wrapped, and is one paragraph with the line
    before."""
    out: list[list[tuple[str, bool]]] = []
    for line in lines:
        text = "".join(t for t, _ in line).strip()
        if out and text[:1].islower():
            out[-1] = out[-1] + [(" ", False)] + line
        else:
            out.append(list(line))
    return out


def _word_table(d, rows: list[list[str]]) -> None:
    t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, cells in enumerate(rows):
        for c, v in enumerate(cells):
            t.cell(r, c).paragraphs[0].add_run(plain(v)).bold = (r == 0) or None


# ---------------------------------------------------------------- PDF


def to_pdf(text: str, path: Path, labels: str = "inline", running: bool = True, size: float = 10.0) -> Path:
    """labels: 'inline' (as the text has them), 'beside' (a label column, the value beside the label's line)
    or 'middle' (the label beside the middle of its block of names)."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            if running:
                self.set_font("Helvetica", "B", 8)
                self.cell(0, 5, ORG, align="R")
                self.ln(10)

        def footer(self) -> None:
            if running:
                self.set_y(-15)
                self.set_font("Helvetica", "", 8)
                self.cell(0, 10, f"Sida {self.page_no()} av {{nb}}", align="C")

    pdf = Doc(format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, 22)
    pdf.add_page()
    h = size * 0.5
    left = pdf.l_margin

    def write(line, x: float, bold_all: bool = False, fsize: float = size) -> None:
        pdf.set_left_margin(x)
        pdf.set_x(x)
        for t, bold in (runs(line) if isinstance(line, str) else line):
            pdf.set_font("Helvetica", "B" if bold or bold_all else "", fsize)
            for n, part in enumerate(t.split("\t")):
                if n:  # a tab: on to the next tab stop
                    pdf.set_x(max(pdf.get_x() + 5, x + 45))
                pdf.write(fsize * 0.5, part)
        pdf.ln(fsize * 0.5)
        pdf.set_left_margin(left)

    blks = blocks(text)
    rows, first, last = header_rows(blks) if labels != "inline" else ([], 0, -1)
    for k, b in enumerate(blks):
        if first <= k <= last:
            if k == first:
                for label, value in rows:
                    value = value or [""]
                    y0 = pdf.get_y()
                    if labels == "middle" and len(value) > 2:
                        for v in value:
                            write(v, left + 35)
                        y1 = pdf.get_y()
                        mid = y0 + ((len(value) - 1) // 2) * h
                        pdf.set_xy(left, mid)
                        pdf.set_font("Helvetica", "B", size)
                        pdf.cell(30, h, label)
                        pdf.set_xy(left, y1)
                    else:
                        pdf.set_font("Helvetica", "B", size)
                        pdf.set_xy(left, y0)
                        pdf.cell(30, h, label)
                        pdf.set_xy(left + 35, y0)
                        for v in value:
                            write(v, left + 35)
                    pdf.ln(3)
            continue
        if b.kind in ("heading", "bullet", "numbered") and pdf.get_y() > pdf.h - 45:
            pdf.add_page()  # keep a heading or a list mark with the text that follows it
        if b.kind == "heading":
            fs = {1: size + 5, 2: size + 3}.get(b.level, size + 1.5)
            pdf.ln(2)
            write(plain(b.lines[0]), left, bold_all=True, fsize=fs)
            pdf.ln(2)
            continue
        if b.kind == "table":
            for cells in b.rows:
                pdf.set_font("Helvetica", "", size)
                widths = (pdf.epw / len(cells),) * len(cells)
                for w, v in zip(widths, cells):
                    pdf.cell(w, h + 1, plain(v)[:60], border=1)
                pdf.ln(h + 1)
            pdf.ln(3)
            continue
        if b.kind in ("bullet", "numbered"):
            mark = "\u2022" if b.kind == "bullet" else f"{b.number}."
            y = pdf.get_y()
            pdf.set_font("Helvetica", "", size)
            indent = 12 * b.level if b.kind == "bullet" else 0
            pdf.set_xy(left + 3 + indent, y)
            pdf.cell(6, h, mark)
            pdf.set_xy(left + 10 + indent, y)
            write(b.lines[0], left + 10 + indent)
            nxt = blks[k + 1] if k + 1 < len(blks) else None
            pdf.ln(1.5 if nxt is not None and nxt.kind == b.kind else 3)
            continue
        for line in para_runs(b.lines):
            write(line, left)
        pdf.ln(3)
    pdf.output(str(path))
    return path


# ---------------------------------------------------------------- web page and OpenDocument


def _inline_html(s) -> str:
    """Runs to HTML; a tab as Word writes it in a web page."""
    def esc(t: str) -> str:
        return escape(t).replace("\t", '<span style="mso-tab-count:1">&nbsp;&nbsp;&nbsp; </span>')
    return "".join(f"<strong>{esc(t)}</strong>" if b else esc(t) for t, b in (runs(s) if isinstance(s, str) else s))


def to_html(text: str, path: Path, encoding: str = "utf-8") -> Path:
    parts = [f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="{encoding}"><title>Protokoll</title>'
             "<style>p{margin:0}</style></head><body>",
             f'<header><nav><a href="/">Start</a> | <a href="/protokoll">Protokoll</a></nav><p>{ORG}</p></header><main>']
    open_list = None
    for b in blocks(text):
        tag = {"bullet": "ul", "numbered": "ol"}.get(b.kind)
        if open_list and open_list != tag:
            parts.append(f"</{open_list}>")
            open_list = None
        if tag and not open_list:
            start = f' start="{b.number}"' if b.kind == "numbered" and b.number else ""
            parts.append(f"<{tag}{start}>")
            open_list = tag
        if b.kind == "heading":
            parts.append(f"<h{min(b.level, 6)}>{_inline_html(b.lines[0])}</h{min(b.level, 6)}>")
        elif tag and b.level:
            parts.append(f"<{tag}><li>{_inline_html(b.lines[0])}</li></{tag}>")  # nested under the item before
        elif tag:
            parts.append(f"<li>{_inline_html(b.lines[0])}</li>")
        elif b.kind == "table":
            parts.append("<table>" + "".join("<tr>" + "".join(f"<td>{escape(plain(c))}</td>" for c in r) + "</tr>"
                                             for r in b.rows) + "</table>")
        else:
            parts.append("<p>" + "<br>\n".join(_inline_html(x) for x in para_runs(b.lines)) + "</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    parts.append(f"</main><footer><p>{ORG} · Sida 1 av 1</p><script>var x = 1;</script></footer></body></html>")
    path.write_bytes("\n".join(parts).encode(encoding, errors="xmlcharrefreplace"))
    return path


_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


_ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ns} office:version="1.2"><office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm"
 fo:margin-bottom="{below}"/></style:style></office:styles>
<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>{org}</text:p></style:header>
<style:footer><text:p>Sida 1 av 1</text:p></style:footer></style:master-page></office:master-styles>
</office:document-styles>"""


def to_odt(text: str, path: Path, lines: bool = False, spacing: bool = True) -> Path:
    """`lines`: as LibreOffice users write (see to_word): a paragraph a line, labels in bold, no empty
    paragraphs, a page header and footer, and (`spacing`) space above the first line of a block."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')

    def inline(s: str) -> str:
        def esc(t: str) -> str:
            return escape(t).replace("\t", "<text:tab/>")
        return "".join(f'<text:span text:style-name="B">{esc(t)}</text:span>' if b else esc(t)
                       for t, b in (runs(s) if isinstance(s, str) else s))

    body = []
    lists = []
    for b in blocks(text):
        if b.kind == "heading":
            body.append(f'<text:h text:outline-level="{b.level}">{inline(b.lines[0])}</text:h>')
        elif b.kind in ("bullet", "numbered"):
            style = "LB" if b.kind == "bullet" else "LN"
            item = f"<text:list-item><text:p>{inline(b.lines[0])}</text:p></text:list-item>"
            if b.level:
                item = f"<text:list-item><text:list>{item}</text:list></text:list-item>"
            body.append(f'<text:list text:style-name="{style}" text:continue-numbering="true">{item}</text:list>')
        elif b.kind == "table":
            cols = max(len(r) for r in b.rows)
            body.append("<table:table>" + f'<table:table-column table:number-columns-repeated="{cols}"/>' + "".join(
                "<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(plain(c))}</text:p></table:table-cell>"
                                              for c in r) + "</table:table-row>" for r in b.rows) + "</table:table>")
        elif lines:
            for k, line in enumerate(_unwrapped(para_runs(b.lines))):
                body.append(f'<text:p text:style-name="{"Gap" if spacing and k == 0 else "Standard"}">'
                            f"{inline(_labelled(line))}</text:p>")
        else:
            body.append("<text:p>" + "<text:line-break/>".join(inline(x) for x in para_runs(b.lines)) + "</text:p>")
    del lists
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} office:version="1.2">'
               '<office:automatic-styles>'
               '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
               '<style:style style:name="Gap" style:family="paragraph" style:parent-style-name="Standard">'
               '<style:paragraph-properties fo:margin-top="0.42cm"/></style:style>'
               '<text:list-style style:name="LB"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>'
               '<text:list-style style:name="LN"><text:list-level-style-number text:level="1" style:num-suffix="." '
               'style:num-format="1"/></text:list-style>'
               "</office:automatic-styles><office:body><office:text>" + "".join(body)
               + "</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", _ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        if lines:
            z.writestr("styles.xml", _ODT_STYLES.format(ns=ns, org=ORG, below="0cm" if spacing else "0.25cm"),
                       compress_type=zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------- comparing records


def summary(m) -> dict:
    """What must not change with the file format: the meeting, its people, decisions and actions."""
    norm = lambda s: re.sub(r"\s+", " ", s or "").strip()  # noqa: E731
    return {
        "meeting": (m.meeting.date, m.meeting.start, m.meeting.end, m.meeting.place, m.meeting.chair,
                    m.meeting.minutes_taker),
        "people": sorted((p.name, p.status) for p in m.participants),
        "decisions": [norm(d.text) for d in m.decisions],
        "actions": [(norm(a.text), tuple(a.owners), a.due) for a in m.actions],
    }


def scored(m) -> dict:
    """What the scorer (../shared/eval/score.py) compares, without lines and locations: the meeting's date,
    times, place, chair, minutes taker and next meeting, the people with their status, the items, the
    decisions with their kind, the actions with owners and due dates."""
    norm = lambda s: re.sub(r"\s+", " ", s or "").strip()  # noqa: E731
    mt = m.meeting
    return {
        "meeting": (mt.date, mt.start, mt.end, mt.place, mt.chair, mt.minutes_taker,
                    mt.next_meeting.date if mt.next_meeting else None),
        "people": sorted((p.name, p.status) for p in m.participants),
        "items": [(i.number, norm(i.title)) for i in m.items],
        "decisions": [(norm(d.text), d.kind) for d in m.decisions],
        "actions": [(norm(a.text), tuple(a.owners), a.due) for a in m.actions],
    }


def rebuild_004(text: str) -> str:
    """Seed 004 with its header as the PDF had it before extraction broke it: each label followed by its names."""
    lines = text.split("\n")
    i0 = next(i for i, s in enumerate(lines) if s.startswith("Närvarande"))
    i1 = next(i for i, s in enumerate(lines) if "1. Ordförande hälsar" in s)
    names = [s.strip() for s in lines[i0:i1] if s.strip() and not s.strip().startswith(("Närvarande", "Frånvarande"))]
    present, absent = names[:17], names[17:]
    head = ["Närvarande " + present[0]] + present[1:] + ["", "Frånvarande " + absent[0]] + absent[1:] + [""]
    return "\n".join(lines[:i0] + head + lines[i1:])


# ---------------------------------------------------------------- damaged text


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, as a wrong import does it (`Ã¶` for `ö`)."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def damaged(text: str) -> str:
    """The kinds of damage copying and old editors leave, none of which changes the words: CRLF, non-breaking
    spaces, zero-width spaces, soft hyphens inside words, a byte-order mark."""
    out = []
    for k, line in enumerate(text.split("\n")):
        line = re.sub(r"(?<=\w) (?=\w)", lambda m: "\u00a0" if k % 3 == 0 else " ", line, count=2)
        line = re.sub(r"(\w{4})(\w{4,})", lambda m: m.group(1) + ("\u00ad" if k % 2 else "\u200b") + m.group(2), line, count=1)
        out.append(line)
    return "\ufeff" + "\r\n".join(out)


ENCODINGS = {
    "cp1252": lambda t: t.encode("cp1252"),
    "utf16": lambda t: t.encode("utf-16"),
    "utf8bom": lambda t: t.encode("utf-8-sig"),
    "mojibake": lambda t: mojibake(t).encode("utf-8"),
    "damaged": lambda t: damaged(t).encode("utf-8"),
}


def convert_all(out: Path, seeds: list[Path]) -> list[Path]:
    """Every seed in every format and encoding, named `<stem>.<kind>.<ext>`."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        made.append(to_docx(text, out / f"{seed.stem}.docx"))
        made.append(to_pdf(text, out / f"{seed.stem}.pdf"))
        made.append(to_html(text, out / f"{seed.stem}.html"))
        made.append(to_odt(text, out / f"{seed.stem}.odt"))
        for name, enc in ENCODINGS.items():
            p = out / f"{seed.stem}.{name}.txt"
            p.write_bytes(enc(text))
            made.append(p)
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1])
    files = [Path(a) for a in sys.argv[2:]] or sorted(SEEDS.glob("*.txt"))
    for p in convert_all(target, files):
        print(p)
