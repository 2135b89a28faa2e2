"""Stage 2, clean: physical lines to blocks, with markup and debris removed.

A block is a heading, a list entry, a paragraph or a line of a fenced code
block. Markdown emphasis, links, HTML comments, page headers and footers
left by PDF extraction (`Sida 4 av 4`, a repeated organisation name in
capitals) and blank-line debris are removed; lines that a PDF or an editor
wrapped are joined. Each block keeps the line numbers it came from, and each
character of its text maps back to a line (`line_at`).
"""
from __future__ import annotations

import bisect
import functools
from itertools import compress
import re as std_re  # (the faster for a class of characters written out, where both read the same)
from dataclasses import dataclass

import regex as re

from .alternation import trie
from .lexicon import PAGE_MARKERS

# kinds of block
HEADING, PARA, BULLET, NUMBERED, CODE, QUOTE = "heading", "para", "bullet", "numbered", "code", "quote"
ROW, TABLE_HEAD = "row", "table_head"  # a row of a table, and the first row when it names the columns

# a tab and every space but " "; the invisible characters (soft hyphen, zero-width spaces and joiners, BOM).
# The stages that look for them (the header too) take these strings, so that the sets are written once.
ODD_SPACE_CHARS = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ODD_SPACE, _INVISIBLE_CHAR = ODD_SPACE_CHARS, INVISIBLE_CHARS  # (as the contents of a class)
_SPACES = std_re.compile(f"[ {_ODD_SPACE}]+")
_ODD_SPACES = std_re.compile(f"[{_ODD_SPACE}]|  ")  # where _SPACES changes something
_INVISIBLE = std_re.compile(f"[{_INVISIBLE_CHAR}]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<body>.+?)(\*\*|__)\*?\s*$")
_BOLD_OPEN, _BOLD_CLOSE = frozenset(("**", "__")), frozenset(("**", "__", "_*"))  # a bold line's first and last two
_EMPH = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_HEADING_MARKS = re.compile(r"^\s{0,3}(#{1,6})\s*")  # (the heading's text: see `_heading`)
# what `\s` of the regex module takes (str.isspace but the four separators \x1c-\x1f)
_WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_BULLET = re.compile(r"^(\s*)([-*+•·▪◦‣–]|\d+\))\s+(?:\[ \]\s+)?(.*)$")  # "- [ ] a task": its box dropped
_NUMBERED = re.compile(r"^(\s*)(\d{1,2})\.\s+(\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_RULE = re.compile(r"^\s*([-*_=]\s*){3,}$")
_PAGE = re.compile(r"^\s*(?:" + "|".join(PAGE_MARKERS) + r")\s*$", re.I)
_PAGE_AT_END = re.compile(r"^(.*?\S)\s{3,}(?:sida\s+)?\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+|/\s*\d+)\s*$", re.I)
_DASH_NUMBER = re.compile(r"^\s*[-–]\s*\d")  # `- 3 st`, `– 2023`: not a list point
_THREE_SPACES = std_re.compile(r"\s{3}")  # (re's \s takes every character regex's \s takes)
_NOT_MARK_END = frozenset(".,:;!?*|>`")  # a line that ends in one of these (or a letter) is no page marker
_CAPS_LINE = re.compile(r"^[\p{Lu}\d][\p{Lu}\d &.,\-–]{2,60}$")
_END_PUNCT = ".!?:;"
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_HARD_BREAK = re.compile(r"(?<!\\)\\\s*$")


# Not frozen, but hashed and compared by its fields as a frozen one is, and changed by no stage: a frozen
# dataclass sets each field through object.__setattr__, which made a block cost three times as much to make
# (a file's lines are about as many blocks). Make a changed block with dataclasses.replace.
@dataclass(unsafe_hash=True)
class Block:
    kind: str  # heading | para | bullet | numbered | code
    text: str  # cleaned text, wrapped lines joined with a space
    line: int  # first source line (1-based)
    end_line: int  # last source line
    level: int = 0  # heading level (1-6; 2 for a whole-line bold heading) or list indentation
    number: str | None = None  # the number of a numbered line ("3")
    starts: tuple[int, ...] = ()  # char offset in `text` where each joined source line starts
    lines: tuple[int, ...] = ()  # the source line of each of those offsets
    bold: bool = False  # the whole line was bold in the source
    cells: tuple[str, ...] = ()  # the cells of a table row

    def line_at(self, offset: int) -> int:
        """The source line that holds character `offset` of `text`."""
        if not self.starts:
            return self.line
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]


