"""Building the people register: one person, one name across an archive.

Minutes are typed by many hands over years, so one person turns up as
`Magnus Frithiof` and `Magnus Fritihof`, `Roger Nilsson` and `Roger O
Nilssson`. The register is built from every record read in one run, strongest
evidence first:

1. the participant lists: every spelling is a node; two spellings are one
   person when the names fit (`names.compatible`) and nothing speaks against
   it (`_Builder.blocked`: never listed in the same meeting, no two different
   organisations, no clash with a third spelling, not kept apart in the
   aliases file);
2. user names in brackets (`Stefan Berggren (nsg)`, `nsg (Stefan Berggren)`),
   when the user name is itself listed somewhere;
3. a list entry that is only a first name, for the one person with it;
4. the chair, minutes taker and action owners, and full names in the text
   (when the texts are given): resolved to a person, never creating a merge
   of two listed spellings; a slip (`Andreas Elingfors` for the chair `Anders
   Elingfors`) only when nothing else fits.

The canonical spelling is the one listed in the most meetings, the earliest
on a tie, unless the aliases file fixes it. Candidates for a merge come from
a `NameIndex`, so the cost grows with the number of names, not its square;
the spellings of the aliases file are compared with the listed ones and with
each other only where a listed spelling could join them.

Pure functions: nothing is printed, nothing exits.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import replace
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

import regex as re

from .. import lexicon as lx
from ..errors import MinutesError
from ..model import ABSENT, GUEST, PRESENT, Minutes
from . import report
from .aliases import Aliases, Apart
from .names import FULL_NAME, USER_NAME, Name, NameIndex, clean, compatible, key, parse, slip, typo
from .organisations import ABBREVIATIONS, Organisations, place_organisation
from .register import MeetingInfo, Person, Register, role_holders

_HANDLE_THEN_FULL = re.compile(r"(?<![\p{L}\d@._-])@?(" + USER_NAME + r")[ \t]*\((" + FULL_NAME + r")\)")
_FULL_THEN_HANDLE = re.compile(r"(" + FULL_NAME + r")[ \t]*\([ \t]*@?(" + USER_NAME + r")[ \t]*\)")
_NAME_RUN = re.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}'’-]*\.?(?:[ \t]+\p{Lu}[\p{L}'’-]*\.?)+")
_HANDLE_NOTE = re.compile(r"^@?" + USER_NAME + r"$")
_NOT_NAMES = {w.casefold() for w in lx.GROUP_WORDS + lx.NOT_OWNERS + tuple(lx.ROLE_WORDS) + tuple(lx.OWNER_ROLES)
              + lx.GROUP_NOUNS}
_ORG_WORDS = {w.casefold() for w in lx.ORGANISATION_WORDS}
_PARTICLES = set(lx.NAME_PARTICLES)
# how a spelling came into the register, strongest first
_RANK = {"listed": 0, "alias": 1, "handle": 2, "mention": 3, "text": 4}
_NOWHERE = ("9999", 10**9, 0)


def name_like(s: str) -> bool:
    """Two to five capitalised words, not an organisation nor a role: could be a person's full name."""
    toks = clean(s).split()
    if not 2 <= len(toks) <= 5:
        return False
    words = [t for t in toks if t.casefold() not in _PARTICLES]
    if not words or not all(t[:1].isupper() for t in words) or words[0].casefold().rstrip(".") in _NOT_NAMES:
        return False
    if any(t.casefold().strip(".,") in _ORG_WORDS for t in words):
        return False
    return place_organisation(s) is None and key(s) not in ABBREVIATIONS


_NONE: Mapping = MappingProxyType({})  # what a spelling not (yet) listed has: shared, read-only


class _Node:
    """One spelling of a person, with what the lists say about it (a large aliases file makes many)."""

    __slots__ = ("name", "listed", "mentions", "orgs", "roles", "first", "how")

    def __init__(self, name: Name, first: tuple = ("9999", 0, 0), how: str = "listed"):
        self.name = name
        self.listed: Mapping[int, str] = _NONE  # meeting -> status in its list
        self.mentions = 0  # as chair, minutes taker, owner or in the text
        self.orgs: Mapping[str, int] = _NONE  # organisation -> times listed with it
        self.roles: Mapping[str, int] = _NONE
        self.first = first  # (date, meeting, line) of the first sighting
        self.how = how  # listed | alias (the aliases file) | handle | mention (chair, owner) | text


