"""The compiled patterns shipped with the package (pattern_cache.py): each gives what a fresh compile gives,
and a file that is stale, damaged, missing or written for another version costs speed only."""
from __future__ import annotations

import json
import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from minutes_cli import pattern_cache as pc

FIXTURES = Path(__file__).parent / "fixtures"
LINES = sorted({line for p in sorted(FIXTURES.glob("*")) if p.suffix in (".txt", ".md")
                for line in p.read_text(encoding="utf-8").splitlines() if line.strip()})
TEXT = "\n".join(LINES)


def _part(lib: str) -> dict:
    part = pc.read().get(lib) or {}
    key = pc.regex_key(regex._main) if lib == "regex" else pc.re_key()
    if part.get("key") != key:
        pytest.skip(f"pattern_cache.bin was written for another {lib} or Python ({part.get('key')}); "
                    "scripts/build_pattern_cache.py writes it for this one")
    return part["patterns"]


def _found(rx, text: str, lines=()) -> list:
    """What a pattern finds in the whole text and in each line: spans and groups."""
    found = [(m.span(), m.groups()) for m in rx.finditer(text)]
    return found + [(i, m.span(), m.groups()) for i, line in enumerate(lines) if (m := rx.search(line))]


def _fresh_re(pattern: str, flags: int):
    return re._compiler.compile(pattern, flags)  # what re.compile does, without its cache


@pytest.mark.parametrize("lib", ["regex", "re"])
def test_every_shipped_pattern_finds_what_a_fresh_compile_finds(lib) -> None:
    patterns = _part(lib)
    assert len(patterns) > (150 if lib == "regex" else 40)
    build = regex._main._regex.compile if lib == "regex" else __import__("_sre").compile
    fresh = (lambda p, f: regex.compile(p, f, cache_pattern=False)) if lib == "regex" else _fresh_re
    for (pattern, flags), data in patterns.items():
        shipped, new = build(*data), fresh(pattern, flags)
        assert (shipped.pattern, shipped.flags, shipped.groups, dict(shipped.groupindex)) == \
            (new.pattern, new.flags, new.groups, dict(new.groupindex)), pattern
        assert _found(shipped, TEXT, LINES) == _found(new, TEXT, LINES), pattern


def test_the_package_compiles_its_patterns_from_the_file() -> None:
    """Where the command line is loaded (as in this process), a package pattern comes from the file."""
    import minutes_cli.cli  # noqa: F401

    patterns = _part("regex")
    assert isinstance(regex._main._cache, pc._Prebuilt) and isinstance(re._cache, pc._Prebuilt)
    pattern, flags = next(iter(patterns))
    assert regex.compile(pattern, flags).pattern == pattern


_PROBE = r"""
import json, sys
sys.path.insert(0, {src!r})
from minutes_cli import pattern_cache as pc
pc.uninstall()
import re, regex
pc.install_when_loaded({path!r})
prebuilt = [isinstance(regex._main._cache, pc._Prebuilt), isinstance(re._cache, pc._Prebuilt)]
tests = {tests!r}
found = [[(m.span(), m.groups()) for m in regex.finditer(p, t, f)] for p, f, t in tests]
found_re = [[(m.span(), m.groups()) for m in re.finditer(p, t, f)] for p, f, t in tests]
print(json.dumps([prebuilt, found, found_re]))
"""


def _probe(path: Path, tests: list) -> list:
    src = str(Path(pc.__file__).parents[1])
    code = _PROBE.format(src=src, path=str(path), tests=tests)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _expected(tests: list) -> list:
    return [[[list(m.span()), list(m.groups())] for m in regex.finditer(p, t, f)] for p, f, t in tests]


def _with(regex_patterns: dict, re_patterns: dict, regex_key=None, re_key=None) -> bytes:
    return marshal.dumps({"format": pc.FORMAT,
                          "regex": {"key": regex_key or pc.regex_key(regex._main), "patterns": regex_patterns},
                          "re": {"key": re_key or pc.re_key(), "patterns": re_patterns}})


