"""Stage 3, header: the meeting (date, time, place, chair, minutes taker, next
meeting) and its people (present, guest, absent).

People are read from the physical lines, because lists of names are laid out
line by line: `Närvarande:` with a name on each line, names after an
organisation (`Växjö: Anders Elingfors (ordf.) Per Sandberg`), entries that
wrap, and the PDF layout where the labels stand above their blocks of names.
"""
from __future__ import annotations

import re as std_re
from dataclasses import dataclass, field

import regex as re

from . import lexicon as lx
from . import header_shapes as shapes
from .clean import _EMPH, _INVISIBLE, INVISIBLE_CHARS, ODD_SPACE_CHARS, Block, alternation, FRONT_LINES, front_matter, lookup
from .header_search import Texts, at_start, hints
from .header_shapes import meeting_date
from .model import ABSENT, GUEST, PRESENT, NextMeeting, Participant
from .normalise_dates import has_digit, known_years
from .normalise_names import _close


_alts = alternation


_PEOPLE_LABEL = re.compile(r"^(?:följande\s+)?(?P<label>" + _alts(lx.PEOPLE_LABELS) + r")(?:\s*(?::|\s-\s|–|\s{2,}|\t)\s*(?P<rest>.*)|\s*)$"
                           r"|^(?P<strong>" + _alts([*lx.STRONG_PEOPLE_LABELS, *(w for w in lx.PEOPLE_LABELS if " " in w)])
                           + r")\s+(?P<names>(?-i:\p{Lu}).*)$", re.I)  # a label of two words is followed by names


def is_meta_line(s: str) -> bool:
    """A line of the header's labels (`Närvarande: …`, `Justerare …`, `Utses att justera …`), not minutes text."""
    return bool(_STOP_LABEL.match(s)) or people_label(s) is not None


def people_label(s: str) -> tuple[str, str] | None:
    """(status, what follows the label) for a line that labels a list of people."""
    m = _PEOPLE_LABEL.match(s)
    if not m:
        return None
    label = m.group("label") or m.group("strong")
    rest = (m.group("rest") or m.group("names") or "").strip()
    if rest and label.casefold() in lx.ALONE_PEOPLE_LABELS:
        return None
    # `Beslutande    Ledamöter    Tjänstgörande ersättare`: the columns of an attendance table, no names yet
    return lookup(lx.PEOPLE_LABELS, label), "" if _LABELS_ONLY.match(rest) else rest
_LABELS_ONLY = re.compile(r"^(?:(?:" + _alts([*lx.PEOPLE_LABELS, *lx.ATTENDANCE_COLUMNS]) + r")[\s:\x01]*)+$", re.I)
_PRESENT_AFTER = re.compile(lx.PRESENT_AFTER, re.I)
_PRESENT_AFTER_HINTS = hints(["närvarande"])  # `lx.PRESENT_AFTER` ends in it (tests/test_header_search.py)
_STOP_LABEL = re.compile(r"^(" + _alts(lx.STOP_LABELS) + r")\b\s*:?", re.I)
_PRESENT_LEAD = re.compile(r"(" + _alts(lx.PRESENT_LEADS) + r")[^:]*:\s*(.*)$", re.I)
_NAME_TOKEN = r"(?:\p{Lu}[\p{Ll}\p{Lu}'’]*(?:-\p{Lu}?[\p{Ll}]+)*\.?|\p{Lu}\.?|(?:von|van|af|de|der|la)\b)"
_PERSON = re.compile(r"^" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,3}$")
_NICK = re.compile(r"^[\p{Ll}\d][\w]{1,15}[,.]?$")  # a user name such as "nsg", "stellanl"
_BRACKETS = re.compile(r"\(([^()]*)\)")
_ROLE = re.compile(r"^(?:" + _alts(lx.ROLE_WORDS) + r")\b\.?", re.I)
_MINUTES_BY = re.compile(r"(?:^|\b)(" + _alts(lx.MINUTES_LABELS) + r")\b\s*[:,]?\s*(.+?)\.?$", re.I)
_CHAIR_BY = re.compile(r"^(" + _alts(lx.CHAIR_LABELS) + r")\b\s*:\s*(.+?)\.?$", re.I)
_KNOWN_PLACES = {p.casefold() for p in lx.PLACES}
_NAME_RUN = re.compile(_NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,3}")
_HANDLE = re.compile(r"^[\w-]{2,20}$")
_LETTER = re.compile(r"\p{L}")
_OFFICER_ABBREV_END = re.compile(r"\b(ordf|sekr)\.$")
_ITEM_START = re.compile(r"^\s*(\d{1,2}\.|§\s*\d)")
_HEADING_MARK = re.compile(r"^\s{0,3}#")
_ITEM_REF = re.compile(r"^(?:§|punkt|p\.)\s*\d", re.I)
_NAMES_SPLIT = re.compile(r",|\s+och\s+")
_SPACE_OR_STOP = re.compile(r"[\s,.]")
_WRITTEN_BY = re.compile(r"(?i)(anteckningar|mötesanteckningar|protokoll|vid protokollet)")


@dataclass
class Header(shapes.Fields):
    """The meeting's fields (from the header shapes) and its people."""
    next_meeting: NextMeeting | None = None
    participants: list[Participant] = field(default_factory=list)
    end_line: int = 0  # the last line the header (people lists) takes
    years: list[int] = field(default_factory=list)
    labelled_chair: str | None = None  # named by a label of the header (`Ordförande   Lisa Holm`), the last resort
    labelled_minutes_taker: str | None = None
    found: Texts | None = None  # the blocks' texts, to find the blocks a pattern may match (`Doc.found`)


# ---------------------------------------------------------------- people


@dataclass
class _Entry:
    raw: str
    line: int
    org: str | None = None


