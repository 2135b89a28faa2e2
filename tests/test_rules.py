"""Rules as data: every rule's examples are found and its counter-examples are not; the loader says
which file and which rule is wrong; a user's rule file adds a phrasing without code."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli.detect import Detector
from minutes_cli.model import Participant
from minutes_cli.normalise_names import People
from minutes_cli.rules.engine import RuleError, load

RULES = load()
# an invented roster: the owners the examples may name
ROSTER = People([Participant(n, n, "present") for n in
                 ("Anna Berg", "Lisa Ek", "Per Holm", "Jonas Lind", "Lena Sjö", "Erik Ask", "Karin Ek", "Eva Ek")])
OWNER_OK = Detector([], [], ROSTER, None, [], None, rules=RULES)._owner_ok
CASES = [(r, ex, True) for r in RULES.rules for ex in r.examples] + \
        [(r, ex, False) for r in RULES.rules for ex in r.counter_examples]


@pytest.mark.parametrize("rule,text,found", CASES, ids=[f"{r.id}:{'+' if f else '-'}:{t[:30]}" for r, t, f in CASES])
def test_every_rule_finds_its_examples_and_not_its_counter_examples(rule, text, found) -> None:
    assert RULES.fires(rule, text, OWNER_OK) is found


def test_every_rule_has_examples_and_counter_examples() -> None:
    assert all(r.examples and r.counter_examples for r in RULES.rules), \
        [r.id for r in RULES.rules if not r.counter_examples]


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "house.toml"
    p.write_text(body, encoding="utf-8")
    return p


RULE = '''[[rule]]
id = "house.approves"
finds = "decision"
kind = "approval"
pattern = '{pattern}'
{extra}
examples = ["Nämnden röstar för förslaget."]
counter_examples = ["Nämnden röstar om förslaget."]
'''


@pytest.mark.parametrize("pattern,extra,message", [
    (r"\bröstar\s+för\b", "colour = 1", "unknown key 'colour'"),
    (r"\bröstar(\s+för", "", "the pattern does not compile"),
    (r"\b{rösta}\b", "", "unknown macro {rösta}"),
    (r"\bröstar\s+för\b", 'vetoes = ["sometimes"]', "unknown veto 'sometimes'"),
    (r"\bröstar\s+för\b", "weight = 7", "weight must be a number"),
])
def test_a_bad_rule_is_refused_with_the_file_and_the_rule(tmp_path, pattern, extra, message) -> None:
    path = _write(tmp_path, RULE.format(pattern=pattern, extra=extra))
    with pytest.raises(RuleError) as e:
        load([path])
    assert str(path) in str(e.value) and "house.approves" in str(e.value) and message in str(e.value)


def test_a_rule_without_examples_is_refused(tmp_path) -> None:
    path = _write(tmp_path, '[[rule]]\nid = "x"\nfinds = "decision"\npattern = "bakom"\n')
    with pytest.raises(RuleError, match="needs examples"):
        load([path])


def test_one_entry_gives_a_phrase_its_trigger_and_its_kind(tmp_path) -> None:
    text = "Nämnden röstar för förslaget om nya öppettider."
    assert RULES.decision(text) is None
    house = load([_write(tmp_path, RULE.format(pattern=r"\bröstar\s+för\b", extra="weight = 0.8"))])
    hit = house.decision(text)
    assert (hit.trigger, hit.kind, hit.rule.weight) == ("röstar för", "approval", 0.8)
    assert house.kind_of("Beslut: nämnden röstar för förslaget") == "approval"  # the same entry gives the kind
