"""Read PDF minutes that have a text layer, with pdfminer.six.

pdfminer gives every character with its position and font; the lines are
built here from those positions, so that the reading order is the order on
the page, whatever order the PDF stores its text in:

- Characters are grouped into lines by their height on the page, and a line
  into segments where a wide gap separates them (table columns, a label and
  its value).
- Page furniture is removed: page numbers (`Sida 4 av 4`, `4 (4)`, `- 4 -`)
  and lines that repeat at the top or bottom of the pages (an organisation's
  name, the title of the minutes).
- A label beside its value (`Tid        Fredagen den ...`, `Närvarande  name`
  with more names under it) becomes `Tid: Fredagen ...`; a label set beside
  the middle of its block of names is moved to the top of the block.
- A wider gap between lines is a paragraph break (a blank line); a word split
  by a hyphen at the end of a line is joined; lines in a larger font are
  headings (`#`, `##`), lines in bold are `**bold**`; bullet glyphs become `- `.
- A PDF with no text (a scan) or text that cannot be decoded, and one that
  needs a password, is reported with what to do, not read as empty minutes.

Locations: `page 2, line 14`, the line counted from the top of the page
(running headers and footers included), as a reader counts on screen.
"""
from __future__ import annotations

import io
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError
from .markup import Lines, tidy

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$", re.I)
# ligatures to their letters; a soft hyphen is printed only where it breaks a word, as a hyphen
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st", "\u00ad": "-"}
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|§\s*\d+|[•●▪■◦‣∙·►\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06c\uf06e–-])$")
_BULLET_LINE = re.compile(r"^(\*\*)?([•●▪■◦‣∙·►–\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06c\uf06e])(\*\*)?\s+(\S.*)$")
_LIST_START = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|§\s*\d+|[-•])\s")
_PAGE_NO = re.compile(r"^(?:sida|page|s\.)?\s*\d{1,3}\s*(?:(?:av|of|/)\s*\d{1,3}|\(\s*\d{1,3}\s*\))?$|^-\s*\d{1,3}\s*-$", re.I)
_DIGITS = re.compile(r"\d+")
_WORD_PAIR = re.compile(r"\w\w")
_NON_WORD = re.compile(r"\W")
_HYPHEN_END = re.compile(r"(?<![\w-])(\w{3,})-$")  # `utred-`
_FIRST_WORD = re.compile(r"^(\w+[.,;:!?)]*)\s*(.*)$")
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp", "som", "till", "el", "o", "and", "or"}


@dataclass
class _Seg:
    x0: float
    x1: float
    text: str  # with **bold** marks
    plain: str  # without
    text_x: float | None = None  # where the text starts after a bullet or number


@dataclass
class _Line:
    page: int
    no: int  # 1-based line number on the page, from the top
    top: float  # distance from the top of the page
    base: float  # baseline, from the top
    size: float
    segs: list[_Seg]
    bold: bool = False  # every character in bold
    heading: int = 0
    out: str = ""  # what is written for it
    label_block: bool = False  # a value line of a label above it (or a label line)
    moved_label: str | None = None
    furniture: bool = False
    gap_before: float = 0.0
    table: int = 0  # the task table the line is a row of (1, 2, ...)
    head: bool = False  # the table's head row
    cells: list = field(default_factory=list)
    skip: bool = False  # read into the row above (a cell's text over two lines)
    brk: bool = False  # more space above than between the lines of a paragraph

    @property
    def plain(self) -> str:
        return " ".join(s.plain for s in self.segs)

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def text_x(self) -> float:
        """Where the text starts, after a bullet or number."""
        return self.segs[0].text_x if self.segs[0].text_x is not None else self.segs[0].x0


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname.split("+")[-1]))