def _lines(raw_lines, text: str | None = None) -> list[str]:
    """Cleaned lines; an entry that goes on on the next line (open bracket, trailing comma) is joined
    onto its first line and the next line left blank-free but empty of text ("\x00"). `text`: the lines joined
    by "\n", when the caller has them so."""
    text = "\n".join(raw_lines) if text is None else text
    # a line is read unless blank (its unmarked form is blank too) or a code fence
    out = [t.strip() for t in _unmarked(raw_lines, text)]
    if any(fence in text for fence in _FENCES):
        out = [t if not s.lstrip().startswith(_FENCES) else "" for t, s in zip(out, raw_lines)]
    # the lines that may go on (a join changes only the line and the next, left "\x00": asked again in turn)
    for i in [i for i, s in enumerate(out[:-1]) if s and ("(" in s or s[-1] in _GOES_ON_ENDS)]:
        s = out[i]
        if s and out[i + 1] and ("(" in s or s[-1] in _GOES_ON_ENDS) and _goes_on(s, out[i + 1]) \
                and not _PEOPLE_LABEL.match(out[i + 1]) and _COLUMN_MARK not in s:
            out[i], out[i + 1] = s + " " + out[i + 1], _JOINED
    return out


def _unmarked(raw_lines, joined: str | None = None) -> list[str]:
    """Each line without its quote and list marks, leader dots and markup, a label's column gap as a colon and
    a gap between two columns as `_COLUMN_MARK`. Each pattern runs once over the whole text (none goes past
    the end of a line), and only over a text that has what it needs."""
    # a line starts after "\n": `^` with re.M is slow in `regex`
    text = "\n" + ("\n".join(raw_lines) if joined is None else joined)
    for pattern, by, needs in _LINE_MARKS:
        if not needs or any(n in text if isinstance(n, str) else n.search(text) for n in needs):
            text = pattern.sub(by, text)
    out = _markup_off(text).split("\n")[1:]
    if len(out) != len(raw_lines):  # a line with a line break in it (no reader gives one): a line at a time
        return [_unmarked([s.replace("\n", " ")])[0] for s in raw_lines]
    return out


