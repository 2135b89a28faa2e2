"""Stage 4, segment: the agenda items, and which item each block belongs to.

Items are found in the strongest structure the document has: markdown
headings (and lines wholly in bold), else numbered lines at the margin
(`3. Information inför beslut`), else short lines standing alone (plain
text exported from Word). `§ 12 Titel` always starts an item. Headings that
label a decision (`Styrgruppen beslutar:`, `Beslut`) or the header
(`Närvarande`, `Tid`) are not items.
"""
from __future__ import annotations

import functools
from datetime import date

import regex as re

from . import lexicon as lx
from .clean import BULLET, CODE, HEADING, NUMBERED, PARA, Block
from .header import looks_like_person, people_label
from .model import Item
from .normalise_dates import has_digit, find_dates, known_years

_NUMBER = re.compile(r"^(" + lx.PARAGRAPH_SIGN + r"\s*\d+[a-z]?|\d{1,2}(?:\.\d{1,2})*)[.):]?(?:\s+(?=\S)|\s*$)")
_DECISION_LABEL = re.compile(r"^\S+(?:\s+\S+)?\s+(beslutar|beslutade|beslöt)\s*:?$|^beslut\s*:?$", re.I)
_SUBNUMBER = re.compile(r"^\d+\.\d+")
_PARAGRAPH_SIGN = re.compile(r"^" + lx.PARAGRAPH_SIGN + r"\s*\d+", re.I)
_SIGNS = ("§", "$")  # what a § line begins with (the pattern above is tried only then)
_NOTES_SECTIONS = set(lx.NOTES_SECTIONS)
_NOT_ITEM = {w.casefold() for w in lx.NOT_ITEM_HEADINGS + lx.NOT_DECISION_SECTIONS}
_PROPOSAL_TO_BODY = re.compile(lx.PROPOSAL_TO_BODY, re.I)
_DNR = re.compile(lx.DNR, re.I)
_CASE_LINE = re.compile(lx.CASE_NUMBER_LINE, re.I)
_TOC_LINE = re.compile(r"(?:\.{3,}|…+|\s{3,})\s*\d{1,3}\s*$")
_SIGNATURE = re.compile(r"^(" + "|".join(re.escape(w) for w in lx.MINUTES_LABELS) + r")\b", re.I)


@functools.lru_cache(maxsize=1024)  # (each asked about the same headings several times: remembered)
def _is_label(text: str) -> bool:
    t = text.strip().rstrip(":").strip().casefold()
    if t in _NOT_ITEM or _DECISION_LABEL.match(text.strip()) or _PROPOSAL_TO_BODY.match(text.strip()):
        return True
    return people_label(text.strip()) is not None or _SIGNATURE.match(t) is not None


@functools.lru_cache(maxsize=1024)
def _split_number(text: str) -> tuple[str | None, str]:
    m = _NUMBER.match(text)
    if not m:
        return None, text
    num = _SIGN.sub("§ ", _SPACE.sub(" ", m.group(1)))
    return num, text[m.end():].strip()


def _standalone(blks: list[Block], k: int) -> bool:
    """A short line standing alone: a heading in plain text."""
    b = blks[k]
    if b.kind != PARA or b.line != b.end_line or len(b.text) > 110 or len(b.text) < 3:
        return False
    if (k > 0 and blks[k - 1].end_line >= b.line - 1) or (k + 1 < len(blks) and blks[k + 1].line <= b.end_line + 1):
        return False  # not standing alone between blank lines
    if b.text[-1] in ".,;:!?" or _INNER_LABEL.search(b.text) or not b.text[0].isupper():
        return False
    return not _is_label(b.text)


def find_items(blks: list[Block], after_line: int) -> tuple[list[Item], list[str | None]]:
    """Agenda items, and for each block the id of the item it belongs to."""
    starts = _item_starts(blks, _body(blks, after_line))
    agenda = _agenda_list(blks) if all(blks[k].text.strip(" :").casefold() in _NOTES_SECTIONS for k in starts) else []
    if len(agenda) >= 2:
        # the agenda listed under the title, the notes under section headings: the agenda gives the items
        items = [_item_at(blks, k, blks[k].end_line, f"i{n + 1}") for n, k in enumerate(agenda)]
        return items, [None] * len(blks)
    items: list[Item] = []
    owner: list[str | None] = [None] * len(blks)
    for n, k in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(blks)
        item = _item_at(blks, k, blks[stop - 1].end_line, f"i{len(items) + 1}")
        items.append(item)
        owner[k:stop] = [item.id] * (stop - k)
    return items, owner


def _agenda_list(blks: list[Block]) -> list[int]:
    """An agenda listed right under the title: the first run of two or more short list entries before the
    first section (a heading, a bold line, a label of people); empty when there is none."""
    run: list[int] = []
    for k, b in enumerate(blks[1:60], 1):
        if b.kind in (BULLET, NUMBERED) and b.level == 0 and len(b.text) < 100 and not b.text.endswith("."):
            run.append(k)
            continue
        if len(run) >= 2 or b.kind == HEADING or b.bold or people_label(b.text) or b.kind in (BULLET, NUMBERED):
            break
        run = []
    if len(run) < 2 or all(looks_like_person(blks[k].text) for k in run):
        return []  # a list of names is the attendance, not the agenda
    return run