def _chars(layout, out: list, counts: dict) -> None:
    """Every character on the page (also inside figures), and how many images and unreadable glyphs."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    for item in layout:
        if isinstance(item, LTChar):
            t = item.get_text()
            if t.startswith("(cid:"):
                counts["cid"] += 1
                t = "\ufffd"
            t = _LIGATURES.get(t, t)
            if not item.upright:
                counts["rotated"] += 1 if t.strip() else 0
                continue
            out.append((item.x0, item.x1, item.y0, item.y1, t, item.size, _is_bold(item.fontname or "")))
        elif isinstance(item, LTImage):
            counts["images"] += 1
        elif isinstance(item, LTContainer):
            _chars(item, out, counts)


def _lines_of(chars: list, page_no: int, height: float) -> list[_Line]:
    """Group a page's characters into lines (by height on the page) and segments (by wide gaps)."""
    ink = sorted(_unique(chars), key=lambda c: (-(c[2] + c[3]) / 2, c[0]))
    lines = [ln for cs in _rows(ink) if (ln := _line(cs, page_no, height)) is not None and ln.segs]
    lines.sort(key=lambda ln: ln.top)
    for i, ln in enumerate(lines, 1):
        ln.no = i
    return lines


def _unique(chars: list) -> list:
    """Without the characters printed twice at the same place (fake bold, shadows)."""
    seen = set()
    uniq = []
    for c in chars:
        key = (c[4], round(c[0]), round(c[2]))
        if key not in seen:
            seen.add(key)
            uniq.append(c)
    return uniq


def _rows(ink: list) -> list[list]:
    """Characters sorted from the top of the page down, grouped into rows by the middle of their height."""
    groups: list[list] = []  # [middle, size, characters]
    for c in ink:
        mid = (c[2] + c[3]) / 2
        size = max(c[5], 1.0)
        if groups and abs(mid - groups[-1][0]) <= 0.45 * min(size, groups[-1][1]):
            groups[-1][2].append(c)
        else:
            groups.append([mid, size, [c]])
    return [cs for _, _, cs in groups]


def _line(cs: list, page_no: int, height: float) -> _Line | None:
    """A row of characters to a line of segments; None for a row of spaces."""
    cs.sort(key=lambda c: c[0])
    visible = [c for c in cs if c[4].strip()]
    if not visible:
        return None
    size = statistics.median([c[5] for c in visible])
    segs = _merge_list_mark(_split(cs, size))
    top = height - max(c[3] for c in visible)
    base = height - min(c[2] for c in visible)
    bold = all(c[6] for c in visible if c[4].strip().isalnum()) and any(c[4].isalnum() for c in visible)
    return _Line(page_no, 0, top, base, size, [s for s in segs if s.plain], bold)


def _split(cs: list, size: float) -> list[_Seg]:
    """A row's characters, left to right, to segments where a wide gap parts them, with spaces where words
    break."""
    segs: list[_Seg] = []
    runs: list[tuple[str, bool | None]] = []  # (text, bold) of the open segment; None: a space
    x0 = x1 = 0.0
    prev = None
    spaced = False
    for c in cs:
        if not c[4].strip():
            spaced = True  # an explicit space; where words break is decided by the gaps too
            continue
        if prev is not None:
            gap = c[0] - prev[1]
            if gap > max(1.6 * size, 12.0) or gap > 0.8 * size and not segs and _is_label_text(runs):
                segs.append(_segment(runs, x0, x1))
                runs = []
            elif spaced or gap > 0.18 * size:
                runs.append((" ", None))
        if not runs:
            x0 = c[0]
        x1 = c[1]
        runs.append((c[4], c[6]))
        prev, spaced = c, False
    if runs:
        segs.append(_segment(runs, x0, x1))
    return segs


def _merge_list_mark(segs: list[_Seg]) -> list[_Seg]:
    """A bullet or number and its text, parted by a tab: one segment."""
    if len(segs) >= 2 and _LIST_MARK.match(segs[0].plain):
        a, b = segs[0], segs[1]
        segs[:2] = [_Seg(a.x0, b.x1, f"{a.text} {b.text}", f"{a.plain} {b.plain}", b.x0)]
    return segs


def _is_label_text(runs: list) -> bool:
    """Is the text so far on the line a label (`Närvarande`, `Plats`)? Then a smaller gap parts it from its value."""
    text = "".join(t if b is not None else " " for t, b in runs).strip().rstrip(":").casefold()
    return 2 < len(text) < 40 and text in _label_words()