def _data(pattern: str, flags: int) -> tuple:
    return regex.compile(pattern, flags, cache_pattern=False)._pickled_data


TESTS = [(r"(?P<who>\w+)\s+(beslutade|beslöt)", int(regex.I), "Styrelsen BESLUTADE och nämnden beslöt"),
         (r"\b(\d{4})-(\d\d)\b", 0, "den 2024-05 och 1999-12")]


def test_a_stale_file_compiles_an_edited_pattern_as_always(tmp_path) -> None:
    """The file holds the first pattern as it was before an edit: the edited one is compiled, not taken."""
    old = r"(?P<who>\w+)\s+(beslutade)"
    path = tmp_path / "stale.bin"
    path.write_bytes(_with({(old, int(regex.I)): _data(old, int(regex.I)), (TESTS[1][0], 0): _data(TESTS[1][0], 0)}, {}))
    prebuilt, found, _ = _probe(path, TESTS)
    assert prebuilt == [True, False]
    assert found == _expected(TESTS) and found[0][1][1] == ["nämnden", "beslöt"]


OTHER = {"another regex": ({"regex": "1999.01.01"}, {}), "another Python": ({"python": [2, 7]}, {"python": [2, 7, 18]})}


@pytest.mark.parametrize("content", ["another regex", "another Python", "damaged", "missing", "another format"])
def test_a_file_for_another_version_or_none_is_not_used(tmp_path, content) -> None:
    path = tmp_path / "wrong.bin"
    if content in OTHER:  # the data of "x" for every pattern: found nowhere, if it were used
        regex_key, re_key = OTHER[content]
        path.write_bytes(_with({(p, f): _data("x", 0) for p, f, _ in TESTS}, {}, {**pc.regex_key(regex._main),
                               **regex_key}, {**pc.re_key(), **re_key}))
    elif content == "damaged":
        path.write_bytes(b"\x00\x01not marshal")
    elif content == "another format":
        path.write_bytes(marshal.dumps({"format": pc.FORMAT + 1}))
    prebuilt, found, found_re = _probe(path, TESTS)
    assert prebuilt == [False, False]
    assert found == _expected(TESTS)
    assert found_re == [[[list(m.span()), list(m.groups())] for m in re.finditer(p, t, f)] for p, f, t in TESTS]


def _printed(code: str) -> list[str]:
    """What a fresh Python running `code` prints, word by word."""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


def test_regex_is_served_when_it_is_loaded_and_keeps_its_own_loader() -> None:
    code = ("import sys\nimport minutes_cli.cli\nbefore = 'regex' in sys.modules\nimport regex\n"
            "from minutes_cli import pattern_cache as pc\n"
            "print(before, isinstance(regex._main._cache, pc._Prebuilt), type(regex._main.__loader__).__name__,"
            " any(isinstance(f, pc._WhenLoaded) and f.name == pc.REGEX for f in sys.meta_path))")
    assert _printed(code) == ["False", "True", "SourceFileLoader", "False"]


def test_a_rule_file_parsed_ahead_is_given_only_for_its_very_text() -> None:
    import minutes_cli.cli  # noqa: F401  (the command line serves what is shipped)
    from minutes_cli.rules import engine

    content = pc.read().get("toml") or {}
    if content.get("key") != pc.toml_key():
        pytest.skip("pattern_cache.bin was written for another Python")
    for name in engine.PACKAGE_FILES:
        text = (Path(engine.__file__).parent / name).read_bytes()
        ahead = pc.parsed_toml(name, text)
        assert ahead == engine._read("", text.decode()), name  # (and not None: see test_startup)
        ahead["rule"] = []  # the caller's to change: the next one is whole again
        assert pc.parsed_toml(name, text) == engine._read("", text.decode())
        assert pc.parsed_toml(name, text + b"\n# edited\n") is None
        assert pc.parsed_toml("minutes-rules.toml", text) is None  # a user's file of the same text


