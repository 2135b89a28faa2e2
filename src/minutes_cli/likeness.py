"""How much a parsed record looks like minutes, for text that is not.

Prose (a story, an article, a report) can be full of sentences that read as
decisions (`Regeringen beslutade att ...`). Minutes show themselves: a
meeting header (time, place, chair, minutes taker), a list of who attended,
agenda items, labels at the start of lines (`Beslut:`, `Närvarande`, `§ 12`,
`Protokoll`), a meeting date near the top. A record with none of these gets
a warning that says so, and the confidence of its decisions and actions is
halved (`--min-confidence` can then leave them out). Detection itself is not
changed: this runs on the record it gave.
"""
from __future__ import annotations

from dataclasses import replace

import regex as re

from . import lexicon as lx
from .model import Minutes

_LABEL = re.compile(r"^\W{0,4}(?:(?:" + "|".join(re.escape(w) for w in lx.MINUTES_SIGN_LABELS)
                    + r")\b\W{0,4}(?::|$)|§\s*\d)", re.I)
_TITLE = re.compile(r"\b(?:" + "|".join(lx.MINUTES_TITLE_WORDS) + r")\b", re.I)
HEAD_LINES = 40  # a meeting's date stands in its first lines
SCALE = 0.5  # the confidence of decisions and actions in text that does not look like minutes


_SIGNS = (  # (name, test), the quick tests first
    ("a meeting header", lambda m, lines: bool(m.meeting.start or m.meeting.place or m.meeting.chair or
                                               m.meeting.minutes_taker or
                                               (m.meeting.title and _TITLE.search(m.meeting.title)))),
    ("attendance", lambda m, lines: len(m.participants) >= 2),
    ("agenda items", lambda m, lines: len(m.items) >= 2),
    ("labels such as Beslut, Närvarande, Protokoll or §", lambda m, lines: any(_LABEL.match(s) for s in lines if s)),
    ("a date at the top", lambda m, lines: m.meeting.date_source == "text" and m.meeting.line is not None and
     m.meeting.line <= HEAD_LINES),
)


def signs(m: Minutes, lines) -> dict[str, bool]:
    """The signs of minutes in a record and its lines: which are there."""
    return {name: test(m, lines) for name, test in _SIGNS}


def check(m: Minutes, lines) -> Minutes:
    """The record, with a warning and halved confidences when it shows no sign of being minutes."""
    if not (m.decisions or m.actions) or any(test(m, lines) for _, test in _SIGNS):
        return m  # (the signs looked for only until one is found)
    warning = (f"{m.source}: does not look like minutes: no meeting header, attendance, agenda items, labels "
               f"(Beslut, Närvarande, Protokoll, §) or date; the {len(m.decisions)} decisions and "
               f"{len(m.actions)} actions found in it are given half their confidence")
    return replace(m, decisions=tuple(replace(d, confidence=round(d.confidence * SCALE, 2)) for d in m.decisions),
                   actions=tuple(replace(a, confidence=round(a.confidence * SCALE, 2)) for a in m.actions),
                   warnings=m.warnings + (warning,))