def _segment(runs: list, x0: float, x1: float) -> _Seg:
    """Characters of a segment, (text, bold) each, to text with **bold** marks; a space takes the boldness
    of the text around it."""
    from .markup import bold

    out: list[tuple[str, bool]] = []
    for k, (t, b) in enumerate(runs):
        if b is None:
            before = out[-1][1] if out else False
            after = runs[k + 1][1] if k + 1 < len(runs) else False
            b = bool(before and after)
        out.append((t, b))
    return _Seg(x0, x1, bold(out), tidy("".join(t for t, _ in out)))


def _mask(s: str) -> str:
    return _DIGITS.sub("#", s.casefold()).strip()


def _mark_furniture(pages: list[list[_Line]], heights: list[float]) -> None:
    """Page numbers, and lines that repeat at the same place at the top or bottom of the pages."""
    zones = [[ln for ln in lines if ln.top < 0.12 * h or ln.top > 0.88 * h] for lines, h in zip(pages, heights)]
    seen: dict[str, list[float]] = {}  # masked text -> where it stands on the pages, sorted
    for zone in zones:
        for ln in zone:
            seen.setdefault(_mask(ln.plain), []).append(ln.top)
    for tops in seen.values():
        tops.sort()
    need = max(2, (len(pages) + 1) // 2) if len(pages) >= 2 else 0  # pages a running line repeats on
    body = _common_size(_size_counts(ln for lines in pages for ln in lines))
    for zone, lines in zip(zones, pages):
        for ln in zone:
            if _is_furniture(ln, lines, seen, need, body):
                ln.furniture = True


def _is_furniture(ln: _Line, lines: list[_Line], seen: dict[str, list[float]], need: int, body: float) -> bool:
    text = ln.plain.strip()
    if _PAGE_NO.match(text) or (need and _repeats(ln, lines, seen) >= need):
        return True
    # a header or footer in small print at the very top or bottom
    return ln.size <= 0.85 * body and len(text) <= 80 and (ln is lines[0] or ln is lines[-1])


def _repeats(ln: _Line, lines: list[_Line], seen: dict[str, list[float]]) -> int:
    """On how many pages the line stands at the same place, as one of the first or last two lines."""
    if ln.no > 2 and ln.no < len(lines) - 1 or _BULLET_LINE.match(ln.plain) or _LIST_START.match(ln.plain):
        return 0
    tops = seen.get(_mask(ln.plain), [])
    near = tops[bisect_left(tops, ln.top - 7):bisect_right(tops, ln.top + 7)]
    return sum(1 for t in near if abs(t - ln.top) <= 6)


def _size(ln: _Line) -> float:
    return round(ln.size * 2) / 2


def _size_counts(lines, least: int = 0) -> Counter:
    """Font size (to the half point) -> how many characters of the lines are in it, a line counting as
    `least` characters at the fewest."""
    counts: Counter = Counter()
    for ln in lines:
        n = max(least, len(ln.plain))
        if n:
            counts[_size(ln)] += n
    return counts


def _common_size(chars: Counter) -> float:
    """The font size of most characters (the smallest of equals); 0.0 for none."""
    return max(sorted(chars), key=chars.__getitem__) if chars else 0.0


_LABEL_WORDS: set[str] = set()


def _label_words() -> set[str]:
    if not _LABEL_WORDS:
        from .markup import _labels

        _LABEL_WORDS.update(_labels())
    return _LABEL_WORDS


def _label_like(seg: _Seg, labels: set[str]) -> bool:
    t = seg.plain.strip()
    if not t or len(t) > 40 or len(t.split()) > 4 or not t[0].isalpha() or _DIGITS.search(t):
        return False
    if t[-1] in ".,;":
        return False
    bare = t.rstrip(" :").casefold()
    return bare in labels or t.endswith(":") or (seg.text.startswith("**") and seg.text.endswith("**"))


def _join_segments(segs: list[_Seg]) -> str:
    """A line of several segments not read as label and value: list marks joined by a space, cells by ', '."""
    out = ""
    for k, s in enumerate(segs):
        if not out:
            out = s.text
        elif _LIST_MARK.match(segs[k - 1].plain.strip()):
            out += " " + s.text
        elif out.rstrip().endswith(":"):
            out += " " + s.text
        else:
            out += ", " + s.text
    return out


def _page_layout(lines: list[_Line], labels: set[str]) -> None:
    """Write each line's text: labels beside their values, moved to the top of their block."""
    claimed_until = -1  # index of the last line that belongs to the current label's block
    value_x = None
    for i, ln in enumerate(lines):
        if ln.furniture or ln.table:
            continue
        if value_x is not None and (ln.brk or abs(ln.x0 - value_x) > 4):
            value_x = None
        if _is_label_line(ln.segs, labels):
            value_x = _label_beside(lines, i, claimed_until)
            claimed_until = i
        elif value_x is not None and len(ln.segs) == 1 and abs(ln.x0 - value_x) <= 4:
            ln.label_block = True  # a further line of the value
            claimed_until = i
            ln.out = ln.segs[0].text
        else:
            ln.out = _join_segments(ln.segs)
    for ln in lines:
        if ln.moved_label:
            ln.out = f"{ln.moved_label}: {ln.out}"


def _is_label_line(segs: list[_Seg], labels: set[str]) -> bool:
    """A label and its value beside it (`Tid      Fredagen den ...`)."""
    return len(segs) >= 2 and _label_like(segs[0], labels) and not _LIST_MARK.match(segs[0].plain)


def _label_beside(lines: list[_Line], i: int, claimed_until: int) -> float:
    """Write line i, a label and its value; returns the column of the value."""
    ln = lines[i]
    label = ln.segs[0].plain.rstrip(" :")
    rx = ln.segs[1].x0
    value = _join_segments(ln.segs[1:])
    run = _block_above(lines, i, claimed_until, rx)
    if run:
        run[-1].moved_label = label
        for up in run:
            up.label_block = True
        ln.out = value
    else:
        ln.out = f"{label}: {value}"
    ln.label_block = True
    return rx


def _block_above(lines: list[_Line], i: int, claimed_until: int, rx: float) -> list[_Line]:
    """A label beside the middle of its block: the lines just above at the value's column `rx`, not part of
    an earlier label's block, belong to it too (nearest first)."""
    k = i - 1
    run = []
    while k >= 0 and k > claimed_until and not lines[k + 1].brk:
        up = lines[k]
        if len(up.segs) != 1 or abs(up.x0 - rx) > 4 or up.label_block:
            break
        run.append(up)
        k -= 1
    return run


def _column(seg: _Seg, anchors: list[float]) -> int | None:
    """The column of a table whose left edges are `anchors` that holds the segment (None: it spills over)."""
    for k, x in enumerate(anchors):
        nxt = anchors[k + 1] if k + 1 < len(anchors) else float("inf")
        if x - 6 <= seg.x0 < nxt - 6:
            return k if seg.x1 <= nxt + 2 else None
    return None


def _task_tables(lines: list[_Line], first_id: int) -> int:
    """Tables whose head names an owner or due column (`Vad | Vem | När`): their rows become markdown table
    rows, which the detect stage reads as tasks; a cell over two lines is read into its row. Returns the
    number of tables found."""
    from .markup import _task_columns

    names = _task_columns()
    found = 0
    i = 0
    while i < len(lines):
        end = _task_table(lines, i, first_id + found + 1) if _names_task_column(lines[i], names) else None
        if end is None:
            i += 1
        else:
            found += 1
            i = end
    return found


def _names_task_column(ln: _Line, names: set[str]) -> bool:
    return len(ln.segs) >= 2 and any(s.plain.casefold().strip(" :*") in names for s in ln.segs)


def _task_table(lines: list[_Line], i: int, tid: int) -> int | None:
    """The table `tid` whose head is line i: its rows as table rows. Returns the index of the line after it;
    None (and the head left as it was) when no row follows the head."""
    ln = lines[i]
    anchors = [s.x0 for s in ln.segs]
    ln.table, ln.head, ln.cells = tid, True, [[s.plain] for s in ln.segs]
    rows = [ln]
    row_gap = 3.2 * max(ln.size, 1.0)  # the spacing of the rows, once one is seen
    j = i + 1
    while j < len(lines):
        nx = lines[j]
        cols = [_column(s, anchors) for s in nx.segs]
        if None in cols or nx.gap_before > row_gap or nx.heading:
            break
        if len(rows) == 1:
            row_gap = nx.gap_before * 1.25 + 0.5
        _add_to_table(rows, nx, cols, len(anchors), tid)
        j += 1
    if len(rows) < 2:
        ln.table, ln.head, ln.cells = 0, False, []
        return None
    for r in rows:
        r.out = "| " + " | ".join(" ".join(c).replace("|", "/") for c in r.cells) + " |"
    return j


def _add_to_table(rows: list[_Line], nx: _Line, cols: list[int], width: int, tid: int) -> None:
    """Line `nx`, whose segments stand in columns `cols`: a new row, or more text of the cells of the last."""
    if cols[0] == 0 and (len(nx.segs) > 1 or width == 1 or not _continues_cell(rows[-1], nx)):
        nx.table, nx.cells = tid, [[] for _ in range(width)]
        rows.append(nx)
    else:
        nx.table, nx.skip = tid, True
    for s, k in zip(nx.segs, cols):
        rows[-1].cells[k].append(s.plain)


def _continues_cell(row: _Line, nx: _Line) -> bool:
    """A line with text in the first column only, close below a row: the first cell going on."""
    return nx.gap_before <= 1.3 * max(nx.size, 1.0) and nx.segs[0].plain[:1].islower()


def _line_spacing(lines: list[_Line]) -> float:
    """The spacing of the lines of a paragraph, as a multiple of the font size: the smallest spacing that
    is common (paragraphs may be spaced more, and one-line paragraphs may be the most common)."""
    ratios = [round(b.gap_before / max(b.size, a.size, 1.0) * 20) / 20 for a, b in zip(lines, lines[1:])
              if b.page == a.page and 0.9 <= b.gap_before / max(b.size, a.size, 1.0) <= 4]
    if not ratios:
        return 1.25
    counts = Counter(ratios)
    common = sorted(r for r in counts if counts[r] + counts[r + 0.05] >= 2)
    # at most one and a half lines: more than that is paragraph spacing, even where every paragraph has one line
    return min(common[0] if common else min(ratios), 1.45)


def _headings(lines: list[_Line]) -> None:
    """Lines in a clearly larger font than the body are headings; the largest sizes are the top levels."""
    sizes = _size_counts(lines, least=1)
    if not sizes:
        return
    body = _common_size(sizes)
    big = sorted({_size(ln) for ln in lines if ln.size >= body * 1.15 and len(ln.plain) <= 160}, reverse=True)
    levels = {s: min(k + 1, 3) for k, s in enumerate(big)}
    for ln in lines:
        s = _size(ln)
        if s in levels and not ln.furniture and not ln.label_block and _WORD_PAIR.search(ln.plain):
            ln.heading = levels[s]


def _unhyphen(a: str, b: str) -> tuple[str, str] | None:
    """`... utred-` + `ning av ...` -> (`... utredning`, `av ...`); None when the hyphen stays
    (`kompetens- och`, `e-post`, `ABC-`)."""
    m = _HYPHEN_END.search(a)
    n = _FIRST_WORD.match(b)
    if not m or not n or not n.group(1)[0].islower() or m.group(1).isupper():
        return None
    if _NON_WORD.sub("", n.group(1)).casefold() in _KEEP_HYPHEN_BEFORE:
        return None
    return a[:-1] + n.group(1), n.group(2)


_PASSWORD = ("is a password-protected PDF; open it with the password and save or print a copy without one, "
             "then read that")


def _damaged(source: str, e: Exception) -> InputError:
    return InputError(source, f"is a damaged PDF ({type(e).__name__}); open it in a PDF reader and save "
                              "or print it to a new PDF, or save the minutes as text")


@dataclass
class _Pdf:
    """The pages read so far, and what was counted on them."""
    pages: list[list[_Line]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"cid": 0, "images": 0, "rotated": 0})
    empty_pages: list[int] = field(default_factory=list)  # pages of images only
    total: int = 0  # visible characters