def _markup_off(text: str) -> str:
    """`clean.strip_markup` of each line of `text` (without its strip, and the spaces that open a line left for
    the caller's strip), a pattern at a time over the whole text."""
    if any(c in text for c in INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if "](" in text:
        text = _LINK_IN_LINE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPH.sub("", text)
    # `clean._SPACES`: a run of spaces of any kind as one space
    text = text.replace("\\", "")
    if any(c in text for c in ODD_SPACE_CHARS):  # (few texts have one)
        text = _ODD_SPACE.sub(" ", text)
    return _SPACE_RUN.sub(" ", text)


def _goes_on(s: str, nxt: str) -> bool:
    """Does the entry on line `s` go on on the next line `nxt` (open bracket, trailing comma, open range)?"""
    if s.count("(") > s.count(")"):
        return True
    if s.endswith(","):
        return bool(_ORG_COLON.match(s) or s.count(",") >= 3 or "," not in nxt)
    return s.endswith(_RANGE_ENDS) and bool(_OPEN_RANGE.search(s) and _DIGIT_FIRST.match(nxt))


_JOINED = "\x00"
_FENCES = ("```", "~~~")
# the rest of a note cut from the entry above: "25-26", "8.45-9.50", "klockan 11.45"
_NOTE_LINE = re.compile(r"^(?:(?:kl|klockan)\.?\s*)?[\d§.:,\s–-]+$|^(?:kl|klockan)\b", re.I)
_NOTE_FIRSTS = "kK\u212a§.:,–-"  # what a line of `_NOTE_LINE` starts with but a digit (U+212A: a Kelvin sign is a K)
# a range of § cut at the end of a line: "rösträknare §§ 25-" with "26" on the next
_OPEN_RANGE = re.compile(r"(?:§§?|\d\s*[-–])\s*$")
# two entries side by side in the columns of a PDF attendance table: "Per Holm (M)          Eva Ås, controller"
_COLUMN_MARK = "\x01"
# (tabs and spaces apart, each pattern starting with its fixed string and looking behind for the `\S` before
# it: a search then stops at a tab or at three spaces only, not at every character; a gap is of one kind)
_GAP_AFTER = r"(?=\p{Lu})(?!(?i:" + _alts(lx.ROLE_WORDS) + r")\b)"
_TAB_GAP = re.compile(r"\t(?<=\S\t)\t*" + _GAP_AFTER)
_SPACE_GAP = re.compile(r"   (?<=\S   ) *" + _GAP_AFTER)
_QUOTE_MARK = re.compile(r"\n[^\S\n]{0,3}>[^\S\n]?")
# a label and its value in two columns of a PDF: "Övriga närvarande           Malin Roos"
_COLUMNS = re.compile(r"\n[^\S\n]*(?:\*\*)?(?=(?i:[" + "".join(sorted({re.escape(w[:1]) for w in lx.PEOPLE_LABELS})) + "\ufffd]))"
                      r"((?i:" + _alts(lx.PEOPLE_LABELS) + r"))(?:\*\*)?(?:\t+| {3,})(?=\S)")  # (a label's first letter first)
_LIST_MARK = re.compile(r"\n[^\S\n]*(?:#{1,6}[^\S\n]*|[-*+•·▪][^\S\n]+|\d+[.)][^\S\n]+)")
# leader dots, ellipses or underscores (apart: each pattern then starts with a fixed string, which scans fast)
_LEADERS = (re.compile(r"(?:\.[^\S\n]?){4,}"), re.compile(r"…{2,}"), re.compile(r"_{4,}"))
# what `_COLUMNS` needs: a gap after a label's last letter (or its `**`), found fast from the gap (the
# markdown indents of a line have no letter before them; tests/test_header_search.py holds the labels to end in one)
_LABEL_GAPS = (re.compile(r"\t(?<=[\p{L}\ufffd*]\t)"), re.compile(r"   (?<=[\p{L}\ufffd*]   )"))
# the patterns of `_unmarked` in turn, each with what a text needs for it to match (any one of them: a
# string it has, or a pattern it matches); a line starts after "\n", and `[^\S\n]` is a space that keeps to its line
_LINE_MARKS = ((_QUOTE_MARK, "\n", (">",)), (_COLUMNS, r"\n\1: ", _LABEL_GAPS), (_LIST_MARK, "\n", ()),
               (_LEADERS[0], " ", ()), (_LEADERS[1], " ", ("……",)), (_LEADERS[2], " ", ("____",)),
               (_TAB_GAP, _COLUMN_MARK, ("\t",)), (_SPACE_GAP, _COLUMN_MARK, ("   ",)))
_LINK_IN_LINE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # `clean._LINK` within a line
_ODD_SPACE = std_re.compile("[" + ODD_SPACE_CHARS + "]")  # `clean._SPACES` but a plain space
# a run of spaces inside a line (not at its start: `_lines` strips that), found from its first two spaces on
_SPACE_RUN = re.compile(r"  (?<=[^ \n]  ) *")
_ORG_COLON = re.compile(r"^[^:,()]{2,40}?:\s")
_RANGE_ENDS = ("§", "-", "–")  # what `_OPEN_RANGE` needs at the end of a stripped line
_GOES_ON_ENDS = ",§-–"  # the last character of a line that `_goes_on` may join with no bracket open
_DIGIT_FIRST = re.compile(r"^\d")
_PARTIES = set(lx.PARTIES)
_REPLACES = re.compile(r"\b(?:" + _alts(lx.REPLACES) + r")\b", re.I)


def _entry_like(s: str) -> bool:
    """Could this line be an entry in a list of people (not a sentence or a heading)?"""
    if not s or len(s) > 160:
        return False
    words = s.split()
    if len(words) > 14 and s.count(",") < 2:
        return False
    if s.endswith(".") and len(words) > 6 and not _OFFICER_ABBREV_END.search(s):
        return False
    return s[0].isupper() or s[0] == "@" or bool(_NICK.match(words[0]))


def _looks_like_item(s: str) -> bool:
    first = s.lstrip()[:1]  # (a digit or `§` first: a cheap test before the pattern)
    return (first == "§" or first.isdigit()) and bool(_ITEM_START.match(s))


def find_people(raw_lines, cleaned: list[str], tables, lines: Texts) -> tuple[list[tuple[str, list[_Entry]]],
                                                                             list[tuple[int, int]]]:
    """The lists of people in the text: (status, entries) groups, and the (first, last) lines of each list.
    `cleaned` are the lines as `_lines` gives them (`lines` the same joined), `tables` the rows of text
    tables in them."""
    L = list(cleaned)
    for k in tables:
        L[k] = _TABLE_LINE
    groups: list[tuple[str, list[_Entry]]] = []  # (status, entries) in text order
    pending: list[str] = []  # labels seen with no entries yet (the PDF layout)
    spans: list[tuple[int, int]] = []
    j = 0  # the first line no list has taken
    may_open = lines.touched(_LIST_LABEL_START, *_PRESENT_LEAD_HINTS)  # the lines that may open a list
    labels = set(may_open)
    for i in may_open:
        opened = _list_opens(L[i]) if i >= j else None
        if opened is None:
            continue
        status, first = opened
        entries, j = _list_entries(L, raw_lines, i, first, labels)
        if not entries:
            if not _table_follows(L, i):  # a table of people is read by `_people_in_tables`
                pending.append(status)
            spans.append((i + 1, i + 1))
            j = i + 1
            continue
        if pending:
            # the PDF layout: labels stacked above blank-separated blocks of names
            groups.extend(_assign_blocks(pending + [status], _split_blocks(entries, L)))
            pending = []
        else:
            groups.append((status, entries))
        spans.append((i + 1, entries[-1].line))
    return groups, spans


def _list_opens(s: str) -> tuple[str, str] | None:
    """(status, first entry) when line `s` opens a list of people: a label, or a lead-in sentence."""
    if not s:
        return None
    m = people_label(s)
    if m:
        rest = m[1]
        return m if not rest or _entry_like(rest) or rest.count(",") >= 1 or _is_party_run(rest) else None
    lead = _PRESENT_LEAD.search(s)
    return ("present", lead.group(2).strip()) if lead and len(s) < 200 else None


# what a line that opens a list starts with, or has (the prefilters of `_PEOPLE_LABEL` and `_PRESENT_LEAD`)
_LIST_LABEL_START = at_start(["följande", *lx.PEOPLE_LABELS, *lx.STRONG_PEOPLE_LABELS])
_PRESENT_LEAD_HINTS = hints(lx.PRESENT_LEADS)


def _list_entries(L: list[str], raw_lines, i: int, first: str, may_open: set[int]) -> tuple[list[_Entry], int]:
    """The entries of the list opened at line i, and the index of the line after it. `may_open`: the lines
    that may be labels of people (the others are not)."""
    entries: list[_Entry] = _entries(first, i + 1) if first else []
    j, blank = i + 1, 0
    while j < len(L):
        t = L[j]
        if not t or t == _JOINED or (entries and (t[0] in _NOTE_FIRSTS or t[0].isdigit()) and _NOTE_LINE.match(t)):
            blank += not t
            j += 1
            continue
        if _list_stops(t, raw_lines[j], j in may_open) or (blank and entries and _list_ends(t)):
            break
        entries.extend(_entries(t, j + 1))
        blank = 0
        j += 1
    return entries, j


def _list_stops(t: str, raw: str, may_label: bool = True) -> bool:
    """Does the list end at a line that is another label, an item, a heading or not an entry? `may_label`:
    the line may be a label of people."""
    if (may_label and _PEOPLE_LABEL.match(t)) or _STOP_LABEL.match(t) or _looks_like_item(t) or _looks_like_item(raw):
        return True
    return ("#" in raw and bool(_HEADING_MARK.match(raw))) or not (_entry_like(t) or _is_party_run(t))


def _people_in_front(front: dict[str, str]) -> list[tuple[str, list[_Entry]]]:
    """`deltagare: [Anna Ek, Per Holm]` in front matter (line 1: the front matter's lines are blanked)."""
    return [(lx.FRONT_MATTER_PEOPLE[k], [_Entry(v, 1)]) for k, v in front.items() if k in lx.FRONT_MATTER_PEOPLE and v]


def _table_follows(L: list[str], i: int) -> bool:
    nxt = next((t for t in L[i + 1:i + 4] if t), "")
    return nxt.startswith("|") or nxt == _TABLE_LINE


_TABLE_LINE = "\x02"  # a line of an attendance table written as text, read by `_people_in_tables`


def _columns(cells) -> dict[str, int]:
    """Which column of a table head holds the name, role, organisation and presence of a person; empty
    unless a name column stands beside another (a vote table has `Ja`, `Nej`)."""
    folded = [cell.strip().casefold() for cell in cells]
    if _COLUMN_KINDS[0][1].isdisjoint(folded):
        return {}  # no name column (most lines of text)
    out: dict[str, int] = {}
    for n, c in enumerate(folded):
        for kind, words in _COLUMN_KINDS:
            if c in words and kind not in out:
                out[kind] = n
    return out if "name" in out and len(out) >= 2 else {}


_COLUMN_KINDS = (("name", frozenset(lx.ATTENDANCE_NAME_COLUMNS)), ("role", frozenset(lx.ATTENDANCE_ROLE_COLUMNS)),
                 ("org", frozenset(lx.ATTENDANCE_ORG_COLUMNS)), ("present", frozenset(lx.ATTENDANCE_PRESENT_COLUMNS)))


def _text_tables(L: list[str]) -> dict[int, tuple[dict[str, int], list[str]]]:
    """Attendance tables that a reader wrote as text, a row a line (`Namn, Roll, Närvarande` then `Anna Ek,
    Ordförande, Ja`): {line index: (columns, cells)} for the rows, and the head with no cells. The rows of a
    head are the lines under it with as many cells, up to the first line with other cells or none."""
    out: dict[int, tuple[dict[str, int], list[str]]] = {}
    end = 0  # the first line no table has taken
    for h in _table_heads(L):
        if h < end:  # a row of the table above
            continue
        cells = [c.strip() for c in L[h].split(",")]
        cols = _columns(cells)
        if not cols:
            continue
        out[h] = (cols, [])
        end = h + 1
        while end < len(L) and "," in L[end]:
            row = [c.strip() for c in L[end].split(",")]
            if len(row) != len(cells):
                break  # (perhaps the head of another table)
            out[end] = (cols, row)
            end += 1
    return out


def _table_heads(L: list[str]) -> list[int]:
    """The lines that may be the head of a table written as text: cells, and a name column's word."""
    return [i for i, s in enumerate(L) if "," in s and _names_a_column(s.casefold())]


def _names_a_column(low: str) -> bool:
    return any(w in low for w in lx.ATTENDANCE_NAME_COLUMNS)  # (a cell that is one is in the line)


def _people_in_tables(blks: list[Block], tables) -> list[Participant]:
    """Attendance tables (`| Namn | Roll | Närvarande |`, or as text a row a line): one person a row, absent
    where the presence column says so (`Nej`, `-`)."""
    out: list[Participant] = []
    cols: dict[str, int] = {}
    for b in blks:
        if b.kind == "table_head":
            cols = _columns(b.cells)
        elif b.kind != "row":
            cols = {}
        elif cols:
            out.extend(_table_person(b.cells, b.line, cols))
    for i, (cols, cells) in sorted(tables.items()):
        if cells:
            out.extend(_table_person(cells, i + 1, cols))
    return out


def _table_person(cells, line: int, cols: dict[str, int]) -> list[Participant]:
    cell = lambda kind: cells[cols[kind]].strip() if kind in cols and cols[kind] < len(cells) else ""  # noqa: E731
    name = _BRACKETS.sub("", cell("name")).strip(" ,")
    if not name or not _plausible(name) or not (_person_part(name) or name[:1].isupper()):
        return []
    absent = cell("present").casefold() in lx.ABSENT_CELLS if "present" in cols else False
    p = _make(name, [], ABSENT if absent else PRESENT, cell("org") or None, line, [])
    role = lookup(lx.ROLE_WORDS, cell("role")) if cell("role") else None
    return [Participant(p.name, p.raw, p.status, p.organisation, role or cell("role") or None, p.note, p.line)]


def _entries(s: str, line: int) -> list[_Entry]:
    """The entries of one line: one, or one per column of an attendance table. A note of the items someone
    attended (`Eva Ek ärende 13, 15`) is put in brackets, as a note."""
    if has_digit(s):  # (a note has its item's number)
        s = _ITEM_NOTE.sub(lambda m: f" ({m.group(1)})" + (_COLUMN_MARK if m.group(2) else ""), s)
    if _COLUMN_MARK not in s:
        s = s.strip()
        return [_Entry(s, line)] if s else []
    return [_Entry(c.strip(), line) for c in s.split(_COLUMN_MARK) if c.strip()]


_ITEM_NOTE = re.compile(r"(?<=\p{L}|\))\s+((?:" + _alts(lx.GUEST_NOTES) + r")\s*\d+(?:\s*[-–,]\s*\d+)*)"
                        r"(?:(\s+(?=(?-i:\p{Lu})))|(?=\s*$))", re.I)


def _list_ends(t: str) -> bool:
    """After a blank line, does the list end at line `t`? It goes on when the line looks like an entry."""
    if "," in t or "(" in t:
        return False
    return not _person_part(t.split(",")[0]) and not _NICK.match(t.split()[0])


def _split_blocks(entries: list[_Entry], L: list[str]) -> list[list[_Entry]]:
    out: list[list[_Entry]] = []
    prev = None
    for e in entries:
        if prev is None or any(not L[k - 1] for k in range(prev + 1, e.line)):
            out.append([])
        out[-1].append(e)
        prev = e.line
    return out


def _assign_blocks(labels: list[str], blocks: list[list[_Entry]]) -> list[tuple[str, list[_Entry]]]:
    """Blocks of names go to the labels that stand above them, in order; a block
    where every entry is a guest for one item stays with the label before it."""
    guest_blocks = [b for b in blocks if all(_guest_note(e.raw) for e in b)]
    rest = [b for b in blocks if b not in guest_blocks]
    out = []
    for k, b in enumerate(rest):
        label = labels[min(k, len(labels) - 1)] if len(rest) <= len(labels) else labels[max(0, k - (len(rest) - len(labels)))]
        out.append((label, b))
    for b in guest_blocks:
        out.append((GUEST, b))
    return out


_GUEST_NOTE = re.compile(r"^\s*(?:" + _alts(lx.GUEST_NOTES) + r")\s*\d", re.I)
_REPLACED = re.compile(r"\b(" + _alts(lx.REPLACES) + r")\s+(.+)$", re.I)


def _guest_note(s: str) -> bool:
    """`(punkt 8)`, `§ 23`: someone who attended one item."""
    return any(_GUEST_NOTE.match(note) for note in _BRACKETS.findall(s) + [s.rsplit(",", 1)[-1]])


def looks_like_person(s: str) -> bool:
    """`Anna Ek`, `Per Holm (SUNET)`: a name, perhaps with a note in brackets."""
    return _person_part(_BRACKETS.sub("", s))


def _person_part(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 4:  # `_PERSON` takes two to four words (a cheap test first)
        return False
    s = s.strip()
    return bool(_PERSON.match(s)) and words[0].casefold() not in _KNOWN_PLACES and not _ROLE.match(s)


def _split_names(s: str) -> list[tuple[str, list[str]]]:
    """`Anders Elingfors (ordf.) Per Sandberg` -> [(name, [notes]), ...]."""
    out: list[tuple[str, list[str]]] = []
    pos = 0
    for m in _BRACKETS.finditer(s):
        head = s[pos:m.start()].strip(" ,;")
        if head:
            out.append((head, []))
        if out:
            out[-1][1].append(m.group(1).strip())
        pos = m.end()
    tail = s[pos:].strip(" ,;")
    if tail:
        out.append((tail, []))
    return out


_PARTY_NAME = re.compile(r"(?<![\p{L}])(\p{Lu}[\p{L}'’]*(?:-\p{Lu}?\p{Ll}+)*(?:\s+\p{Lu}[\p{L}'’]*(?:-\p{Lu}?\p{Ll}+)*){1,3})"
                         r"\s*\((" + "|".join(re.escape(p) for p in lx.PARTIES) + r")\)")
# `ersätter`, or `för` alone between two members: `Olle Nyman (L) för Kim Holm (L)`
_REPLACES_AT_END = re.compile(r"\b(?:" + _alts(lx.REPLACES) + r")\s*$|^för$", re.I)


def _is_party_run(s: str) -> bool:
    """Names run together on one line, with their parties or their titles (two brackets or three commas at
    the least: a cheap test first)."""
    if len(s) >= 3000:
        return False
    if "(" in s:
        return s.count("(") >= 2 and len(_PARTY_NAME.findall(s)) >= 2
    return s.count(",") >= 3 and len(_ROLE_RUN.findall(s)) >= 3


def _party_run(e: _Entry, status: str) -> list[Participant] | None:
    """Names run together on one line, each with its party: `Eva Ek (M) ordförande Olle Berg (S) ersätter
    Per Ström (S) Sara Lind (C)`. The words between two names are notes of the one before (a role, `§ 1-5`),
    and a name after `ersätter`/`tjänstgör för` is the member replaced. None when the line is not such a run."""
    hits = list(_PARTY_NAME.finditer(e.raw)) if e.raw.count("(") >= 2 else []
    if len(hits) < 2:
        return None
    people: list[tuple[str, list[str]]] = []
    for n, m in enumerate(hits):
        between = e.raw[hits[n - 1].end():m.start()].strip(" ,;") if n else ""
        name = m.group(1)
        role = _ROLE.match(name)
        if role and n and " " in name[role.end():].strip():
            # `Eva Ek (S), Ordförande Per Holm (M)`: the role capitalised in a PDF column is the one's before
            between, name = (between + " " + role.group(0)).strip(), name[role.end():].strip()
        if between.casefold() == "för":
            between = "tjänstgör för"
        if people and between:
            people[-1][1].append(between + (" " + name if _REPLACES_AT_END.search(between) else ""))
        if not (between and _REPLACES_AT_END.search(between)):
            people.append((name, [m.group(2)]))
    tail = e.raw[hits[-1].end():].strip(" ,;")
    if tail and people:
        people[-1][1].append(tail)
    return [_make(name, notes, status, None, e.line, []) for name, notes in people]


_ROLE_RUN = re.compile(r"(?:(?<=\s)|^)(\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+){1,3}),\s*(\p{Ll}.*?)(?=\s+\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+){1,3},|\s*$)")


def _role_run(e: _Entry, status: str) -> list[Participant] | None:
    """Officials run together on one line, each name with its title: `Eva Ek, kommundirektör Per Holm,
    chef grundskola Anna Berg, nämndsekreterare`. None when the line is not such a run (three or more)."""
    if "(" in e.raw or e.raw.count(",") < 3:  # each of three has its comma
        return None
    hits = list(_ROLE_RUN.finditer(e.raw.strip().rstrip(",;")))
    if len(hits) < 3:
        return None
    return [_make(m.group(1), [], status, None, e.line, [m.group(2).strip(" ,")]) for m in hits]


_ORG_LEAD = re.compile(r"^([^:,()]{2,40}?):\s+(.+)$")
# what an entry needs for more than one name alone: brackets, commas, an organisation's colon, `_PART_SPLIT`
_ENTRY_MARKS = ("(", ",", ":", ";", "&", "och", "samt")
_PART_SPLIT = re.compile(r",|;|(?<!-)\s+och\s+|\s+samt\s+|\s+&\s+")


def _parse_entry(e: _Entry, status: str) -> list[Participant]:
    """The people of one entry, tried in turn: a run of names with parties or titles, `Name, Organisation
    (note)`, names after an organisation or a list of names, `Name (role) Organisation`."""
    raw = e.raw.strip().rstrip(",;").strip()
    if raw and not any(c in e.raw for c in _ENTRY_MARKS):
        # one name alone (most entries): what the steps below come to, without them
        name, place = _split_place(raw)
        return [_make(name, [], status, None, e.line, place)]
    run = _party_run(e, status) or _role_run(e, status)
    if run is not None:
        return run
    one = _name_then_organisation(raw, e, status)
    if one is not None:
        return one
    org = None
    m = _ORG_LEAD.match(raw)
    names_after_org = bool(m and not _ROLE.match(m.group(1)) and not _person_part(m.group(1)))
    if names_after_org:
        org, raw = m.group(1).strip(), m.group(2)
    parts = _missing_commas([p.strip() for p in _PART_SPLIT.split(raw) if p.strip()])
    if names_after_org or _every_part_a_participant(parts):
        # names after an organisation, or a list of names, organisations or nicknames
        return [_make(name, notes, status, org, e.line, []) for p in parts for name, notes in _split_names(p)]
    return _person_with_notes(parts, e, status, org)


def _missing_commas(parts: list[str]) -> list[str]:
    """`Anna Ek, Per Holm, Dennis Lund Amanda Berg`: where every other name has two words, a part of four
    is two names that lost the comma between them."""
    two = [p for p in parts if _person_part(p) and len(p.split()) == 2]
    if len(two) < 2 or len(two) < len(parts) - 1:
        return parts
    out: list[str] = []
    for p in parts:
        words = p.split()
        if len(words) == 4 and _person_part(p) and "(" not in p:
            out += [" ".join(words[:2]), " ".join(words[2:])]
        else:
            out.append(p)
    return out


def _name_then_organisation(raw: str, e: _Entry, status: str) -> list[Participant] | None:
    """`Name, Organisation, role (note)`: one person, a bracket at the end belongs to them."""
    if "," not in raw or (":" in raw and _ORG_LEAD.match(raw)):
        return None
    bracketed = "(" in raw
    notes = _BRACKETS.findall(raw) if bracketed else []
    parts = [p.strip() for p in (_BRACKETS.sub("", raw) if bracketed else raw).strip(" ,").split(",") if p.strip()]
    if not parts:
        return None
    name, place = _split_place(parts[0])
    if _person_part(name) and not any(_person_part(p) for p in parts[1:]):
        return [_make(name, notes, status, None, e.line, place + parts[1:])]
    return None


def _every_part_a_participant(parts: list[str]) -> bool:
    persons = sum(_person_part(_BRACKETS.sub("", p)) for p in parts)
    return persons >= 2 or (len(parts) > 1 and not _person_part(_BRACKETS.sub("", parts[0]))
                            and not any(_ROLE.match(p) for p in parts[1:]))


def _person_with_notes(parts: list[str], e: _Entry, status: str, org: str | None) -> list[Participant]:
    """`Name (role) Organisation, more`, or two names in brackets-separated segments."""
    segs = _split_names(parts[0]) if parts else []
    if len(segs) > 1 and all(_person_part(n) for n, _ in segs):
        return [_make(name, notes, status, org, e.line, []) for name, notes in segs]
    if not segs:
        return []
    name, notes = segs[0]
    tail = [n for n, _ in segs[1:]] + parts[1:]
    for _, more in segs[1:]:
        notes = notes + more
    name, place = _split_place(name)
    return [_make(name, notes, status, org, e.line, place + tail)]


def _split_place(name: str) -> tuple[str, list[str]]:
    """`Anders Elingfors Växjö` -> (`Anders Elingfors`, [`Växjö`])."""
    toks = name.split()
    if len(toks) >= 3 and toks[-1].casefold() in _KNOWN_PLACES:
        return " ".join(toks[:-1]), [toks[-1]]
    return name, []


def _make(name: str, notes: list[str], status: str, org: str | None, line: int, tail: list[str]) -> Participant:
    role = None
    party = None
    note_bits = []
    for bit in notes + tail:
        bit = bit.strip()
        if not bit:
            continue
        if bit in _PARTIES and party is None:
            party = bit
            continue
        if _REPLACES.search(bit) or (bit[0] in "§pP" and _ITEM_REF.match(bit)):
            note_bits.append(bit)
            continue
        rm = _ROLE.match(bit)
        if rm and role is None:
            role = lookup(lx.ROLE_WORDS, rm.group(0).rstrip("."), lookup(lx.ROLE_WORDS, rm.group(0)))
            rest = bit[rm.end():].strip(" ,")
            if rest and org is None:
                org = rest
        elif bit in notes:
            note_bits.append(bit)
        elif org is None:
            org = bit
        else:
            note_bits.append(bit)
    if status == "called":
        status = PRESENT  # settled against the present list below
    if any(_guest_note(b) for b in note_bits):
        status = GUEST if status == PRESENT else status
    name = name.strip(" .,:;")
    # (the fields in their order: a frozen dataclass's init takes them faster so than by name)
    return Participant(name, name, status, org, role, "; ".join(note_bits) or None, line, None, party)


_ROLE_LIKE = re.compile(r"^(?:vice\s+)?(?:" + _alts(lx.ROLE_WORDS) + r")\.?$|^[\p{L} -]{0,30}(?:" + _alts(lx.ROLE_SUFFIXES) + r")$",
                        re.I)


def _roles_only(entries: list[_Entry]) -> bool:
    """`Kassör`, `Webb`, `Game Jam-ansvarig`, `Ordförande`: a list whose entries are mostly roles."""
    if len(entries) < 2:
        return False
    others = 0  # (counted until they are more than half: a list of names ends the count soon)
    for e in entries:
        raw = _BRACKETS.sub("", e.raw) if "(" in e.raw else e.raw
        others += not _ROLE_LIKE.match(raw.strip(" ,"))
        if 2 * others > len(entries):
            return False
    return True


def _people_from(groups: list[tuple[str, list[_Entry]]], tabled: list[Participant] = ()) -> list[Participant]:
    people, called = _parsed(groups)
    people += tabled
    out, seen = _once_each(people)
    _add_called(out, seen, called)
    # replaced at this meeting: absent; replaced for good: neither
    for p in [p for p in out if p.note]:
        for who, for_good in _replaced(p.note):
            if not for_good and who.casefold() not in seen:
                seen[who.casefold()] = len(out)
                out.append(Participant(who, who, ABSENT, None, None, f"ersatt av {p.name}", p.line))
    return out


def _parsed(groups: list[tuple[str, list[_Entry]]]) -> tuple[list[Participant], list[Participant]]:
    """The people of every list, and apart those of lists of the called."""
    people: list[Participant] = []
    called: list[Participant] = []
    for status, entries in groups:
        if _roles_only(entries):
            continue  # a list of roles with no names gives no participants
        for e in entries:
            for p in _parse_entry(e, status):
                if p.name and _plausible(p.name):
                    (called if status == "called" else people).append(p)
    return people, called


def _once_each(people: list[Participant]) -> tuple[list[Participant], dict[str, int]]:
    """One record per person: the first list that names them wins (a later list may add the role)."""
    seen: dict[str, int] = {}
    out: list[Participant] = []
    for p in people:
        key = p.name.casefold()
        if key not in seen:
            seen[key] = len(out)
            out.append(p)
            continue
        q = out[seen[key]]
        if q.role is None and p.role:
            out[seen[key]] = Participant(q.name, q.raw, q.status, q.organisation or p.organisation, p.role, q.note, q.line)
    return out, seen


def _add_called(out: list[Participant], seen: dict[str, int], called: list[Participant]) -> None:
    """Called but not listed as present: absent (unless present under a one-letter slip of the surname)."""
    by_first: dict[str, list[str]] = {}
    for q in out:
        first, _, last = q.name.casefold().partition(" ")
        by_first.setdefault(first, []).append(last)
    for p in called:
        first, _, last = p.name.casefold().partition(" ")
        if p.name.casefold() not in seen and not (last and any(_close(last, x) for x in by_first.get(first, ()))):
            seen[p.name.casefold()] = len(out)
            out.append(Participant(p.name, p.raw, ABSENT, p.organisation, p.role, p.note, p.line))


def _replaced(note: str) -> list[tuple[str, bool]]:
    m = _REPLACED.search(note)
    if not m:
        return []
    rest = m.group(2)
    for_good = any(w in rest.casefold() for w in lx.REPLACES_FOR_GOOD)
    names = []
    for part in _NAMES_SPLIT.split(rest):
        words = []
        for w in part.split():
            if not w[:1].isupper():
                break
            words.append(w)
        if len(words) >= 2 and _PERSON.match(" ".join(words)):
            names.append(" ".join(words))
    return [(n, for_good) for n in names]


def _plausible(name: str) -> bool:
    if _ROLE.fullmatch(name.casefold()):
        return False  # a list of roles with no names
    if name[:1].isdigit():
        return False  # "23 medlemmar enligt bifogad närvarolista"
    if len(name) > 60 or not _LETTER.search(name):
        return False
    return True


# ---------------------------------------------------------------- meeting


def read_header(raw_lines, blks: list[Block], source: str, original: str = "", reference=None) -> Header:
    """The meeting and its people. `raw_lines` are the lines after `clean.strip_debris`; `original` is
    the text as read, for metadata that stands in front matter or comments (`.. date: 2016-11-24`);
    `reference` (a date) gives the year when neither the text nor the file name has one."""
    h = Header(found=Texts([b.text for b in blks]))
    text = "\n".join(raw_lines)
    h.years = known_years(text, source, reference)
    cleaned = _lines(raw_lines, text)
    lines = Texts(cleaned, fold=False)  # (asked about one hint)
    tables = _text_tables(cleaned)
    groups, spans = find_people(raw_lines, cleaned, tables, lines)
    limit = _header_limit(raw_lines, blks)
    h.end_line = max((last for first, last in spans if first < limit), default=0)
    front = front_matter(original.split("\n", FRONT_LINES) if original else list(raw_lines))[0]  # (no further)
    h.participants = _people_from(_people_in_front(front) + groups + _people_after(blks, h.found),
                                  _people_in_tables(blks, tables))
    first_item = next((b.line for b in blks if b.line > h.end_line and b.kind in ("heading", "numbered")), None)
    last = max(h.end_line, first_item or 0, limit, 12)
    top = [b for b in blks if b.line <= last][:40]
    doc = shapes.Doc(list(raw_lines), blks, top, source, original, h.years, front,
                     is_meta_line, lambda s: people_label(s) is not None, h.found)
    got = shapes.read_meeting(doc)
    for name in shapes.FIELD_NAMES:
        if name not in ("chair", "minutes_taker"):
            setattr(h, name, getattr(got, name))
    h.labelled_chair, h.labelled_minutes_taker = got.chair, got.minutes_taker
    # chair and minutes taker from the lists of people
    h.chair = next((p.name for p in h.participants if p.role == "chair"), None)
    h.minutes_taker = next((p.name for p in h.participants if p.role == "minutes_taker"), None)
    h.next_meeting = shapes.next_meeting(blks, h.date, h.found)
    return h


def _only_a_date(s: str) -> bool:
    """`## 11 april 2017`, `Fredag 3/12`: a heading that dates the meeting, not an agenda item."""
    hit = meeting_date(s)
    return hit is not None and len(_SPACE_OR_STOP.sub("", s[:hit.start] + s[hit.end:])) <= 8


_ITEM_NUMBER = re.compile(r"^(\d{1,2}[.)]?\s|[§\ufffd]\s*\d)")  # U+FFFD: a § lost to the encoding
_PARAGRAPH_LINE = re.compile(r"^§\s*\d+[a-z]?\s+\S")


def _header_limit(raw_lines, blks: list[Block]) -> int:
    """Lists before the first agenda heading belong to the header; later ones (a roll call in item 7) do not."""
    numbered = next((b.line for b in blks if _numbered_item(b)), None)
    if numbered is not None:
        return numbered
    # the headings that open the document one after another (`# Protokoll`, `## Klubben`, `## 11 april 2017`)
    # are its title, not its first item
    lead = next((k for k, b in enumerate(blks) if b.kind != "heading" or people_label(b.text)), len(blks))
    h2 = next((b.line for b in blks[lead:] if _section_heading(b)), None)
    if h2 is None:
        h2 = next((b.line for b in blks[:lead] if _section_heading(b)), None)
    return h2 if h2 is not None else max(1, int(0.4 * len(raw_lines)))


def _numbered_item(b: Block) -> bool:
    if b.kind == "para" and b.text[:1] == "§" and _PARAGRAPH_LINE.match(b.text):
        return True  # `§ 1 Mötets öppnande` in plain text
    if not (b.kind in ("heading", "numbered") or b.bold):
        return False
    return (b.kind == "numbered" or bool(_ITEM_NUMBER.match(b.text))) and not _only_a_date(b.text)


def _section_heading(b: Block) -> bool:
    return b.kind == "heading" and b.level >= 2 and not people_label(b.text)


def _first_name_in(s: str) -> str | None:
    """The person a phrase such as `Cristina Haraldsson` or `nsg (Stefan Berggren)` names."""
    s = s.strip(" .,:")
    for inner in _BRACKETS.findall(s):
        if _PERSON.match(inner.strip()):
            return inner.strip()
    s = _BRACKETS.sub("", s).strip(" .,")
    m = _NAME_RUN.match(s)
    if m and _PERSON.match(m.group(0)):
        return m.group(0)
    m = _HANDLE.match(s)
    return m.group(0) if m else None




def _people_after(blks: list[Block], found: Texts) -> list[tuple[str, list[_Entry]]]:
    """`nsg, stellanl ... och cameraman befinns närvarande`: a list before the words that say so."""
    out = []
    for b in (blks[k] for k in found.touched(*_PRESENT_AFTER_HINTS)):
        m = _PRESENT_AFTER.match(b.text) if b.kind == "para" else None
        if m and m.group(1).count(",") >= 1:
            out.append(("present", [_Entry(m.group(1), b.line)]))
    return out


_ELECTED_WORDS = ("valdes", "väljs", "valde", "utses", "utsågs", "föreslås och väljs", "valdes till")
_ELECTED = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _ELECTED_WORDS) + r")\b", re.I)


