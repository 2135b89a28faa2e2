"""Shared test setup.

`pytest --update-golden` rewrites the expected JSON of the golden tests
(tests/fixtures/<case>.json) from what the pipeline produces now, instead of
comparing. Review the result with `git diff tests/fixtures` before committing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/*.json from the current output instead of comparing (then review git diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES

