"""Stage 5, detect: decisions and action items in the blocks of each item.

What counts is defined in ANNOTATION.md. A decision record starts at the
sentence holding its trigger and runs to the end of the block or the next
trigger; after a label (`Beslut:`) it is the labelled block; a sentence
ending in `:` carries the list after it; a decision that only refers to a
proposal (`Beslut: bifall`, `Mötet antog valberedningens förslag`) carries
the proposal. An action is one task sentence, or one point of a task list,
with its owners and due date.

What a sentence holds (a trigger, a task and its owner) and what a heading
says about the blocks under it are the rules of `rules/` (data, with their
examples); this module reads the structure: which section governs a block,
lists and their lead-ins, labels, tables, the extent of a record.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import NamedTuple

import regex as re

from . import lexicon as lx
from .clean import BULLET, CODE, HEADING, NUMBERED, PARA, QUOTE, ROW, TABLE_HEAD, Block, losable
from .clean import alternation as _alts
from .model import Action, Decision
from .header import is_meta_line
from .normalise_dates import resolve_due
from .normalise_names import People
from .rules.engine import Rule, RuleSet, cached as default_rules
from .rules.features import Features, flags_veto


_PROPOSAL_REF = re.compile(losable("|".join(lx.REFERS_TO_PROPOSAL)), re.I)
# a full stop that ends no sentence: after an abbreviation (`t.ex.`, `kl.`) or a day's number (`den 12. maj`;
# a year's `2024.` ends one: no word boundary stands before its last two digits)
_NOT_AN_END = re.compile(r"\b(?:" + _alts(lx.ABBREVIATIONS) + r"|\d{1,2})\.$", re.I)
_DUE_FOLLOWER = re.compile("|".join(lx.DUE_FOLLOWERS), re.I)
_DEFERRED_SENTENCE = re.compile(lx.DEFERRED_DECISION, re.I)
_NAME = lx.NAME_PATTERN
_NAME_RX = re.compile(_NAME)
_OWNER_FIRST = re.compile(r"^(?:@?(" + _NAME + r"|\p{Lu}\w+))\s*:\s+(\S.*)$")
_OWNER_LAST = re.compile(r"(?:\(\s*([^()]{2,120}?)\s*\)\)?|\s[-–]\s*\(?([\p{Lu}@][^()\-–]{1,40}?)\)?|"
                         r"\bansvarig\s*:\s*([^.;]{2,60})|[,:]\s*(" + _NAME + r"))\s*\.?\s*$", re.I)
_MENTION = re.compile(r"(?<![\w.])@(\p{L}[\p{L}\-]*)")
_GROUP_PHRASE = r"(?:" + _alts(lx.GROUP_WORDS) + r")(?:\s+(?:" + _alts(lx.GROUP_NOUNS) + r"))?"
_OWNER_ROLE = _alts(lx.OWNER_ROLES)
# who can own a task: a group or role word (any case) or a capitalised name
_OWNERISH = r"(?:(?i:" + _GROUP_PHRASE + r")|(?i:" + _OWNER_ROLE + r")(?!\w)|" + _NAME + r")"
_PROPOSAL = re.compile(losable("|".join(lx.PROPOSAL_WORDS)), re.I)
_RESPONSIBLE_AT_END = re.compile(r"[,;(–-]\s*(?:" + _alts(lx.OWNER_COLUMNS) + r")\s*:\s*([^.;()]{2,60}?)\)?\.?\s*$", re.I)
_RESPONSIBLE = re.compile(r"^(?:" + _alts(lx.OWNER_COLUMNS) + r")\s*:\s*(.+?)\.?$", re.I)
_OWNER_COLUMNS = set(lx.OWNER_COLUMNS)
_DUE_COLUMNS = set(lx.DUE_COLUMNS)
_NEXT_MEETING_LINE = re.compile(r"^(?:" + _alts(lx.NEXT_MEETING_LEADS) + r")\b", re.I)
_RESERVES = re.compile(lx.RESERVES, re.I)
_OWNER_ONLY = re.compile(r"@?" + _NAME + r"\s*:")
_OWNER_LEAD = re.compile(_OWNERISH)
_NAME_WITH_PARTY = re.compile(r"(" + _NAME + r")(?:\s*\([^)]*\))?")
_CONTINUE_LIST = re.compile(r"^(?:\d+(?:\.\d+)*\s*[–\-.:)]|[\p{Lu}\w ]{1,30}:\s)")
_LONE_NAME = re.compile(r"\p{Lu}\p{Ll}{2,}")
_NUMBER_LEAD = re.compile(r"^(?:§\s*)?\d{1,2}(?:\.\d{1,2})*[.)]?\s+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[\p{Lu}\d\"”(*])|[.!?]+$|:(?=\s*$)")
# the end of a sentence that _NOT_AN_END reads: its longest match and the character before it (for `\b`)
_END_WORD = max(4, max(map(len, lx.ABBREVIATIONS)) + 2)
_OWNER_SPLIT = re.compile(r"\s*(?:,|&|\+|/|(?<!-\s*)\boch\b)\s*")
_DIGIT = re.compile(r"\d")
_ATT = re.compile(r"^att\b", re.I)
_PROPOSAL_WITH_CONTENT = re.compile(r"\bförslag(?:et)?\s+(?:om|att|till\s+\w+\s+om)\b", re.I)
_NOT_RESERVER = re.compile(r"(?i)reservation|mot|till")
_TASK_LIST = frozenset({"task_list"})
_DONE = re.compile(r"^\[[xX✓]\]\s")  # a ticked box of a Markdown task list
_ATT_CLAUSE = re.compile(r"(?<=[,;]\s{0,3})att\b", re.I)  # "…, att uppdra åt …": a clause of its own
_SENTENCE_MARK = re.compile(r"[.!?:;,]\s*$|\p{Ll}{3,}\s+\p{Ll}{2,}\s+\p{Ll}{2,}")
_NO_FLAGS: frozenset[str] = frozenset()
_ANY_OWNER = ("none", "any")  # owner policies that hold whoever the minutes list
_HANDLINGS = ("row", "quiet", "reservation", "decision", "postponement", "task", "agenda", "text")  # Detector._handling


_NOT_OWNERS = {w.casefold() for w in lx.NOT_OWNERS}
def _att_clause(text: str, start: int, end: int, trigger: str) -> tuple[int, int]:
    """The att-clause of a decision's sentence that holds the task ("… besluta att lägga rapporten till
    handlingarna, att uppdra åt X att …" -> "att uppdra åt X att …"); the sentence when it has no such clauses."""
    at = text.find(trigger, start, end)
    if at < 0:
        return start, end
    starts = [m.start() for m in _ATT_CLAUSE.finditer(text, start, end)]
    before = [c for c in starts if c <= at]
    after = [c for c in starts if c > at]
    return (before[-1] if before else start), (text.rindex(",", start, after[0]) if after else end)


