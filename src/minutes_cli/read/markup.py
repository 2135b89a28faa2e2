"""What the Word, OpenDocument and web-page readers share: writing their
paragraphs, lists and tables as the markdown-ish lines the clean stage reads,
each line with where it is in the original file.

- a heading: `## Title`
- a list paragraph: `- text`, `1. text` (indented two spaces a level)
- bold text: `**Tid** Fredagen den ...`; a paragraph in bold: `**Närvarande**`
- a table of labels and values (`Tid | ...`, `Närvarande | names`):
  `Tid: Fredagen ...`, and each further line of the value on a line of its own
- a table whose head names an owner or a due column: a markdown table
  (`| Åtgärd | Ansvarig | Klart |`), which the detect stage reads as tasks
- any other table: one line per row, the cells joined by `, `
  (`Anna Berg, Region Kronoberg, ordförande`)
- one blank line between paragraphs, and around a table
"""
from __future__ import annotations

import re

from ..errors import InputError

_LABEL_END = re.compile(r"[:：]\s*$")
_SENTENCE_END = re.compile(r"\w[.!?]$")
_ITEM_NO = re.compile(r"^(?:§\s*)?\d{1,3}(?:\.\d{1,2})*\.?$")


def _labels() -> set[str]:
    from .. import lexicon as lx

    words: set[str] = set(lx.PEOPLE_LABELS) | set(lx.STRONG_PEOPLE_LABELS)
    for name in ("TIME_LABELS", "PLACE_LABELS", "STOP_LABELS", "CHAIR_LABELS", "MINUTES_LABELS"):
        words |= {w.casefold() for w in getattr(lx, name, ())}
    words |= {"ordförande", "sekreterare", "justerare", "justeras", "protokollförare", "mötesordförande",
              "ärende", "beslut", "övriga", "övriga närvarande", "adjungerade", "gäster", "förhinder",
              "frånvarande", "närvarande", "datum", "tid", "plats", "lokal", "dnr", "diarienummer",
              "paragrafer", "närvarolista", "deltagare", "ej närvarande", "anmält förhinder", "kallade"}
    return words


def _task_columns() -> set[str]:
    from .. import lexicon as lx

    return set(lx.OWNER_COLUMNS) | set(lx.DUE_COLUMNS)


def bold(segments: list[tuple[str, bool]]) -> str:
    """Text runs (text, bold) to one line of text with `**bold**` parts."""
    merged: list[list] = []
    for text, b in segments:
        if not text:
            continue
        if merged and merged[-1][1] == b:
            merged[-1][0] += text
        else:
            merged.append([text, b])
    out = []
    for text, b in merged:
        core = text.strip()
        if b and re.search(r"\w", core):
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    return tidy("".join(out))


def tidy(s: str) -> str:
    """One line: runs of spaces to one space, of tabs to one tab (it parts a label from its value: `Övriga
    närvarande<tab>Malin Roos`), none at the ends, no stray `****`."""
    from .text import clean_chars

    s = re.sub(r" +", " ", re.sub(r" *\t[\t ]*", "\t", clean_chars(s))).strip()
    return s.replace("****", "").replace("** **", " ")