LOSABLE_LETTERS = "åäöÅÄÖéÉ§"  # letters an encoding may lose (U+FFFD stands for them)
_LOSABLE = re.compile("[" + LOSABLE_LETTERS + "]")


def alternation(words) -> str:
    """A regular-expression alternation of `words`, longest first, where a letter outside ASCII may also
    stand as U+FFFD (text whose encoding lost it: `N\ufffdrvarande` is `Närvarande`)."""
    return trie([_LOSABLE.sub(lambda m: "[" + m.group(0) + "\ufffd]", re.escape(w))
                 for w in sorted(set(words), key=lambda w: (-len(w), w))])


def losable(pattern: str) -> str:
    """A regular expression where each letter outside ASCII written as itself, outside a character class,
    may also stand as U+FFFD: `förslag` also finds `f\ufffdrslag` in text whose encoding lost its letters."""
    out: list[str] = []
    in_class = escaped = False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif not in_class and c in LOSABLE_LETTERS:
            out.append("[" + c + "\ufffd]")
            continue
        out.append(c)
    return "".join(out)


def lookup(table: dict, word: str, default=None):
    """`table[word]` by its case-folded key, where U+FFFD in `word` may stand for a letter outside ASCII."""
    key = word.casefold()
    if key in table or "\ufffd" not in key:
        return table.get(key, default)
    return next((v for k, v in table.items() if len(k) == len(key) and all(
        a == b or (b == "\ufffd" and _LOSABLE.match(a)) for a, b in zip(k, key))), default)


# what strip_markup may change: an invisible character, emphasis, a backslash, a tab or an odd space (one class,
# searched fast), a link or two spaces in a row (found faster by `in`); a line with none of these (most lines)
# only loses its outer blanks
_MARKUP_CHAR = std_re.compile(f"[{_INVISIBLE_CHAR}{_ODD_SPACE}*_\\\\]")


def strip_markup(s: str) -> str:
    """Remove markdown emphasis and links, invisible characters and odd spaces."""
    t = s.strip()  # (a blank stripped here may be an odd space or one of two: the rest of the line decides)
    if _MARKUP_CHAR.search(t) or "  " in t or "](" in t:
        return _strip_markup(s)
    return t


@functools.lru_cache(maxsize=4096)  # (a file of several meetings cleans each line again, once per meeting)
def _strip_markup(s: str) -> str:
    s = _INVISIBLE.sub("", s)
    if "](" in s:  # (each test before a pattern is what the pattern needs: most lines have none)
        s = _LINK.sub(r"\1", s)
    if "*" in s or "_" in s:
        s = _EMPH.sub("", s)
    s = s.replace("\\", "")
    return (_SPACES.sub(" ", s) if _ODD_SPACES.search(s) else s).strip()


def _drop_comments(lines: list[str]) -> list[str]:
    """Blank out HTML comments (also those over several lines), keeping line numbers."""
    if "<!--" not in "\n".join(lines):
        return lines
    out, inside = [], False
    for s in lines:
        if inside:
            if "-->" in s:
                inside = False
                s = s.split("-->", 1)[1]
            else:
                s = ""
        while "<!--" in s:
            head, rest = s.split("<!--", 1)
            if "-->" in rest:
                s = head + rest.split("-->", 1)[1]
            else:
                s, inside = head, True
        out.append(s)
    return out