def read(data: bytes, source: str):
    """A PDF file's bytes to SourceText. Raises InputError."""
    _need_pdfminer(source)
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warnings: list[str] = []
    pdf = _Pdf()
    _read_pages(_open(data, source), pdf, source, warnings)
    _check_text(pdf, source)
    warnings += _text_warnings(pdf, source)
    return _write(pdf.pages, pdf.heights, source, warnings, pdf.widths)


_PDFMINER = ("pdfminer.converter", "pdfminer.pdfdocument", "pdfminer.pdfinterp", "pdfminer.pdfpage",
             "pdfminer.pdfparser")


def _need_pdfminer(source: str) -> None:
    import importlib

    try:
        for name in _PDFMINER:
            importlib.import_module(name)
    except ImportError:
        raise InputError(source, "is a PDF, and reading PDFs needs pdfminer.six; install it "
                                 "(pip install pdfminer.six) or save the minutes as .txt") from None


def _open(data: bytes, source: str):
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise InputError(source, _PASSWORD) from None
    except Exception as e:  # pdfminer raises many kinds for a damaged file
        if "encrypt" in str(e).lower() or "password" in str(e).lower() or type(e).__name__.startswith("PDFEncryption"):
            raise InputError(source, f"is an encrypted PDF that cannot be opened ({e}); save or print a copy "
                                     "without encryption, then read that") from None
        raise _damaged(source, e) from None