def _office_patterns(offices) -> tuple:
    office = _alts(offices)
    who = r"(\p{L}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,3}(?:\s*\([^)]*\))?)"
    return tuple(re.compile(p, re.I) for p in (
        r"\btill\s+(?:" + office + r")\s+(?:" + _alts(lx.ELECTED_VERBS) + r")\s+" + who,
        who + r"\s+(?:" + _alts(lx.ELECTED_VERBS) + r")\s+(?:till|som)\s+(?:" + office + r")\b",
        r"\b(?:" + _alts(lx.ELECTS_VERBS) + r")\s+(?:\p{Ll}+\s+){0,2}?" + who + r"\s+(?:till|som)\s+(?:" + office + r")\b",
        # the verb said once for two offices: "Till mötesordförande valdes X och till mötessekreterare Y"
        r"\b(?:" + _alts(lx.ELECTED_VERBS) + r")\b[^.]*?\boch\s+till\s+(?:" + office + r")\s+(?-i:(?=\p{Lu}))" + who))


_OFFICE_PATTERNS = {"chair": _office_patterns(lx.CHAIR_OFFICES), "minutes_taker": _office_patterns(lx.MINUTES_OFFICES)}
_OFFICE_WORDS = {"chair": re.compile(_alts(lx.CHAIR_OFFICES), re.I), "minutes_taker": re.compile(_alts(lx.MINUTES_OFFICES), re.I)}
_OFFICE_HINTS = {"chair": hints(lx.CHAIR_OFFICES), "minutes_taker": hints(lx.MINUTES_OFFICES)}
_ELECTED_HINTS = hints(_ELECTED_WORDS)
_OFFICER_LABEL_START = at_start([*lx.MINUTES_LABELS, *lx.CHAIR_LABELS])  # of `_MINUTES_BY`, `_CHAIR_BY`


