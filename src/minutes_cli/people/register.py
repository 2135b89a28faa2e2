"""The register of an archive's people and organisations, and applying it to a record.

`Register` is what `build.build_register` gives: the persons, the meetings,
and the look-ups the commands use (`canonical`, `person`, `organisation`,
`explain`, `matches`); `apply_register(doc, register)` rewrites a record with
one name per person. The tables the commands print are in `report`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from .. import lexicon as lx
from ..model import ABSENT, Minutes, Participant
from .names import Name, clean, compatible, fold, key, parse, typo
from .organisations import Organisations


@dataclass
class Person:
    """One person (or one listed name that is not a person's, such as `Digg`)."""

    name: str
    spellings: list[str]  # every spelling, canonical first
    organisations: list[str]
    roles: list[str]
    meetings: dict[int, str]  # meeting index -> present | guest | absent
    actions_owned: int = 0
    handles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingInfo:
    index: int
    source: str
    date: str | None
    label: str  # the column name in the matrix: the date, made unique with the file name


def doc_key(d: Minutes) -> tuple:
    """What identifies a record when it is read again (another object, the same content)."""
    return (d.source, d.meeting.date, tuple((p.name, p.status, p.line) for p in d.participants),
            tuple(a.id for a in d.actions))


@dataclass
class Register:
    """Persons and organisations of an archive; built by build_register().

    Filled in by the builder through these fields: `person_of` (spelling key -> index in `persons`),
    `reasons` (spelling, and its key -> why it has its name), `resolved` ((meeting, spelling key) ->
    the canonical name a name written in that meeting resolved to), `meeting_warnings` (meeting ->
    messages), `org_attendance` (meeting -> organisation -> present | absent) and `orgs`.
    """

    persons: list[Person] = field(default_factory=list)
    meetings: list[MeetingInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "source: message"
    orgs: Organisations = field(default_factory=Organisations, repr=False)
    person_of: dict[str, int] = field(default_factory=dict, repr=False)
    reasons: dict[str, str] = field(default_factory=dict, repr=False)
    resolved: dict[tuple, str] = field(default_factory=dict, repr=False)
    meeting_warnings: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list), repr=False)
    org_attendance: dict = field(default_factory=dict, repr=False)
    _by_id: dict[int, int] = field(default_factory=dict, repr=False)  # id(doc) -> meeting index
    _by_key: dict[tuple, int] = field(default_factory=dict, repr=False)
    _docs: list = field(default_factory=list, repr=False)  # the docs, so that their ids stay theirs

    # -- meetings

    def add_meeting(self, doc: Minutes, info: MeetingInfo) -> None:
        self.meetings.append(info)
        self._by_id[id(doc)] = info.index
        self._by_key.setdefault(doc_key(doc), info.index)
        self._docs.append(doc)

    def meeting_of(self, doc: Minutes) -> int | None:
        """The index of the meeting this record is (the same object, or the same record read again)."""
        i = self._by_id.get(id(doc))
        if i is None or self._docs[i] is not doc:
            i = self._by_key.get(doc_key(doc))
        return i

    # -- lookups

    def person(self, name: str) -> Person | None:
        i = self.person_of.get(key(name))
        return self.persons[i] if i is not None else None

    def canonical(self, name: str) -> str:
        """A person's or organisation's spelling -> the canonical one; unknown names unchanged."""
        if name is None:
            return name
        p = self.person(name)
        if p is not None:
            return p.name
        org = self.organisation(name)
        return org if org is not None else name

    def organisation(self, org: str | None) -> str | None:
        """An organisation as written -> canonical; None for None; unknown ones cleaned, as written."""
        return self.orgs.canonical(org)

    def explain(self, name: str) -> str | None:
        """Why this spelling has the name it has, in words; None for a name the register does not know."""
        for k in (clean(name), key(name)):
            if k in self.reasons:
                return self.reasons[k]
        return self.orgs.explain(name)

    def matches(self, query: str, name: str) -> bool:
        """Does `query` name this person? For `--owner`: the canonical name or any variant, a first
        name (`Erika`, also `Erica`, `@erika`), a surname (`Lagergren`), a full name a typo away."""
        q = key(query)
        if not q:
            return False
        p = self.person(name)
        spellings = p.spellings + list(p.handles) if p else [clean(name)]
        if q in {key(s) for s in spellings}:
            return True
        qn = parse(query)
        return any(_names(qn, q, parse(s)) for s in spellings)

    # -- tables (see report)

    def people_rows(self) -> list[dict]:
        """One row per person: name, variants, organisations, roles, present, absent, actions_owned, meetings."""
        from .report import people_rows

        return people_rows(self)

    def matrix(self, by: str = "person") -> tuple[list[str], list[dict]]:
        """Attendance per meeting: (columns, rows); see report.matrix."""
        from .report import matrix

        return matrix(self, by)


