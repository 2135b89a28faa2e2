"""Start-up: what every run of the tool would compute again, made ahead: its regular expressions compiled,
and its rule files parsed.

`regex` and the standard library's `re` parse a pattern in Python and hand the result, plain data, to
their C compilers (`regex._regex.compile`, `_sre.compile`). Parsing the package's patterns was most of
the start-up of a small `minutes extract` (about 170 ms of 400). `pattern_cache.bin`, beside this module,
holds that data for every pattern the package compiles (for `regex`, what pickling a pattern stores) and,
for `re`, every pattern the libraries the command line loads compile as they load (Typer's, json's, ...),
written by `scripts/build_pattern_cache.py` and committed, for one version of each library:

    {"format": 3, "regex": {"key": {...}, "patterns": {(pattern, flags): data}}, "re": {...},
     "toml": {"key": {...}, "files": {name: (text, marshalled parse)}},
     "made": {"key": {...}, "depends": {file: text, "regex": version}, "functions": {name: {argument: result}}}}

`install_when_loaded()`, run by the command line (cli.py: the command's process is the tool's own; a
program that imports the library is left as it is), lets each library find those patterns in its
own cache of compiled patterns: a pattern is built from its data by the C compiler on its first use, a
small fraction of the parse. A pattern that is not in the file (a user's rule, a pattern edited since the
file was written), and every pattern of a library whose version differs from the file's, is compiled as
always: a stale file costs speed, never correctness. Nothing is written at run time, and nothing changes but
the libraries' caches and the functions of `MADE` below. `MINUTES_PATTERN_CACHE=0` in the environment turns
it off.

The rule files (rules/*.toml, 35 kB: ~5 ms of TOML parsing) are kept with their text: `parsed_toml` gives
the parse only for the very text that was parsed, on the Python release that parsed it.

The text of the patterns made at start-up from the package's word lists (`MADE`: words escaped, letters that
may stand as U+FFFD, alternations taken out trie-wise; 2,000 words, about a tenth of a small run) is kept
with the texts of the modules that make it: a function gives what was made ahead only while the files it
depends on are the very texts that made it, on the same Python release and `regex`; else it works as always.

`regex` and those modules are installed into when they are loaded (`minutes --help` loads none of them): until
then a finder for each stands first in `sys.meta_path`.
"""
from __future__ import annotations

import functools
import marshal
import os
import sys

FILE = os.path.join(os.path.dirname(__file__), "pattern_cache.bin")
FORMAT = 3
REGEX = "regex._main"  # the module where regex keeps its cache and its compile
_parts: dict = {}  # the parts of the file not in use yet: "regex" until regex is loaded
#: The package's pure functions that make patterns' text at start-up, each with what it is looked up by (its
#: words as a set where it reads them as a set) and what its result depends on (files of the package, "regex").
MADE = {
    "minutes_cli.alternation.trie": (tuple, ("alternation.py",)),
    "minutes_cli.clean.alternation": (frozenset, ("clean.py", "alternation.py", "regex")),
    "minutes_cli.clean.losable": (str, ("clean.py",)),
    "minutes_cli.rules.engine._alts": (frozenset, ("rules/engine.py", "alternation.py", "regex")),
}
_missed: set = set()  # the functions of MADE asked for what was not made ahead (tests/test_startup.py)
_toml: dict = {}  # the toml part of the file; its "files" only once its key is checked (parsed_toml)


def enabled() -> bool:
    return os.environ.get("MINUTES_PATTERN_CACHE", "1") != "0"


def regex_key(main) -> dict:
    """What regex's compiled data depends on (`main` is `regex._main`)."""
    return {"python": list(sys.version_info[:2]), "implementation": sys.implementation.name,
            "regex": main.__version__, "default_version": int(main.DEFAULT_VERSION)}


def re_key() -> dict:
    """What `re`'s compiled data depends on: the Python it comes with, to the release."""
    import _sre

    return {"python": list(sys.version_info[:3]), "implementation": sys.implementation.name, "magic": _sre.MAGIC}


