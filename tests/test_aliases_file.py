"""The aliases file as an attacker or a careless export would write it (issue 12, item 8).

Large files load and apply in time linear in their entries; a file nested
thousands deep, too large or with too many names gives one line naming the
file and the limit; a bad `minutes-aliases.toml` found beside the inputs is a
warning and is skipped, while one named with --aliases is a usage error (exit
2). Every file is written at test time.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli.cli import app
from minutes_cli.errors import MinutesError
from minutes_cli.model import Meeting, Minutes, Participant
from minutes_cli.people import aliases as aliases_module
from minutes_cli.people import build as build_module
from minutes_cli.people import build_register, load_aliases

SEED = Path(__file__).parent / "fixtures" / "seed_000.txt"
FIRST = ("Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Per", "Lena", "Johan")
SYLLABLES = ("Lind", "Berg", "Ström", "Gren", "Qvist", "Dahl", "Holm", "Sjö", "Björk", "Fors", "Hag", "Lund")


def people_toml(n: int) -> str:
    """n [people] entries of realistic names (many share a first name or a surname), each with a variant."""
    lines = ["[people]"]
    for i in range(n):
        a, b, c = SYLLABLES[i % 12], SYLLABLES[i // 12 % 12].lower(), SYLLABLES[i // 144 % 12].lower()
        name = f"{FIRST[i // 1728 % 10]} {a}{b}{c}{'son' * (i // 17280)}"
        lines.append(f'"{name}" = ["{name}s"]')
    return "\n".join(lines) + "\n"


def archive() -> list[Minutes]:
    people = ("Anna Lindberg", "Erik Holmström", "Karin Sjöqvist", "Magnus Frithiof", "Erika Lagergren")
    return [Minutes(source=f"{k}.txt", meeting=Meeting(date=f"2020-0{k}-01"),
                    participants=tuple(Participant(name=p, raw=p, status="present", line=n)
                                       for n, p in enumerate(people, 1)))
            for k in range(1, 4)]


def test_a_large_aliases_file_costs_time_linear_in_its_entries(tmp_path, monkeypatch):
    """Names are compared through an index: the number of comparisons does not grow with the file."""
    calls = []
    real = build_module.compatible

    def counted(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(build_module, "compatible", counted)
    counts = []
    for n in (300, 2400):
        f = tmp_path / f"{n}.toml"
        f.write_text(people_toml(n), encoding="utf-8")
        calls.clear()
        reg = build_register(archive(), load_aliases(f))
        assert len(reg.persons) == n + 5
        counts.append(len(calls))
    assert counts[1] <= counts[0] + 50  # the old pairwise comparison made about 60 times as many


def test_two_thousand_entries_take_a_moment(tmp_path):
    f = tmp_path / "minutes-aliases.toml"
    f.write_text(people_toml(2000), encoding="utf-8")  # 1,000 took 38 s and 5,000 240 s before the index
    start = time.process_time()
    reg = build_register(archive(), load_aliases(f))
    assert time.process_time() - start < 5
    assert reg.canonical("Anna Lindberglind") == "Anna Lindberglind"


def test_a_file_nested_five_thousand_deep_is_one_line(tmp_path):
    f = tmp_path / "minutes-aliases.toml"
    f.write_text("[people]\n\"A B\" = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["people", "--aliases", str(f), str(SEED)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nested too deeply" in result.stderr and "Traceback" not in result.stderr


def test_too_large_a_file_is_refused_by_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(aliases_module, "MAX_BYTES", 2 * 2**20)
    f = tmp_path / "minutes-aliases.toml"
    f.write_bytes(b"[people]\n" + b"# padding\n" * 300_000)
    with pytest.raises(MinutesError, match=r"larger than 2 MB, the limit"):
        load_aliases(f)


def test_too_many_names_are_refused_with_the_count(tmp_path, monkeypatch):
    monkeypatch.setattr(aliases_module, "MAX_NAMES", 100)
    f = tmp_path / "minutes-aliases.toml"
    f.write_text(people_toml(60), encoding="utf-8")
    with pytest.raises(MinutesError, match=r"gives 120 names, more than the 100"):
        load_aliases(f)


def test_a_big_distinct_group_is_not_every_pair(tmp_path):
    names = ", ".join(f'"Anna Berg{i}"' for i in range(20_000))
    f = tmp_path / "minutes-aliases.toml"
    f.write_text(f"[distinct]\npeople = [[{names}]]\n", encoding="utf-8")
    start = time.process_time()
    reg = build_register(archive(), load_aliases(f))
    assert time.process_time() - start < 5  # 400 million pairs before
    assert reg.canonical("Anna Lindberg") == "Anna Lindberg"


@pytest.fixture
def folder_with_bad_aliases(tmp_path) -> Path:
    shutil.copy(SEED, tmp_path / "protokoll.txt")
    (tmp_path / "minutes-aliases.toml").write_text("[people\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [["people"], ["decisions"], ["extract", "-f", "json"]])
def test_a_bad_aliases_file_found_beside_the_inputs_is_a_warning(folder_with_bad_aliases, command):
    target = folder_with_bad_aliases if command[0] != "extract" else folder_with_bad_aliases / "protokoll.txt"
    result = CliRunner().invoke(app, command + [str(target)])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minutes: warning: ")
    assert "minutes-aliases.toml: is not valid TOML" in lines[0] and "skipped" in lines[0]
    assert result.stdout.strip()  # the rows are there


def test_a_bad_aliases_file_named_with_the_option_is_an_error(folder_with_bad_aliases):
    bad = folder_with_bad_aliases / "minutes-aliases.toml"
    result = CliRunner().invoke(app, ["people", "--aliases", str(bad), str(folder_with_bad_aliases)])
    assert result.exit_code == 2
    assert result.stderr.startswith("minutes: error: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
