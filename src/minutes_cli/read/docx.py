"""Read Word (.docx) minutes with python-docx.

The body is walked in order, paragraphs and tables alike (also inside content
controls); headers, footers, footnotes and comments are not body text and are
left out, and so are deleted tracked changes and field codes.

- A paragraph in a heading style (`Heading 2`, Swedish `Rubrik 2`, or an
  outline level) becomes `## text`; the title style `# text`.
- A list paragraph keeps its number or bullet as Word shows it (`1.`, `a)`,
  `2.3`; bullets become `- `), counted the way Word counts them.
- Bold runs become `**bold**`, so labels such as `**Tid**` survive.
- A soft line break starts a new line within the paragraph; text boxes
  follow the paragraph they are anchored in.
- Tables become rows (see read_markup.py): `Närvarande: name` for a table of
  labels and values, a markdown table for a task table, `cell, cell` else.
- Blocks (the blank lines of the text) come from the structure, not from one
  paragraph each, for authors write a paragraph a line and leave no empty
  paragraphs (read_markup.Lines, `flow`): headings, lists, tables and
  paragraphs that begin in bold stand apart; between paragraphs of text, the
  space the paragraph formatting leaves says where a block begins, when the
  document varies it (space before a paragraph, `No Spacing` lines); when the
  spacing is the same throughout, the paragraphs under a bold label are its
  lines (`**Närvarande:**` and the names below it). An empty paragraph is a
  blank line.

Locations: `paragraph 12` (the 12th paragraph of the body, empty ones
counted), `table 1, row 3`, `text box in paragraph 12`.
"""
from __future__ import annotations

import io
import re

from ..errors import InputError
from .markup import Lines, spaced

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WALK_INTO = {W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple",
                              "customXml", "bdo", "dir")}
_HEADING_NAME = re.compile(r"^(?:heading|rubrik|überschrift|titre)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^(?:list|lista)\s*(?:bullet|number|continue|punkt|nummer|fortsättning)?\s*(\d)$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|rubrik|titel)$", re.I)
_MACRO_TYPES = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")


def _on(el) -> bool:
    """A toggle property such as <w:b/>, <w:b w:val="0"/>."""
    return el is not None and el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def _val(el, default=None):
    return default if el is None else el.get(W + "val", default)


class _Styles:
    """Paragraph and character styles by id: name, based-on, bold, outline level, numbering."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, dict] = {}
        self.default: str | None = None  # the paragraph style of a paragraph that names none (Normal)
        self.defaults: dict = {}  # the document's default spacing
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            ppr = st.find(W + "pPr")
            rpr = st.find(W + "rPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            b = rpr.find(W + "b") if rpr is not None else None
            self.by_id[sid] = {
                "name": _val(st.find(W + "name"), sid),
                "based": _val(st.find(W + "basedOn")),
                "bold": None if b is None else _on(b),
                "outline": _val(ppr.find(W + "outlineLvl")) if ppr is not None else None,
                "num": (_val(num.find(W + "numId")), _val(num.find(W + "ilvl"), "0")) if num is not None else None,
                **_spacing(ppr),
            }
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default = sid
        self.defaults = _spacing(root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"))

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            yield self.by_id[sid]
            sid = self.by_id[sid]["based"]

    def first(self, sid: str | None, key: str):
        return next((s[key] for s in self.chain(sid) if s[key] is not None), None)

    def spacing(self, ppr) -> tuple[str | None, float, float, bool]:
        """(style, space before, space after in points, contextual spacing) of a paragraph."""
        sid = (_val(ppr.find(W + "pStyle")) if ppr is not None else None) or self.default
        direct = _spacing(ppr)
        got = [direct[k] if direct[k] is not None else self.first(sid, k) for k in _SPACING]
        got = [g if g is not None else self.defaults.get(k) for g, k in zip(got, _SPACING)]
        return sid, (got[0] or 0) / 20, (got[1] or 0) / 20, bool(got[2])

    def heading(self, sid: str | None) -> int:
        for s in self.chain(sid):
            m = _HEADING_NAME.match(s["name"].strip()) or _HEADING_NAME.match(sid or "")
            if m:
                return max(1, int(m.group(1)))
            if _TITLE_NAME.match(s["name"].strip()):
                return 1
        outline = self.first(sid, "outline")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return 0


_SPACING = ("before", "after", "contextual")


def _twips(sp, side: str) -> int | None:
    if sp is None:
        return None
    if sp.get(W + side + "Autospacing") in ("1", "true", "on"):
        return 280  # Word's automatic spacing (HTML): 14 points
    v = sp.get(W + side)
    return int(v) if v and v.lstrip("-").isdigit() else None


def _spacing(ppr) -> dict:
    """The spacing a paragraph or style states (None where it states none)."""
    sp = ppr.find(W + "spacing") if ppr is not None else None
    ctx = ppr.find(W + "contextualSpacing") if ppr is not None else None
    return {"before": _twips(sp, "before"), "after": _twips(sp, "after"), "contextual": None if ctx is None else _on(ctx)}


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _fmt(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = ""
        for v, r in _ROMAN:
            while n >= v:
                s, n = s + r, n - v
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """List numbers as Word shows them: counters per abstract list, levels reset below the one used."""

    def __init__(self, root) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, {ilvl: start override})
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> {start, fmt, text}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in an.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                levels[ilvl] = {"start": int(_val(lvl.find(W + "start"), "1") or 1),
                                "fmt": _val(lvl.find(W + "numFmt"), "decimal"),
                                "text": _val(lvl.find(W + "lvlText"), "")}
            self.levels[an.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            overrides = {}
            for ov in num.iter(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    overrides[int(ov.get(W + "ilvl", "0"))] = int(_val(so, "1") or 1)
            self.nums[num.get(W + "numId")] = (_val(num.find(W + "abstractNumId")), overrides)

    def marker(self, num_id: str | None, ilvl: int) -> tuple[str, bool] | None:
        """(marker, is a bullet) for the next paragraph of list `num_id` at level `ilvl`."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ("-", True)
        if lvl["fmt"] == "bullet":
            return ("-", True)
        counts = self.counters.setdefault(aid, [None] * 10)
        if (num_id, ilvl) not in self.started and ilvl in overrides:
            counts[ilvl] = overrides[ilvl] - 1
        self.started.add((num_id, ilvl))
        counts[ilvl] = (counts[ilvl] if counts[ilvl] is not None else lvl["start"] - 1) + 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = None

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, {"start": 1, "fmt": "decimal"})
            n = counts[k] if counts[k] is not None else lv["start"]
            return _fmt(n, lv["fmt"])

        text = re.sub(r"%(\d)", sub, lvl["text"]).strip()
        return (text, False) if text else None


