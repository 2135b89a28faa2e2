"""minutes: decisions, action items and attendance from Swedish meeting minutes.

The names below load on first use (PEP 562), so that `minutes --help` does
not pay for the pipeline.
"""
from importlib import import_module

from . import pattern_cache

__version__ = "0.1.0"
pattern_cache.install_when_loaded()  # the package's patterns compiled ahead (pattern_cache.py)

_EXPORTS = {
    "parse_text": "pipeline", "parse_bytes": "pipeline", "parse_path": "pipeline",
    "InputError": "errors", "MinutesError": "errors",
    "SCHEMA_VERSION": "model", "Action": "model", "Decision": "model", "Item": "model", "Meeting": "model",
    "Minutes": "model", "Participant": "model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
