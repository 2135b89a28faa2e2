"""Where a rule's matches can begin and end: the facts read off a pattern are true of the pattern, and a
rule that uses them finds exactly what its plain search finds."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutes_cli.rules.anchors import anchored, ends_with
from minutes_cli.rules.engine import load

RULES = load()


@pytest.mark.parametrize("pattern,expected", [
    (r"^(?P<owner>\w+)\s+ska\b", True),
    (r"^(?:till|inför)\s+nästa", True),           # the alternation is inside a group
    (r"^[|(]\s*x", True),                          # a bar and a parenthesis in a class are letters
    (r"^\|\s*x", True),                            # so is an escaped bar
    (r"^ska\b|\bmåste\b", False),                  # the second alternative can begin anywhere
    (r"(?:^ska|måste)\b", False),                  # so can one inside a group
    (r"\bska\b", False),
    (r"(?m)^ska\b", False),                        # every line's start
    (r"^ska(?m)\b", False),
])
def test_a_pattern_is_anchored_only_where_every_match_begins_at_the_start(pattern, expected) -> None:
    assert anchored(pattern) is expected


VERBS = "(?:bokar|ringer)"


@pytest.mark.parametrize("pattern,tail,expected", [
    (r"(?P<owner>\w+)\s+(?P<verb>" + VERBS + r")\b", VERBS, True),
    (r"\w+\s+" + VERBS + r"\b", VERBS, True),
    (r"\w+\s+(?P<verb>nu|" + VERBS + r")\b", VERBS, False),   # may end with `nu`
    (r"\w+\s+(?:x)|y" + VERBS + r"\b", VERBS, False),          # the first alternative ends anywhere
    (r"\w+(?=\s+" + VERBS + r")\b", VERBS, False),             # the verb is only looked at
    (r"\w+\s+" + VERBS, VERBS, False),                         # no word boundary after it
    (r"\w+\s+" + VERBS + r"\\b", VERBS, False),                # a backslash, then a b
    (r"\w+\s+" + VERBS + r"\b", "bokar|ringer", False),        # the tail's own alternatives are not closed
    (r"\w+\s+(?:ringer)\b", VERBS, False),
])
def test_a_pattern_ends_with_its_tail_only_where_every_match_does(pattern, tail, expected) -> None:
    assert ends_with(pattern, tail) is expected


def test_the_package_rules_that_use_the_facts() -> None:
    by_id = {r.id: r for r in RULES.rules}
    assert by_id["action.owner-does"].ends is not None and not by_id["action.owner-does"].anchored
    assert by_id["action.member-does"].anchored and by_id["action.imperative"].anchored
    assert not by_id["action.task-given"].anchored  # its owner may stand anywhere


USED = [r for r in RULES.rules if r.anchored or r.ends is not None]
PARTS = ["Anna", "Per Holm", "Styrelsen", "gruppen", "kassören", "bokar", "skickar ut", "ringer", "tar fram",
         "rapporterar", "tittar p", "tittar på", "till", "på", "nästa", "möte", "ska", "och", "nu", "också", ",", ".", ":", "(", ")",
         " ", "  ", "\n", "x", "ö", "\ufffd", "-", "ar", "in", "2024", "Bokar", "?"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=16).map("".join))
@example("Anna bokar lokalen och Per ringer in nu.")
@example("gruppen bokar\ufffd x")
@example("Per tittar p\ufffdx")  # a match that ends with a lost letter, before a word character
@example("Per rapporterar läget till nästa möte, och bokarx")
def test_a_rule_finds_exactly_what_its_plain_search_finds(text) -> None:
    for r in USED:
        plain = [(m.span(), m.groupdict()) for m in r.rx.finditer(text, overlapped=r.finds == "action")]
        assert [(m.span(), m.groupdict()) for m in r.matches(text)] == plain, r.id
