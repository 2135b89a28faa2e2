"""Stage 5, detect: decisions and action items in the blocks of each item.

What counts is defined in ANNOTATION.md. A decision record starts at the
sentence holding its trigger and runs to the end of the block or the next
trigger; after a label (`Beslut:`) it is the labelled block; a sentence
ending in `:` carries the list after it; a decision that only refers to a
proposal (`Beslut: bifall`, `Mötet antog valberedningens förslag`) carries
the proposal. An action is one task sentence, or one point of a task list,
with its owners and due date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import regex as re

from . import lexicon as lx
from .clean import BULLET, CODE, HEADING, NUMBERED, PARA, QUOTE, ROW, TABLE_HEAD, Block
from .model import Action, Decision
from .header import is_meta_line
from .normalise_dates import resolve_due
from .normalise_names import People


def _alts(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_TRIGGERS = [(re.compile(p, re.I), kind, conf) for p, kind, conf in lx.DECISION_TRIGGERS]
_LABEL = _TRIGGERS[0][0]
_NEGATED = re.compile(r"^\s*(?:(?:" + _alts(lx.NEGATION_FILLERS) + r")\s+)*(?:" + _alts(lx.NEGATIONS) + r")\b", re.I)
_DEFERRED = re.compile(r"\b(?:" + _alts(lx.DEFERRALS) + r")\s+(?:\S+\s+){0,3}$", re.I)
_DECISION_SECTION = re.compile("|".join(lx.DECISION_SECTIONS), re.I)
_POSTPONE_SECTION = re.compile("|".join(lx.POSTPONE_SECTIONS), re.I)
_TASK_SECTION = re.compile("|".join(lx.TASK_SECTIONS), re.I)
_PROPOSAL_REF = re.compile("|".join(lx.REFERS_TO_PROPOSAL), re.I)
_ABBR = re.compile(r"\b(?:" + _alts(lx.ABBREVIATIONS) + r")\.$", re.I)
_VERBS = re.compile(r"\b(?:" + "|".join(sorted(lx.ACTION_VERBS, key=len, reverse=True)) + r")\b", re.I)
_TASK_GIVEN = re.compile("|".join(lx.TASK_GIVEN), re.I)
_TASK_TO = re.compile("|".join(lx.TASK_TO), re.I)
_HOMEWORK = re.compile("|".join(lx.HOMEWORK), re.I)
_REPORT_BACK = re.compile(r"\b(?:" + "|".join(f"(?:{w}){{e<=2}}" for w in lx.REPORT_BACK) + r")\b.*?"
                          + lx.REPORT_WHEN, re.I | re.BESTMATCH)
_REPORT_WHEN = re.compile(lx.REPORT_WHEN, re.I)  # cheap test before the fuzzy one
_FROM = re.compile(r"\bfrån\s+(\S+(?:\s+\S+){0,2}?)\s+(?:kring|om|gällande|angående|sker|ska|till|på|vid)\b", re.I)
_MODAL = re.compile(r"\s+(?:" + _alts(lx.MODALS) + r")\s+(\w+)", re.I)
_STATE = {w.casefold() for w in lx.STATE_VERBS}
_DUE_FOLLOWER = re.compile("|".join(lx.DUE_FOLLOWERS), re.I)
_PASSIVE_BY = re.compile(lx.PASSIVE_BY + r"(\S+(?:\s+\S+){0,2}?)(?=\s+(?:i|på|till|senast|före|innan|under)\b|[.,]|$)", re.I)
_NAME = r"\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?(?:\s+\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?){0,2}"
_OWNER_FIRST = re.compile(r"^(?:@?(" + _NAME + r"|\p{Lu}\w+))\s*:\s+(\S.*)$")
_OWNER_LAST = re.compile(r"(?:\(\s*([^()]{2,120}?)\s*\)\)?|\s[-–]\s*\(?([\p{Lu}@][^()\-–]{1,40}?)\)?|"
                         r"\bansvarig\s*:\s*([^.;]{2,60}))\s*\.?\s*$", re.I)
_MENTION = re.compile(r"@(\p{L}[\p{L}\-]*)")
_GROUP_PHRASE = r"(?:" + _alts(lx.GROUP_WORDS) + r")(?:\s+(?:" + _alts(lx.GROUP_NOUNS) + r"))?"
_DEFERRED_SENTENCE = re.compile(lx.DEFERRED_DECISION, re.I)
_CONDITIONAL = re.compile(r"^(?:" + _alts(lx.CONDITIONALS) + r")\b", re.I)
_ADJECTIVAL = re.compile(r"\b(?:" + _alts(lx.ADJECTIVAL_BEFORE) + r")\s+$", re.I)
_OWNER_ROLE = _alts(lx.OWNER_ROLES)
# who can own a task: a group or role word (any case) or a capitalised name
_OWNERISH = r"(?:(?i:" + _GROUP_PHRASE + r")|(?i:" + _OWNER_ROLE + r")(?!\w)|" + _NAME + r")"
_PROPOSAL = re.compile("|".join(lx.PROPOSAL_WORDS), re.I)
_RESPONSIBLE = re.compile(r"^(?:" + _alts(lx.OWNER_COLUMNS) + r")\s*:\s*(.+?)\.?$", re.I)
_OWNER_COLUMNS = set(lx.OWNER_COLUMNS)
_DUE_COLUMNS = set(lx.DUE_COLUMNS)
_NEXT_MEETING_LINE = re.compile(r"^(?:" + _alts(lx.NEXT_MEETING_LEADS) + r")\b", re.I)
_QUIET = {w.casefold() for w in lx.NOT_DECISION_SECTIONS} - {"reservation", "reservationer"}
_RESERVATION_LABELS = {"reservation", "reservationer"}
_PROPOSAL_TO_BODY = re.compile(lx.PROPOSAL_TO_BODY, re.I)
_RESERVES = re.compile(lx.RESERVES, re.I)
# compiled once: who owns a task, where in a sentence
_OWNER_THEN_SPACE = re.compile(r"(" + _OWNERISH + r")\s")
_OWNER_AT_END = re.compile(r"(" + _OWNERISH + r")\s*$")
_AND_VERB = re.compile(r"\boch\s+(?:(?:också|även|sedan|därefter)\s+)?(" + _VERBS.pattern + r")", re.I)
_OWNER_MODAL = re.compile(r"^(" + _OWNERISH + r")(?i:" + _MODAL.pattern + ")")
_OWNER_ONLY = re.compile(r"@?" + _NAME + r"\s*:")
_OWNER_LEAD = re.compile(_OWNERISH)
_NAME_WITH_PARTY = re.compile(r"(" + _NAME + r")(?:\s*\([^)]*\))?")
_CONTINUE_LIST = re.compile(r"^(?:\d+(?:\.\d+)*\s*[–\-.:)]|[\p{Lu}\w ]{1,30}:\s)")


_NOT_OWNERS = {w.casefold() for w in lx.NOT_OWNERS}
_LONE_NAME = re.compile(r"\p{Lu}\p{Ll}{2,}")
_NUMBER_LEAD = re.compile(r"^(?:§\s*)?\d{1,2}(?:\.\d{1,2})*[.)]?\s+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[\p{Lu}\d\"”(*])|[.!?]+$|:(?=\s*$)")
_DAY_NUMBER_END = re.compile(r"\b\d{1,2}\.$")  # `den 3.`: no end of a sentence ...
_YEAR_END = re.compile(r"\d{4}\.$")  # ... unless a year ends it
_OWNER_SPLIT = re.compile(r"\s*(?:,|&|/|\boch\b)\s*")
_OWNERS_SPLIT = re.compile(r"\s*(?:,|&|\+|/|\boch\b)\s*")
_NOT_RESERVER = re.compile(r"(?i)reservation|mot|till")
_PROPOSAL_ABOUT = re.compile(r"\bförslag(?:et)?\s+(?:om|att|till\s+\w+\s+om)\b", re.I)
_ATT = re.compile(r"^att\b", re.I)
_WHOLE_NAME = re.compile(_NAME + "$")
_DIGIT = re.compile(r"\d")
# who does what: an owner, then (after an aside or an adverb) an action verb. The owner is a participant's
# name (found by `Detector._owner_verbs` against the names of the document) or one of _OWNERISH.
_OWNER_TAIL = re.compile(r"(?:,\s*\p{Ll}+,?)?\s+(?i:(?:också|även|sedan|själv|därefter|då|nu)\s+)?"
                         r"(?P<verb>(?i:" + _VERBS.pattern + r"))")
_OWNER_VERB = re.compile(r"(?P<owner>" + _OWNERISH + r")" + _OWNER_TAIL.pattern)


@dataclass(frozen=True)
class _OwnerVerb:
    """An owner and the verb after it, at `at` in a sentence (read like a match: group, start)."""
    at: int
    owner: str
    verb: str

    def group(self, name: str) -> str:
        return self.owner if name == "owner" else self.verb

    def start(self) -> int:
        return self.at


def _lone_name(word: str) -> bool:
    """A single capitalised word that may be a first name not in the attendance list (`Lisa`)."""
    w = word.casefold()
    return (_LONE_NAME.fullmatch(word) is not None and w not in _NOT_OWNERS
            and not w.endswith(lx.DEFINITE_ENDINGS))


def _strip_number(text: str) -> str:
    """`5. Att göra:` -> `Att göra:`."""
    return _NUMBER_LEAD.sub("", text.strip())


@dataclass
class Sentence:
    text: str
    start: int  # offset in the block text
    end: int


def sentences(text: str) -> list[Sentence]:
    """Split a block into sentences, not at abbreviations (`t.ex.`, `kl.`) or numbers."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        piece = text[start:end]
        if _ABBR.search(piece) or _DAY_NUMBER_END.search(piece) and not _YEAR_END.search(piece):
            continue
        if piece.strip():
            out.append(Sentence(piece.strip(), start + len(piece) - len(piece.lstrip()), end))
        start = end
    if text[start:].strip():
        piece = text[start:]
        out.append(Sentence(piece.strip(), start + len(piece) - len(piece.lstrip()), len(text)))
    return out


