"""Text that is not minutes says so: a story, an article or a report full of `beslutade` gets a warning and
half the confidence for what was found in it; minutes never do."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli.cli import app
from minutes_cli.pipeline import parse_path_all

FIXTURES = Path(__file__).parent / "fixtures"
PROSE = sorted((FIXTURES / "prosa").iterdir())
MINUTES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".md")) if CORPUS.is_dir() else []
WARNING = "does not look like minutes"


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_gets_a_warning_and_half_the_confidence(path: Path) -> None:
    (m,) = parse_path_all(path)
    assert m.decisions  # it reads as decisions ...
    assert all(d.confidence <= 0.5 for d in m.decisions + m.actions)  # ... but none is confident
    assert [w for w in m.warnings if WARNING in w] == [
        f"{path}: {WARNING}: no meeting header, attendance, agenda items, labels (Beslut, Närvarande, "
        f"Protokoll, §) or date; the {len(m.decisions)} decisions and {len(m.actions)} actions found in it are "
        "given half their confidence"]


@pytest.mark.parametrize("path", MINUTES + CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_minutes_are_minutes(path: Path) -> None:
    for m in parse_path_all(path):
        assert not any(WARNING in w for w in m.warnings)
        assert not m.decisions or max(d.confidence for d in m.decisions) > 0.5


def test_min_confidence_leaves_out_what_prose_gave(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "-f", "json", "--min-confidence", "0.6", str(PROSE[0])])
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert record["decisions"] == [] and any(WARNING in w for w in record["warnings"])