def officers(h: Header, blks: list[Block], items, item_of) -> Header:
    """Chair and minutes taker: marked in the lists of people (read already), else elected at the
    meeting (`Val av mötesordförande` ... `Mötet valde X`), else named by a label of a cover page
    (`Ordförande        Lisa Holm`), else by another label (`Ordförande: X` in the header, `Anteckningar
    förda av X`, `Vid protokollet` anywhere outside quoted or code text). One pass over the blocks each."""
    titles = {i.id: i.title.casefold() for i in items}
    found = h.found or Texts([b.text for b in blks])
    for field_name, offices in (("chair", lx.CHAIR_OFFICES), ("minutes_taker", lx.MINUTES_OFFICES)):
        if not getattr(h, field_name):
            setattr(h, field_name, _elected(blks, field_name, found)
                    or _elected_in_item(blks, offices[0], titles, item_of, found))
    h.chair = h.chair or h.labelled_chair
    h.minutes_taker = h.minutes_taker or h.labelled_minutes_taker
    _labelled_officers(h, blks, items[0].line if items else 0, items[-1].line if items else 0, found)
    return h


def _elected(blks: list[Block], field_name: str, found: Texts) -> str | None:
    """`Till mötesordförande valdes X`, `Mötet valde X till mötessekreterare`."""
    patterns = _OFFICE_PATTERNS[field_name]
    for b in (blks[k] for k in found.touched(*_OFFICE_HINTS[field_name])):
        if b.kind in ("heading", "code", "quote") or not _OFFICE_WORDS[field_name].search(b.text):
            continue
        m = next((m for p in patterns for m in [p.search(b.text)] if m), None)
        who = _first_name_in(m.group(1)) if m else None
        if who and not _ROLE.fullmatch(who):
            return who
    return None


