"""The detector's fast paths give what the slow ones gave: one owner pattern for every document (names
checked against the document's participants) and the section of every block found in one pass."""
from __future__ import annotations

import random

import regex as re

from minutes_cli import detect
from minutes_cli.clean import BULLET, CODE, HEADING, NUMBERED, PARA, ROW, Block
from minutes_cli.model import Participant
from minutes_cli.normalise_names import People

# "Eva Bokar": a name whose last word is also a verb, so that at one start both the longer and the shorter
# name are followed by a verb (the longer must win, as in an alternation tried longest first)
NAMES = ["Anna", "Anna Berg", "Ann", "Per Olof", "Lars-Erik Ek", "Eva Lind", "Åsa Öberg", "Eva Bokar"]
SENTENCES = ["Anna Berg ska ta fram ett förslag", "Anna återkommer och Anna Berg tar fram budgeten",
             "Per Olof, ordförande, tar fram underlag", "Lars-Erik Ek återkommer i frågan",
             "XAnna Berg bokar lokalen", "Styrelsen tar fram en plan", "Åsa bokar och Eva Lind kallar",
             "Vi pratade om Anna", "Eva Bokar bokar lokalen", "Ann-Sofie Berg skickar ut protokollet", "Anna Bergström ordnar fika"]


def _per_document_pattern(people: People) -> re.Pattern:
    """The pattern the detector used to compile for every document: names first, longest first."""
    names = sorted({re.escape(n) for p in people.people for n in (p.name, p.name.split()[0])}, key=len, reverse=True)
    return re.compile(r"(?P<owner>(?:" + ("|".join(names) or r"(?!x)x") + r")|" + detect._OWNERISH
                      + r")" + detect._OWNER_TAIL.pattern)


def test_owner_and_verb_found_as_by_the_per_document_pattern() -> None:
    for k in range(len(NAMES) + 1):
        people = People([Participant(name=n, raw=n, status="present") for n in NAMES[:k]])
        det = detect.Detector([], [], people, None, [], None)
        old = _per_document_pattern(people)
        for s in SENTENCES:
            want = [(m.start(), m.group("owner"), m.group("verb")) for m in old.finditer(s, overlapped=True)]
            got = [(m.start(), m.group("owner"), m.group("verb")) for m in det._owner_verbs(s)]
            assert got == want, (k, s)


def _walk_back(det: detect.Detector, k: int) -> str | None:
    """The section of block k as it was found before: walking back over the blocks before it."""
    b = det.b[k]
    for j in range(k - 1, -1, -1):
        h = det.b[j]
        if det.item_of[j] != det.item_of[k]:
            return None
        if b.kind in (BULLET, NUMBERED) and h.kind in (BULLET, NUMBERED) and h.level < b.level:
            return None
        if h.kind == HEADING or (h.bold and len(h.text.split()) <= 6) or det._is_label(j):
            return det._label_kind(h)
        if h.kind == PARA and h.text.endswith(":") and j == k - 1 and b.kind != PARA:
            return det._label_kind(h)
    return None


def test_sections_in_one_pass_equal_the_walk_back() -> None:
    rnd = random.Random(5)
    texts = ["Beslut", "Beslut:", "Att göra:", "Styrelsen beslutar:", "Anna bokar lokal.", "Reservation",
             "Uppdrag", "Information", "Vi pratade om saker:", "En lång mening som fortsätter med fler ord än så"]
    for _ in range(1500):
        n = rnd.randint(1, 20)
        blks = [Block(rnd.choice([BULLET, NUMBERED, HEADING, PARA, PARA, ROW, CODE]), rnd.choice(texts), i + 1,
                      i + 1 + rnd.choice([0, 0, 1]), rnd.randint(0, 3), bold=rnd.random() < 0.2) for i in range(n)]
        item_of = [rnd.choice([None, "i1", "i2"]) if rnd.random() < 0.3 else "i1" for _ in range(n)]
        det = detect.Detector(blks, item_of, People([]), None, [], None)
        assert det._sections() == [_walk_back(det, k) for k in range(n)]
