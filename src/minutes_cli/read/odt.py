"""Read OpenDocument text (.odt, LibreOffice) with the standard library: the
file is a zip archive whose content.xml holds the body.

Headings (`text:h`) become `#` lines by their outline level, list items keep
their numbers or bullets (counted here from the list styles), text in a bold
style becomes `**bold**`, line breaks start new lines, tables become rows
(see read_markup.py). Text boxes are read after the paragraph that anchors
them; tracked deletions, notes, the table of contents and other generated
indexes are not body text and are left out.

Blocks come from the structure and from the space the paragraph styles leave
between paragraphs, as in read_docx.py (read_markup.Lines, `flow`); the page
header and footer (in styles.xml) are not read.

Locations: `paragraph 12` (list items and headings counted as paragraphs),
`table 1, row 3`.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import InputError
from .markup import Lines, spaced

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}


def q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


_SKIP = {q("text", t) for t in ("tracked-changes", "table-of-content", "illustration-index", "table-index",
                                "object-index", "user-index", "alphabetical-index", "bibliography",
                                "sequence-decls", "variable-decls", "user-field-decls", "note-body")} | {
    q("office", "forms"), q("office", "annotation"), q("office", "annotation-end")}


_UNITS = {"cm": 28.3465, "mm": 2.83465, "in": 72.0, "pt": 1.0, "pc": 12.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(cm|mm|in|pt|pc)\s*$")


def _points(v: str | None) -> float | None:
    m = _LENGTH.match(v or "")
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None


class _Styles:
    def __init__(self, roots) -> None:
        self.parent: dict[str, str | None] = {}
        self.bold: dict[str, bool] = {}
        self.margins: dict[str | None, tuple] = {}  # paragraph style (None: the default) -> (top, bottom, contextual)
        self.lists: dict[str, dict[int, dict]] = {}
        self.list_of_para: dict[str, str] = {}
        for root in roots:
            if root is None:
                continue
            for st in root.iter(q("style", "style")):
                name = st.get(q("style", "name"))
                self.parent[name] = st.get(q("style", "parent-style-name"))
                tp = st.find(q("style", "text-properties"))
                if tp is not None and tp.get(q("fo", "font-weight")):
                    w = tp.get(q("fo", "font-weight"))
                    self.bold[name] = w == "bold" or (w.isdigit() and int(w) >= 600)
                if st.get(q("style", "list-style-name")):
                    self.list_of_para[name] = st.get(q("style", "list-style-name"))
                self._margins(name, st)
            for st in root.iter(q("style", "default-style")):
                if st.get(q("style", "family")) == "paragraph":
                    self._margins(None, st)
            for ls in root.iter(q("text", "list-style")):
                levels = {}
                for lv in ls:
                    level = int(lv.get(q("text", "level"), "1"))
                    if lv.tag == q("text", "list-level-style-number"):
                        levels[level] = {"bullet": False, "fmt": lv.get(q("style", "num-format"), "1"),
                                         "prefix": lv.get(q("style", "num-prefix"), ""),
                                         "suffix": lv.get(q("style", "num-suffix"), ""),
                                         "start": int(lv.get(q("text", "start-value"), "1") or 1),
                                         "show": int(lv.get(q("text", "display-levels"), "1") or 1)}
                    else:
                        levels[level] = {"bullet": True}
                self.lists[ls.get(q("style", "name"))] = levels

    def _margins(self, name: str | None, st) -> None:
        pp = st.find(q("style", "paragraph-properties"))
        if pp is not None:
            ctx = pp.get(q("style", "contextual-spacing"))
            self.margins[name] = (_points(pp.get(q("fo", "margin-top"))), _points(pp.get(q("fo", "margin-bottom"))),
                                  None if ctx is None else ctx == "true")

    def spacing(self, name: str | None) -> tuple[str | None, float, float, bool]:
        """(style, space above, space below in points, contextual spacing) of a paragraph in style `name`."""
        got: list = [None, None, None]
        seen = set()
        n = name
        while n and n not in seen:
            seen.add(n)
            got = [g if g is not None else m for g, m in zip(got, self.margins.get(n, (None, None, None)))]
            n = self.parent.get(n)
        got = [g if g is not None else m for g, m in zip(got, self.margins.get(None, (None, None, None)))]
        return name, got[0] or 0.0, got[1] or 0.0, bool(got[2])

    def is_bold(self, name: str | None) -> bool:
        seen = set()
        while name and name not in seen:
            seen.add(name)
            if name in self.bold:
                return self.bold[name]
            name = self.parent.get(name)
        return False


def _fmt(n: int, fmt: str) -> str:
    from .docx import _fmt as word_fmt

    return word_fmt(n, {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                        "": "none"}.get(fmt, "decimal"))


class _Reader:
    def __init__(self, styles: _Styles, parents: dict) -> None:
        self.styles = styles
        self.parents = parents  # element -> its parent (ElementTree has no getparent)
        self.out = Lines(flow=True)
        self.paragraphs = 0
        self.counters: dict[str, list[int]] = {}
        self.gaps: dict = {}  # paragraph -> whether space parts it from the one before (see gaps)

    def gaps_of(self, el) -> dict:
        return spaced((c, self.styles.spacing(c.get(q("text", "style-name")))
                       if c is not None and "".join(c.itertext()).strip() else None) for c in _flow(el))

    def _inline(self, el, para_bold: bool, segs: list, boxes: list) -> None:
        if el.text:
            segs.append((el.text, para_bold))
        for c in el:
            tag = c.tag
            if tag in _SKIP or tag == q("text", "note"):
                if tag == q("text", "note"):
                    cite = c.find(q("text", "note-citation"))
                    if cite is not None and cite.text:
                        segs.append((cite.text, para_bold))
            elif tag == q("text", "s"):
                segs.append((" " * int(c.get(q("text", "c"), "1") or 1), para_bold))
            elif tag == q("text", "tab"):
                segs.append(("\t", para_bold))
            elif tag == q("text", "line-break"):
                segs.append(("\n", False))
            elif tag == q("text", "span"):
                b = para_bold
                style = c.get(q("text", "style-name"))
                if style in self.styles.bold or style in self.styles.parent:
                    b = self.styles.is_bold(style)
                self._inline(c, b, segs, boxes)
            elif tag == q("draw", "frame"):
                boxes.extend(c.iter(q("draw", "text-box")))
            else:
                self._inline(c, para_bold, segs, boxes)
            if c.tail:
                segs.append((c.tail, para_bold))

    def _lines(self, p, plain: bool = False) -> tuple[list[str], list]:
        from .markup import bold

        b = self.styles.is_bold(p.get(q("text", "style-name"))) and not plain
        segs: list = []
        boxes: list = []
        self._inline(p, b, segs, boxes)
        lines: list[list] = [[]]
        for text, bb in segs:
            for k, part in enumerate(text.split("\n")):
                if k:
                    lines.append([])
                lines[-1].append((part, bb and not plain))
        return [bold(x) for x in lines], boxes

    def paragraph(self, p, heading: int = 0, marker: str | None = None, level: int = 0,
                  location: str | None = None) -> None:
        if location is None:
            self.paragraphs += 1
            location = f"paragraph {self.paragraphs}"
        lines, boxes = self._lines(p)
        self.out.paragraph(lines, location, heading=heading, marker=marker, level=level, gap=self.gaps.get(p))
        for box in boxes:
            for child in box:
                self.block(child, location=f"text box in {location}")

    def list(self, lst, depth: int = 1, style: str | None = None) -> None:
        style = lst.get(q("text", "style-name")) or style
        levels = self.styles.lists.get(style or "", {})
        lv = levels.get(depth, {"bullet": True})
        key = style or ""
        counts = self.counters.setdefault(key, [0] * 11)
        if lst.get(q("text", "continue-numbering")) != "true" and not lst.get(q("text", "continue-list")) and depth == 1:
            counts[:] = [0] * 11
        for item in lst:
            if item.tag not in (q("text", "list-item"), q("text", "list-header")):
                continue
            marker = None
            if item.tag == q("text", "list-item") and not lv.get("bullet"):
                start = item.get(q("text", "start-value"))
                counts[depth] = int(start) if start and start.isdigit() else (counts[depth] or lv["start"] - 1) + 1
                for d in range(depth + 1, 11):
                    counts[d] = 0
                shown = [_fmt(counts[d] or 1, levels.get(d, {}).get("fmt", "1"))
                         for d in range(max(1, depth - lv["show"] + 1), depth + 1)]
                marker = lv["prefix"] + ".".join(shown) + lv["suffix"] if lv["fmt"] else None
            elif item.tag == q("text", "list-item"):
                marker = "-"
            first = True
            for child in item:
                if child.tag == q("text", "list"):
                    self.list(child, depth + 1, style)
                elif child.tag in (q("text", "p"), q("text", "h")):
                    heading = int(child.get(q("text", "outline-level"), "1") or 1) if child.tag == q("text", "h") else 0
                    self.paragraph(child, heading=heading, marker=marker if first else None, level=depth - 1)
                    first = False
                else:
                    self.block(child)

    def table(self, tbl) -> None:
        n = self.out.tables + 1
        rows = []
        for tr in tbl.iter(q("table", "table-row")):
            if self._table_of(tr) is not tbl:
                continue
            cells = []
            for tc in tr:
                if tc.tag == q("table", "covered-table-cell"):
                    cells.append([])
                    continue
                if tc.tag != q("table", "table-cell"):
                    continue
                cell: list[str] = []
                for p in tc.iter():
                    if p.tag in (q("text", "p"), q("text", "h")):
                        lines, _ = self._lines(p, plain=True)
                        cell.extend(s for s in lines if s.strip())
                cells.append(cell)
                rep = tc.get(q("table", "number-columns-repeated"))
                if rep and rep.isdigit() and cell:
                    cells.extend([list(cell) for _ in range(min(int(rep), 50) - 1)])
            rows.append(cells)
        self.out.table(rows, lambda i: f"table {n}, row {i + 1}")

    def _table_of(self, el):
        p = self.parents.get(el)
        while p is not None and p.tag != q("table", "table"):
            p = self.parents.get(p)
        return p

    def block(self, el, location: str | None = None) -> None:
        tag = el.tag
        if tag in _SKIP:
            return
        if tag == q("text", "p"):
            self.paragraph(el, location=location)
        elif tag == q("text", "h"):
            self.paragraph(el, heading=int(el.get(q("text", "outline-level"), "1") or 1), location=location)
        elif tag == q("text", "list"):
            self.list(el)
        elif tag == q("table", "table"):
            self.table(el)
        else:  # sections, index bodies that are not skipped, frames, changes
            for c in el:
                self.block(c, location)


def _flow(el):
    """The paragraphs of the body in order (also in sections), None for anything else between them."""
    for c in el:
        if c.tag == q("text", "p"):
            yield c
        elif c.tag == q("text", "section"):
            yield from _flow(c)
        elif c.tag not in _SKIP:
            yield None


def read(data: bytes, source: str):
    """An .odt file's bytes to SourceText. Raises InputError."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise InputError(source, "is a password-protected OpenDocument file; open it with the password "
                                         "and save a copy without one, then read that")
            content = z.read("content.xml")
            styles = z.read("styles.xml") if "styles.xml" in names else None
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        raise InputError(source, "is a damaged OpenDocument file (a binary zip archive whose parts cannot be read); "
                                 "open it in LibreOffice and save it again, or save it as PDF or text") from None
    try:
        root = ET.fromstring(content)
        style_root = ET.fromstring(styles) if styles else None
    except ET.ParseError as e:
        raise InputError(source, f"is a damaged OpenDocument file (content.xml: {e}); open it in LibreOffice and "
                                 "save it again, or save it as PDF or text") from None
    reader = _Reader(_Styles([style_root, root]), {c: p for p in root.iter() for c in p})
    body = root.find(q("office", "body"))
    text = body.find(q("office", "text")) if body is not None else None
    if text is None:
        raise InputError(source, "is an OpenDocument file with no text document in it; save the minutes as "
                                 ".odt, .docx, .pdf or .txt")
    reader.gaps = reader.gaps_of(text)
    for child in text:
        reader.block(child)
    return reader.out.source_text(source, "odt")