def _body(blks: list[Block], after_line: int) -> list[int]:
    """The blocks after the header, without the document's title."""
    body = [k for k, b in enumerate(blks) if b.line > after_line]
    # the document's title: a first heading of level 1, or a first line in bold
    if body and body[0] == 0 and (blks[0].kind == HEADING and blks[0].level == 1 or blks[0].bold):
        body = body[1:]
    headings = [k for k in body if blks[k].kind == HEADING]
    h1 = [k for k in headings if blks[k].level == 1]
    lower = [k for k in headings if blks[k].level > 1]
    if len(h1) == 1 and len(lower) >= 2 and h1[0] < lower[0]:
        body = [k for k in body if k != h1[0]]  # a lone level-1 heading above the items is the title
    return body


def _item_starts(blks: list[Block], body: list[int]) -> list[int]:
    """The blocks that start an item, in the strongest structure the document has."""
    paragraphs = _paragraph_starts(blks, body)
    starts = paragraphs if len(paragraphs) >= 2 else _unsigned_starts(blks, body)
    return sorted(set(_agenda_repeated(blks, starts)) | set(paragraphs))


def _unsigned_starts(blks: list[Block], body: list[int]) -> list[int]:
    """Without two § lines, in turn: item numbers standing alone, headings, numbered lines, short lines standing
    alone (each structure looked for only when the stronger ones are not there)."""
    bare = _bare_number_starts(blks, body)
    if len(bare) >= 3:
        return bare
    heads = _heads(blks, body)
    numbered = [k for k in body if blks[k].kind == NUMBERED and blks[k].level <= 3]
    if len([k for k in heads if blks[k].kind == HEADING]) >= 2 or (heads and not numbered):
        return heads
    if len(numbered) >= 2:
        return numbered
    return [k for k in body if blks[k].kind == PARA and _standalone(blks, k) and k + 1 < len(blks)]


def _heads(blks: list[Block], body: list[int]) -> list[int]:
    """The headings and lines in bold that may start an item; a line in bold under a lead-in is a list's entry."""
    heads = [k for k in body if (blks[k].kind == HEADING or blks[k].bold) and _heading_like(blks[k])]
    if any(blks[k].bold for k in heads):  # (only such a line can be in a list)
        lead_in = _list_lines(blks)
        heads = [k for k in heads if k not in lead_in]
    return heads


def _agenda_repeated(blks: list[Block], starts: list[int]) -> list[int]:
    """An agenda listed first (`1. Skolgården`, `2. Vårfesten`) whose titles stand again below as headings
    of the notes: those headings start the items, so that each note stays with its own item."""
    if len(starts) < 2:
        return starts
    titles = {_split_number(blks[k].text)[1].casefold(): k for k in starts}
    again = [k for k in range(starts[-1] + 1, len(blks)) if blks[k].text.casefold() in titles
             and blks[k].line == blks[k].end_line and blks[k].kind in (PARA, HEADING)]
    return again if 2 * len(again) >= len(starts) and len(again) <= len(starts) else starts


_BARE_NUMBER = re.compile(r"^\d{1,2}$")
_DIGITS = re.compile(r"\d+")
_SIGN = re.compile(r"^[§$]\s*")
_SPACE = re.compile(r"\s+")
_INNER_LABEL = re.compile(r"\S:\s")


def _bare_number_starts(blks: list[Block], body: list[int]) -> list[int]:
    """Item numbers standing alone on their lines (`1`, then `Mötets öppnande` on the next line), counting
    up one by one from 1: the items of a protocol laid out in columns."""
    out: list[int] = []
    for k in [k for k in body if len(blks[k].text) <= 3]:  # (few blocks: looked at closer below)
        b = blks[k]
        if b.kind != PARA or not _BARE_NUMBER.match(b.text) or _title_block(blks, k) is None:
            continue
        n = int(b.text)
        if n == 1 and len(out) < 3:
            out = [k]  # (again) from the first item
        elif out and n == int(blks[out[-1]].text) + 1:
            out.append(k)
    return out


def _heading_like(b: Block) -> bool:
    """A markdown heading or a line wholly in bold that is not a label nor a sub-number (`3.1`)."""
    return (b.kind == HEADING or (b.bold and b.kind == PARA)) and not _is_label(b.text) and not _SUBNUMBER.match(b.text)


