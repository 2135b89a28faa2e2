"""Start-up: a small `minutes extract` and `minutes --help` load only what they use."""
from __future__ import annotations

import json
import os
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
                                  ("extract", "-j", "1", "--min-confidence", "0.5", "--timeout-per-file", "30",
                                   str(SEED)),
                                  ("--help",)])
def test_a_small_run_loads_no_heavy_module(args) -> None:
    loaded = _modules_after_run(*args)
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_a_small_extract_loads_no_parser_it_does_not_use() -> None:
    """No TOML parser (no rules or aliases file of the user's; the package's rules come parsed) and no table of
    HTML entities (no HTML in the file)."""
    loaded = _modules_after_run("extract", "--format", "json", str(SEED))
    assert "minutes_cli.pipeline" in loaded
    assert not {"tomllib", "tomli", "html", "html.entities"} & loaded


def test_a_small_run_makes_no_pattern_text_again() -> None:
    """The text of the patterns made from the word lists at start-up comes made (pattern_cache.MADE): about a
    tenth of a small run, if it did not."""
    import regex

    from minutes_cli import pattern_cache as pc

    part = pc.read().get("made") or {}
    if part.get("key") != pc.made_key() or (part.get("depends") or {}).get("regex") != regex.__version__:
        pytest.skip("pattern_cache.bin was written for another Python or regex")
    stale = [d for _, deps in pc.MADE.values() for d in deps if part["depends"].get(d) != pc.depends(d)]
    assert not stale, f"{stale[0]} changed since pattern_cache.bin was written: run scripts/build_pattern_cache.py"
    code = ("import sys\nfrom minutes_cli import cli, pattern_cache as pc\n"
            "sys.argv = ['minutes', *sys.argv[1:]]\ntry:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(set(pc._missed)), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code, "extract", "--format", "json", str(SEED)], capture_output=True,
                       text=True, timeout=120)
    assert p.stderr.strip().splitlines()[-1] == "[]"


def test_help_loads_neither_regex_nor_the_rules() -> None:
    """The compiled patterns wait for regex to be loaded (pattern_cache.py): --help loads none of it."""
    loaded = _modules_after_run("--help")
    assert not {"regex", "tomllib", "tomli", "minutes_cli.pipeline"} & loaded


def test_option_values_are_coerced_as_typer_would() -> None:
    """The light coercion (no pydantic) gives what Typer's own gives, value or error, for every option."""
    real = pytest.importorskip("typer._coercion").build_runtime_param  # Typer's own, with pydantic
    group = typer.main.get_command(cli.app)
    ctx = group.make_context("minutes", ["extract", "x"], resilient_parsing=True)
    values = [None, "json", "JSON", "csv", "view", "bad", "2023-01-01", "", ("a", "b"), (), "0.5", "person", True,
              "0", "1", "2", "10", "007", "-1", "+2", " 2", "2 ", "1_000", "1.5", "0.8", "1.0", "1.", ".5", "1e-1",
              "inf", "nan", "0.05", "99999999999999999999", "1,5", "٣"]

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


_PROBE = r"""
import json, os, re, sys
import re._compiler
import regex._main
import minutes_cli
from minutes_cli import cli

LIBS, PKG = (os.path.dirname(re.__file__), os.path.dirname(regex.__file__), "<string>"), minutes_cli.__path__[0]
asked, parsed = set(), set()


def ours():
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(LIBS):
        frame = frame.f_back
    return frame is not None and frame.f_code.co_filename.startswith(PKG)


def watch(module, name, into, pattern_of):
    real = getattr(module, name)

    def watched(*args):
        if ours():
            into.add(pattern_of(args))
        return real(*args)

    setattr(module, name, watched)


watch(regex._main, "_compile", asked, lambda a: a[0])
watch(re, "_compile", asked, lambda a: a[0])
watch(regex._main, "_parse_pattern", parsed, lambda a: a[0].string)
watch(re._compiler, "compile", parsed, lambda a: a[0])
sys.argv = ["minutes", *sys.argv[1:]]
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps([sorted(p for p in asked if isinstance(p, str)), sorted(parsed)]), file=sys.stderr)
"""


def _patterns_of_a_run(seed: int, *args: str) -> tuple[set, set]:
    """The package's patterns a run asks for, and those parsed in Python (not taken from pattern_cache.bin)."""
    env = {k: v for k, v in os.environ.items() if k != "MINUTES_PATTERN_CACHE"}
    p = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120,
                       env={**env, "PYTHONHASHSEED": str(seed)})
    asked, parsed = json.loads(p.stderr.strip().splitlines()[-1])
    return set(asked), set(parsed)


def test_a_small_run_parses_no_pattern_of_the_package() -> None:
    """The package's patterns come compiled (pattern_cache.py): the bulk of start-up, if they did not; so do
    the rule files parsed."""
    import regex

    from minutes_cli import pattern_cache as pc
    from minutes_cli.rules import engine

    content = pc.read()
    if (content.get("regex") or {}).get("key") != pc.regex_key(regex._main):
        pytest.skip("pattern_cache.bin was written for another regex or Python")
    rebuild = "not in pattern_cache.bin: run scripts/build_pattern_cache.py"
    args = ("extract", "--format", "json", str(SEED))
    asked, parsed = _patterns_of_a_run(0, *args)  # the order of sets the build script sees
    assert len(asked) > 150
    assert not parsed, f"{len(parsed)} patterns {rebuild} (the first: {sorted(parsed)[0][:200]!r})"
    shipped = (content.get("toml") or {}).get("files", {})
    for name in engine.PACKAGE_FILES:  # a TOML parse: ~5 ms
        text = (Path(engine.__file__).parent / name).read_bytes()
        assert shipped.get(name, (None,))[0] == text, f"rules/{name} as it is now {rebuild}"
    other_asked, other_parsed = _patterns_of_a_run(1, *args)
    # with another order of sets, only a pattern written from a set's order may be missed
    assert other_parsed <= other_asked - asked


ARGS_OF_A_COMMAND = (["--help"], ["-h"], ["--bogus"], ["-f"], ["--format", "bad", "x.txt"], ["--since", "20x", "."],
                     ["--jobs", "zero"], ["no-such-file.txt"], ["-f", "json", "seed.txt"], ["--example", "-f", "json"])


@pytest.mark.parametrize("name", [c.callback.__name__ for c in cli.app.registered_commands])
def test_a_command_run_alone_answers_as_among_all(name, tmp_path, monkeypatch) -> None:
    """`minutes COMMAND ...` builds that command alone (cli._app_for): help, errors and output as with them all."""
    from typer.testing import CliRunner

    monkeypatch.chdir(tmp_path)  # (index writes its database beside what it reads)
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    runner = CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"})
    alone = cli._app_for(["minutes", name])
    assert alone is not cli.app and [c.callback.__name__ for c in alone.registered_commands] == [name]
    for args in ARGS_OF_A_COMMAND:
        got, expected = runner.invoke(alone, [name, *args]), runner.invoke(cli.app, [name, *args])
        assert (got.exit_code, got.stdout, got.stderr) == (expected.exit_code, expected.stdout, expected.stderr), args


def test_the_tool_itself_a_mistyped_command_and_completion_see_every_command(monkeypatch) -> None:
    for argv in (["minutes"], ["minutes", "--help"], ["minutes", "extrac"], ["minutes", "--version", "extract"]):
        assert cli._app_for(argv) is cli.app, argv
    monkeypatch.setenv("_MINUTES_COMPLETE", "complete_bash")
    assert cli._app_for(["minutes", "extract"]) is cli.app