def _furniture(text: str) -> bool:
    """A line of page furniture between the paragraphs of a PDF protocol: `Justerandes sign`, `§ 11`, `12`,
    `SAMMANTRÄDESPROTOKOLL 2019-01-08`: a few words with no sentence in them."""
    t = text.strip()
    return len(t.split()) <= 5 and not _SENTENCE_MARK.search(t) and not _ATT.match(t)


def _lone_name(word: str) -> bool:
    """A single capitalised word that may be a first name not in the attendance list (`Lisa`)."""
    w = word.casefold()
    return (_LONE_NAME.fullmatch(word) is not None and w not in _NOT_OWNERS
            and not w.endswith(lx.DEFINITE_ENDINGS))


def _names_its_owner(text: str) -> bool:
    """A list point that names who does it: at its end (`– Anna`, `(Anna)`, `, ansvarig: Anna`) or as an
    @mention."""
    return bool(_OWNER_LAST.search(text) or _MENTION.search(text))


def _half_hold(items: list[int], holds) -> bool:
    """Does `holds` hold for at least half of `items`? Asked in order, only until the answer is certain (the
    points of a list that is surely not one of tasks are then read as plain text, never as tasks)."""
    need, left = (len(items) + 1) // 2, len(items)
    for j in items:
        if need <= 0 or need > left:
            break
        need -= holds(j)
        left -= 1
    return need <= 0


def _strip_number(text: str) -> str:
    """`5. Att göra:` -> `Att göra:`."""
    return _NUMBER_LEAD.sub("", text.strip())


class Sentence(NamedTuple):
    text: str
    start: int  # offset in the block text
    end: int


