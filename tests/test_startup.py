"""Start-up: a small `minutes extract` and `minutes --help` load only what they use."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.core
import typer.main

from minutes_cli import cli

SEED = Path(__file__).parent / "fixtures" / "seed_000.txt"
HEAVY = ("pydantic", "rich", "pdfminer", "docx")


def _modules_after_run(*args: str) -> set[str]:
    code = ("import sys, json\nfrom minutes_cli import cli\nsys.argv = ['minutes', *sys.argv[1:]]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    return set(json.loads(p.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("extract", "--format", "json", str(SEED)), ("extract", "-f", "JSON", str(SEED)),
                                  ("--help",)])
def test_a_small_run_loads_no_heavy_module(args) -> None:
    loaded = _modules_after_run(*args)
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_option_values_are_coerced_as_typer_would() -> None:
    """The light coercion (no pydantic) gives what Typer's own gives, value or error, for every option."""
    real = pytest.importorskip("typer._coercion").build_runtime_param  # Typer's own, with pydantic
    group = typer.main.get_command(cli.app)
    ctx = group.make_context("minutes", ["extract", "x"], resilient_parsing=True)
    values = [None, "json", "JSON", "csv", "view", "bad", "2023-01-01", "", ("a", "b"), (), "0.5", "person", True]

    def outcome(param, value, runtime):
        try:
            got = runtime.coerce(value, param, ctx)
            return "ok", type(got), got
        except Exception as e:
            return "error", type(e).__name__, str(e)

    checked = 0
    for command in group.commands.values():
        for param in command.params:
            if not hasattr(param, "type_descriptor"):
                continue
            light = typer.core.build_runtime_param(param.type_descriptor)
            for value in values:
                assert outcome(param, value, light) == outcome(param, value, real(param.type_descriptor)), \
                    (command.name, param.name, value)
                checked += 1
    assert checked > 100