def strip_debris(raw_lines) -> list[str]:
    """The physical lines with front matter, HTML comments, page markers and running headers/footers
    blanked (line numbers unchanged). Every later stage reads these lines."""
    lines = list(raw_lines)
    _, last = front_matter(lines)
    lines[:last] = [""] * last
    return _drop_page_debris(_inline_html(_drop_comments(lines)))


_HTML_TAG = re.compile(r"</?(?:h[1-6]|strong|b|em|i|u|li|ul|ol|p|div|span|br|hr|table|tr|td|th|font)\b[^>]*>", re.I)
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.I)
_HTML_ITEM = re.compile(r"^\s*<li\b[^>]*>(.*?)(?:</li>)?\s*$", re.I)
_HTML_BOLD = re.compile(r"<(strong|b)\b[^>]*>(.*?)</\1>", re.I)
# a character lost where a no-break space stood after a label's colon: "Datum:\ufffd2016-07-12"
_LOST_SPACE = re.compile(r"(?<=:(?:\*\*)?)\ufffd+(?=\S)")


def _inline_html(lines: list[str]) -> list[str]:
    """Markdown that carries inline HTML (`<h1>`, `<strong>Datum:</strong>`, `<li>`): headings, bold and list
    entries as Markdown, other tags and entities dropped. Lines of tables and files without such tags stay."""
    if "<" not in "\n".join(lines[:400]) or not any("<" in s and _HTML_TAG.search(s) for s in lines[:400]):
        return lines
    return [_html_line(s) if not s.lstrip().startswith("|") else s for s in lines]


def _html_line(s: str) -> str:
    if "<" not in s and "&" not in s and "\ufffd" not in s:
        return s  # (no tag, no entity, no lost space: most lines of such a file)
    import html  # (its table of entities: loaded only for a file with inline HTML)

    m = _HTML_HEADING.match(s)
    if m:
        s = "#" * int(m.group(1)) + " " + m.group(2)
    else:
        m = _HTML_ITEM.match(s)
        if m:
            s = "- " + m.group(1)
    s = _HTML_BOLD.sub(lambda b: "**" + b.group(2).strip() + "**", s)
    s = _LOST_SPACE.sub(" ", html.unescape(_HTML_TAG.sub("", s)))
    return s


_FRONT_OPEN = {"---": ("---", "..."), "+++": ("+++",)}
_FRONT_KEY = re.compile(r"^\s*([\w.-]{1,40})\s*[:=]\s*(.*?)\s*$")


_FRONT_WITHIN, _FRONT_MAX = 5, 200  # front matter opens within the first lines, and is read so far
#: The lines `front_matter` may read: a text split into no more than these gives the same front matter.
FRONT_LINES = _FRONT_WITHIN + _FRONT_MAX


def front_matter(lines) -> tuple[dict[str, str], int]:
    """YAML (`---`) or TOML (`+++`) front matter at the top of a file: its `key: value` pairs (keys in
    lower case, quotes removed) and the number of lines it takes; ({}, 0) when there is none."""
    first = next((i for i, s in enumerate(lines[:_FRONT_WITHIN]) if s.strip()), None)
    if first is None or lines[first].strip() not in _FRONT_OPEN:
        return {}, 0
    ends = _FRONT_OPEN[lines[first].strip()]
    out: dict[str, str] = {}
    key = None
    for i in range(first + 1, min(len(lines), first + _FRONT_MAX)):
        s = lines[i]
        if s.strip() in ends:
            return (out, i + 1) if out else ({}, 0)
        m = _FRONT_KEY.match(s)
        if m and not s[:1].isspace():
            key = m.group(1).casefold()
            out.setdefault(key, _front_value(m.group(2)))
        elif key and s.lstrip().startswith("- "):
            # a YAML list under its key: `deltagare:` then `  - Anna Ek`
            out[key] = ", ".join(v for v in (out.get(key), _front_value(s.lstrip()[2:])) if v)
        elif s.strip() and not s[:1].isspace() and not s.lstrip().startswith("#"):
            return {}, 0  # not key-value lines: a rule above the text, not front matter
    return {}, 0