def test_only_the_command_line_serves_the_shipped_patterns() -> None:
    """A program that imports the library keeps the libraries' caches as they are."""
    code = ("import re, regex, sys\nimport minutes_cli.pipeline, minutes_cli.archive\n"
            "from minutes_cli import pattern_cache as pc\n"
            "print(isinstance(regex._main._cache, pc._Prebuilt), isinstance(re._cache, pc._Prebuilt))\n"
            "import minutes_cli.cli\nprint(isinstance(regex._main._cache, pc._Prebuilt))")
    assert _printed(code) == ["False", "False", "True"]


def _made() -> dict:
    part = pc.read().get("made") or {}
    if part.get("key") != pc.made_key() or (part.get("depends") or {}).get("regex") != regex.__version__:
        pytest.skip("pattern_cache.bin was written for another Python or regex")
    return part


def test_every_text_made_ahead_is_what_its_function_makes() -> None:
    import importlib

    functions = _made()["functions"]
    assert sum(map(len, functions.values())) > 200
    for name, made in functions.items():
        module, function = name.rsplit(".", 1)
        fn = getattr(importlib.import_module(module), function)
        fn = getattr(fn, "__wrapped__", fn)  # (this process may serve what was made ahead)
        for argument, text in made.items():
            assert fn(argument) == text, (name, argument)


_MADE_PROBE = """
import sys
sys.path.insert(0, {src!r})
from minutes_cli import pattern_cache as pc
pc.install_when_loaded({path!r})
from minutes_cli import alternation, clean
print(alternation.trie(["ab", "ac"]), clean.losable("ö"), "clean" if hasattr(clean.losable, "__wrapped__") else "-")
"""


@pytest.mark.parametrize("edited", [None, "alternation.py", "clean.py", "regex"])
def test_texts_are_made_ahead_only_while_what_they_depend_on_is_as_it_was(tmp_path, edited) -> None:
    """A file the function depends on edited since pattern_cache.bin was written (another text; another regex):
    its texts are made again."""
    import minutes_cli.clean  # noqa: F401  (regex loaded, for its version)

    depends = {d: pc.depends(d) for _, deps in pc.MADE.values() for d in deps}
    if edited:
        depends[edited] += "0" if edited == "regex" else b"\n# edited\n"
    made = {"minutes_cli.alternation.trie": {("ab", "ac"): "x"}, "minutes_cli.clean.losable": {"ö": "y"}}
    path = tmp_path / "made.bin"
    path.write_bytes(marshal.dumps({"format": pc.FORMAT, "made": {"key": pc.made_key(), "depends": depends,
                                                                   "functions": made}}))
    src = str(Path(pc.__file__).parents[1])
    printed = _printed(_MADE_PROBE.format(src=src, path=str(path)))
    assert printed[0] == ("a(?:b|c)" if edited == "alternation.py" else "x")
    assert printed[1:] == (["[ö\ufffd]", "-"] if edited == "clean.py" else ["y", "clean"])


def test_only_the_command_line_serves_the_texts_made_ahead() -> None:
    code = ("import minutes_cli.pipeline\nfrom minutes_cli import clean\nprint(hasattr(clean.alternation, '__wrapped__'))\n")
    assert _printed(code) == ["False"]


def test_an_argument_that_cannot_be_looked_up_is_taken_as_the_function_takes_it() -> None:
    """A user's rule file with a word that is not a string: the error the function itself gives."""
    def alts(words):
        return "|".join(sorted({w.strip() for w in words}))

    served = pc.made_ahead(alts, frozenset, {frozenset({"a"}): "made"}, "alts")
    assert served(["a"]) == "made" and served(("b", "a")) == "a|b"
    for words in ([["a"]], [1]):
        with pytest.raises(AttributeError):
            served(words)
