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


# ---------------------------------------------------------------- the index finds what comparing every pair finds


def _typos(rnd, word: str) -> str:
    """The word with one slip: a letter swapped, more, less or changed, an accent, a doubled letter."""
    i = rnd.randrange(len(word))
    kind = rnd.randrange(6)
    if kind == 0 and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + rnd.choice("aeiklnrsö") + word[i:]
    if kind == 2 and len(word) > 3:
        return word[:i] + word[i + 1:]
    if kind == 3:
        return word[:i] + word[i] * 2 + word[i + 1:]
    if kind == 4:
        return word.replace("o", "ö", 1).replace("e", "é", 1)
    return word[:i] + rnd.choice("aeiklnrs") + word[i + 1:]


def test_the_name_index_finds_every_pair_that_comparing_all_pairs_finds():
    import random

    from minutes_cli.people.build import _Builder
    from minutes_cli.people.names import compatible

    rnd = random.Random(7)
    firsts = ["Magnus", "Erika", "Erik", "Anna", "Roger", "Angelika", "Per", "Johan", "Johanna", "Åsa", "M."]
    surnames = ["Frithiof", "Nilsson", "Lagergren", "Anderberg", "Ek", "Linnér", "Berg", "Sjöberg", "Holm"]
    spellings = set()
    for _ in range(400):
        first, last = rnd.choice(firsts), rnd.choice(surnames)
        if rnd.random() < 0.4:
            first = _typos(rnd, first).capitalize()
        if rnd.random() < 0.5:
            last = _typos(rnd, last).capitalize()
        middle = rnd.choice(["", "", "O ", "A "])
        spellings.add(f"{first} {middle}{last}")
    spellings = sorted(spellings)
    listed, declared = spellings[::2], spellings[1::2]
    docs = [Minutes(source=f"{k}.txt", meeting=Meeting(date=f"2020-01-{k + 1:02d}"),
                    participants=(Participant(name=p, raw=p, status="present", line=1),))
            for k, p in enumerate(listed)]
    from minutes_cli.people.aliases import Aliases

    b = _Builder(docs, Aliases(people=tuple((d, ()) for d in declared)), None)
    b.read_lists()
    b.apply_aliases()
    found = b._pairs()
    nodes = b.nodes
    full = [s for s in nodes if not nodes[s].name.single]
    brute = {}
    for x, a in enumerate(full):
        for c in full[x + 1:]:
            lvl = compatible(nodes[a].name, nodes[c].name)
            if lvl is not None and "listed" in (nodes[a].how, nodes[c].how):
                brute[tuple(sorted((a, c)))] = lvl[0]
    with_listed = {p: lvl for p, lvl in found.items() if "listed" in (nodes[p[0]].how, nodes[p[1]].how)}
    assert len(brute) > 100  # the names are near enough to each other to make the comparison worth it
    assert with_listed == brute
    for s in listed[:60]:  # a name written in the text: the same candidates as a pass over every name
        n = nodes[s].name
        assert {x for x in full if compatible(n, nodes[x].name) is not None} <= set(b.index.candidates(n))