def _paragraph_starts(blks: list[Block], body: list[int]) -> list[int]:
    """`§ 12 Titel` starts an item, also as a list entry (`- § 5`); a table of contents does not
    (`§ 12 Titel ....... 3`, or the title below the § line ending in a page number)."""
    out = []
    for k in [k for k in body if blks[k].text.startswith(_SIGNS)]:  # (few blocks: looked at closer below)
        b = blks[k]
        if b.kind not in (PARA, HEADING, BULLET) or not _PARAGRAPH_SIGN.match(b.text) or _TOC_LINE.search(b.text):
            continue
        t = _title_block(blks, k)
        if t is not None and _TOC_LINE.search(blks[t].text):
            continue
        out.append(k)
    return _without_contents(blks, out)


def _without_contents(blks: list[Block], starts: list[int]) -> list[int]:
    """A table of contents lists the §s that follow again in the body: a run of §s in rising order whose
    numbers a later run repeats is not the items. A § repeated at once (a page header) is one item."""
    values = [_paragraph_value(blks[k].text) for k in starts]
    runs: list[list[int]] = []
    for n, v in enumerate(values):
        if not runs or v < values[n - 1]:
            runs.append([])
        runs[-1].append(n)
    later: set[int] = set()
    keep: list[int] = []
    for run in reversed(runs):
        nums = {values[n] for n in run}
        if not (later and len(nums & later) * 2 >= len(nums)):
            keep.extend(run)
        later |= nums
    out, seen = [], set()
    for n in sorted(keep):
        if values[n] not in seen:
            seen.add(values[n])
            out.append(starts[n])
    return out


def _paragraph_value(text: str) -> int:
    m = _DIGITS.search(text)
    return int(m.group(0)) if m else 0


def _title_block(blks: list[Block], k: int) -> int | None:
    """The block that holds the title of the § at `k` when its own line has none: the next heading or
    short paragraph, past a line that holds only the case number."""
    number, rest = _split_number(blks[k].text)
    if _CASE_LINE.match(rest.strip()) or not rest.strip() or number is None:
        for j in range(k + 1, min(k + 3, len(blks))):
            b = blks[j]
            if _CASE_LINE.match(b.text):
                continue
            if b.kind in (PARA, HEADING) and len(b.text) < 300 and b.end_line - b.line < 4 and not _is_label(b.text):
                return j
            return None
    return None


def _item_at(blks: list[Block], k: int, end: int, item_id: str) -> Item:
    b = blks[k]
    number, title = _split_number(b.text)
    if b.kind == NUMBERED:
        number = b.number
    dnr = None
    m = _DNR.search(title)
    if m:
        dnr = m.group(1).strip()
        title = (title[:m.start()] + title[m.end():]).strip(" ,-–")
    if _CASE_LINE.match(title):
        dnr, title = dnr or title, ""
    t = _title_block(blks, k) if not title else None
    if t is not None:
        title = blks[t].text  # `§ 23 Dnr KS 2024/045` with the title below
    return Item(id=item_id, number=number, title=title.strip(" *:"), line=b.line, end_line=end, dnr=dnr)


def _list_lines(blks: list[Block]) -> set[int]:
    """Blocks that follow a lead-in ending in ':' (a list), up to the next markdown heading."""
    out: set[int] = set()
    open_list = False
    for k, b in enumerate(blks):
        if b.kind == HEADING:
            open_list = False
            continue
        if open_list and b.bold:
            out.add(k)
            continue
        if b.kind in (PARA, BULLET, NUMBERED, CODE):
            open_list = b.kind == PARA and not b.bold and len(b.text) > 30 and b.text.rstrip().endswith(":")
    return out


def meetings(blks: list[Block], lines, source: str = "", reference: date | None = None) -> list[tuple[int, int]]:
    """A file that logs several meetings: the (first, last) lines of each, found by headings of one level
    that each name a different day (`## Möte 3 mars`, `## 2023-03-10`). Days without a year take the
    years the file mentions, else the year in its name, else the reference date's. Empty when the file
    is one meeting."""
    heads = [b for b in blks if b.kind == HEADING and has_digit(b.text) and len(b.text.split()) <= 8]
    if len(heads) < 2:
        return []  # (a day date has a digit; two days at least, in two headings, make more than one meeting)
    by_level = _days_by_level(heads, known_years("\n".join(lines), source, reference))
    for level in sorted(by_level):
        heads = by_level[level]
        dated = {h for h, _ in heads}
        others = [b for b in blks if b.kind == HEADING and b.level == level and b.line not in dated]
        if len({d for _, d in heads}) >= 2 and len(others) <= len(heads) // 2:
            starts = [h for h, _ in heads]
            return [(s, (starts[i + 1] - 1 if i + 1 < len(starts) else len(lines))) for i, s in enumerate(starts)]
    return []


def _days_by_level(heads: list[Block], years: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The headings that name a day: (line, day) of each, by heading level."""
    by_level: dict[int, list[tuple[int, str]]] = {}
    for b in heads:
        days = [h.value for h in find_dates(b.text, None, years) if len(h.value) == 10]
        if days:
            by_level.setdefault(b.level, []).append((b.line, days[0]))
    return by_level