class _Spellings:
    """The spellings seen, and which person each belongs to (a union-find over spellings)."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}  # spelling -> node
        self.parent: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}  # root spelling -> the spellings of one person
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.index = NameIndex()  # the full names
        self.why: dict[str, str] = {}  # spelling -> why it joined its person

    def node(self, spelling: str, how: str, first: tuple) -> _Node:
        s = clean(spelling)
        n = self.nodes.get(s)
        if n is None:
            n = self.nodes[s] = _Node(parse(s), first=first, how=how)
            self.parent[s] = s
            self.groups[s] = [s]
            self.by_key[n.name.key].append(s)
            if not n.name.single:
                self.index.add(s, n.name)
        else:
            n.first = min(n.first, first)
            if _RANK[how] < _RANK[n.how]:
                n.how = how
        return n

    def find(self, s: str) -> str:
        while self.parent[s] != s:
            self.parent[s] = self.parent[self.parent[s]]
            s = self.parent[s]
        return s

    def join(self, keep: str, other: str, why: str) -> None:
        """`other`'s person becomes `keep`'s; `other` records why."""
        ra, rb = self.find(keep), self.find(other)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.groups[ra].extend(self.groups.pop(rb))
        self.why.setdefault(other, why)

    def listed_in(self, root: str, meeting: int) -> bool:
        return any(meeting in self.nodes[s].listed for s in self.groups[root])

    def display(self, root: str) -> str:
        """The spelling of a person for messages: the full name listed most often."""
        return min(self.groups[root], key=lambda s: (self.nodes[s].name.single, -len(self.nodes[s].listed),
                                                      _RANK[self.nodes[s].how], self.nodes[s].first))

    def displays(self, roots: Iterable[str]) -> str:
        return ", ".join(sorted(self.display(r) for r in roots))


class _Builder(_Spellings):
    def __init__(self, docs: list[Minutes], aliases: Aliases, texts: Mapping[str, str] | None):
        super().__init__()
        self.docs = docs
        self.aliases = aliases
        self.texts = dict(texts or {})
        self.reg = Register(orgs=Organisations(aliases))
        self.forced: set[str] = set()  # names fixed in the aliases file
        self.apart = Apart([[c for c, _ in aliases.people]] + [list(g) for g in aliases.distinct_people])
        self.handle_text: dict[str, dict[str, str]] = defaultdict(dict)  # user name -> full name -> as written
        self.handle_of: dict[str, str] = {}  # user name key -> a spelling of its person
        self.handle_form: dict[str, str] = {}  # user name key -> as first written
        self.slips: dict[tuple[int, str], str] = {}  # (meeting, spelling key) -> root
        self.owner_roots: dict[tuple[int, str], str | None] = {}
        self.officers: dict[int, tuple[str | None, str | None]] = {}
        self.doc_warn: dict[int, list[str]] = defaultdict(list)

    def warn(self, meetings: Iterable[int], msg: str) -> None:
        for i in meetings:
            self.doc_warn[i].append(msg)

    # -- what speaks against two persons being one

    def blocked(self, ra: str, rb: str, level: int) -> str | None:
        """Why the persons with roots ra and rb may not be one (None: nothing speaks against it)."""
        a, b = self.groups[ra], self.groups[rb]
        checks: list[Callable[[list[str], list[str]], str | None]] = [
            self._declared_apart, self._listed_together, self._initials_differ]
        if level > 0:
            checks += [self._organisations_differ, self._too_far]
        return next((why for check in checks for why in [check(a, b)] if why), None)

    def _declared_apart(self, a: list[str], b: list[str]) -> str | None:
        if self.apart.between({self.nodes[s].name.key for s in a}, {self.nodes[s].name.key for s in b}):
            return "kept apart in the aliases file"
        if sum(1 for s in a + b if s in self.forced) > 1:
            return "two names fixed in the aliases file"
        return None

    def _listed_together(self, a: list[str], b: list[str]) -> str | None:
        """Listed in one meeting under two names: two people (the same name twice is one)."""
        for x in a:
            for y in b:
                both = set(self.nodes[x].listed) & set(self.nodes[y].listed)
                if both and key(x) != key(y):
                    return f"both listed in {self.reg.meetings[min(both)].label}"
        return None

    def _initials_differ(self, a: list[str], b: list[str]) -> str | None:
        ini_a = {self.nodes[s].name.initials for s in a if self.nodes[s].name.initials}
        ini_b = {self.nodes[s].name.initials for s in b if self.nodes[s].name.initials}
        return "different middle initials" if ini_a and ini_b and ini_a != ini_b else None

    def _organisations_differ(self, a: list[str], b: list[str]) -> str | None:
        org_a = {o for s in a for o in self.nodes[s].orgs}
        org_b = {o for s in b for o in self.nodes[s].orgs}
        if org_a and org_b and not org_a & org_b:
            return f"different organisations ({', '.join(sorted(org_a))} / {', '.join(sorted(org_b))})"
        return None

    def _too_far(self, a: list[str], b: list[str]) -> str | None:
        """Every spelling of one must fit every spelling of the other: no chains of typos."""
        for x in a:
            for y in b:
                na, nb = self.nodes[x].name, self.nodes[y].name
                if not (na.single or nb.single) and compatible(na, nb) is None:
                    return f"'{x}' and '{y}' are too far apart"
        return None

    def _pair_blocked(self, a: str, b: str, level: int) -> bool:
        na, nb = self.nodes[a], self.nodes[b]
        if key(a) != key(b) and set(na.listed) & set(nb.listed):
            return True
        if na.name.initials and nb.name.initials and na.name.initials != nb.name.initials:
            return True
        if self.apart.pair(key(a), key(b)):
            return True
        return level > 0 and bool(na.orgs) and bool(nb.orgs) and not set(na.orgs) & set(nb.orgs)

    def because(self, b: str, a: str) -> str:
        """Why spelling b is spelling a's person, in words."""
        nb, na = self.nodes[b], self.nodes[a]
        c = compatible(nb.name, na.name)
        return report.because(b, a, c[1] if c else (), set(na.orgs) & set(nb.orgs),
                              (len(nb.listed), len(na.listed)))

    # -- 1. the lists

    def read_lists(self) -> None:
        org_seen: Counter = Counter()
        org_first: dict[str, tuple] = {}
        for i, d in enumerate(self.docs):
            for p in d.participants:
                if p.organisation:
                    org_seen[clean(p.organisation)] += 1
                    org_first.setdefault(clean(p.organisation), (d.meeting.date or "9999", i))
        self._meetings()
        self.reg.orgs.learn(org_seen, org_first)
        for i, d in enumerate(self.docs):
            for p in d.participants:
                if key(p.name):
                    self._listed(i, d, p)

    def _meetings(self) -> None:
        """Each record's meeting, labelled by its date, made unique with the file name and a number."""
        dates = Counter(d.meeting.date for d in self.docs)
        infos = []
        for i, d in enumerate(self.docs):
            base = os.path.basename(d.source) or d.source
            date = d.meeting.date
            infos.append(MeetingInfo(i, d.source, date, date if date and dates[date] == 1 else
                                     (f"{date} {base}" if date else base)))
        seen = Counter(m.label for m in infos)
        for d, m in zip(self.docs, infos):
            self.reg.add_meeting(d, replace(m, label=f"{m.label} #{m.index + 1}") if seen[m.label] > 1 else m)

    def _listed(self, i: int, d: Minutes, p) -> None:
        n = self.node(p.name, "listed", (d.meeting.date or "9999", i, p.line))
        if n.listed is _NONE:
            n.listed, n.orgs, n.roles = {}, {}, {}
        if n.listed.get(i) in (None, ABSENT):
            n.listed[i] = p.status
        if p.organisation:
            org = self.reg.organisation(p.organisation)
            n.orgs[org] = n.orgs.get(org, 0) + 1
        if p.role:
            n.roles[p.role] = n.roles.get(p.role, 0) + 1
        note = (p.note or "").strip()
        if note and not n.name.single and _HANDLE_NOTE.match(note):
            self.handle_text[key(note)].setdefault(clean(p.name), f"{clean(p.name)} ({note})")
            self.handle_form.setdefault(key(note), clean(note))

    def apply_aliases(self) -> None:
        where = f"the aliases file {self.aliases.source}" if self.aliases.source else "the aliases"
        for canon, variants in self.aliases.people:
            c = clean(canon)
            self.node(canon, "alias", _NOWHERE)
            self.forced.add(c)
            for v in variants:
                self.node(v, "alias", _NOWHERE)
                self.join(c, clean(v), f"'{clean(v)}' is declared a variant of '{canon}' in {where}")

    def cluster(self) -> None:
        self._same_single_words()
        pairs = self._pairs()
        ambiguous = self._ambiguous(pairs)
        order = sorted(pairs.items(), key=lambda kv: (kv[1], -(len(self.nodes[kv[0][0]].listed)
                                                               + len(self.nodes[kv[0][1]].listed)), kv[0]))
        for (a, b), lvl in order:
            if lvl > 0 and (a in ambiguous or b in ambiguous):
                continue
            ra, rb = self.find(a), self.find(b)
            if ra == rb or self.blocked(ra, rb, lvl):
                continue
            na, nb = self.nodes[a], self.nodes[b]
            if (-len(nb.listed), nb.first) < (-len(na.listed), na.first):  # the rarer spelling joins the other
                a, b = b, a
            self.join(a, b, self.because(b, a))

    def _same_single_words(self) -> None:
        """The same single word (`katy`, `Katy`) is one name."""
        for spellings in self.by_key.values():
            singles = [s for s in spellings if self.nodes[s].name.single]
            for s in singles[1:]:
                if self.blocked(self.find(singles[0]), self.find(s), 0) is None:
                    self.join(singles[0], s, f"'{s}' is '{singles[0]}' in other letters")

    def _pairs(self) -> dict[tuple[str, str], int]:
        """Every two full names that fit ((a, b) sorted -> level), among the listed ones and the aliases
        file's. The aliases file's are compared with each other only where a listed spelling could join
        one of them: two of its persons are never merged, but a spelling near two of them is ambiguous."""
        def fits(x: str) -> Iterable[tuple[tuple[str, str], int]]:
            for y in self.index.candidates(self.nodes[x].name):
                if y != x and self.nodes[y].how in ("listed", "alias"):
                    c = compatible(self.nodes[x].name, self.nodes[y].name)
                    if c is not None:
                        yield tuple(sorted((x, y))), c[0]

        pairs: dict[tuple[str, str], int] = {}
        listed = [s for s, n in self.nodes.items() if not n.name.single and n.how == "listed"]
        for s in listed:
            pairs.update(fits(s))
        touched = sorted({s for pair in pairs for s in pair if self.nodes[s].how == "alias"})
        for s in touched:
            pairs.update(fits(s))
        return dict(sorted(pairs.items()))

    def _ambiguous(self, pairs: dict[tuple[str, str], int]) -> set[str]:
        """A spelling that fits two people who cannot be one (`Roger Nilsson` between `Roger O Nilsson` and
        `Roger A Nilsson`) stays on its own, and the records that list it say so."""
        near: dict[str, list[str]] = defaultdict(list)
        for (a, b), lvl in pairs.items():
            if lvl > 0:
                near[a].append(b)
                near[b].append(a)
        ambiguous: set[str] = set()
        for s, others in near.items():
            others = [o for o in others if not self._pair_blocked(s, o, 1)]
            two = next(((p, q) for x, p in enumerate(others) for q in others[x + 1:]
                        if self._pair_blocked(*sorted((p, q)), 1)), None)
            if two:  # (merely too far apart is no ambiguity: the closer one wins)
                p, q = sorted(two)
                ambiguous.add(s)
                self.warn(self.nodes[s].listed, f"'{s}' could be '{p}' or '{q}', who are two people; kept as written")
        return ambiguous

    # -- 2. user names in brackets: `Stefan Berggren (nsg)`, `nsg (Stefan Berggren)`

    def link_handles(self) -> None:
        for text in self.texts.values():
            for m in _HANDLE_THEN_FULL.finditer(text):
                self._handle_seen(m.group(1), m.group(2), m.group(0))
            for m in _FULL_THEN_HANDLE.finditer(text):
                self._handle_seen(m.group(2), m.group(1), m.group(0))
        for h, written in sorted(self.handle_text.items()):
            full = self._handle_owner(h, written)
            if full is not None:
                self._link_handle(h, full, written)

    def _handle_seen(self, handle: str, full: str, written: str) -> None:
        self.handle_text[key(handle)].setdefault(clean(full), " ".join(written.split()))
        self.handle_form.setdefault(key(handle), handle)

    def _handle_owner(self, h: str, written: dict[str, str]) -> str | None:
        """The spelling of the one person user name `h` was written with, if it is a user name at all."""
        fulls = {f for f in written if name_like(f)}
        if h in _NOT_NAMES or not fulls:
            return None
        roots = {self.find(self.by_key[key(f)][0]) if self.by_key.get(key(f)) else f for f in fulls}
        if len(roots) > 1:
            return None  # one word in brackets after two people: not a user name
        full = next((self.by_key[key(f)][0] for f in sorted(fulls) if self.by_key.get(key(f))), min(fulls))
        listed = [s for s in self.by_key.get(h, []) if self.nodes[s].name.single and self.nodes[s].how == "listed"]
        known = full in self.nodes and self.nodes[full].how in ("listed", "alias")
        return full if listed or known else None  # else a word in brackets, used as nobody's name

    def _link_handle(self, h: str, full: str, written: dict[str, str]) -> None:
        self.node(full, "handle", _NOWHERE)
        self.handle_of[h] = full
        for s in [s for s in self.by_key.get(h, []) if self.nodes[s].name.single and self.nodes[s].how == "listed"]:
            ra, rb = self.find(full), self.find(s)
            if ra == rb:
                continue
            problem = self.blocked(ra, rb, 0)
            if problem:
                self.warn(self.nodes[s].listed, f"'{s}' is written as the user name of '{full}', but {problem}; "
                                                "kept apart")
                continue
            seen = written.get(full) or next(iter(written.values()))
            self.join(full, s, f"'{s}' is the user name of '{full}' (written '{seen}')")

    # -- 3. a first name alone in a list

    def first_names(self) -> None:
        for root in list(self.groups):
            group = self.groups.get(root)
            if group is None or not all(self.nodes[s].name.single for s in group):
                continue
            k = self.nodes[root].name.key
            if not root[:1].isalpha() or k in _NOT_NAMES or k in ABBREVIATIONS or place_organisation(root):
                continue
            cands = [r for r in self.by_first_name(k, None, False) if r != root]
            if len(cands) == 1 and self.blocked(cands[0], root, 1) is None:
                full = self.display(cands[0])
                self.join(full, root, f"'{root}' is the first name of '{full}', the only one with it in the "
                                      "lists read")
            elif len(cands) > 1:
                self.warn({i for s in group for i in self.nodes[s].listed},
                          f"'{root}' could be any of {self.displays(cands)}; kept as written")

    def by_first_name(self, first: str, meeting: int | None, fuzzy: bool) -> list[str]:
        """Persons with a full name whose first name (or first names) is `first`, listed in `meeting` if given."""
        out: dict[str, None] = {}
        for s in self.index.first_name_candidates(first, fuzzy):
            node = self.nodes[s]
            n = node.name
            hit = first in (n.first, " ".join(n.given)) or (
                fuzzy and len(n.first) >= 4 and len(first) >= 4 and typo(first, n.first, 4, True))
            if node.how == "text" or not hit:
                continue
            r = self.find(s)
            if r not in out and (meeting is None or self.listed_in(r, meeting)):
                out[r] = None
        return list(out)

    # -- 4. mentions: chair, minutes taker, owners, full names in the text

    def resolve(self, spelling: str, meeting: int | None, create: bool, warn: bool = True) -> str | None:
        """The root of the person `spelling` names (in this meeting), or None: kept as written."""
        s = clean(spelling)
        k = key(s)
        if not k:
            return None
        roots = list(dict.fromkeys(self.find(x) for x in self.by_key.get(k, [])))
        if len(roots) > 1 and meeting is not None:
            roots = [r for r in roots if self.listed_in(r, meeting)] or roots
        if len(roots) == 1:
            return roots[0]
        say = (lambda msg: self.doc_warn[meeting].append(msg)) if warn and meeting is not None else (lambda msg: None)
        n = parse(s)
        if n.single:
            return self._resolve_word(spelling, s, k, meeting, say)
        return self._resolve_full(n, s, k, meeting, say, create)

    def _resolve_word(self, spelling: str, s: str, k: str, meeting: int | None, say) -> str | None:
        """A first name or user name: someone of this meeting with it (or a typo away), then anyone."""
        if k in self.handle_of:
            return self.find(self.handle_of[k])
        if not (spelling.strip().startswith("@") or s[:1].isupper()) or k in _NOT_NAMES:
            return None
        for m in ([meeting] if meeting is not None else []) + [None]:
            for fuzzy in (False, True):
                cands = self.by_first_name(k, m, fuzzy)
                if len(cands) == 1:
                    return cands[0]
                if len(cands) > 1:
                    say(f"'{s}' could be any of {self.displays(cands)}; kept as written")
                    return None
        return None

    def _fits(self, n: Name) -> dict[str, int]:
        """The persons a full name fits (root -> the closest level)."""
        fits: dict[str, int] = {}
        for x in self.index.candidates(n):
            c = compatible(n, self.nodes[x].name) if self.nodes[x].how != "text" else None
            if c is not None:
                r = self.find(x)
                fits[r] = min(fits.get(r, 9), c[0])
        return fits

    def _resolve_full(self, n: Name, s: str, k: str, meeting: int | None, say, create: bool) -> str | None:
        fits = self._fits(n)
        here = [r for r in fits if meeting is not None and self.listed_in(r, meeting)]
        # someone of this meeting; anyone else only by the same name or a middle initial, not by a typo
        for group in (here, [r for r in fits if fits[r] < 2]):
            if len(group) == 1:
                return group[0]
            if len(group) > 1:
                say(f"'{s}' could be any of {self.displays(group)}; kept as written")
                return None
        root = self._slip(n, k, meeting) if meeting is not None and not fits else None
        if root is not None:
            return root
        if fits:
            say(f"'{s}' may be {' or '.join(sorted(self.display(r) for r in fits))}, who is not listed in this "
                "meeting; kept as written")
        if create and name_like(s):
            self.node(s, "mention", (self.docs[meeting].meeting.date or "9999", meeting, 0)
                      if meeting is not None else _NOWHERE)
            return self.find(s)
        return None

    def _slip(self, n: Name, k: str, meeting: int) -> str | None:
        """`Andreas Elingfors` for the chair `Anders Elingfors`: the one participant present with that surname,
        whose first name is a slip away, when no one else of that meeting has the surname."""
        listed = [x for x in self.index.with_surname(n.surname)
                  if self.nodes[x].how != "text" and meeting in self.nodes[x].listed]
        same = {self.find(x) for x in listed}
        slips = {self.find(x) for x in listed if self.nodes[x].listed.get(meeting) in (PRESENT, GUEST)
                 and not self.nodes[x].name.single and slip(n.first, self.nodes[x].name.first)}
        if len(same) == 1 and len(slips) == 1:
            root = slips.pop()
            self.slips[(meeting, k)] = root
            return root
        return None

    def mentions(self) -> None:
        for i, d in enumerate(self.docs):
            self._officers(i, d)
            self._owners(i, d)
        docs_of: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(self.docs):
            docs_of[d.source].append(i)
        for src, text in self.texts.items():
            for m in _NAME_RUN.finditer(text) if docs_of.get(src) else ():
                toks = m.group(0).split()
                j = 0
                while j < len(toks) - 1:
                    j += self._name_in_text(toks, j, docs_of[src])

    def _officers(self, i: int, d: Minutes) -> None:
        found = []
        for role, who in (("chair", d.meeting.chair), ("minutes taker", d.meeting.minutes_taker)):
            root = self.resolve(who, i, create=True) if who else None
            found.append(root)
            if root is not None:
                self.attach(who, root, i, f"the {role}")
        self.officers[i] = (found[0], found[1])

    def _owners(self, i: int, d: Minutes) -> None:
        for a in d.actions:
            for o in a.owners:
                if (i, key(o)) in self.owner_roots:
                    continue
                root = None
                if lx.OWNER_ROLES.get(clean(o).casefold()) is None:  # roles: from the meeting, when applied
                    root = self.resolve(o, i, create=True)
                self.owner_roots[(i, key(o))] = root
                if root is not None:
                    self.attach(o, root, i, "an action's owner")

    def _name_in_text(self, toks: list[str], j: int, idx: list[int]) -> int:
        """The longest name starting at toks[j] that is someone's: counted or attached. -> words to step on."""
        for w in range(min(4, len(toks) - j), 1, -1):
            cand = " ".join(toks[j:j + w]).rstrip(".")
            if not name_like(cand):
                continue
            base = key(cand)[:-1] if key(cand).endswith("s") else ""
            if base and self.by_key.get(base) and not self.by_key.get(key(cand)):
                self.nodes[self.by_key[base][0]].mentions += 1  # a genitive: `Therese Linnérs`
                return w
            found = next(((r, i) for i in idx for r in [self.resolve(cand, i, False, warn=False)] if r is not None),
                         None)
            if found is not None:
                self.attach(cand, found[0], found[1], "in the text")
                return w
        return 1

    def attach(self, spelling: str, root: str, i: int, where: str) -> None:
        """A spelling met outside the lists joins the person it was resolved to."""
        s = clean(spelling)
        if s in self.nodes:
            self.nodes[s].mentions += 1
            return
        if parse(s).single:
            return  # a first name alone is a mention, not a spelling
        self.node(s, "text", (self.docs[i].meeting.date or "9999", i, 0)).mentions += 1
        full = self.display(root)
        at = f"{where} of {self.reg.meetings[i].label}"
        if (i, key(s)) in self.slips:
            why = (f"'{s}' is taken as '{full}' ({at}): a slip for the first name of the only participant of "
                   f"that meeting with the surname '{s.split()[-1]}'; no one else fits")
        else:
            why = self.because(s, full) + f" ({at})"
        self.join(root, s, why)

    # -- canonical names and the tables

    def canonical(self, group: list[str]) -> str:
        nd = self.nodes
        fixed = [s for s in group if s in self.forced]
        listed_full = [s for s in group if not nd[s].name.single and nd[s].listed]
        named = [s for s in group if not nd[s].name.single and nd[s].how != "text"]
        if fixed:
            return fixed[0]
        if listed_full:
            return min(listed_full, key=lambda s: (-len(nd[s].listed), nd[s].first))
        if named:
            return min(named, key=lambda s: (_RANK[nd[s].how], -nd[s].mentions, nd[s].first))
        return min(group, key=lambda s: (-len(nd[s].listed), -nd[s].mentions, nd[s].first))

    def person(self, root: str, group: list[str], handles: tuple[str, ...], officers: Counter) -> None:
        """The person of one group of spellings: its name, spellings, meetings, organisations and roles."""
        nd = self.nodes
        canon = self.canonical(group)
        others = sorted((s for s in group if s != canon),
                        key=lambda s: (nd[s].name.single, -len(nd[s].listed), -nd[s].mentions, nd[s].first))
        meetings: dict[int, str] = {}
        orgs: Counter = Counter()
        roles: Counter = Counter()
        for s in group:
            for i, st in nd[s].listed.items():
                if meetings.get(i) in (None, ABSENT):
                    meetings[i] = st
            orgs.update(nd[s].orgs)
            roles.update(nd[s].roles)
        roles["chair"] += officers[(root, "chair")]
        roles["minutes_taker"] += officers[(root, "minutes_taker")]
        reg = self.reg
        idx = len(reg.persons)
        reg.persons.append(Person(name=canon, spellings=[canon] + others, organisations=[o for o, _ in orgs.most_common()],
                                  roles=[r for r, c in roles.most_common() if c], meetings=meetings, handles=handles))
        for s in group:
            reg.person_of[nd[s].name.key] = idx
        for h in handles:
            reg.person_of.setdefault(key(h), idx)
        single = nd[canon].name.single
        why = report.canonical_reason(canon, canon in self.forced, not others,
                                      [(x, len(nd[x].listed)) for x in [canon] + others if nd[x].name.single == single],
                                      not single and any(nd[x].name.single for x in others))
        self._reasons(canon, why)
        for s in others:
            why = self.why.get(s, f"'{s}' is '{canon}'")
            if f"is '{canon}'" not in why and f"as '{canon}'" not in why:
                why += f"; the person's name is '{canon}'"
            self._reasons(s, why)

    def _reasons(self, s: str, why: str) -> None:
        self.reg.reasons[s] = why
        self.reg.reasons.setdefault(self.nodes[s].name.key, why)

    def finish(self) -> Register:
        handles: dict[str, set[str]] = defaultdict(set)
        for h, f in self.handle_of.items():
            handles[self.find(f)].add(self.handle_form.get(h, h))
        officers: Counter = Counter()
        for chair, taker in self.officers.values():
            officers[(chair, "chair")] += 1
            officers[(taker, "minutes_taker")] += 1
        for root, group in sorted(self.groups.items(), key=lambda kv: min(self.nodes[s].first for s in kv[1])):
            self.person(root, group, tuple(sorted(handles.get(root, ()))), officers)
        for canon, variants in self.aliases.people:  # declared spellings that never occur still name their person
            for v in variants:
                if key(canon) in self.reg.person_of:
                    self.reg.person_of.setdefault(key(v), self.reg.person_of[key(canon)])
        self._resolved()
        for i, d in enumerate(self.docs):
            self._count_actions(i, d)
            self._org_attendance(i, d)
        for i, msgs in sorted(self.doc_warn.items()):
            for msg in dict.fromkeys(msgs):
                self.reg.meeting_warnings[i].append(msg)
                self.reg.warnings.append(f"{self.docs[i].source}: {msg}")
        return self.reg

    def _resolved(self) -> None:
        """The canonical name of each name written in a meeting that was resolved to a person."""
        reg = self.reg

        def name(root: str) -> str:
            return reg.persons[reg.person_of[key(root)]].name

        for (i, k), root in self.owner_roots.items():
            if root is not None:
                reg.resolved[(i, k)] = name(root)
        for i, (c, t) in self.officers.items():
            for who, root in ((self.docs[i].meeting.chair, c), (self.docs[i].meeting.minutes_taker, t)):
                if who and root is not None:
                    reg.resolved[(i, key(who))] = name(root)
        for (i, k), root in self.slips.items():
            reg.resolved.setdefault((i, k), name(root))

    def _count_actions(self, i: int, d: Minutes) -> None:
        reg = self.reg
        for a in d.actions:
            owners: set[str] = set()
            for o in a.owners:
                got = reg.resolved.get((i, key(o)))
                owners.update([got] if got else role_holders(o, d, reg))
            for o in owners:
                p = reg.person(o)
                if p is not None:
                    p.actions_owned += 1

    def _org_attendance(self, i: int, d: Minutes) -> None:
        att: dict[str, str] = {}
        for p in d.participants:
            org = self.reg.organisation(p.organisation) if p.organisation else None
            if org is None:
                person = self.reg.person(p.name)
                if person is not None and len(person.organisations) == 1:
                    org = person.organisations[0]
            if org is not None and att.get(org) != "present":
                att[org] = "absent" if p.status == ABSENT else "present"
        self.reg.org_attendance[i] = att


def build_register(docs: Iterable[Minutes], aliases: Aliases | None = None,
                   texts: Mapping[str, str] | None = None) -> Register:
    """The people register of the records read together (see the module's docstring).

    `texts` (source -> the file's text, e.g. read_texts(docs)) adds the full names
    written in the text as variants (`Erica Lagergren`, the slip `Andreas
    Elingfors`) and user names in brackets (`Stefan Berggren (nsg)`).
    """
    b = _Builder(list(docs), aliases or Aliases(), texts)
    b.read_lists()
    b.apply_aliases()
    b.cluster()
    b.link_handles()
    b.first_names()
    b.mentions()
    return b.finish()


def read_texts(docs: Iterable[Minutes]) -> dict[str, str]:
    """The text of each record's file, for build_register(texts=...): names in the text.

    Files that cannot be read again (standard input, a file gone) are left out.
    """
    from ..read import read_path

    out: dict[str, str] = {}
    for d in docs:
        if d.source in out or d.source.startswith("<") or d.source == "-" or not os.path.isfile(d.source):
            continue
        try:
            out[d.source] = "\n".join(read_path(d.source).lines)
        except (MinutesError, OSError):
            continue
    return out
