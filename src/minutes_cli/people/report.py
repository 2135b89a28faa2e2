"""What the commands print about people: the people table, the attendance matrix, and the
explanations in words (`--explain`)."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Sequence

from ..model import ABSENT, GUEST, PRESENT
from .names import key, sort_key

if TYPE_CHECKING:  # pragma: no cover
    from .register import Register


def _order(reg: "Register", i: int) -> tuple:
    m = reg.meetings[i]
    return (m.date or "9999", i)


def people_rows(reg: "Register") -> list[dict]:
    """One row per person: name, variants, organisations, roles, present, absent, actions_owned, meetings."""
    rows = []
    for p in sorted(reg.persons, key=lambda p: sort_key(p.name)):
        spelt = {key(s) for s in p.spellings}
        rows.append({
            "name": p.name,
            "variants": list(p.spellings[1:]) + [h for h in p.handles if key(h) not in spelt],
            "organisations": list(p.organisations),
            "roles": list(p.roles),
            "present": sum(1 for s in p.meetings.values() if s in (PRESENT, GUEST)),
            "absent": sum(1 for s in p.meetings.values() if s == ABSENT),
            "actions_owned": p.actions_owned,
            "meetings": [{"date": reg.meetings[i].date, "source": reg.meetings[i].source,
                          "label": reg.meetings[i].label, "status": s}
                         for i, s in sorted(p.meetings.items(), key=lambda kv: _order(reg, kv[0]))],
        })
    return rows


def matrix(reg: "Register", by: str = "person") -> tuple[list[str], list[dict]]:
    """Attendance per meeting: (columns, rows). The first column is `name` (a person or an
    organisation), then one per meeting in date order, labelled by its date; a cell is
    "present", "absent" or "" (not listed). An organisation is present when one of its
    people is, absent when its people are listed and none is there."""
    order = sorted(range(len(reg.meetings)), key=lambda i: _order(reg, i))
    columns = ["name"] + [reg.meetings[i].label for i in order]
    if by == "person":
        cells = [(p.name, {i: "absent" if s == ABSENT else "present" for i, s in p.meetings.items()})
                 for p in sorted(reg.persons, key=lambda p: sort_key(p.name)) if p.meetings]
    elif by in ("organisation", "organization", "org"):
        by_org: dict[str, dict[int, str]] = defaultdict(dict)
        for i in range(len(reg.meetings)):
            for org, status in reg.org_attendance.get(i, {}).items():
                by_org[org][i] = status
        cells = [(org, by_org[org]) for org in sorted(by_org, key=sort_key)]
    else:
        raise ValueError(f"matrix by {by!r}: use 'person' or 'organisation'")
    rows = [dict({"name": name}, **{reg.meetings[i].label: row.get(i, "") for i in order})
            for name, row in cells]
    return columns, rows


def flatten(row: dict, sep: str = "; ") -> dict:
    """A people row for CSV or a table: lists joined, meetings as `date status` items."""
    out = {}
    for k, v in row.items():
        if k == "meetings":
            out[k] = sep.join(f"{m['label']} {m['status']}" for m in v)
        elif isinstance(v, (list, tuple)):
            out[k] = sep.join(str(x) for x in v)
        else:
            out[k] = v
    return out


# ---------------------------------------------------------------- explanations


def because(b: str, a: str, reasons: Sequence[str], shared_orgs: set[str], listed: tuple[int, int]) -> str:
    """Why spelling b is spelling a's person, in words: how the names fit, the organisation they share,
    and (when both are listed) that they are never listed together (`listed`: b's and a's meetings)."""
    bits = list(reasons)
    if shared_orgs:
        bits.append("same organisation " + ", ".join(sorted(shared_orgs)))
    if all(listed):
        bits.append(f"never listed in the same meeting ({listed[0]} and {listed[1]} meetings)")
    return f"'{b}' is '{a}': " + ", ".join(bits) if bits else f"'{b}' is '{a}'"


def canonical_reason(canon: str, fixed: bool, alone: bool, counts: list[tuple[str, int]],
                     variants_single: bool) -> str:
    """Why `canon` is the person's name (`alone`: its only spelling). `counts`: the spellings of the canonical one's kind (full name or
    single word) with the meetings they are listed in, canonical first; `variants_single`: a user name
    or a first name alone is among the variants of a full name."""
    if fixed:
        return f"'{canon}' is the name fixed in the aliases file"
    if alone:
        return f"'{canon}' is the only spelling seen"
    listed = [(x, c) for x, c in counts if c]
    if listed and counts[0][1]:
        tie = sum(1 for _, c in listed if c == counts[0][1]) > 1
        why = (f"'{canon}' is the canonical spelling: listed in the most meetings"
               + (", the earliest of those tied" if tie else "")
               + " (" + ", ".join(f"'{x}' {c}" for x, c in listed) + ")")
    else:
        why = f"'{canon}' is the canonical spelling: the full name, first seen outside the lists"
    if variants_single:
        why += "; a user name or a first name alone is a variant, never the name"
    return why