def _front_value(v: str) -> str:
    """`"2023-03-14"` -> `2023-03-14`; `[Anna Ek, "Per Holm"]` -> `Anna Ek, Per Holm`."""
    v = v.strip()
    if v.startswith("[") and v.endswith("]"):
        return ", ".join(x.strip().strip("\"'") for x in v[1:-1].split(",") if x.strip())
    return v.strip("\"'")


def _drop_page_debris(lines: list[str]) -> list[str]:
    """Blank page markers (`Sida 4 av 4`, `2 (4)` at the end of a running header) and the running
    header or footer next to them: capitals beside a marker, and lines that stand again beside a later marker."""
    out = list(lines)
    marks = _page_marks(out)
    _drop_repeated_near(out, marks)
    for i in marks:
        if _PAGE.match(out[i]):
            out[i] = ""
        _drop_capitals_near(out, i)
    return out


def _page_marks(out: list[str]) -> list[int]:
    """The lines that are a page marker or end in one; such an end is cut off in `out`."""
    marks = []
    for i, s in compress(enumerate(out), out):  # (an empty line, a tenth to a half of them, is none: skipped in C)
        last = s.rstrip()[-1:]
        if not last or last.isalpha() or last in _NOT_MARK_END:
            continue  # (a page marker ends in a digit, a bracket or a dash)
        if _PAGE.match(s):
            marks.append(i)
        elif _THREE_SPACES.search(s):  # (what a marker at the end of a line stands after)
            m = _PAGE_AT_END.match(s)
            if m:
                marks.append(i)
                out[i] = m.group(1)  # keep the running title on its first page; repeats go below
    return marks


def _drop_repeated_near(out: list[str], marks: list[int]) -> None:
    """Blank the lines near a marker that stood already near an earlier one: a running header or footer."""
    near: dict[str, list[int]] = {}
    for i in marks:
        for j in range(max(0, i - 4), min(len(out), i + 5)):
            key = " ".join(out[j].split())
            if key and not _PAGE.match(out[j]):
                near.setdefault(key, []).append(j)
    for key, js in near.items():
        js = sorted(set(js))
        if len(js) >= 2 and len(key) < 120:
            for j in js[1:]:
                out[j] = ""


def _drop_capitals_near(out: list[str], i: int) -> None:
    """Blank a running header or footer in capitals within two non-blank lines of the marker at `i`."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(out) and seen < 2:
            s = out[j].strip()
            if s:
                seen += 1
                if _CAPS_LINE.match(s) and sum(c.isalpha() for c in s) >= 3:
                    out[j] = ""
            j += step


def _is_wrapped(lines: list[str]) -> bool:
    """True when the text was hard-wrapped (PDF, e-mail): many lines go on in lower case."""
    runs = goes_on = 0
    prev = ""
    after = -1  # the last line not empty
    for i, s in compress(enumerate(lines), lines):  # (empty lines skipped in C: each only ends a run)
        if i > after + 1:
            prev = ""
        after = i
        t = s.strip()
        if prev and t and (t[0].isalpha() or not _structural(s)):
            runs += 1
            if t[0].islower() and prev[-1] not in _END_PUNCT:
                goes_on += 1
        prev = t
    return goes_on >= 3 and goes_on >= 0.15 * max(runs, 1)


def _structural(s: str) -> bool:
    """A heading, a list entry or a line in bold (a line whose first character is a letter is none of these)."""
    return bool(_heading(s) or _BULLET.match(s) or _numbered(s) or _bold_line(s))


def _heading(s: str) -> tuple[str, str] | None:
    """A markdown heading's marks and text: `_HEADING`'s two groups, the text's end found by stripping from the
    end what the pattern's lazy `(.*?)` leaves to `\\s*#*\\s*$` (the pattern would try each character in turn)."""
    if "#" not in s:
        return None
    if "\n" in s:  # (no line of a file has one; `.` stops there)
        m = _HEADING.match(s)
        return (m.group(1), m.group(2)) if m else None
    m = _HEADING_MARKS.match(s)
    return (m.group(1), s[m.end():].rstrip(_WHITE).rstrip("#").rstrip(_WHITE)) if m else None