_ELECTION_LEAD = (re.compile(r"^(?:mötet|stämman|årsmötet)\s+(?:föreslog\s+och\s+)?(?:valde|väljer)\s+", re.I),
                  re.compile(r"^(?:föreningens|stackens|styrelsens)\s+ordförande\s+", re.I),
                  re.compile(r"^till\s+\S+\s+(?:tillika\s+\S+\s+)?utses\s+", re.I))
_ELECTION_TAIL = re.compile(r"\s+(?:som|till|föreslås|valdes|väljs)\b")


def _elected_in_item(blks: list[Block], word: str, titles: dict[str, str], item_of, found: Texts) -> str | None:
    """An election under an item that names the office (`§ 3 Val av mötesordförande`: `Anna Holm valdes`)."""
    for k, b in ((k, blks[k]) for k in found.touched(*_ELECTED_HINTS)):
        if b.kind == "heading" or not _ELECTED.search(b.text):
            continue
        if not (word in titles.get(item_of[k], "") or word in b.text.casefold()):
            continue
        s = b.text
        for lead in _ELECTION_LEAD:
            s = lead.sub("", s)
        who = _first_name_in(_ELECTION_TAIL.split(s)[0])
        if who:
            return who
    return None


def _labelled_officers(h: Header, blks: list[Block], first_item: int, last_item: int, found: Texts) -> None:
    """`Ordförande: X`, `Antecknare: Y` in the header (before the first item) or after the last item."""
    for b in (blks[k] for k in found.touched(_OFFICER_LABEL_START)):
        if b.kind in ("code", "quote", "heading"):
            continue
        where_ok = b.line <= h.end_line or b.line < first_item or b.line >= last_item
        if h.minutes_taker is None:
            m = _MINUTES_BY.match(b.text)
            if m and (where_ok or _WRITTEN_BY.match(m.group(1))):
                h.minutes_taker = _first_name_in(m.group(2)) or h.minutes_taker
        if h.chair is None and where_ok:
            m = _CHAIR_BY.match(b.text)
            if m:
                h.chair = _first_name_in(m.group(2)) or h.chair