def trigger(sentence: str) -> tuple[str, str, float] | None:
    """The decision trigger in a sentence: (words as written, kind, confidence), or None."""
    if (_DEFERRED_SENTENCE.search(sentence) or _CONDITIONAL.match(sentence)) and not _LABEL.match(sentence):
        return None
    for rx, kind, conf in _TRIGGERS:
        for m in rx.finditer(sentence):
            if _ADJECTIVAL.search(sentence[:m.start()]):
                continue
            if kind != "rejection" and _NEGATED.match(sentence[m.end():]):
                continue
            if kind not in ("rejection",) and m.start() > 0 and _DEFERRED.search(sentence[:m.start()]) \
                    and rx is not _LABEL:
                continue
            return m.group(0).strip(), kind, conf
    return None


_KINDS = [(kind, re.compile(rx, re.I)) for kind, rx in lx.KIND_WORDS]


def _kind_of(text: str, default: str = "decision") -> str:
    """The kind of a decision: rejection, postponement, election, approval or assignment by the words
    it uses, else `default`."""
    for kind, rx in _KINDS:
        for m in rx.finditer(text):
            if kind == "rejection" or not _NEGATED.match(text[m.end():]):
                return kind
    return default


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
                 meeting: dt.date | None, years: list[int], next_meeting: str | None, after_line: int = 0):
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
        # indexes, so that no rule scans the records found so far
        self._decision_on_line: dict[int, str] = {}  # the last decision whose lines hold a line
        self._last_decision: dict[str | None, int] = {}  # the last decision of an item
        self._action_texts: set[str] = set()
        self._memo: dict[tuple, object] = {}  # see _once
        # the participants' names, longest first (as an alternation would try them), each with its length
        self._names = sorted({n for p in people.people for n in (p.name, p.name.split()[0])}, key=len, reverse=True)

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
        """What a heading or label line says about the blocks under it."""
        return self._once(self._text_label_kind, h.text)

    def _once(self, fn, text: str):
        """fn(text), computed once per document (a text may be read by several rules)."""
        key = (fn, text)
        if key not in self._memo:
            self._memo[key] = fn(text)
        return self._memo[key]

    @staticmethod
    def _text_label_kind(text: str) -> str | None:
        text = _strip_number(text)
        bare = text.rstrip(":").strip().casefold()
        if bare in _RESERVATION_LABELS:
            return "reservation"
        if bare in _QUIET:
            return "quiet"
        if _DECISION_SECTION.search(text) or _PROPOSAL_TO_BODY.match(text):
            return "decision"
        if _POSTPONE_SECTION.search(text):
            return "postponement"
        if _TASK_SECTION.search(text) and not trigger(text):
            return "task"
        return None

    def _is_label(self, k: int) -> bool:
        """A line that only labels what follows (`Beslut`, `Sammanfattning`, `Styrgruppen beslutar:`)."""
        h = self.b[k]
        if h.kind != PARA or h.line != h.end_line or len(h.text.split()) > 8:
            return False
        kind = self._label_kind(h)
        # a plain line is a label only for the formal section words; a lead-in needs bold or a colon
        return kind is not None and (h.bold or h.text.endswith(":") or kind in ("quiet", "reservation", "decision"))

    def _sections(self) -> list[str | None]:
        """For each block, the heading or label that governs it: decision, postponement, task, quiet or
        reservation. A sub-point (a list entry indented under another) is governed by its parent point, not
        the section. One pass: the nearest heading or label of the item is kept, and the list points after
        it whose levels rise (the nearest point above a new point is then the last one left)."""
        out: list[str | None] = []
        gov: str | None = None
        points: list[int] = []  # levels
        for k, b in enumerate(self.b):
            same = k > 0 and self.item_of[k - 1] == self.item_of[k]
            if not same:
                gov, points = None, []
            listed = b.kind in (BULLET, NUMBERED)
            while listed and points and points[-1] >= b.level:
                points.pop()
            h = self.b[k - 1]
            if same and h.kind == PARA and h.text.endswith(":") and b.kind != PARA:
                out.append(self._label_kind(h))  # a lead-in and its list
            else:
                out.append(None if listed and points else gov)
            if b.kind == HEADING or (b.bold and len(b.text.split()) <= 6) or self._is_label(k):
                gov, points = self._label_kind(b), []
            if listed:
                points.append(b.level)
        return out

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
        carried: set[int] = set()
        sections = self._sections()
        self._heads = self._table_heads()
        for k, b in enumerate(self.b):
            if b.end_line <= self.after_line or (b.line <= self._first_item_line and is_meta_line(b.text)):
                continue
            if b.kind in (HEADING, CODE, QUOTE, TABLE_HEAD) or self._is_label(k) or (b.bold and self._label_only(b.text)):
                continue
            section = sections[k]
            if b.kind == ROW:
                self._table_row(k, section)
                continue
            if section == "quiet":
                continue
            if section == "reservation" or _RESERVES.search(b.text):
                self._reservation(k)
                continue
            if section == "decision":
                if k not in carried:
                    rec = _Rec(b.text, _kind_of(b.text), "Beslut", 0.95, k, 0, k, len(b.text))
                    if b.text.rstrip().endswith(":"):
                        rec.text, rec.end_block, rec.end, more = self._carry_list(k, rec.text)
                        carried |= more
                    did = self._add_decision(rec)
                    self._actions_in(k, decision=did)
                continue
            if section == "postponement":
                did = self._add_decision(_Rec(b.text, "postponement", "skjuter upp", 0.8, k, 0, k, len(b.text)))
                self._task_point(k, 0.7, decision=did)
                continue
            if section == "task" and (b.kind in (BULLET, NUMBERED) or b.kind == PARA and not b.text.endswith(":")):
                self._task_point(k, 0.9)
                continue
            if k not in carried:
                carried |= self._decisions_in(k)
            self._actions_in(k)

    def _table_row(self, k: int, section: str | None) -> None:
        """A row of a task table (`| Boka lokal | Oskar | 2023-09-20 |`): one action, with the owner and due
        date from the columns that name them."""
        head = self._heads[k]
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
        self._add_action(task, owners, "task table", 0.9, k, 0, k, len(b.text), due=due)

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

    @staticmethod
    def _label_only(text: str) -> bool:
        return bool(_DECISION_SECTION.search(text.strip()))

    def _decisions_in(self, k: int) -> set[int]:
        b = self.b[k]
        text = b.text
        sents = self._once(sentences, text)
        carried: set[int] = set()
        # a label at the start of the block: the whole block is one decision
        lm = _LABEL.match(text)
        if lm:
            body = text[lm.end():].strip()
            kind = _kind_of(body)
            rec = _Rec(text, kind, lm.group(0).strip(" :"), 0.95, k, 0, k, len(text))
            if len(body.split()) <= 4 and _PROPOSAL_REF.search(body):
                self._prepend_proposal(rec, k)
            elif text.rstrip().endswith(":"):
                rec.text, rec.end_block, rec.end, carried = self._carry_list(k, rec.text)
            self._add_decision(rec)
            return carried
        i = 0
        while i < len(sents):
            s = sents[i]
            t = trigger(s.text)
            if not t:
                i += 1
                continue
            j = i + 1
            while j < len(sents) and not trigger(sents[j].text) and not _DEFERRED_SENTENCE.search(sents[j].text):
                j += 1
            end = sents[j - 1].end
            kind = t[1] if t[1] != "decision" else _kind_of(s.text)
            rec = _Rec(text[s.start:end], kind, t[0], t[2], k, s.start, k, end)
            if j == len(sents) and rec.text.rstrip().endswith(":"):
                rec.text, rec.end_block, rec.end, carried = self._carry_list(k, rec.text)
            elif _PROPOSAL_REF.search(s.text) and not _PROPOSAL_ABOUT.search(s.text):
                self._prepend_proposal(rec, k)
            self._add_decision(rec)
            i = j
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
            if not listish or (n.kind == PARA and trigger(n.text) and not n.bold):
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
        first = k
        for j in range(k - 1, -1, -1):
            n = self.b[j]
            if self.item_of[j] != item or n.kind == HEADING:
                break
            proposal = n.text.rstrip().endswith(":") or _ATT.match(n.text) \
                or _PROPOSAL_REF.search(n.text) or _PROPOSAL.search(n.text)
            if proposal:
                parts.insert(0, n.text)
                return " ".join(parts), j
            if n.kind in (CODE, BULLET, NUMBERED) or (n.kind == PARA and len(n.text) < 60):
                parts.insert(0, n.text)  # a point of the proposed list
                continue
            break
        return "", k

    # ------------------------------------------------------------ actions

    def _actions_in(self, k: int, decision: str | None = None) -> None:
        b = self.b[k]
        sents = self._once(sentences, b.text)
        i = 0
        while i < len(sents):
            s = sents[i]
            found = self._task_in(s.text, b)
            named = _RESPONSIBLE.match(sents[i + 1].text) if i + 1 < len(sents) else None
            if named:
                # "… Ansvarig: Hanna." names who does what the sentence before says
                self._add_action(b.text[s.start:sents[i + 1].end], self._owners_in(named.group(1)), "ansvarig", 0.85,
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
                did = decision or self._decision_at(b, s.start)
                self._add_action(b.text[s.start:end], owners, trig, conf, k, s.start, k, end, did)
            i += 1

    def _decision_at(self, b: Block, offset: int) -> str | None:
        """The decision whose lines hold this offset of block b (a task given in a decision)."""
        return self._decision_on_line.get(b.line_at(offset))

    def _task_in(self, s: str, b: Block) -> tuple[list[str], str, float] | None:
        """Is this sentence a task? (owners as written, trigger, confidence)."""
        if s.rstrip().endswith("?"):
            return None  # a question is not a promise
        m = _OWNER_FIRST.match(s)
        if m and self.people.person(m.group(1)) and re.match(r"\p{Ll}", m.group(2)):
            return [m.group(1)], m.group(1) + ":", 0.7
        m = _HOMEWORK.match(s)
        if m:
            rest = s[m.end():]
            om = _OWNER_THEN_SPACE.match(rest)
            return ([om.group(1)] if om else []), m.group(0).strip(), 0.85
        m = _TASK_TO.search(s)
        if m:
            rest = s[m.end():]
            om = re.match(r"(.+?)(?=\s+(?:att|i\s+uppdrag|med|om)\b|[.,;]|$)", rest)
            return ([om.group(1)] if om else []), m.group(0).strip(), 0.85
        m = _TASK_GIVEN.search(s)
        if m:
            head = s[:m.start()]
            om = _OWNER_AT_END.search(head[-80:])
            return ([om.group(1)] if om else []), m.group(0).strip(), 0.85
        m = _REPORT_BACK.search(s) if _REPORT_WHEN.search(s) else None
        if m and re.search(r"\bnästa\b|\bden\s+\d|\d{4}-\d\d", s[m.end():], re.I):
            fm = _FROM.search(m.group(0))
            return ([fm.group(1)] if fm else []), m.group(0).split()[0], 0.75
        m = _PASSIVE_BY.search(s)
        if m and self.people.is_owner(m.group(1)):
            return [m.group(1)], m.group(0).strip(), 0.7
        for m in (self._owner_verbs(s) if _VERBS.search(s) else ()):
            owner = m.group("owner")
            if self._plausible_owner(owner, s, m.start()) and not _PROPOSAL.search(s[:m.start()]):
                return [owner], m.group("verb"), 0.8
        # the subject opens the sentence and the promise comes after "och": "Processledarna informerar ... och återkommer"
        m = _OWNER_THEN_SPACE.match(s)
        if m and self.people.is_owner(m.group(1)):
            v = _AND_VERB.search(s)
            if v:
                return [m.group(1)], v.group(1), 0.75
        m = _OWNER_MODAL.search(s)
        if m and m.group(2).casefold() not in _STATE and not m.group(2).casefold().endswith("s"):
            if self.people.is_owner(m.group(1)):
                return [m.group(1)], s[len(m.group(1)):m.end()].strip(), 0.6
            if _lone_name(m.group(1)):
                return [m.group(1)], s[len(m.group(1)):m.end()].strip(), 0.5
        return None

    def _owner_verbs(self, s: str) -> list[_OwnerVerb]:
        """Every place in s where an owner is followed by an action verb, at most one per start, in order.
        At a start, a participant's name (the longest that the verb follows) comes before _OWNERISH."""
        found: dict[int, _OwnerVerb] = {}
        for tail in _OWNER_TAIL.finditer(s, overlapped=True):
            end = tail.start()
            for name in self._names:
                at = end - len(name)
                longer = at not in found or len(found[at].owner) < len(name)
                if at >= 0 and longer and s.startswith(name, at):
                    found[at] = _OwnerVerb(at, name, tail.group("verb"))
        for m in _OWNER_VERB.finditer(s, overlapped=True):
            if m.start() not in found:
                found[m.start()] = _OwnerVerb(m.start(), m.group("owner"), m.group("verb"))
        return [found[at] for at in sorted(found)]

    def _plausible_owner(self, owner: str, s: str, at: int) -> bool:
        if self.people.is_owner(owner):
            return True
        # a capitalised word that names no participant: only at the start of the sentence,
        # and only if it is not a common sentence opener
        return at == 0 and owner[:1].isupper() and len(owner.split()) >= 2 and bool(_WHOLE_NAME.match(owner))

    def _owners_in(self, who: str) -> list[str]:
        """Owners in a bracket or after a dash: `Lisa & Victor`, `alla`, `Digg sammanställer utkast, ...`."""
        who = who.strip()
        out = []
        for part in _OWNERS_SPLIT.split(who):
            lead = _OWNER_LEAD.match(part)
            if not lead or _DIGIT.search(lead.group(0)) or not (
                    self.people.is_owner(lead.group(0)) or lead.group(0)[:1].isupper()):
                break
            out.append(lead.group(0))
            if lead.end() < len(part.rstrip(" .?!")):
                break  # the owner is followed by what they do: "Digg sammanställer utkast"
        return out

    def _task_point(self, k: int, conf: float, decision: str | None = None) -> None:
        """One point of a task list: owners first, last, in brackets, after a dash or as @mentions."""
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
                self._add_action(piece, [m.group(1)], "@", conf, k, start, k, end, decision)
                start = end + 1
            return
        owners: list[str] = []
        m = _OWNER_FIRST.match(text)
        if m and (self.people.is_owner(m.group(1)) or len(m.group(1).split()) <= 2):
            owners = [m.group(1)]
        else:
            m = _OWNER_LAST.search(text)
            if m:
                owners = self._owners_in(next(g for g in m.groups() if g))
            elif mentions:
                owners = [mentions[0].group(1)]
            else:
                found = self._task_in(text, b)
                if found:
                    owners = found[0]
        self._add_action(text, owners, "task list", conf, k, 0, k, len(text), decision)
