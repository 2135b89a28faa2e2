"""The last stage, export: records to JSON or JSON Lines, streamed.

Both writers take an iterator and write each record as soon as it is
produced, so a long list of files never has to be held in memory and a
reader downstream (`| head`, `| jq`) sees output as it comes.

`to_json` writes exactly what `json.dumps(list_of_dicts, indent=2,
ensure_ascii=False)` would, plus a final newline. Text is written as it
stands (no \\u escapes for å, ä, ö).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from .model import Minutes


def record_dict(record: Minutes | Mapping[str, Any]) -> dict:
    """The JSON object for one record (a `Minutes`, or a dict already)."""
    return record.to_dict() if hasattr(record, "to_dict") else dict(record)


def dumps(record: Minutes | Mapping[str, Any], indent: int | None = 2) -> str:
    """One record as a JSON string."""
    return json.dumps(record_dict(record), indent=indent, ensure_ascii=False, allow_nan=False)


def to_json(records: Iterable[Minutes | Mapping[str, Any]], stream: TextIO) -> int:
    """Write a JSON list, one object per record; return how many were written.

    `[` is written first and each object as it arrives, so nothing is
    collected. With no records the output is `[]`.
    """
    n = 0
    stream.write("[")
    stream.flush()
    for record in records:
        text = dumps(record, indent=2)
        # Indent the object one level, as json.dumps would inside a list. JSON
        # strings never hold a raw newline, so splitting on it is safe.
        stream.write(",\n" if n else "\n")
        stream.write("\n".join("  " + line for line in text.split("\n")))
        stream.flush()
        n += 1
    stream.write("\n]\n" if n else "]\n")
    stream.flush()
    return n


def to_jsonl(records: Iterable[Minutes | Mapping[str, Any]], stream: TextIO) -> int:
    """Write JSON Lines: one compact object per line, flushed after each."""
    n = 0
    for record in records:
        stream.write(dumps(record, indent=None) + "\n")
        stream.flush()
        n += 1
    return n
