"""TOML, parsed by the standard library's tomllib (tomli on Python 3.10), loaded on first use: a small run
reads no TOML (the package's rule files come parsed, pattern_cache.py) and need not load a parser.

    from . import _toml
    _toml.loads(text)  ...  except _toml.TOMLDecodeError
"""
from __future__ import annotations

import sys


def parser():
    """The module that parses TOML."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # (Python 3.10)

    return tomli


def __getattr__(name: str):
    return getattr(parser(), name)