class _Reader:
    def __init__(self, doc) -> None:
        self.styles = _Styles(doc.styles.element)
        try:
            numbering = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        self.numbering = _Numbering(numbering)
        self.out = Lines(flow=True)
        self.paragraphs = 0
        self.gaps: dict = {}  # paragraph -> whether space parts it from the one before (see _gaps)

    # ------------------------------------------------------------ text of a paragraph

    def _run_bold(self, r, para_style: str | None) -> bool:
        rpr = r.find(W + "rPr")
        if rpr is not None:
            b = rpr.find(W + "b")
            if b is not None:
                return _on(b)
            rs = _val(rpr.find(W + "rStyle"))
            if rs:
                sb = self.styles.first(rs, "bold")
                if sb is not None:
                    return sb
        return bool(self.styles.first(para_style, "bold"))

    def _runs(self, el, para_style, segs: list, boxes: list) -> None:
        for c in el:
            tag = c.tag
            if tag == W + "r":
                b = self._run_bold(c, para_style)
                for x in c:
                    t = x.tag
                    if t == W + "t":
                        segs.append((x.text or "", b))
                    elif t in (W + "tab", W + "ptab"):
                        segs.append(("\t", b))
                    elif t == W + "br" and x.get(W + "type") not in ("page", "column"):
                        segs.append(("\n", False))
                    elif t == W + "cr":
                        segs.append(("\n", False))
                    elif t == W + "noBreakHyphen":
                        segs.append(("-", b))
                    elif t == W + "sym":
                        code = x.get(W + "char", "")
                        ch = chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,5}", code) else ""
                        segs.append((ch if ch and not 0xE000 <= ord(ch) <= 0xF8FF else "", b))
                    elif t in (W + "drawing", W + "pict", MC + "AlternateContent", W + "object"):
                        boxes.extend(_text_boxes(x))
            elif tag in _WALK_INTO:
                self._runs(c, para_style, segs, boxes)
            elif tag == MC + "AlternateContent":
                choice = c.find(MC + "Choice")
                if choice is not None:
                    self._runs(choice, para_style, segs, boxes)

    def _paragraph_lines(self, p, plain: bool = False) -> tuple[list[str], str | None, list]:
        ppr = p.find(W + "pPr")
        style = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        segs: list[tuple[str, bool]] = []
        boxes: list = []
        self._runs(p, style, segs, boxes)
        from .markup import bold

        lines: list[list[tuple[str, bool]]] = [[]]
        for text, b in segs:
            parts = text.split("\n")
            for k, part in enumerate(parts):
                if k:
                    lines.append([])
                lines[-1].append((part, b and not plain))
        return [bold(x) for x in lines], style, boxes

    # ------------------------------------------------------------ body

    def paragraph(self, p, location: str | None = None) -> None:
        if location is None:
            self.paragraphs += 1
            location = f"paragraph {self.paragraphs}"
        ppr = p.find(W + "pPr")
        lines, style, boxes = self._paragraph_lines(p)
        heading = self.styles.heading(style)
        outline = _val(ppr.find(W + "outlineLvl")) if ppr is not None else None
        if outline is not None and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1
        num = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(num.find(W + "numId")), _val(num.find(W + "ilvl"), None)) if num is not None else (None, None)
        if num_id is None or ilvl is None:
            sn = self.styles.first(style, "num")
            if sn:
                num_id = num_id or sn[0]
                ilvl = ilvl if ilvl is not None else sn[1]
        level = int(ilvl) if ilvl and str(ilvl).isdigit() else 0
        for st in self.styles.chain(style):  # `List Bullet 2`: the second level, whatever its ilvl says
            m = _LIST_STYLE.match(st["name"])
            if m:
                level = max(level, int(m.group(1)) - 1)
                break
        has_text = any(s.strip() for s in lines)
        mark = self.numbering.marker(num_id, level) if has_text else None
        if heading and has_text:
            self.out.paragraph(lines, location, heading=heading, marker=mark[0] if mark else None)
        elif mark:
            self.out.paragraph(lines, location, marker=mark[0], level=level)
        else:
            self.out.paragraph(lines, location, gap=self.gaps.get(p))
        for box in boxes:
            for bp in box.iter(W + "p"):
                self.paragraph(bp, f"text box in {location}")

    def table(self, tbl) -> None:
        n = self.out.tables + 1
        rows = []
        for tr in tbl.iter(W + "tr"):
            if _parent_table(tr) is not tbl:
                continue  # a row of a table inside a cell: read with that cell
            cells = []
            for tc in tr.iter(W + "tc"):
                if _nearest(tc, W + "tr") is not tr:
                    continue
                tcpr = tc.find(W + "tcPr")
                vm = tcpr.find(W + "vMerge") if tcpr is not None else None
                if vm is not None and vm.get(W + "val", "continue") == "continue":
                    cells.append([])  # the rest of a cell merged with the one above
                    continue
                cell: list[str] = []
                for p in tc.iter(W + "p"):
                    if _nearest(p, MC + "Fallback", stop=tc) is not None:
                        continue  # the copy of a text box for old readers
                    lines, _, _ = self._paragraph_lines(p, plain=True)
                    cell.extend(s for s in lines if s.strip())
                cells.append(cell)
            rows.append(cells)
        self.out.table(rows, lambda i: f"table {n}, row {i + 1}")

    def body(self, el) -> None:
        self.gaps = self._gaps(el)
        for c in _body_blocks(el):
            if c.tag == W + "p":
                self.paragraph(c)
            else:
                self.table(c)

    def _plain(self, p) -> bool:
        """A paragraph of text: not a heading, not in a list, not empty."""
        if not any((t.text or "").strip() for t in p.iter(W + "t")):
            return False
        ppr = p.find(W + "pPr")
        if ppr is None:
            return True
        style = _val(ppr.find(W + "pStyle"))
        return not (self.styles.heading(style) or ppr.find(W + "outlineLvl") is not None
                    or ppr.find(W + "numPr") is not None or self.styles.first(style, "num"))

    def _gaps(self, el) -> dict:
        return spaced((c, self.styles.spacing(c.find(W + "pPr")) if c.tag == W + "p" and self._plain(c) else None)
                      for c in _body_blocks(el))