class Lines:
    """The lines a reader writes, with the location of each.

    `flow`: the blocks come from the document's structure, not from one paragraph each (Word and
    OpenDocument, where authors write a paragraph a line and leave no empty paragraphs): a blank line
    before and after a heading, a list, a table and a paragraph of several lines, and before a paragraph that
    begins in bold (`**Närvarande:**`, `**Beslut:**`); list entries that follow each other are one list. Between
    two paragraphs of plain text, the space the document leaves between them decides when the reader knows it
    (`gap`); else the paragraphs under a label paragraph are lines of its block (the names under
    `**Närvarande:**`) and any other paragraph is a block of its own. An empty paragraph is a blank line.
    Without `flow`, a blank line between every two paragraphs."""

    def __init__(self, flow: bool = False) -> None:
        self.lines: list[str] = []
        self.locations: list[str] = []
        self.tables = 0
        self.flow = flow
        self.last: str | None = None  # the kind of the last paragraph written (see _kind)
        self.under_label = False  # the open block began with a label paragraph

    def add(self, text: str, location: str) -> None:
        for part in text.split("\n"):
            self.lines.append(part)
            self.locations.append(location)

    def blank(self, location: str = "") -> None:
        if self.lines and self.lines[-1].strip():
            self.add("", location or self.locations[-1])

    def paragraph(self, lines: list[str], location: str, heading: int = 0, marker: str | None = None,
                  level: int = 0, gap: bool | None = None) -> None:
        """A paragraph (its lines are the soft line breaks in it) as a heading, a list entry or text. `gap`:
        whether the document leaves space between it and the paragraph before (None: not known)."""
        lines = [tidy(s) for s in lines]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            self.blank(location)
            self.last = None
            return
        kind = _kind(lines, heading, marker)
        if not self.flow or not self._same_block(kind, gap, lines[0]):
            self.blank(location)
            self.under_label = kind == "label"
        self.last = kind
        if heading:
            # a heading is one line; the clean stage reads no heading over two lines
            text = " ".join(s for s in lines if s).replace("**", "")
            if marker and marker != "-":
                text = f"{marker} {text}"
            self.add(f"{'#' * min(heading, 6)} {text}", location)
            return
        if marker:
            indent = "  " * level
            self.add(f"{indent}{marker} {lines[0]}", location)
            for s in lines[1:]:
                self.add(f"{indent}  {s}" if s else "", location)
            return
        for s in lines:
            self.add(s, location)

    def _same_block(self, kind: str, gap: bool | None, text: str) -> bool:
        """Does a paragraph of `kind` go on the block before it (no blank line between)? Under a label, a
        sentence (`... öppnade mötet.`) is not an entry of its list: it begins a block. With nothing said by
        the spacing, a paragraph that goes on in lower case is a sentence broken by Enter."""
        if kind == "list" or self.last == "list":
            return kind == self.last
        if kind != "text" or self.last not in ("text", "label"):
            return False
        if gap is not None:
            return not gap
        return text[:1].islower() or (self.under_label and not _sentence(text))

    def table(self, rows: list[list[list[str]]], location, header: bool | None = None) -> None:
        """A table: rows of cells, each cell a list of lines. `location(i)` says where row i (0-based) is.
        One column is lines; two with labels in the first are `Label: value` lines; a table of tasks stays
        a table; any other is one line a row."""
        self.tables += 1
        self.last = None
        rows = [[[tidy(s).replace("**", "") for s in cell if tidy(s)] for cell in row] for row in rows]
        keep = [i for i, r in enumerate(rows) if any(r)]
        if not keep:
            return
        width = max(len(r) for r in rows)
        cols = [c for c in range(width) if any(c < len(r) and r[c] for r in rows)]
        grid = [([r[c] if c < len(r) else [] for c in cols], i) for i, r in enumerate(rows) if i in keep]
        self.blank(location(grid[0][1]))
        if len(cols) == 1:
            self._column(grid, location)
        elif len(cols) == 2 and _label_table(grid, _labels()):
            self._label_rows(grid, location)
        elif _task_table(grid[0][0]):
            self._task_rows(grid, location)
        else:
            self._row_lines(grid, location)
        self.blank(location(grid[-1][1]))

    def _column(self, grid, location) -> None:
        for (cell,), i in grid:
            self.blank(location(i))
            for s in cell:
                self.add(s, location(i))

    def _label_rows(self, grid, location) -> None:
        for (label, value), i in grid:
            self.blank(location(i))
            name = " ".join(label).rstrip(" :：")
            if name and value:
                self.add(f"{name}: {value[0]}", location(i))
                for s in value[1:]:
                    self.add(s, location(i))
            else:
                for s in label + value:
                    self.add(s, location(i))

    def _task_rows(self, grid, location) -> None:
        for k, (cells, i) in enumerate(grid):
            self.add("| " + " | ".join(" ".join(c).replace("|", "/") for c in cells) + " |", location(i))
            if k == 0:
                self.add("|" + "---|" * len(cells), location(i))

    def _row_lines(self, grid, location) -> None:
        for cells, i in grid:
            texts = [" ".join(c) for c in cells]
            if texts[0] and _ITEM_NO.match(texts[0]) and len(texts) > 1:
                no = texts.pop(0)
                texts[0] = f"{no if no.endswith('.') or no.startswith('§') else no + '.'} {texts[0]}".strip()
            self.add(", ".join(t for t in texts if t), location(i))

    def source_text(self, source: str, kind: str, warnings: list[str] | None = None):
        from . import SourceText

        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
            self.locations.pop()
        if not any(s.strip() for s in self.lines):
            raise InputError(source, f"holds no text ({kind}); there are no minutes to read")
        return SourceText(source, tuple(self.lines), kind, tuple(warnings or ()), tuple(self.locations))


def spaced(paragraphs) -> dict:
    """Where space parts blocks: `paragraphs` are (paragraph, spacing) in the order of the body, spacing
    (style, space before, space after in points, contextual spacing) for a paragraph of text and None for
    anything else. For each paragraph of text right after another: is there more space between them than
    between any other two? Empty when the space is the same throughout (then it says nothing)."""
    gaps: dict = {}
    prev = None
    for p, cur in paragraphs:
        if prev and cur:
            same = prev[0] == cur[0]  # contextual spacing: none between paragraphs of one style
            gaps[p] = (0 if same and prev[3] else prev[2]) + (0 if same and cur[3] else cur[1])
        prev = cur
    if len(set(gaps.values())) < 2:
        return {}
    least = min(gaps.values())
    return {p: g > least + 2 for p, g in gaps.items()}


def _sentence(s: str) -> bool:
    """A sentence, not an entry of a list of names (`Anna Berg, ordf.`): ends in a full stop, over six words."""
    return bool(_SENTENCE_END.search(s)) and len(s.split()) > 6


def _kind(lines: list[str], heading: int, marker: str | None) -> str:
    """What a paragraph is, for where blocks begin: heading, list, several (lines), label (begins in bold), text."""
    if heading:
        return "heading"
    if marker:
        return "list"
    if len(lines) > 1:
        return "several"
    return "label" if lines[0].startswith("**") else "text"


def _label_table(grid, labels: set[str]) -> bool:
    """Two columns with labels in the first (`Tid`, `Plats`, `Närvarande:`)."""
    firsts = [" ".join(cells[0]).strip() for cells, _ in grid if cells[0]]
    if not firsts:
        return False
    known = sum(1 for f in firsts if f.casefold().rstrip(" :：") in labels or (_LABEL_END.search(f) and len(f) < 40))
    return known * 2 >= len(firsts)


def _task_table(head: list[list[str]]) -> bool:
    names = [" ".join(c).casefold().strip(" :") for c in head]
    return any(n in _task_columns() for n in names)
