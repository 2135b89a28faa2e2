"""The record `minutes` produces: frozen dataclasses and their JSON shape.

The keys of `to_dict()` are the published schema (docs/schema.md); change
them only together with SCHEMA_VERSION.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = "1.0"

# person status
PRESENT, GUEST, ABSENT = "present", "guest", "absent"

# decision kinds
DECISION_KINDS = ("decision", "approval", "rejection", "election", "assignment", "postponement")


@dataclass(frozen=True)
class NextMeeting:
    date: str | None  # YYYY-MM-DD, or None when the text gives none
    start: str | None
    end: str | None
    text: str
    line: int

    def to_dict(self) -> dict:
        return {"date": self.date, "start": self.start, "end": self.end, "text": self.text, "line": self.line}


@dataclass(frozen=True)
class Meeting:
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    date_source: str | None = None  # "text" | "filename" | None
    start: str | None = None  # HH:MM
    end: str | None = None
    place: str | None = None
    chair: str | None = None
    minutes_taker: str | None = None
    next_meeting: NextMeeting | None = None
    line: int | None = None  # the line the date was read from

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "date": self.date,
            "date_source": self.date_source,
            "start": self.start,
            "end": self.end,
            "place": self.place,
            "chair": self.chair,
            "minutes_taker": self.minutes_taker,
            "next_meeting": self.next_meeting.to_dict() if self.next_meeting else None,
            "line": self.line,
        }


@dataclass(frozen=True)
class Participant:
    name: str  # the spelling used for this person in the output
    raw: str  # as written in the list
    status: str  # present | guest | absent
    organisation: str | None = None
    role: str | None = None  # "chair", "minutes_taker", or a role word as written ("processledare")
    note: str | None = None  # what stood in brackets and was not a role ("ersätter ...", "punkt 8")
    line: int = 0
    location: str | None = None
    party: str | None = None  # the party letters of an elected member ("M", "S"), in formal protocols  # where `line` is in the original file, for Word and PDF ("page 2, line 14")

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "raw": self.raw,
            "status": self.status,
            "organisation": self.organisation,
            "role": self.role,
            "note": self.note,
            "party": self.party,
            "line": self.line,
            "location": self.location,
        }


@dataclass(frozen=True)
class Item:
    id: str
    number: str | None  # "3", "§ 12", or None for an unnumbered heading
    title: str
    line: int
    end_line: int
    location: str | None = None
    dnr: str | None = None  # the matter's diary number in a formal protocol ("KS 2024/045")

    def to_dict(self) -> dict:
        return {"id": self.id, "number": self.number, "title": self.title, "dnr": self.dnr, "line": self.line,
                "end_line": self.end_line, "location": self.location}


@dataclass(frozen=True)
class Decision:
    id: str
    text: str
    kind: str  # one of DECISION_KINDS
    trigger: str  # the words that matched, as written
    confidence: float
    item: str | None  # Item.id
    line: int
    end_line: int
    location: str | None = None
    paragraph: str | None = None  # the § of a formal protocol ("§ 23"), from its item
    dnr: str | None = None  # the matter's diary number, from its item
    reservations: tuple[str, ...] = ()  # who reserved themselves against the decision, as written

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "trigger": self.trigger,
            "confidence": self.confidence,
            "item": self.item,
            "paragraph": self.paragraph,
            "dnr": self.dnr,
            "reservations": list(self.reservations),
            "line": self.line,
            "end_line": self.end_line,
            "location": self.location,
        }


@dataclass(frozen=True)
class Action:
    id: str
    text: str
    owners: tuple[str, ...]  # resolved names, or groups/roles as written
    owners_raw: tuple[str, ...]  # as written
    due: str | None  # YYYY-MM-DD, YYYY-MM, or None
    due_text: str | None  # the words the due date was read from
    trigger: str
    confidence: float
    item: str | None
    line: int
    end_line: int
    decision: str | None = None  # Decision.id when the task was given by a decision
    location: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "owners": list(self.owners),
            "owners_raw": list(self.owners_raw),
            "due": self.due,
            "due_text": self.due_text,
            "trigger": self.trigger,
            "confidence": self.confidence,
            "item": self.item,
            "decision": self.decision,
            "line": self.line,
            "end_line": self.end_line,
            "location": self.location,
        }


@dataclass(frozen=True)
class Minutes:
    source: str
    meeting: Meeting = field(default_factory=Meeting)
    participants: tuple[Participant, ...] = ()
    items: tuple[Item, ...] = ()
    decisions: tuple[Decision, ...] = ()
    actions: tuple[Action, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "meeting": self.meeting.to_dict(),
            "participants": [p.to_dict() for p in self.participants],
            "items": [i.to_dict() for i in self.items],
            "decisions": [d.to_dict() for d in self.decisions],
            "actions": [a.to_dict() for a in self.actions],
            "warnings": list(self.warnings),
        }