def toml_key() -> dict:
    """What a parse of the standard library's tomllib depends on: the Python release (tomli: its version)."""
    from . import _toml

    parser = "tomllib" if sys.version_info >= (3, 11) else "tomli " + _toml.parser().__version__
    return {"python": list(sys.version_info[:3]), "implementation": sys.implementation.name, "parser": parser}


def read(path: str = FILE) -> dict:
    """The file's parts by library ({} when it is missing or of another format)."""
    try:
        with open(path, "rb") as f:
            content = marshal.loads(f.read())
        return content if content.get("format") == FORMAT else {}
    except Exception:  # missing, unreadable, damaged: compile as always
        return {}


def _patterns(part, key: dict) -> dict | None:
    """The part's patterns, {(pattern, flags): data}, if it was written for `key`."""
    if isinstance(part, dict) and part.get("key") == key and isinstance(part.get("patterns"), dict):
        return part["patterns"] or None
    return None


def install_when_loaded(path: str = FILE) -> None:
    """Serve the file's patterns to `re` now and to `regex` when it is loaded (now if it is), and what was made
    ahead to the functions of `MADE` when their modules are loaded."""
    if not enabled():
        return
    content = read(path)
    install_re(content.get("re"))
    _toml.clear()
    _toml.update(content.get("toml") or {})
    _parts["regex"] = content.get("regex")
    when_loaded(REGEX, lambda main: install_regex(_parts.pop("regex", None)))
    made = content.get("made")
    if isinstance(made, dict) and made.get("key") == made_key() and isinstance(made.get("functions"), dict):
        for module, names in _made_by_module().items():
            when_loaded(module, lambda m, names=names: install_made(m, names, made))


def when_loaded(name: str, then) -> None:
    """`then(module)` once the module `name` is loaded: now if it is."""
    if name in sys.modules:
        then(sys.modules[name])
    elif not any(isinstance(f, _WhenLoaded) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenLoaded(name, then))


def made_key() -> dict:
    """What the text of the patterns made ahead depends on besides the package's files: the Python release
    (its letters' case folding)."""
    return {"python": list(sys.version_info[:3]), "implementation": sys.implementation.name}


def depends(what: str):
    """The text of the package's file `what` (a path under minutes_cli/), or for "regex" its version (None
    when it is not loaded)."""
    if what == "regex":
        return getattr(sys.modules.get("regex"), "__version__", None)
    with open(os.path.join(os.path.dirname(__file__), what), "rb") as f:
        return f.read()


def _made_by_module() -> dict:
    by_module: dict = {}
    for name in MADE:
        module, function = name.rsplit(".", 1)
        by_module.setdefault(module, []).append(function)
    return by_module


def install_made(module, functions, part: dict) -> None:
    """The module's `functions` give what the part made ahead, each while what it depends on is as it was."""
    for function in functions:
        name = f"{module.__name__}.{function}"
        key_of, deps = MADE[name]
        made, shipped = part["functions"].get(name), part.get("depends") or {}
        try:
            if not isinstance(made, dict) or any(shipped.get(d) != depends(d) for d in deps):
                continue
        except OSError:  # no source beside the module: nothing to compare with
            continue
        setattr(module, function, made_ahead(getattr(module, function), key_of, made, name))


def made_ahead(fn, key_of, made: dict, name: str):
    """`fn` (a function of one argument), giving what `made` holds for its argument looked up by `key_of`;
    what it does not hold, `fn` makes (from the key: a set of words, a tuple, a string reads the same)."""
    @functools.wraps(fn)
    def made_or_make(arg):
        try:
            key = key_of(arg)
        except TypeError:  # (a word that is not a string, of a user's rules: as the function itself takes it)
            return fn(arg)
        got = made.get(key)
        if got is None:
            _missed.add(name)
            return fn(key)
        return got

    return made_or_make


def parsed_toml(name: str, text: bytes) -> dict | None:
    """The parse of the package's rule file `name` made ahead, if `text` is the text that was parsed; else None.
    A new dict each time: the caller may change it."""
    if "key" in _toml:  # checked on first use (not by `minutes --help`)
        files = _toml.pop("files", None) if _toml.pop("key") == toml_key() else None
        _toml["checked"] = files if isinstance(files, dict) else {}
    shipped = _toml.get("checked", {}).get(name)
    return marshal.loads(shipped[1]) if shipped is not None and shipped[0] == text else None


