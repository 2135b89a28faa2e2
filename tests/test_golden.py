"""Golden tests: each tests/fixtures/<case>.txt (or .md) is parsed and its
record compared with tests/fixtures/<case>.json (a list of records when the
file logs several meetings).

A new case is two files and no code. After a deliberate change in extraction,
run `pytest --update-golden` and review `git diff tests/fixtures`.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutes_cli.pipeline import parse_path_all

FIXTURES = Path(__file__).parent / "fixtures"


def golden_cases() -> list[Path]:
    """Every tests/fixtures/*.txt and *.md is a case; its expected output is <case>.json."""
    return sorted([*FIXTURES.glob("*.txt"), *FIXTURES.glob("*.md")])


def record_for(case: Path, monkeypatch: pytest.MonkeyPatch) -> dict | list:
    # Parse by bare file name from inside the folder, so `source` and any
    # warning that names the file do not depend on where the repo lives.
    monkeypatch.chdir(case.parent)
    records = [m.to_dict() for m in parse_path_all(case.name)]
    for data in records:
        data["source"] = case.name
    return records[0] if len(records) == 1 else records


def dump(data: dict | list) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", golden_cases(), ids=lambda p: p.stem)
def test_golden(case: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_path = case.with_suffix(".json")
    actual = record_for(case, monkeypatch)
    if update_golden:
        expected_path.write_text(dump(actual), encoding="utf-8")
        return
    if not expected_path.exists():
        pytest.fail(
            f"{expected_path.name} is missing: run `pytest --update-golden` to write it, "
            f"then review `git diff tests/fixtures` before committing"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected, (
        f"{case.name}: output differs from {expected_path.name}; if the change is intended, "
        f"run `pytest --update-golden` and review `git diff tests/fixtures`"
    )


def test_there_are_golden_cases() -> None:
    assert golden_cases(), "tests/fixtures/ holds no *.txt cases"


@pytest.mark.parametrize("case", golden_cases(), ids=lambda p: p.stem)
def test_decisions_only_gives_the_golden_decisions(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`minutes decisions` looks for no action (parse_path_all(actions=False)); its records must hold the
    decisions, items, people and meeting of the golden file."""
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    expected = expected if isinstance(expected, list) else [expected]
    monkeypatch.chdir(case.parent)
    actual = [m.to_dict() for m in parse_path_all(case.name, actions=False)]
    for data in (*expected, *actual):
        data["source"] = case.name
        data.pop("warnings", None)  # those of resolving the actions' owners
    assert [d.pop("actions") for d in actual] == [[]] * len(actual)
    for data in expected:
        data.pop("actions")
    assert actual == expected
