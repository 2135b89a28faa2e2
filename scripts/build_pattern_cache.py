"""Write src/minutes_cli/pattern_cache.bin: the compiled form of every regular expression the package compiles
and the package's rule files parsed.

Run it after changing a pattern of the package (a module's pattern, a rule, a word list), or after
upgrading `regex` or Python, and commit the file:

    .venv/bin/python scripts/build_pattern_cache.py

It imports every module of the package, compiles every rule of rules/*.toml and runs the commands over
the shipped example and the test fixtures, recording each pattern compiled from the package's code (by
`regex` or by `re`) with the data the library hands to its C compiler (see
src/minutes_cli/pattern_cache.py). A pattern it misses is compiled at run time as always;
tests/test_startup.py says when a small run compiles one.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import pkgutil
import re
import sys
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PACKAGE = str(ROOT / "src" / "minutes_cli")
# (regex is loaded once re is recorded: what it compiles as it loads is recorded too)
LIBRARIES = (find_spec("regex").submodule_search_locations[0], os.path.dirname(re.__file__))


def _from_package(frame) -> bool:
    """Whether the code that asked for the pattern (the first frame outside the libraries) is the package's."""
    while frame is not None and frame.f_code.co_filename.startswith(LIBRARIES):
        frame = frame.f_back
    return frame is not None and frame.f_code.co_filename.startswith(PACKAGE)


def record_regex(into: dict) -> None:
    """Record in `into` every `regex` pattern the package's code compiles from now on."""
    import regex._main as rx_main

    compile_ = rx_main._compile
    unfit = rx_main.DEBUG | rx_main.LOCALE

    def recording(pattern, flags, ignore_unused, kwargs, cache_it):
        compiled = compile_(pattern, flags, ignore_unused, kwargs, cache_it)
        if (type(pattern) is str and not kwargs and not flags & unfit and _from_package(sys._getframe(1))
                and rx_main._locale_sensitive.get((str, pattern)) is False):
            into[(pattern, int(flags))] = compiled._pickled_data
        return compiled

    rx_main._compile = recording


class _RecordingSre:
    """`_sre` for re's compiler, keeping the arguments of its last `compile`."""

    def __init__(self, sre) -> None:
        self.sre, self.last = sre, None

    def __getattr__(self, name):
        return getattr(self.sre, name)

    def compile(self, pattern, flags, code, *rest):
        self.last = (pattern, int(flags), [int(op) for op in code], *rest)  # re's opcodes are named ints
        return self.sre.compile(pattern, flags, code, *rest)


def record_re(into: dict) -> None:
    """Record in `into` every `re` pattern compiled (and cached by `re`) from now on: the package's, and those
    the libraries the command line loads compile as they load (Typer's, json's, platform's, ...: patterns of
    the same text and flags compile to the same code, whoever asks)."""
    if hasattr(re, "_cache2"):
        return  # Python 3.12 and later: pattern_cache serves re only where it has one cache
    sre = re._compiler._sre = _RecordingSre(re._compiler._sre)
    compile_ = re._compile
    unfit = re.DEBUG | re.LOCALE | re.TEMPLATE

    def recording(pattern, flags):
        flags = int(flags)
        cached = (type(pattern), pattern, flags) in re._cache
        sre.last = None
        compiled = compile_(pattern, flags)
        if not cached and sre.last is not None and type(pattern) is str and not flags & unfit:
            into[(pattern, flags)] = sre.last
        return compiled

    re._compile = recording


def record_made(into: dict) -> None:
    """Record in `into` what each function of pattern_cache.MADE is asked for from now on (not its own inner
    calls), by the argument it is looked up by: {name: {argument: result}}."""
    from minutes_cli import pattern_cache as pc

    def recording(module, function: str) -> None:
        name = f"{module.__name__}.{function}"
        fn, key_of, depth, made = getattr(module, function), pc.MADE[name][0], [0], into.setdefault(name, {})

        def record(arg):
            key = key_of(arg)
            depth[0] += 1
            try:
                result = fn(key)  # (as pattern_cache.made_ahead makes what it does not hold)
            finally:
                depth[0] -= 1
            if not depth[0]:
                made[key] = result
            return result

        setattr(module, function, record)

    for module, functions in pc._made_by_module().items():
        pc.when_loaded(module, lambda m, functions=functions: [recording(m, f) for f in functions])


def exercise() -> None:
    """Import every module, compile every rule, run the commands over the example and the fixtures."""
    import minutes_cli
    from minutes_cli import cli
    from minutes_cli.rules import engine

    for module in pkgutil.walk_packages(minutes_cli.__path__, "minutes_cli."):
        import_module(module.name)
    for rule in engine.load().rules:
        for rx in (rule.rx, rule.kind_rx, rule.requires):
            getattr(rx, "compiled", lambda: None)()
    example = str(Path(PACKAGE) / "examples" / "exempel.txt")
    fixtures = sorted(str(p) for p in (ROOT / "tests" / "fixtures").glob("*") if p.suffix != ".json")
    runs = [["extract", "-f", "json", *fixtures], ["extract", "-f", "view", example]]
    runs += [[kind, "--jobs", "1", "--no-db", "-f", fmt, *fixtures] for kind in ("decisions", "actions", "meetings")
             for fmt in ("csv", "table")]
    for args in runs:
        sys.argv = ["minutes", *args]
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                cli.main()
            except SystemExit:
                pass


def rule_files() -> dict:
    """The package's rule files, each with its parse: {name: (text, marshalled parse)}."""
    from minutes_cli.rules import engine

    files = {}
    for name in engine.PACKAGE_FILES:
        text = (Path(engine.__file__).parent / name).read_bytes()
        files[name] = (text, marshal.dumps(engine._read("", text.decode())))
    return files


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":  # one order of every set: the same patterns from the same code
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    os.environ["MINUTES_PATTERN_CACHE"] = "0"  # record what the libraries compile themselves, not the file's data
    regex_patterns: dict = {}
    re_patterns: dict = {}
    record_re(re_patterns)
    record_regex(regex_patterns)
    made: dict = {}
    record_made(made)  # before the modules that use them are loaded
    exercise()
    from minutes_cli import pattern_cache as pc

    content = {"format": pc.FORMAT,
               "regex": {"key": pc.regex_key(sys.modules["regex._main"]), "patterns": dict(sorted(regex_patterns.items()))},
               "re": {"key": pc.re_key(), "patterns": dict(sorted(re_patterns.items()))},
               "toml": {"key": pc.toml_key(), "files": rule_files()},
               "made": {"key": pc.made_key(), "depends": {d: pc.depends(d) for _, deps in pc.MADE.values() for d in deps},
                        "functions": {name: dict(sorted(made[name].items(), key=repr)) for name in sorted(made)}}}
    with open(pc.FILE, "wb") as f:
        f.write(marshal.dumps(content))
    print(f"{len(regex_patterns)} regex and {len(re_patterns)} re patterns, {len(content['toml']['files'])} rule "
          f"files, {sum(map(len, made.values()))} patterns' texts made ahead, {os.path.getsize(pc.FILE) // 1024} kB: "
          f"{os.path.relpath(pc.FILE, ROOT)}")


if __name__ == "__main__":
    main()
