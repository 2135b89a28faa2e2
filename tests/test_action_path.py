"""The shortcuts of the action path give what the plain path gives: a list judged from as few of its points
as decide it, the rules that read no flags asked once per text, a rule tried only where the text holds one
of the words every match of its pattern holds."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutes_cli.detect import Detector, _half_hold
from minutes_cli.model import Participant
from minutes_cli.normalise_names import People
from minutes_cli.rules import anchors
from minutes_cli.rules.engine import load
from minutes_cli.rules.features import Features, flags_veto

RULES = load()
ROSTER = People([Participant(n, n, "present") for n in ("Anna Berg", "Per Holm", "Lisa Ek", "Jonas Lind")])
OWNER_OK = Detector([], [], ROSTER, None, [], None, rules=RULES)._owner_ok
NOBODY_OK = Detector([], [], People([]), None, [], None, rules=RULES)._owner_ok
ACTION_RULES = [r for r in RULES.rules if r.finds == "action"]
# pieces of the examples of every action rule, and what stands around them in minutes
PARTS = sorted({w for r in ACTION_RULES for ex in r.examples + r.counter_examples for w in ex.split()}) + \
    ["Anna", "Per Holm", "Styrelsen", "kassören", ":", "-", "–", "(Anna)", ",", ".", "?", " ", "\ufffd", "ska", "och"]
TASK_LIST = frozenset({"task_list"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=12))
def test_a_list_is_judged_as_if_every_point_were_asked(opening) -> None:
    asked: list[int] = []

    def holds(j: int) -> bool:
        asked.append(j)
        return opening[j]
    assert _half_hold(list(range(len(opening))), holds) is (2 * sum(opening) >= len(opening))
    assert asked == list(range(len(asked)))  # in order, each once


def test_a_list_is_judged_from_as_few_points_as_decide_it() -> None:
    asked: list[int] = []
    assert _half_hold(list(range(6)), lambda j: asked.append(j) or True) and asked == [0, 1, 2]
    asked.clear()
    assert not _half_hold(list(range(6)), lambda j: asked.append(j) or False) and asked == [0, 1, 2, 3]


def _key(hit):
    return None if hit is None else (hit.rule.id, hit.start, hit.end, hit.trigger, hit.owner, hit.verb)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=14).map(" ".join), st.booleans(), st.booleans())
@example("Anna: boka lokal till årsmötet.", True, True)
@example("Boka domare till cupen (Jonas)", True, False)
@example("Skicka ut kallelsen senast fredag.", True, True)
def test_the_rules_that_read_no_flags_asked_apart_give_the_hit_of_all_rules(text, listed, roster) -> None:
    flags = TASK_LIST if listed else frozenset()
    owner_ok = OWNER_OK if roster else NOBODY_OK
    whole = RULES.action(text, owner_ok, Features(text, RULES, flags))
    feats = Features(text, RULES, flags)
    plain = RULES.action(text, owner_ok, feats, ~RULES.flag_rules)
    assert _key(RULES.first(plain, RULES.action(text, owner_ok, feats, RULES.flag_rules))) == _key(whole)


def test_only_the_rules_that_read_flags_are_asked_again() -> None:
    assert {r.id for r in RULES.rules if r.bit & RULES.flag_rules} == {"action.owner-last", "action.imperative"}


def test_of_two_hits_as_good_the_one_of_the_rule_that_comes_first_is_kept() -> None:
    a = RULES.action("Anna bokar lokalen.", OWNER_OK)
    first = type(a)(a.rule, a.start, a.end, a.trigger)
    twin = type(a)(replace(a.rule, id="twin", bit=a.rule.bit << 1), a.start, a.end, a.trigger)  # comes after
    assert RULES.first(twin, first) is first and RULES.first(first, twin) is first
    assert RULES.first(None, a) is a and RULES.first(a, None) is a and RULES.first(None, None) is None


@pytest.mark.parametrize("pattern,atom,expected", [
    (r"^(?P<owner>\w+)\s+(?P<verb>{V})\b", "{V}", True),
    (r"^x(?:(?:a|b)\s+)?{V}", "{V}", True),               # an alternative beside it, not around it
    (r"(?:{V}|x)\s+y", "{V}", False),                      # an alternative of its group
    (r"{V}\s+y|z", "{V}", False),                          # the top level holds an alternative
    (r"(?:{V}\s+)?y", "{V}", False),                       # an optional group
    (r"(?:{V}\s+)*y", "{V}", False),
    (r"(?:{V}\s+){e<=2}y", "{V}", False),                  # a fuzzy group
    (r"(?:{V}\s+)+y", "{V}", True),
    (r"{V}?y", "{V}", False),                              # the atom itself optional
    (r"(?!{V})\w+", "{V}", False),                         # a negative look-ahead
    (r"(?<!{V}\s)\w+", "{V}", False),
    (r"(?=.*{V})\w+", "{V}", True),                        # a positive one must match
    (r"(?#{V})\w+", "{V}", False),                         # a comment
    (r"[{V}]\w+", "{V}", False),                           # inside a class
    (r"(?x)\w+ # {V}", "{V}", False),                      # verbose: a comment
    (r"(?:x))({V})", "{V}", False),                        # not a pattern
])
def test_a_piece_is_held_by_every_match_only_where_nothing_lets_a_match_do_without_it(pattern, atom, expected) -> None:
    at = pattern.index(atom)
    assert anchors.holds(pattern, at, at + len(atom)) is expected


def test_the_package_rules_that_need_a_word_list() -> None:
    by_id = {r.id: r for r in RULES.rules}
    assert "tar fram" in by_id["action.does-no-subject"].needs.words
    assert "ringer" in by_id["action.owner-and-does"].needs.words
    assert by_id["action.member-does"].needs is None  # its owner and verb are no word lists


NEEDING = [r for r in RULES.rules if r.needs is not None]
SOME = [w for r in NEEDING for w in r.needs.words[:8]] + [w for r in NEEDING for ex in r.examples for w in ex.split()]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SOME + ["Anna", "och", " ", "  ", "\ufffd", "ö", "ß", "ı", ",", ":"]), max_size=10)
       .map(" ".join))
@example("Mailar kommunen om bokningen.")
@example("M\ufffdste boka bussen, Anna skickar ut.")
def test_every_text_a_rule_can_match_holds_its_needs_and_is_let_through(text) -> None:
    present = RULES._holds(text)
    for r in NEEDING:
        if r.rx.search(text) is not None:
            assert r.needs.search(text) and present & r.bit, r.id


@pytest.mark.parametrize("text", ["Skicka ut kallelsen.", "Boka domare till cupen (Jonas)", "", "?"])
def test_where_the_flags_veto_the_rules_that_read_them_none_of_them_finds_anything(text) -> None:
    assert flags_veto(frozenset()) and not flags_veto(TASK_LIST)
    for flags in (frozenset(), TASK_LIST):
        if flags_veto(flags):
            feats = Features(text, RULES, flags)
            assert all(feats.sentence_vetoed(r.vetoes) for r in RULES.rules if r.bit & RULES.flag_rules)
            assert RULES.action(text, OWNER_OK, feats, RULES.flag_rules) is None


STEM_WORDS = sorted({w for r in RULES.rules for s in (r.stems, r.needs) if s for w in s.words})


@st.composite
def _with_lost_letters(draw) -> str:
    """Stems and needs of the rules, some of their letters lost (U+FFFD), among other words and spaces."""
    words = draw(st.lists(st.sampled_from(STEM_WORDS + ["Nämnden", "x", "Ö", "  ", "\t", ",", ":"]), max_size=8))
    out = []
    for w in words:
        lost = draw(st.lists(st.booleans(), min_size=len(w), max_size=len(w)))
        out.append("".join("\ufffd" if gone and c in "åäöÅÄÖéÉ§" else c for c, gone in zip(w, lost)))
    return draw(st.sampled_from(["", " ", "\ufffd"])).join(out)


@settings(max_examples=500, deadline=None)
@given(_with_lost_letters())
@example("Beslut: f\ufffdrslaget bifalls")
@example("Anna \ufffdterkommer med en budget")
def test_text_with_lost_letters_lets_through_every_rule_whose_words_its_patterns_find(text) -> None:
    present = RULES._holds(text)
    for r in RULES.rules:
        if (r.stems is None or r.stems.search(text)) and (r.needs is None or r.needs.search(text)):
            assert present & r.bit, (r.id, text)
