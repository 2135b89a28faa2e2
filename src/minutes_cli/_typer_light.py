"""Start-up: Typer coerces every option value through pydantic, whose import alone costs about as much
as the rest of `minutes --help`. The values this tool takes (a string, a list of strings, a choice of
an Enum, a whole or decimal number written plainly and within its option's bounds, a flag, or nothing)
are coerced here the way Typer would; anything else (a bad choice or number, whose error message Typer
words, or a number written otherwise) goes to Typer's own coercion, which imports pydantic then.

Only Typer's internals (`typer.core.build_runtime_param`) are touched, and only when they are there:
with another Typer the tool runs as it always did.
"""
from __future__ import annotations

import enum
from typing import Any, get_args, get_origin

_SIMPLE = (str,)


def install() -> None:
    try:
        from typer import core
        from typer._param_types import coerce_cli_choice
    except ImportError:  # another Typer: leave it as it is
        return
    real = getattr(core, "build_runtime_param", None)
    if real is None or getattr(real, "light", False):
        return

    def build_runtime_param(descriptor):
        return _Light(descriptor, real, coerce_cli_choice)

    build_runtime_param.light = True
    core.build_runtime_param = build_runtime_param


class _Light:
    """A runtime parameter that coerces the simple cases itself and hands the rest to Typer's."""

    def __init__(self, descriptor, real, choice) -> None:
        self.descriptor = descriptor
        self._real_builder = real
        self._choice = choice
        self._real = None

    def real(self):
        if self._real is None:
            self._real = self._real_builder(self.descriptor)
        return self._real

    def coerce(self, value: Any, param, ctx) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:  # as RuntimeParam.coerce
            return () if multi else None
        done = self._simple(value, multi, ctx)
        return done if done is not _NO else self.real().coerce(value, param, ctx)

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        return self.real()._coerce_value(value, param, ctx)

    def _simple(self, value: Any, multi: bool, ctx) -> Any:
        d = self.descriptor
        info = d.parameter_info
        if d.file_annotation is not None or getattr(info, "parser", None) is not None or d.is_path:
            return _NO
        annotation = d.annotation
        if multi:
            if get_origin(annotation) is not list or not isinstance(value, (list, tuple)):
                return _NO
            items = [self._one(get_args(annotation)[0], v, info, ctx) for v in value]
            return _NO if any(i is _NO for i in items) else items
        return self._one(annotation, value, info, ctx)

    def _one(self, annotation: Any, value: Any, info, ctx) -> Any:
        if annotation in _SIMPLE and isinstance(value, str):
            return value
        if annotation in _NUMBERS and isinstance(value, str):
            return _number(annotation, value, info)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum) and isinstance(value, (str, enum.Enum)):
            try:
                return self._choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _NO  # Typer words the error
        return _NO


_NO = object()  # a marker: not a simple case
_NUMBERS = (int, float)


def _number(annotation: type, value: str, info) -> Any:
    """`-j 2`, `--min-confidence 0.8`: digits (a decimal number: digits, a point, digits), no sign, space or
    leading zero, within the option's bounds (not clamped); else _NO (Typer reads it, or words the error)."""
    whole, point, part = value.partition(".")
    if not _digits(whole) or (point and (annotation is int or not _digits(part, lead=True))):
        return _NO
    number = annotation(value)
    low, high = info.min, info.max
    if info.clamp or (low is not None and number < low) or (high is not None and number > high):
        return _NO
    return number


def _digits(text: str, lead: bool = False) -> bool:
    """ASCII digits only; with no leading zero unless `lead` (the decimals) or the number is 0."""
    return text.isascii() and text.isdigit() and (lead or text == "0" or text[0] != "0")