@functools.lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[Sentence, ...]:
    """Split a block into sentences, not at abbreviations (`t.ex.`, `kl.`) or numbers. The same text splits
    the same way in every document (a boilerplate line of an archive): split once."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[end - 1] == "." and _NOT_AN_END.search(text[max(start, end - _END_WORD):end]):
            continue
        piece = text[start:end]
        body = piece.strip()
        if body:
            out.append(Sentence(body, end - len(piece.lstrip()), end))
        start = end
    if text[start:].strip():
        piece = text[start:]
        out.append(Sentence(piece.strip(), start + len(piece) - len(piece.lstrip()), len(text)))
    return tuple(out)


class _Span(NamedTuple):
    """A decision a block's text holds, wherever it stands: text[start:end], its kind, trigger and weight, and
    what it takes from the blocks around it ("carry": the list after it, "proposal": the proposal before it)."""
    start: int
    end: int
    kind: str
    trigger: str
    weight: float
    then: str | None


def _decision_spans(rules: RuleSet, text: str) -> tuple[_Span, ...]:
    """The decisions of a block's text: a label opening it (`Beslut:`) makes the whole block one; else each
    sentence with a trigger opens one that runs to the next trigger or a sentence that defers the decision."""
    lm = rules.label(text)
    if lm:
        body = text[lm.end:].strip()
        then = "proposal" if len(body.split()) <= 4 and _PROPOSAL_REF.search(body) else \
            "carry" if text.rstrip().endswith(":") else None
        return (_Span(0, len(text), rules.kind_of(body), lm.trigger.strip(" :"), lm.rule.weight, then),)
    sents = sentences(text)
    hits = [rules.decision(s.text) for s in sents]
    out: list[_Span] = []
    i = next((n for n, hit in enumerate(hits) if hit), len(sents))
    while i < len(sents):
        s, hit = sents[i], hits[i]
        j = i + 1
        while j < len(sents) and not hits[j] and not _DEFERRED_SENTENCE.search(sents[j].text):
            j += 1
        end = sents[j - 1].end
        kind = hit.kind if hit.kind != "decision" else rules.kind_of(s.text)
        then = "carry" if j == len(sents) and text[s.start:end].rstrip().endswith(":") else \
            "proposal" if _PROPOSAL_REF.search(s.text) and not _PROPOSAL_WITH_CONTENT.search(s.text) else None
        out.append(_Span(s.start, end, kind, hit.trigger, hit.rule.weight, then))
        i = next((n for n in range(j, len(sents)) if hits[n]), len(sents))
    return tuple(out)


@dataclass
class _Rec:
    text: str
    kind: str
    trigger: str
    confidence: float
    block: int
    start: int
    end_block: int
    end: int


class Detector:
    def __init__(self, blks: list[Block], item_of: list[str | None], people: People,
                 meeting: dt.date | None, years: list[int], next_meeting: str | None, after_line: int = 0,
                 rules: RuleSet | None = None, formal: bool = False, actions: bool = True):
        self.rules = rules or default_rules()
        self.find_actions = actions  # False: decisions only (no decision depends on an action)
        self.b = blks
        self.after_line = after_line  # the header (meeting data, lists of people) ends here
        self._first_item_line = next((b.line for b, i in zip(blks, item_of) if i), blks[-1].line if blks else 0)
        self.item_of = item_of
        self.people = people
        self.meeting = meeting
        self.years = years
        self.next_meeting = next_meeting
        self.decisions: list[Decision] = []
        self.actions: list[Action] = []
        self._task_lists: dict[int, list[int]] | None = None  # see _flags
        self._is_task_list: dict[int, bool] = {}  # a list level judged, by its first point
        self._flags_at: dict[int, frozenset[str]] = {}
        self._hits: dict[tuple[str, frozenset[str]], object] = {}  # see _action
        self._plain_hits: dict[str, object] = {}  # the hits of the rules that read no flags, by text
        self._flags_veto: dict[frozenset[str], bool] = {}  # flags for which the rules that read them find nothing
        self.formal = formal  # a § protocol: a decision heading governs one record
        # indexes, so that no rule scans the records found so far
        self._decision_on_line: dict[int, str] = {}  # the last decision whose lines hold a line
        self._last_decision: dict[str | None, int] = {}  # the last decision of an item
        self._action_texts: set[str] = set()
        self._section_of: dict[str, str | None] = {}  # see _label_kind
        self._owners_ok: dict[tuple[str, str, bool], bool] = {}  # see _owner_holds

    # ------------------------------------------------------------ helpers

    def _span(self, k: int, start: int, k2: int, end: int) -> tuple[int, int]:
        return self.b[k].line_at(start), self.b[k2].line_at(max(end - 1, 0))

    def _add_decision(self, r: _Rec) -> str:
        line, end_line = self._span(r.block, r.start, r.end_block, r.end)
        d = Decision(f"d{len(self.decisions) + 1}", r.text.strip(), r.kind, r.trigger, r.confidence,
                     self.item_of[r.block], line, end_line)
        self.decisions.append(d)
        self._decision_on_line.update(dict.fromkeys(range(line, end_line + 1), d.id))
        self._last_decision[d.item] = len(self.decisions) - 1
        return d.id

    def _add_action(self, text: str, owners_raw: list[str], trig: str, conf: float, k: int, start: int,
                    k2: int | None = None, end: int | None = None, decision: str | None = None, due=False) -> None:
        text = text.strip()
        if not text or text in self._action_texts:
            return
        self._action_texts.add(text)
        k2 = k if k2 is None else k2
        end = len(self.b[k2].text) if end is None else end
        owners: list[str] = []
        for raw in owners_raw:
            owners.extend(o for o in self.people.resolve(raw) if o not in owners)
        if due is False:
            due = resolve_due(text, self.meeting, self.years, self.next_meeting)
        line, end_line = self._span(k, start, k2, end)
        self.actions.append(Action(f"a{len(self.actions) + 1}", text, tuple(owners), tuple(o.strip() for o in owners_raw),
                                   due.value if due else None, due.text if due else None, trig, conf,
                                   self.item_of[k], line, end_line, decision))

    def _label_kind(self, h: Block) -> str | None:
        """What a heading or label line says about the blocks under it (the section rules), once per text."""
        if h.text not in self._section_of:
            self._section_of[h.text] = self.rules.section(_strip_number(h.text))
        return self._section_of[h.text]

    def _trigger(self, sentence: str) -> tuple[str, str, float] | None:
        """The decision trigger in a sentence: (words as written, kind, confidence), or None."""
        hit = self.rules.decision(sentence)
        return (hit.trigger, hit.kind, hit.rule.weight) if hit else None

    def _is_label(self, k: int) -> bool:
        """A line that only labels what follows (`Beslut`, `Sammanfattning`, `Styrgruppen beslutar:`); read
        once for each block (see _sections)."""
        return self._labels[k]

    def _reads_as_label(self, h: Block) -> bool:
        if h.kind != PARA or h.line != h.end_line or len(h.text.split(None, 8)) > 8:  # (nine words or more)
            return False
        kind = self._label_kind(h)
        # a plain line is a label only for the formal section words; a lead-in needs bold or a colon
        return kind is not None and (h.bold or h.text.endswith(":") or kind in ("quiet", "reservation", "decision"))

    def _sections(self) -> list[str | None]:
        """For each block, the heading or label that governs it: decision, postponement, task, quiet, agenda or
        reservation. A sub-point (a list entry indented under another) is governed by its parent point: by
        what it leads in when it ends with ':' ("… kom gruppen fram till:"), else by nothing. One pass: the
        nearest heading or label of the item is kept, and the list points after it whose levels rise."""
        out: list[str | None] = []
        gov: str | None = None
        points: list[Block] = []  # the open list points above, levels rising
        lead: Block | None = None  # a paragraph ending in ':' and the list right after it
        unread = self._unread_header(self._after_header)
        self._labels = labels = [False] * len(self.b)  # the header's blocks are skipped before they are asked
        for k, b in enumerate(self.b):
            same = k > 0 and self.item_of[k - 1] == self.item_of[k]
            if not same:
                gov, points = None, []
            while b.kind in (BULLET, NUMBERED) and points and points[-1].level >= b.level:
                points.pop()
            lead = self._lead_in(k, same, lead)
            if k < unread:
                out.append(None)
                continue
            out.append(self._label_kind(lead) if lead is not None and not points else
                       self._point_kind(points[-1]) if points and b.kind in (BULLET, NUMBERED) else gov)
            labels[k] = self._reads_as_label(b)
            if b.kind == HEADING or (b.bold and len(b.text.split()) <= 6) or labels[k]:
                gov, points = self._heading_kind(b, same), []
            if b.kind in (BULLET, NUMBERED):
                points.append(b)
        return out

    def _header_end(self) -> int:
        """The first block after those of the header (all skipped)."""
        first = 0
        while first < len(self.b) and self.b[first].end_line <= self.after_line:
            first += 1
        return first

    def _unread_header(self, first: int) -> int:
        """The blocks of the header whose section is never asked: they are skipped, and the item after them
        is another, so what they govern ends with them (a block of the header's own item may inherit it)."""
        while first > 0 and first < len(self.b) and self.item_of[first - 1] == self.item_of[first]:
            first -= 1
        return first

    def _lead_in(self, k: int, same: bool, lead: Block | None) -> Block | None:
        """The lead-in paragraph (ending in ':') whose list block k continues, or None."""
        b, h = self.b[k], self.b[k - 1]
        if same and h.kind == PARA and h.text.endswith(":") and b.kind != PARA:
            return h
        return lead if b.kind in (BULLET, NUMBERED, CODE) else None

    def _point_kind(self, parent: Block) -> str | None:
        """A sub-point is governed by its parent point when that leads in a list ("… kom gruppen fram till:")."""
        return self._label_kind(parent) if parent.text.endswith(":") else None

    def _heading_kind(self, b: Block, same: bool) -> str | None:
        """What a heading or label governs. Background is a § protocol's sub-heading: an item's own title,
        or "## Sammanfattning" in notes, sums up the meeting."""
        kind = self._label_kind(b)
        if kind == "quiet" and b.kind == HEADING and (not same or not self.formal):
            return None
        return kind

    def _table_head(self, k: int) -> Block | None:
        """The head row of the table row k (the heads found once, where a document has a table)."""
        if self._heads is None:
            self._heads = self._table_heads()
        return self._heads[k]

    def _table_heads(self) -> list[Block | None]:
        """For each row of a table, the head row right above its rows (None for any other block)."""
        out: list[Block | None] = []
        head = None
        for b in self.b:
            head = b if b.kind == TABLE_HEAD else head if b.kind == ROW else None
            out.append(head if b.kind == ROW else None)
        return out

    # ------------------------------------------------------------ decisions

    def run(self) -> None:
        self._carried: set[int] = set()  # blocks already part of a record
        self._after_header = self._header_end()
        self._sections_of = self._sections()
        self._heads: list[Block | None] | None = None  # see _table_head
        on = {h: getattr(self, "_on_" + h) for h in _HANDLINGS}
        for k in range(self._after_header, len(self.b)):
            if not self._skipped(k):
                on[self._handling(k)](k)

    def _skipped(self, k: int) -> bool:
        """The header, headings, labels, an item's bold title, and a lead-in whose points are the decisions."""
        b = self.b[k]
        if b.end_line <= self.after_line or (b.line <= self._first_item_line and is_meta_line(b.text)):
            return True
        title = b.bold and self.item_of[k] is not None and (k == 0 or self.item_of[k - 1] != self.item_of[k])
        if b.kind in (HEADING, CODE, QUOTE, TABLE_HEAD) or title or self._is_label(k) \
                or (b.bold and self._label_only(b.text)):
            return True
        return (b.text.endswith(":") and k + 1 < len(self.b) and self._sections_of[k + 1] == "decision"
                and self._label_kind(b) == "decision")  # "… kom gruppen fram till:"

    def _handling(self, k: int) -> str:
        """How block k is read: by its kind, the section it stands in, and what it says."""
        b, section = self.b[k], self._sections_of[k]
        if b.kind == ROW:
            return "row"
        if section == "quiet":
            return section
        if section == "reservation" or _RESERVES.search(b.text):
            return "reservation"
        if section in ("decision", "postponement"):
            return section
        listed = b.kind in (BULLET, NUMBERED)
        if listed and _DONE.match(b.text):
            return "agenda"  # "- [x] Johan har förnyat certifikaten": done, no task
        if listed and _MENTION.search(b.text) or section == "task" and (listed or not b.text.endswith(":")):
            return "task"  # "Affisch @Sara": a task for Sara
        return "agenda" if section == "agenda" else "text"

    def _on_row(self, k: int) -> None:
        if self.find_actions:
            self._table_row(k, self._sections_of[k])

    def _on_quiet(self, k: int) -> None:
        """Background, proposals, motions: nothing here is the meeting's."""

    def _on_reservation(self, k: int) -> None:
        self._reservation(k)

    def _on_decision(self, k: int) -> None:
        if k not in self._carried:
            self._carried |= self._decision_section(k)

    def _on_postponement(self, k: int) -> None:
        b = self.b[k]
        conf = self.rules.confidence
        did = self._add_decision(_Rec(b.text, "postponement", "skjuter upp", conf["postponement_section"],
                                      k, 0, k, len(b.text)))
        self._task_point(k, conf["postponed_task"], decision=did)

    def _on_task(self, k: int) -> None:
        self._on_agenda(k)  # a decision that gives the task is both
        self._task_point(k, self.rules.confidence["task_point"])

    def _on_agenda(self, k: int) -> None:
        """A point of the agenda names a topic: its decisions count, no task."""
        if k not in self._carried:
            self._carried |= self._decisions_in(k)

    def _on_text(self, k: int) -> None:
        self._on_agenda(k)
        if not self.find_actions:
            return
        if self.b[k].kind in (BULLET, NUMBERED) and _TASK_LIST == self._flags(k):
            self._list_task(k)
        else:
            self._actions_in(k)

    def _decision_section(self, k: int) -> set[int]:
        """Block k stands under a decision heading or label. In a § protocol, or where paragraphs stand under
        a bare label, the whole section is one record, up to page furniture (`Justerandes sign`); in notes,
        each point under `## Beslut` is one. Returns the blocks taken."""
        b = self.b[k]
        if self.formal or b.kind == PARA:
            last = k
            while last + 1 < len(self.b) and self._continues_section(k, last + 1):
                last += 1
            text = " ".join(self.b[j].text for j in range(k, last + 1))
            conf = self.rules.confidence["decision_section"]
            did = self._add_decision(_Rec(text, self.rules.kind_of(text), "Beslut", conf, k, 0, last, len(self.b[last].text)))
            for j in range(k, last + 1):
                self._actions_in(j, decision=did)
            return set(range(k, self._section_end(last + 1)))
        rec = _Rec(b.text, self.rules.kind_of(b.text), "Beslut", self.rules.confidence["decision_section"],
                   k, 0, k, len(b.text))
        taken: set[int] = set()
        if b.text.rstrip().endswith(":"):
            rec.text, rec.end_block, rec.end, taken = self._carry_list(k, rec.text)
        did = self._add_decision(rec)
        self._actions_in(k, decision=did)
        return taken

    def _continues_section(self, k: int, j: int) -> bool:
        n = self.b[j]
        return (self.item_of[j] == self.item_of[k] and n.kind not in (HEADING, ROW, TABLE_HEAD)
                and not self._is_label(j) and not (n.bold and self._label_only(n.text)) and not _furniture(n.text))

    def _section_end(self, j: int) -> int:
        """The first block from j on that starts another section (a heading, a label, another item)."""
        item = self.item_of[j - 1] if j else None
        while j < len(self.b) and self.item_of[j] == item and self.b[j].kind != HEADING and not self._is_label(j):
            j += 1
        return j

    def _table_row(self, k: int, section: str | None) -> None:
        """A row of a task table (`| Boka lokal | Oskar | 2023-09-20 |`): one action, with the owner and due
        date from the columns that name them."""
        head = self._table_head(k)
        names = [c.casefold().strip(" :") for c in head.cells] if head else []
        who = next((i for i, c in enumerate(names) if c in _OWNER_COLUMNS), None)
        when = next((i for i, c in enumerate(names) if c in _DUE_COLUMNS), None)
        b = self.b[k]
        if who is None and section != "task":
            return
        cells = list(b.cells)
        task = " ".join(c for i, c in enumerate(cells) if i not in (who, when) and c).strip()
        if not task:
            return
        owners = [o for o in _OWNER_SPLIT.split(cells[who]) if o] if who is not None and who < len(cells) else []
        due_text = cells[when] if when is not None and when < len(cells) else ""
        due = resolve_due("senast " + due_text, self.meeting, self.years, self.next_meeting) if due_text else None
        self._add_action(task, owners, "task table", self._scored(self.rules.confidence["task_table_row"], owners),
                         k, 0, k, len(b.text),
                         due=due)

    def _reservation(self, k: int) -> None:
        """`Karl Nyström (SD) reserverar sig mot beslutet`: recorded on the item's last decision."""
        b = self.b[k]
        item = self.item_of[k]
        target = self._last_decision.get(item)
        if target is None:
            return
        names = _NAME_WITH_PARTY.findall(b.text.split(" reserver")[0])
        names = [n for n in names if not _NOT_RESERVER.fullmatch(n)] or [b.text]
        d = self.decisions[target]
        self.decisions[target] = replace(d, reservations=d.reservations + tuple(n for n in names if n not in d.reservations))

    def _label_only(self, text: str) -> bool:
        return self.rules.section(text.strip()) == "decision"

    def _decisions_in(self, k: int) -> set[int]:
        """The decisions of block k (see _decision_spans); returns the blocks a decision carried."""
        text = self.b[k].text
        carried: set[int] = set()
        for sp in _decision_spans(self.rules, text):
            rec = _Rec(text[sp.start:sp.end], sp.kind, sp.trigger, sp.weight, k, sp.start, k, sp.end)
            if sp.then == "carry":
                rec.text, rec.end_block, rec.end, carried = self._carry_list(k, rec.text)
            elif sp.then == "proposal":
                self._prepend_proposal(rec, k)
            self._add_decision(rec)
        return carried

    def _carry_list(self, k: int, text: str) -> tuple[str, int, int, set[int]]:
        """A sentence ending in ':' carries the list after it (to the next heading or plain paragraph)."""
        parts = [text]
        last = k
        taken: set[int] = set()
        for j in range(k + 1, len(self.b)):
            n = self.b[j]
            if n.kind == HEADING or (n.bold and self._label_only(n.text)):
                break
            listish = n.kind in (BULLET, NUMBERED, CODE) or n.bold or _CONTINUE_LIST.match(n.text) \
                or (n.kind == PARA and len(n.text) < 60 and not n.text.endswith((":", ".")))
            if not listish or (n.kind == PARA and self._trigger(n.text) and not n.bold):
                break
            parts.append(n.text)
            taken.add(j)
            last = j
        return " ".join(parts), last, len(self.b[last].text), taken

    def _prepend_proposal(self, rec: _Rec, k: int) -> None:
        """Carry the proposal a decision refers to; the record then starts where the proposal does."""
        text, first = self._proposal_before(k)
        if text:
            rec.text, rec.block, rec.start = text + " " + rec.text, first, 0

    def _proposal_before(self, k: int) -> tuple[str, int]:
        """The proposal a decision refers to: the lead-in ending in ':' (or an `Att:` line) and its list,
        in the same item, before block k; and the block it starts in."""
        item = self.item_of[k]
        parts: list[str] = []
        for j in range(k - 1, -1, -1):
            n = self.b[j]
            if self.item_of[j] != item or n.kind == HEADING:
                break
            proposal = n.text.rstrip().endswith(":") or _ATT.match(n.text) \
                or _PROPOSAL_REF.search(n.text) or _PROPOSAL.search(n.text)
            if proposal:
                parts.insert(0, n.text)
                return " ".join(parts), j
            lead_in = j > 0 and self.b[j - 1].text.rstrip().endswith(":")
            if n.kind in (CODE, BULLET, NUMBERED) or (n.kind == PARA and (len(n.text) < 60 or lead_in)):
                parts.insert(0, n.text)  # a point of the proposed list
                continue
            break
        return "", k

    # ------------------------------------------------------------ actions

    def _actions_in(self, k: int, decision: str | None = None) -> None:
        if not self.find_actions:
            return
        b = self.b[k]
        sents = sentences(b.text)
        i = 0
        while i < len(sents):
            s = sents[i]
            found = self._task_in(s.text, k)
            named = _RESPONSIBLE.match(sents[i + 1].text) if i + 1 < len(sents) else None
            if named:
                # "… Ansvarig: Hanna." names who does what the sentence before says
                self._add_action(b.text[s.start:sents[i + 1].end], self._owners_in(named.group(1)), "ansvarig",
                                 self.rules.confidence["responsible_label"],
                                 k, s.start, k, sents[i + 1].end, decision or self._decision_at(b, s.start))
                i += 2
                continue
            if found:
                owners, trig, conf = found
                end = s.end
                # a following sentence that says when it is due belongs to the task
                if i + 1 < len(sents) and _DUE_FOLLOWER.match(sents[i + 1].text):
                    end = sents[i + 1].end
                    i += 1
                start, end = _att_clause(b.text, s.start, end, trig)
                did = decision or self._decision_at(b, start)
                self._add_action(b.text[start:end], owners, trig, conf, k, start, k, end, did)
            i += 1

    def _decision_at(self, b: Block, offset: int) -> str | None:
        """The decision whose lines hold this offset of block b (a task given in a decision)."""
        return self._decision_on_line.get(b.line_at(offset))

    def _task_in(self, s: str, k: int) -> tuple[list[str], str, float] | None:
        """Is this sentence of block k a task? (owners as written, trigger, confidence), by the action rules."""
        hit = self._action(s, self._flags(k))
        if hit is None:
            return None
        named = _RESPONSIBLE_AT_END.search(s)  # "…, ansvarig: Jonas" names who, whatever the sentence's subject
        owners = self._owners_in(named.group(1)) if named else [hit.owner] if hit.owner else []
        if not owners and hit.rule.owner == "none":  # "Gör en sammanfattning. Om inte, fråga Isak: Max"
            b = self.b[k]
            owners = self._owners_at_end(s) or (self._owners_at_end(b.text) if b.kind in (BULLET, NUMBERED) else [])
        return owners, hit.trigger, self._scored(hit.rule.weight, owners)

    def _scored(self, weight: float, owners: list[str]) -> float:
        """A task's confidence: its rule's weight, adjusted by whether the text names who does it and whether
        that is someone of the meeting (the `[adjust]` table of actions.toml)."""
        if not owners:
            feature = "no_owner"
        else:
            feature = "owner_known" if all(self.people.is_owner(o) for o in owners) else "owner_unknown"
        return round(min(0.99, max(0.05, weight + self.rules.adjust.get(feature, 0.0))), 2)

    def _owner_ok(self, rule: Rule, owner: str, at: int) -> bool:
        """Does the owner a rule found resolve as the rule asks? Each of several ("Sara och Ahmed") must."""
        return rule.owner in _ANY_OWNER or self._owner_holds(rule.owner, owner, at == 0)

    def _owner_holds(self, policy: str, owner: str, first: bool) -> bool:
        """_owner_ok by the rule's owner policy, for an owner found at the start of the sentence or not; once
        per document (the action rules ask it of many sentences, of every word that may be an owner)."""
        key = (policy, owner, first)
        ok = self._owners_ok.get(key)
        if ok is None:
            parts = [p for p in _OWNER_SPLIT.split(owner) if p]
            ok = self._owners_ok[key] = bool(parts) and all(
                self._one_owner_ok(policy, p, 0 if first and i == 0 else -1) for i, p in enumerate(parts))
        return ok

    def _one_owner_ok(self, policy: str, owner: str, at: int) -> bool:
        """The owner is someone of the meeting (a person, role or group), or, by the policy, a name that reads
        as one; what the words alone say is asked first."""
        if policy == "person":
            return owner.casefold() in lx.OWNER_ROLES or self.people.person(owner) is not None
        if policy == "name":
            return _lone_name(owner) or self.people.is_owner(owner)
        if policy == "unlisted":  # a first name, where the minutes list nobody to check it against
            return (not self.people.people and _lone_name(owner)) or self.people.is_owner(owner)
        # plausible: a full name opening the sentence
        return (policy == "plausible" and at == 0 and len(owner.split()) >= 2 and _NAME_RX.fullmatch(owner) is not None
                ) or self.people.is_owner(owner)

    def _flags(self, k: int) -> frozenset[str]:
        """What the action rules may know of block k: whether it is a point of a list of tasks."""
        if k not in self._flags_at:
            if self._task_lists is None:
                self._task_lists = self._list_levels()
            level, text = self._task_lists.get(k), self.b[k].text
            listed = level is not None and (_names_its_owner(text) or self._judged(level))
            self._flags_at[k] = _TASK_LIST if listed else _NO_FLAGS
        return self._flags_at[k]

    def _action(self, text: str, flags: frozenset[str]):
        """The action rules' hit in `text`, once per text and flags: a point of a list of tasks is read
        when its list is judged and again when it is taken. Most rules read no flags: what they find is
        asked once per text (a point of a list judged not of tasks is read again as plain text)."""
        key = (text, flags)
        if key not in self._hits:
            rules, feats = self.rules, Features(text, self.rules, flags)
            plain = self._plain_hits.get(text, self._plain_hits)  # (the dict itself: not asked yet)
            if plain is self._plain_hits:
                plain = self._plain_hits[text] = rules.action(text, self._owner_ok, feats, ~rules.flag_rules)
            if flags not in self._flags_veto:
                self._flags_veto[flags] = flags_veto(flags)
            flagged = None if self._flags_veto[flags] else rules.action(text, self._owner_ok, feats, rules.flag_rules)
            self._hits[key] = rules.first(plain, flagged)
        return self._hits[key]

    def _judged(self, level: list[int]) -> bool:
        """Is this level of a list (its points) one of tasks: do at least half of its points open with a task?
        Judged when a point of it is first asked (the points of a skipped list, of a header, are never read)."""
        first = level[0]
        if first not in self._is_task_list:
            self._is_task_list[first] = _half_hold(level, lambda j: self._action(self.b[j].text, _TASK_LIST) is not None)
        return self._is_task_list[first]

    def _list_levels(self) -> dict[int, list[int]]:
        """For each list point, the points of its level of its list (a point of a list of tasks is one when
        its level is one, or when it names its owner at its end: see _flags). One pass over the blocks."""
        out: dict[int, list[int]] = {}
        groups: dict[int, list[int]] = {}

        def close(level_from: int) -> None:
            for level in [lv for lv in groups if lv >= level_from]:
                pts = groups.pop(level)
                out.update(dict.fromkeys(pts, pts))
        for k, b in enumerate(self.b):
            if b.kind not in (BULLET, NUMBERED):
                close(0)
                continue
            close(b.level + 1)
            groups.setdefault(b.level, []).append(k)
        close(0)
        return out

    def _owners_at_end(self, text: str) -> list[str]:
        """Owners written after the task: in brackets, after a dash or a comma, as @mentions."""
        m = _OWNER_LAST.search(text)
        if m:
            return self._owners_in(next(g for g in m.groups() if g))
        mention = _MENTION.search(text)
        return [mention.group(1)] if mention else []

    def _owners_in(self, who: str) -> list[str]:
        """Owners in a bracket or after a dash: `Lisa & Victor`, `alla`, `Digg sammanställer utkast, ...`."""
        who = who.strip()
        out = []
        for part in _OWNER_SPLIT.split(who):
            lead = _OWNER_LEAD.match(part)
            if not lead or _DIGIT.search(lead.group(0)) or not (
                    self.people.is_owner(lead.group(0)) or lead.group(0)[:1].isupper()):
                break
            out.append(lead.group(0))
            if lead.end() < len(part.rstrip(" .?!")):
                break  # the owner is followed by what they do: "Digg sammanställer utkast"
        return out

    def _list_task(self, k: int) -> None:
        """A point of a list of tasks is one task, whatever its sentences ("Få databasen att fungera. Den ska
        fungera inifrån DAG: Kevin"), when an action rule finds one in it."""
        b = self.b[k]
        found = self._task_in(b.text, k)
        if found:
            owners, trig, conf = found
            self._add_action(b.text, owners or self._owners_at_end(b.text), trig, conf, k, 0, k, len(b.text),
                             self._decision_at(b, 0))

    def _task_point(self, k: int, conf: float, decision: str | None = None) -> None:
        """One point of a task list: owners first, last, in brackets, after a dash or as @mentions."""
        if not self.find_actions:
            return
        b = self.b[k]
        text = b.text
        if _OWNER_ONLY.fullmatch(text) or _NEXT_MEETING_LINE.match(text):
            return  # an owner with nothing to do, or the date of the next meeting
        mentions = list(_MENTION.finditer(text))
        if len(mentions) > 1:
            start = 0
            for m in mentions:
                cut = text.find(",", m.end())
                end = len(text) if cut < 0 or m is mentions[-1] else cut
                piece = text[start:end].strip(" ,")
                self._add_action(piece, [m.group(1)], "@", self._scored(conf, [m.group(1)]), k, start, k, end, decision)
                start = end + 1
            return
        m = _OWNER_FIRST.match(text)
        if m and (self.people.is_owner(m.group(1)) or len(m.group(1).split()) <= 2):
            owners = [m.group(1)]
        else:
            owners = self._owners_at_end(text)
            if not owners:
                found = self._task_in(text, k)
                owners = found[0] if found else []
            if not owners:  # "Frans och Christoffer diskuterar förråd med Studentbostäder"
                owners = [o for o in self._owners_in(text) if self.people.is_owner(o)]
        self._add_action(text, owners, "task list", self._scored(conf, owners), k, 0, k, len(text), decision)