def _numbered(s: str):
    return _NUMBERED.match(s) if "." in s else None


def _bold_line(s: str):
    """`_BOLD_LINE`'s match, asked only of a line that begins and ends with its marks (a line with bold words
    in it made the pattern try each character for its end)."""
    if s.lstrip()[:2] in _BOLD_OPEN and s.rstrip()[-2:] in _BOLD_CLOSE:
        return _BOLD_LINE.match(s)
    return None


def blocks(raw_lines: tuple[str, ...] | list[str]) -> list[Block]:
    """Turn physical lines (after `strip_debris`) into blocks."""
    lines = list(raw_lines)
    b = _Builder(_is_wrapped(lines))
    in_code = False
    after = -1  # the last line not empty
    para, text_line = b.para, b.text_line  # (the open block's lines: flushed only when there are some)
    for idx, s in compress(enumerate(lines), lines):  # (empty lines skipped in C: each ends the open block)
        if idx > after + 1 and para and not in_code:
            b.flush()
        after = idx
        first = s.lstrip()[:1]  # (each pattern here needs its mark first on the line)
        if first.isalpha() and not in_code:  # (most lines) none of the marks
            if "\\" in s or (para and b.kind[0] == QUOTE):
                b.line(s, idx + 1)
            else:
                text_line(s, idx + 1)  # (what `line` comes to)
        elif first in _FENCE_MARKS and _FENCE.match(s):
            b.flush()
            in_code = not in_code
        elif in_code:
            b.code(s, idx + 1)
        elif not first:
            if para:  # (a line of blanks ends the open block)
                b.flush()
        else:
            b.marked(lines, idx, first)
    b.flush()
    return b.out


_FENCE_MARKS = frozenset("`~")
_PARA = (PARA, 0, None)  # kind, level and number of a paragraph