def install_regex(part) -> bool:
    """`regex` finds the part's patterns in its cache; False (and nothing changed) when it cannot."""
    main = sys.modules.get(REGEX)
    cache = getattr(main, "_cache", None)
    if type(cache) is not dict or not hasattr(getattr(main, "_regex", None), "compile"):
        return False  # not loaded, already served, or a regex that keeps its patterns otherwise
    try:
        patterns = _patterns(part, regex_key(main))
    except AttributeError:
        return False
    if not patterns:
        return False
    version = int(main.DEFAULT_VERSION)

    def ours(lookup):  # regex looks a pattern up as (pattern, type, flags, named lists, version, locale)
        if len(lookup) == 6 and lookup[1] is str and not lookup[3] and lookup[4] == version and lookup[5] is None:
            return lookup[0], lookup[2]
        return None

    # what regex's own compile records for these patterns: no named lists, not locale-sensitive
    for pattern, flags in patterns:
        main._named_args.setdefault((pattern, str, flags), frozenset())
        main._locale_sensitive.setdefault((str, pattern), False)
    main._cache = _Prebuilt(cache, patterns, main._regex.compile, ours)
    return True


def install_re(part) -> bool:
    """`re` finds the part's patterns in its cache (Python 3.11 and before, whose `re` has one cache)."""
    import re

    cache = getattr(re, "_cache", None)
    if type(cache) is not dict or hasattr(re, "_cache2"):
        return False
    patterns = _patterns(part, re_key())
    if not patterns:
        return False
    import _sre

    def ours(lookup):  # re looks a pattern up as (type, pattern, flags)
        return (lookup[1], lookup[2]) if len(lookup) == 3 and lookup[0] is str else None

    re._cache = _Prebuilt(cache, patterns, _sre.compile, ours)
    return True


def uninstall() -> None:
    """Back to the libraries' plain caches (with the patterns built so far)."""
    import re

    if isinstance(re._cache, _Prebuilt):
        re._cache = dict(re._cache)
    main = sys.modules.get(REGEX)
    if main is not None and isinstance(main._cache, _Prebuilt):
        main._cache = dict(main._cache)
    for name in MADE:
        module, function = name.rsplit(".", 1)
        fn = getattr(sys.modules.get(module), function, None)
        if hasattr(fn, "__wrapped__"):
            setattr(sys.modules[module], function, fn.__wrapped__)
    for finder in [f for f in sys.meta_path if isinstance(f, _WhenLoaded)]:
        sys.meta_path.remove(finder)


class _Prebuilt(dict):
    """A library's cache of compiled patterns that builds a missing pattern from the file's data when it has it."""

    def __init__(self, entries: dict, patterns: dict, build, ours) -> None:
        super().__init__(entries)
        self._patterns, self._build, self._ours = patterns, build, ours

    def __missing__(self, lookup):
        key = self._ours(lookup) if isinstance(lookup, tuple) else None
        data = self._patterns.get(key) if key is not None else None
        if data is None:
            raise KeyError(lookup)
        compiled = self._build(*data)
        self[lookup] = compiled
        return compiled


class _WhenLoaded:
    """A finder for one module only: the usual finders find it, and `then(module)` runs once it is loaded;
    then this finder leaves `sys.meta_path`."""

    def __init__(self, name: str, then) -> None:
        self.name, self.then = name, then

    def find_spec(self, name, path=None, target=None):
        if name != self.name:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        from importlib.util import find_spec

        spec = find_spec(name)
        if spec is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _ThenInstall(spec.loader, self.then)
        return spec


class _ThenInstall:
    def __init__(self, loader, then) -> None:
        self.loader, self.then = loader, then

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        module.__loader__ = module.__spec__.loader = self.loader  # the module keeps its own loader
        self.loader.exec_module(module)
        self.then(module)