def _read_pages(doc, pdf: _Pdf, source: str, warnings: list[str]) -> None:
    """Every page into `pdf`; a damaged page ends the reading, with a warning when pages were read before it."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=None)
    interp = PDFPageInterpreter(rsrc, device)
    try:
        for page_no, page in enumerate(PDFPage.create_pages(doc), 1):
            interp.process_page(page)
            _add_page(pdf, device.get_result(), page_no)
    except PDFPasswordIncorrect:
        raise InputError(source, _PASSWORD) from None
    except Exception as e:
        if not pdf.pages:
            raise _damaged(source, e) from None
        warnings.append(f"{source}: the PDF is damaged after page {len(pdf.pages)} ({type(e).__name__}); "
                        "the pages before were read")


def _add_page(pdf: _Pdf, layout, page_no: int) -> None:
    chars: list = []
    before = pdf.counts["images"]
    _chars(layout, chars, pdf.counts)
    visible = sum(1 for c in chars if c[4].strip())
    pdf.total += visible
    if not visible and pdf.counts["images"] > before:
        pdf.empty_pages.append(page_no)
    pdf.heights.append(layout.height)
    pdf.widths.append(layout.width)
    pdf.pages.append(_lines_of(chars, page_no, layout.height))


def _check_text(pdf: _Pdf, source: str) -> None:
    """A PDF without text that can be read (a scan, fonts without letters) is an error, with what to do."""
    if not pdf.total:
        if pdf.counts["images"]:
            raise InputError(source, "is a scanned PDF: its pages are images with no text layer; run text "
                                     "recognition (OCR) on it first, e.g. `ocrmypdf in.pdf out.pdf`, and read the result")
        raise InputError(source, "is a PDF with no text in it; there are no minutes to read")
    if pdf.counts["cid"] > 0.3 * pdf.total:
        raise InputError(source, "is a PDF whose text cannot be decoded (its fonts map no characters to "
                                 "letters); run text recognition (OCR) on it, e.g. `ocrmypdf --force-ocr in.pdf "
                                 "out.pdf`, or save the original as .docx or text")


def _text_warnings(pdf: _Pdf, source: str) -> list[str]:
    """Text that was read only in part: undecodable characters, pages of images, rotated text."""
    counts, empty = pdf.counts, pdf.empty_pages
    warnings = []
    if counts["cid"]:
        warnings.append(f"{source}: {counts['cid']} characters of the PDF could not be decoded and are shown as \ufffd")
    if empty:
        warnings.append(f"{source}: page{'s' if len(empty) > 1 else ''} "
                        f"{', '.join(map(str, empty))} hold{'' if len(empty) > 1 else 's'} only images "
                        "(scanned?), no text; run text recognition (OCR) to read them")
    if counts["rotated"]:
        warnings.append(f"{source}: {counts['rotated']} characters of rotated text (a watermark or a note in the "
                        "margin?) were left out")
    return warnings


def _first_word_width(ln: _Line) -> float:
    seg = ln.segs[0]
    word = seg.plain.split()[0] if seg.plain.split() else ""
    return (seg.x1 - seg.x0) / max(len(seg.plain), 1) * (len(word) + 1)


def _goes_on(prev: _Line, ln: _Line, right: float) -> bool:
    """Is `ln` the same paragraph as `prev`, wrapped onto a new line? It is when the first word of `ln`
    would not have fitted at the end of `prev`."""
    if prev.heading or ln.heading or prev.table or ln.table or len(ln.segs) > 1 or ln.brk and ln.page == prev.page:
        return False
    if len(prev.segs) > 1 and abs(ln.x0 - prev.segs[-1].x0) > 4 and abs(ln.x0 - prev.text_x) > 4:
        return False  # only the last column of a line goes on (or the line wraps to its start)
    if ln.plain.strip(" :*").casefold() in _label_words():
        return False  # `Frånvarande` under a full line of names
    if _LIST_START.match(ln.out.lstrip("*")) or _BULLET_LINE.match(ln.out):
        # `- Hav` where the text of the line above starts: the words of a sentence, not a new entry
        if not (prev.page == ln.page and abs(ln.x0 - prev.text_x) <= 2 and ln.out[:1] in "-–"):
            return False
    return prev.segs[-1].x1 + _first_word_width(ln) > right - 1


def _span(first: _Line, last: _Line) -> str:
    if first is last:
        return _loc(first)
    if first.page == last.page:
        return f"page {first.page}, lines {first.no}-{last.no}"
    return f"page {first.page}, line {first.no} to page {last.page}, line {last.no}"


def _write(pages: list[list[_Line]], heights: list[float], source: str, warnings: list[str],
           widths: list[float] | None = None):
    _mark_furniture(pages, heights)
    flat = _body(pages)
    _headings(flat)
    writer = _Writer(_right_margin(flat, widths), _bullet_levels(flat))
    for ln in flat:
        if not ln.skip:
            writer.line(ln)
    return writer.out.source_text(source, "pdf", warnings)


def _body(pages: list[list[_Line]]) -> list[_Line]:
    """The lines of all pages that are not page furniture, with the gaps above them, the paragraph breaks,
    the task tables and the labels laid out."""
    labels = _label_words()
    bodies = [[ln for ln in lines if not ln.furniture] for lines in pages]
    for body in bodies:
        for a, b in zip(body, body[1:]):
            b.gap_before = b.base - a.base
    spacing = _line_spacing([ln for body in bodies for ln in body])
    tables = 0
    flat: list[_Line] = []
    for body in bodies:
        for a, b in zip(body, body[1:]):
            b.brk = b.gap_before > spacing * max(a.size, b.size) * 1.3 + 0.5
        tables += _task_tables(body, tables)
        _page_layout(body, labels)
        flat.extend(body)
    return flat


def _right_margin(flat: list[_Line], widths: list[float] | None) -> float:
    """Where the lines of the text end at the most."""
    singles = [ln.segs[-1].x1 for ln in flat if len(ln.segs) == 1] or [ln.segs[-1].x1 for ln in flat]
    right = max(singles) if singles else 0.0
    if flat and widths:
        # margins are mostly the same on both sides: a document of short lines does not reach its right margin
        right = max(right, min(widths) - min(ln.x0 for ln in flat))
    return right


def _bullet_levels(flat: list[_Line]) -> dict[int, int]:
    """Nested bullets: the further in a bullet stands, the deeper its level (left edge -> level)."""
    xs = sorted({round(ln.x0) for ln in flat if _BULLET_LINE.match(ln.out)})
    levels: dict[int, int] = {}
    for x in xs:
        below = [v for k, v in levels.items() if x - k <= 4]
        levels[x] = below[0] if below else len(set(levels.values()))
    return levels


class _Writer:
    """The lines of the pages, in reading order, to the lines of the text: a paragraph that goes on and a
    word split at the end of a line joined, headings as `#`, bullets as `- `, table rows, blank lines
    between paragraphs."""

    def __init__(self, right: float, bullet_levels: dict[int, int]) -> None:
        self.out = Lines()
        self.right = right
        self.bullet_levels = bullet_levels
        self.prev: _Line | None = None
        self.first: _Line | None = None  # the line that the last line written starts with
        self.hard = False  # the paragraph so far has a line that ends short of the margin: broken by hand

    def line(self, ln: _Line) -> None:
        prev = self.prev
        new_para = prev is not None and prev.page == ln.page and ln.brk
        if ln.table:
            self._table_row(ln)
            return
        if prev is not None and prev.table:
            self.out.blank(_loc(ln))
        if ln.heading:
            self._heading(ln, new_para)
        else:
            self._text(ln, new_para)

    def _open(self) -> bool:
        """Is there a line of text written that the next may go on?"""
        return self.prev is not None and bool(self.out.lines) and bool(self.out.lines[-1].strip())

    def _start(self, text: str, ln: _Line) -> None:
        self.out.add(text, _loc(ln))
        self.prev = self.first = ln

    def _extend(self, text: str, ln: _Line) -> None:
        """The last line written, now `text`, goes on to `ln`."""
        self.out.lines[-1] = text
        self.out.locations[-1] = _span(self.first, ln)
        self.prev = ln

    def _table_row(self, ln: _Line) -> None:
        if self.prev is None or self.prev.table != ln.table:
            self.out.blank(_loc(ln))
        self._start(ln.out, ln)
        if ln.head:
            self.out.add("|" + "---|" * len(ln.cells), _loc(ln))

    def _heading(self, ln: _Line, new_para: bool) -> None:
        text = ln.out.replace("**", "")
        prev, lines = self.prev, self.out.lines
        if prev is not None and prev.page == ln.page and prev.heading == ln.heading and not new_para \
                and _goes_on_heading(prev, self.right) and lines and lines[-1].startswith("#"):
            self._extend(lines[-1] + " " + text, ln)  # a heading over two lines is one heading
            return
        self.out.blank(_loc(ln))
        self._start("#" * ln.heading + " " + text, ln)

    def _text(self, ln: _Line, new_para: bool) -> None:
        prev = self.prev
        if new_para or (prev is not None and prev.heading):
            self.out.blank(_loc(ln))
            self.hard = False
        text, starts_item = self._bullet(ln)
        if starts_item:
            self.hard = False  # a list entry is a paragraph of its own
        ln.out = text
        if self._join(ln, text, new_para):
            return
        if self._open() and not new_para and not prev.heading and not starts_item:
            self.hard = True  # a line after one that was not full
        self._start(text, ln)

    def _bullet(self, ln: _Line) -> tuple[str, bool]:
        """The line's text with its bullet as `- ` at its level, and whether it starts a list entry."""
        text = ln.out
        m = _BULLET_LINE.match(text)
        if m:
            text = "  " * self.bullet_levels.get(round(ln.x0), 0) + "- " \
                + ("**" if m.group(1) and not m.group(3) else "") + m.group(4)
        return text, bool(m or _LIST_START.match(text.lstrip("*")))

    def _join(self, ln: _Line, text: str, new_para: bool) -> bool:
        """A word split by a hyphen at the end of the line, or a paragraph that goes on: one line."""
        prev, lines = self.prev, self.out.lines
        can = self._open()
        joined = _unhyphen(lines[-1], text) if can and not new_para and not prev.heading and not prev.table \
            and len(ln.segs) == 1 else None
        if joined:
            last = joined[0] + (" " + joined[1] if joined[1] else "")
        elif can and not self.hard and _goes_on(prev, ln, self.right):
            last = lines[-1] + " " + text
        else:
            return False
        self._extend(tidy(last.replace("** **", " ")), ln)
        return True


def _goes_on_heading(prev: _Line, right: float) -> bool:
    return prev.segs[-1].x1 >= right - 0.15 * max(right - 50.0, 100.0)


def _loc(ln: _Line) -> str:
    return f"page {ln.page}, line {ln.no}"