def _body_blocks(el):
    """The paragraphs and tables of the body in order, also those inside content controls and changes."""
    for c in el:
        tag = c.tag
        if tag in (W + "p", W + "tbl"):
            yield c
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
            yield from _body_blocks(c)
        elif tag == MC + "AlternateContent":
            choice = c.find(MC + "Choice")
            if choice is not None:
                yield from _body_blocks(choice)


def _nearest(el, tag: str, stop=None):
    """The nearest ancestor of `el` with `tag` (below `stop`), or None."""
    p = el.getparent()
    while p is not None and p is not stop and p.tag != tag:
        p = p.getparent()
    return None if p is stop else p


def _parent_table(el):
    return _nearest(el, W + "tbl")


def _text_boxes(el) -> list:
    """The text boxes in a drawing, once each (not the copy in mc:Fallback)."""
    out = []
    for box in el.iter(W + "txbxContent"):
        p, fallback = box.getparent(), False
        while p is not None and p is not el.getparent():
            if p.tag == MC + "Fallback":
                fallback = True
                break
            p = p.getparent()
        if not fallback:
            out.append(box)
    return out


def read(data: bytes, source: str):
    """A .docx file's bytes to SourceText. Raises InputError."""
    try:
        from docx.opc.exceptions import PackageNotFoundError
        from docx.opc.part import PartFactory
        from docx.package import Package
        from docx.parts.document import DocumentPart
    except ImportError:
        raise InputError(source, "is a Word file, and reading Word files needs python-docx; "
                                 "install it (pip install python-docx) or save the minutes as .txt") from None
    import zipfile

    from lxml import etree

    for ct in _MACRO_TYPES:  # .docm, .dotx, .dotm have the same body as .docx
        PartFactory.part_type_for.setdefault(ct, DocumentPart)
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
        doc = part.document
        reader = _Reader(doc)
        reader.body(doc.element.body)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, etree.XMLSyntaxError, EOFError, zlib_error()):
        raise InputError(source, "is a damaged Word file (a binary zip archive whose parts cannot be read); "
                                 "open it in Word and save it again, or save it as PDF or text") from None
    except (AttributeError, ValueError, TypeError, IndexError) as e:
        raise InputError(source, f"is a Word file that could not be read ({type(e).__name__}: {e}); "
                                 "save it again in Word, or save it as PDF or text") from None
    return reader.out.source_text(source, "docx")


def zlib_error():
    import zlib

    return zlib.error