def _names(query: Name, q: str, n: Name) -> bool:
    """Does the query (a first name, a surname or a full name) name the person spelt `n`?"""
    if n.single:
        return False
    if not query.single:
        return compatible(query, n) is not None
    if q in (n.first, " ".join(n.given), n.surname) or fold(q) in (fold(n.first), fold(n.surname)):
        return True
    return len(q) >= 4 and len(n.first) >= 4 and typo(q, n.first, 4, True)


def role_holders(owner: str, d: Minutes, reg: Register) -> list[str]:
    """`ordföranden`, `sekreteraren`, `processledarna` -> the canonical names of who holds the role."""
    role = lx.OWNER_ROLES.get(clean(owner).casefold())
    if role is None:
        return []
    out = [reg.canonical(p.name) for p in d.participants if p.role == role]
    if not out and role == "chair" and d.meeting.chair:
        out = [reg.canonical(d.meeting.chair)]
    if not out and role == "minutes_taker" and d.meeting.minutes_taker:
        out = [reg.canonical(d.meeting.minutes_taker)]
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- applying


def _name_of(register: Register, i: int | None, s: str | None) -> str | None:
    if not s:
        return s
    if i is not None and (i, key(s)) in register.resolved:
        return register.resolved[(i, key(s))]
    p = register.person(s)
    return p.name if p is not None else s


def _participants(doc: Minutes, register: Register, i: int | None, warnings: list[str]) -> tuple[Participant, ...]:
    """The participants with canonical names; a person listed under two spellings is listed once."""
    parts: list[Participant] = []
    at: dict[str, int] = {}
    for p in doc.participants:
        name = _name_of(register, i, p.name)
        org = register.organisation(p.organisation) if p.organisation else p.organisation
        q = _changed(p, name=name, organisation=org)
        k = key(name)
        if k not in at:
            at[k] = len(parts)
            parts.append(q)
            continue
        first = parts[at[k]]
        if first.status == ABSENT and q.status != ABSENT:
            parts[at[k]] = replace(first, status=q.status)
        warnings.append(f"{doc.source}: '{first.raw}' and '{p.raw}' are one person ({name}); listed once")
    return tuple(parts)


def _owners(a, doc: Minutes, register: Register, i: int | None) -> tuple[str, ...]:
    owners: list[str] = []
    for o in a.owners:
        if i is not None and (i, key(o)) in register.resolved:
            owners.append(register.resolved[(i, key(o))])
            continue
        holders = role_holders(o, doc, register)
        owners.extend(holders or [_name_of(register, None, o)])
    return tuple(dict.fromkeys(owners))


def _changed(obj, **values):
    """The frozen record `obj` with `values`: itself where they are what it holds (most names are written
    as the register has them), else a copy (dataclasses.replace, which costs a call of its __init__)."""
    if all(getattr(obj, k) == v for k, v in values.items()):
        return obj
    return replace(obj, **values)


def apply_register(doc: Minutes, register: Register) -> Minutes:
    """The record with canonical names: participants, owners, chair, minutes taker, organisations.

    `raw` and `owners_raw` keep what was written. A person listed twice under two spellings is
    listed once (present when either entry is); the record's warnings say what could not be
    resolved.
    """
    i = register.meeting_of(doc)
    warnings = list(doc.warnings)
    parts = _participants(doc, register, i, warnings)
    meeting = _changed(doc.meeting, chair=_name_of(register, i, doc.meeting.chair),
                       minutes_taker=_name_of(register, i, doc.meeting.minutes_taker))
    actions = tuple(_changed(a, owners=_owners(a, doc, register, i)) for a in doc.actions)
    for msg in register.meeting_warnings.get(i, []) if i is not None else ():
        same = msg.split(" could be any of")[0] if " could be any of" in msg else msg.split(";")[0]
        if not any(same in w for w in warnings):  # the stage before may have said it already
            warnings.append(f"{doc.source}: {msg}")
    return replace(doc, participants=parts, meeting=meeting, actions=actions,
                   warnings=tuple(dict.fromkeys(warnings)))
