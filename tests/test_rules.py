"""Rules as data: every rule's examples are found and its counter-examples are not; the loader says
which file and which rule is wrong; a user's rule file adds a phrasing without code."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
# minutes that list no one: where a rule for first names no list can confirm is tried
NOBODY_OK = Detector([], [], People([]), None, [], None, rules=RULES)._owner_ok
CASES = [(r, ex, True) for r in RULES.rules for ex in r.examples] + \
        [(r, ex, False) for r in RULES.rules for ex in r.counter_examples]


@pytest.mark.parametrize("rule,text,found", CASES, ids=[f"{r.id}:{'+' if f else '-'}:{t[:30]}" for r, t, f in CASES])
def test_every_rule_finds_its_examples_and_not_its_counter_examples(rule, text, found) -> None:
    assert RULES.fires(rule, text, NOBODY_OK if rule.owner == "unlisted" else OWNER_OK) is found


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
    (r"\bröstar\s+(?:för|om)\b", "ends_with = 'för'", "does not end with its ends_with"),
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


# ---------------------------------------------------------------- --rules on the commands

HOUSE = '''[[rule]]
id = "house.lamnar-i-uppdrag"
finds = "decision"
kind = "assignment"
pattern = '\\bnämnden\\s+lämnar\\s+\\S+(?:\\s+\\S+)?\\s+i\\s+uppdrag\\b'
weight = 0.85
vetoes = ["conditional", "negated", "deferred"]
examples = ["Nämnden lämnar förvaltningen i uppdrag att utreda frågan."]
counter_examples = ["Om nämnden lämnar förvaltningen i uppdrag att utreda frågan blir det dyrt."]
'''
MINUTES = "Protokoll socialnämnden 2024-03-12\n\n§ 4 Hemtjänsten\n\nNämnden lämnar förvaltningen i uppdrag att se över taxan.\n"


def _extract(args):
    import json

    from minutes_cli.cli import app

    result = CliRunner().invoke(app, ["extract", "--format", "json", *args])
    return result, (json.loads(result.stdout)[0] if result.exit_code == 0 else None)


def test_a_rule_file_given_with_rules_finds_a_phrase_not_found_before(tmp_path) -> None:
    doc = tmp_path / "protokoll.txt"
    doc.write_text(MINUTES, encoding="utf-8")
    rules = tmp_path / "hus.toml"
    rules.write_text(HOUSE, encoding="utf-8")
    before, record = _extract([str(doc)])
    assert before.exit_code == 0 and record["decisions"] == []
    after, record = _extract(["--rules", str(rules), str(doc)])
    assert after.exit_code == 0, after.output
    (d,) = record["decisions"]
    assert (d["kind"], d["trigger"], d["confidence"]) == ("assignment", "Nämnden lämnar förvaltningen i uppdrag", 0.85)
    assert d["text"].startswith("Nämnden lämnar förvaltningen i uppdrag")


def test_minutes_rules_toml_beside_the_archive_is_read_and_a_bad_one_is_one_line(tmp_path) -> None:
    from minutes_cli.cli import app

    (tmp_path / "protokoll.txt").write_text(MINUTES, encoding="utf-8")
    (tmp_path / "minutes-rules.toml").write_text(HOUSE, encoding="utf-8")
    result = CliRunner().invoke(app, ["decisions", str(tmp_path), "--format", "csv", "--no-db"])
    assert result.exit_code == 0 and "lämnar förvaltningen i uppdrag" in result.stdout
    (tmp_path / "minutes-rules.toml").write_text(HOUSE.replace("weight = 0.85", "weight = 85"), encoding="utf-8")
    result = CliRunner().invoke(app, ["decisions", str(tmp_path), "--no-db"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "minutes-rules.toml" in line and "house.lamnar-i-uppdrag" in line and "weight" in line
    assert "Traceback" not in result.output


def test_the_house_rule_of_the_docs_loads_and_finds_its_example(tmp_path) -> None:
    """docs/rules.md shows a rule file for a nämnd: it must be a working one."""
    import re

    doc = (Path(__file__).parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    body = re.search(r"```toml\n(# minutes-rules\.toml.*?)```", doc, re.S).group(1)
    rules = load([_write(tmp_path, body)])
    rule = next(r for r in rules.rules if r.id.startswith("house."))
    assert all(rules.fires(rule, ex, OWNER_OK) for ex in rule.examples)
    assert not any(rules.fires(rule, ex, OWNER_OK) for ex in rule.counter_examples)


def test_every_package_pattern_compiles() -> None:
    """The package's rules are compiled when first used: each must compile."""
    for r in RULES.rules:
        for rx in (r.rx, r.kind_rx):
            if rx is not None and hasattr(rx, "compiled"):
                rx.compiled()


# ---------------------------------------------------------------- the stems prefilter

STEMMED = '''[patterns]
HOUSE_VERB = ['röstar\\s+för', 'stöder?', 'bifall(?:er)?']

[[rule]]
id = "house.supports"
finds = "decision"
kind = "approval"
stems = ["{HOUSE_VERB}"]
pattern = '\\bnämnden\\s+{HOUSE_VERB}\\b'
examples = ["Nämnden röstar  för förslaget.", "Nämnden stöder förslaget.", "Nämnden stöde förslaget."]
counter_examples = ["Nämnden röstar om förslaget."]
'''


def test_stems_named_by_a_list_pattern_are_the_words_its_alternatives_open_with(tmp_path) -> None:
    rules = load([_write(tmp_path, STEMMED)], package=False)
    rule = rules.rules[0]
    assert rule.stems.words == ("röstar för", "stöde", "bifall")  # 'stöder?': the r may be missing
    assert all(rules.fires(rule, ex, OWNER_OK) for ex in rule.examples)  # two spaces: still one word apart
    assert not any(rules.fires(rule, ex, OWNER_OK) for ex in rule.counter_examples)


def test_stems_naming_no_list_pattern_are_refused(tmp_path) -> None:
    path = _write(tmp_path, STEMMED.replace('stems = ["{HOUSE_VERB}"]', 'stems = ["{NO_SUCH}"]'))
    with pytest.raises(RuleError, match="NO_SUCH.*list of alternatives"):
        load([path], package=False)


SENTENCE_PARTS = [w for r in RULES.rules if r.stems for w in r.stems.words] + \
    ["Nämnden", "BESLUTADE", "ı", "İ", "\ufffd", "f\ufffdrslag", "ß", "  ", "\t", "\n", "å", "Ö", ":", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PARTS), max_size=12).map("".join))
def test_the_stems_prefilter_lets_through_every_text_a_rules_stems_find(text) -> None:
    """The one pass over all stems (case-folded words) never drops a rule whose stems and needs, as
    patterns, stand in the text: it may only let more through."""
    present = RULES._present(text)
    assert all(present & r.bit for r in RULES.rules if (r.stems is None or r.stems.search(text))
               and (r.needs is None or r.needs.search(text)))