class _Builder:
    """Blocks built line by line: the open paragraph or list entry, and the blocks done."""

    def __init__(self, wrapped: bool):
        self.wrapped = wrapped
        self.out: list[Block] = []
        self.para: list[tuple[int, str]] = []  # (line number, cleaned text) of the open block
        self.kind: tuple = (PARA, 0, None)  # kind, level, number of the open block

    def flush(self) -> None:
        if not self.para:
            return
        kind, level, number = self.kind
        if len(self.para) == 1:  # (most blocks are one line)
            no, text = self.para[0]
            self.out.append(Block(kind, text, no, no, level, number, (0,), (no,)))
            self.para.clear()
            return
        text, starts, nos = "", [], []
        for no, t in self.para:
            if text:
                text += " "
            starts.append(len(text))
            nos.append(no)
            text += t
        self.out.append(Block(kind, text, self.para[0][0], self.para[-1][0], level, number, tuple(starts), tuple(nos)))
        self.para.clear()

    def setext(self, level: int) -> bool:
        """Make the one line of the open paragraph a heading; False when no such line is open."""
        if len(self.para) != 1 or self.kind[0] != PARA:
            return False
        no, t = self.para.pop()
        self.out.append(Block(HEADING, t, no, no, level, None, (0,), (no,)))
        return True

    def open(self, kind: tuple, no: int, t: str) -> None:
        self.flush()
        self.kind = kind
        if t:
            self.para.append((no, t))

    def code(self, s: str, no: int) -> None:
        t = _SPACES.sub(" ", s).strip()
        if t:
            self.out.append(Block(CODE, t, no, no, 0, None, (0,), (no,)))

    def table_row(self, s: str, no: int, head: bool) -> None:
        self.flush()
        if _TABLE_RULE.match(s):
            return
        cells = tuple(strip_markup(c) for c in s.strip().strip("|").split("|"))
        self.out.append(Block(TABLE_HEAD if head else ROW, " | ".join(c for c in cells if c), no, no, 0, None,
                              (0,), (no,), cells=cells))

    def quote(self, s: str, no: int) -> None:
        """Quoted text (a report read out): kept, but not the meeting's own words."""
        t = strip_markup(_QUOTE.sub("", s))
        if not t:
            self.flush()
        elif self.para and self.kind[0] == QUOTE:
            self.para.append((no, t))
        else:
            self.open((QUOTE, 0, None), no, t)

    def marked(self, lines: list[str], idx: int, first: str) -> None:
        """Line `idx`, which begins with `first`, neither a letter nor a fence: an underline, a rule, a table row,
        a quote, or else a line of its own."""
        s, no = lines[idx], idx + 1
        last = s.rstrip()[-1:]  # (an underline and a rule end in the marks they begin with)
        if first in "=-" and last in "=-" and _SETEXT.match(s) and self.setext(1 if "=" in s else 2):
            return  # `Praktiska frågor\n-----`: the line above is a heading
        if first in "-*_=" and last in "-*_=" and _RULE.match(s):
            self.flush()
        elif first == "|" and _TABLE_ROW.match(s):
            self.table_row(s, no, idx + 1 < len(lines) and bool(_TABLE_RULE.match(lines[idx + 1])))
        elif first == ">" and _QUOTE.match(s):
            self.quote(s, no)
        else:
            self.line(s, no)

    def line(self, s: str, no: int) -> None:
        if "\\" in s:
            s = _HARD_BREAK.sub("", s)  # `**Rekapitulering**\`: a Markdown line break, not text
        if self.para and self.kind[0] == QUOTE:
            self.flush()
        if not s.lstrip()[:1].isalpha():  # (a heading, a list entry or a number begins with a mark or a digit)
            self.listed(s, no)
        else:
            self.text_line(s, no)

    def listed(self, s: str, no: int) -> None:
        """A heading, a list entry or a numbered line; else a line of text."""
        m = _heading(s)
        if m:
            self.flush()
            t = strip_markup(m[1])
            if t:
                self.out.append(Block(HEADING, t, no, no, len(m[0]), None, (0,), (no,)))
            return
        m = _BULLET.match(s)
        if m and not _DASH_NUMBER.match(s):
            self.open((BULLET, len(m.group(1).expandtabs(4)), None), no, strip_markup(m.group(3)))
            return
        m = _NUMBERED.match(s)
        if m:
            self.open((NUMBERED, len(m.group(1).expandtabs(4)), m.group(2)), no, "")
            self.para.append((no, strip_markup(m.group(3))))
            return
        self.text_line(s, no)

    def text_line(self, s: str, no: int) -> None:
        t = strip_markup(s)
        para = self.para
        if not t:
            self.flush()
        elif ("**" in s or "__" in s) and _bold_line(s):  # a line in bold continues no block
            self.bold_line(t, no)
        elif para and _continues(para[-1][1], t, self.wrapped and self.kind[0] == PARA):
            para.append((no, t))
        else:
            if para:
                self.flush()
            self.kind = _PARA
            para.append((no, t))

    def bold_line(self, t: str, no: int) -> None:
        """A whole line in bold stands alone: a heading or a labelled line (a block of its own when short)."""
        self.flush()
        self.kind = _PARA
        if len(t) < 160:
            self.out.append(Block(PARA, t, no, no, 0, None, (0,), (no,), bold=True))
        else:
            self.para.append((no, t))


def _continues(prev: str, t: str, wrapped: bool) -> bool:
    """Does line `t` (not in bold) continue the block that ends with `prev`?"""
    if prev.endswith(","):
        return True
    if t[0].islower() or t[0] in "(&)":
        return True
    if wrapped and prev[-1] not in _END_PUNCT and len(prev) >= 40:
        return True
    if prev.count("(") > prev.count(")"):
        return True
    return False
