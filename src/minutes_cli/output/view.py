"""The terminal view of `minutes extract` (`--format view`).

One block per file: the meeting header, the participants grouped by
status, each agenda item with its decisions and action items, what lies
outside any item, and the warnings. Line references (`L12`, `L12-14`) point
into the source file.

Rich is imported here only, and only when a view is rendered, so that
`minutes --help` and the JSON formats never pay for it. Text from the
minutes goes into `Text` objects, never into markup, so brackets in a
document are shown as written.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from ..model import ABSENT, GUEST, PRESENT, Minutes

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

STATUS_HEADINGS = ((PRESENT, "Present"), (GUEST, "Guests"), (ABSENT, "Absent"))
ROLE_LABELS = {"chair": "chair", "minutes_taker": "minutes taker"}
OUTSIDE = "Outside any agenda item"
MISSING = "not stated"


def span(line: int | None, end_line: int | None = None) -> str:
    """`L12` or `L12-14`; empty when the line is unknown."""
    if not line:
        return ""
    if end_line and end_line != line:
        return f"L{line}-{end_line}"
    return f"L{line}"


def clock(start: str | None, end: str | None) -> str | None:
    if start and end:
        return f"{start}\u2013{end}"
    return start or end


def render(records: Iterable[Minutes], stream: TextIO | None = None) -> int:
    """Print each record as it arrives; return how many were printed."""
    from rich.console import Console

    console = Console(file=stream, highlight=False, emoji=False, markup=False)
    n = 0
    for record in records:
        if n:
            console.print()
        for part in renderables(record):
            console.print(part)
        n += 1
    return n


def renderables(m: Minutes) -> list[RenderableType]:
    """The view of one record, as a list of rich renderables."""
    from rich.rule import Rule
    from rich.text import Text

    out: list[RenderableType] = [Rule(Text(m.source, style="bold"), align="left")]
    out += _header(m)
    out += _participants(m)
    out += _items(m)
    if m.warnings:
        out.append(Text("\nWarnings", style="bold yellow"))
        out += [Text("  ! ", style="yellow") + Text(w) for w in m.warnings]
    return out


def _heading(title: str, count: int | None = None) -> "RenderableType":
    from rich.text import Text

    t = Text("\n" + title, style="bold underline")
    if count is not None:
        t.append(f" ({count})" if count else " (none found)", style="dim")
    return t


def _header(m: Minutes) -> list:
    from rich.table import Table
    from rich.text import Text

    mt = m.meeting
    out: list = []
    if mt.title:
        out.append(Text(mt.title, style="bold"))
    date = Text(mt.date) if mt.date else None
    if date is not None:
        if mt.date_source == "filename":
            date.append(" (from the file name)", style="dim")
        if mt.line:
            date.append(f"  {span(mt.line)}", style="dim")
    nxt = None
    if mt.next_meeting:
        nm = mt.next_meeting
        when = " ".join(x for x in (nm.date, clock(nm.start, nm.end)) if x)
        nxt = Text(when or nm.text)
        if when and nm.text:
            nxt.append(f"  \u00ab{nm.text}\u00bb", style="dim")
        nxt.append(f"  {span(nm.line)}", style="dim")
    fields = (
        ("Date", date),
        ("Time", clock(mt.start, mt.end)),
        ("Place", mt.place),
        ("Chair", mt.chair),
        ("Minutes taker", mt.minutes_taker),
        ("Next meeting", nxt),
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in fields:
        if value is None or value == "":
            grid.add_row(label, Text(MISSING, style="dim"))
        else:
            grid.add_row(label, value if isinstance(value, Text) else Text(value))
    out.append(grid)
    return out


def _participants(m: Minutes) -> list:
    from rich.table import Table
    from rich.text import Text

    out: list = [_heading("Participants", len(m.participants))]
    known = {s for s, _ in STATUS_HEADINGS}
    groups = [(label, [p for p in m.participants if p.status == s]) for s, label in STATUS_HEADINGS]
    other = [p for p in m.participants if p.status not in known]
    if other:
        groups.append(("Other", other))
    grid = Table.grid(padding=(0, 2))  # one grid, so the columns line up across the groups
    grid.add_column(no_wrap=True)  # name
    grid.add_column()  # organisation, role, note
    grid.add_column(style="dim", justify="right", no_wrap=True)  # line
    for label, people in groups:
        if not people:
            continue
        grid.add_row(Text(f"{label} ({len(people)})", style="bold"), "", "")
        for p in people:
            details = [x for x in (p.organisation, ROLE_LABELS.get(p.role or "", p.role)) if x]
            desc = Text(", ".join(details))
            if p.note:
                desc.append(f" ({p.note})", style="italic")
            grid.add_row(Text("  " + p.name), desc, span(p.line))
    if m.participants:
        out.append(grid)
    return out


def _items(m: Minutes) -> list:
    from rich.text import Text

    ids = {i.id for i in m.items}
    out: list = [_heading("Agenda items", len(m.items))]
    for it in m.items:
        title = Text()
        if it.number:
            title.append(f"{it.number}. " if it.number.isdigit() else f"{it.number} ")  # "3. ", "§ 12 "
        title.append(it.title)
        title.stylize("bold")
        title.append(f"  {span(it.line, it.end_line)}", style="dim")
        out.append(title)
        out += _entries(m, it.id)
    outside = _entries(m, None, ids)
    if outside:
        out.append(_heading(OUTSIDE))
        out += outside
    if not m.decisions and not m.actions:
        out.append(Text("\nNo decisions or action items found.", style="dim"))
    return out


def _entries(m: Minutes, item_id: str | None, ids: set[str] | None = None) -> list:
    """Decisions, then actions, of one item; with `ids`, those outside them all."""
    from rich.table import Table
    from rich.text import Text

    def here(ref: str | None) -> bool:
        return ref not in ids if ids is not None else ref == item_id

    decisions = [d for d in m.decisions if here(d.item)]
    actions = [a for a in m.actions if here(a.item)]
    if not decisions and not actions:
        return []
    grid = Table.grid(padding=(0, 1), expand=True)  # line spans line up at the right edge
    grid.add_column(no_wrap=True, min_width=len("  Decision"))  # marker, same width in every item
    grid.add_column(ratio=1)  # body
    grid.add_column(style="dim", justify="right", no_wrap=True)  # lines
    for d in decisions:
        body = Text(f"[{d.kind}] ", style="green") + Text(d.text)
        grid.add_row(Text("  Decision", style="bold green"), body, span(d.line, d.end_line))
    for a in actions:
        body = Text(", ".join(a.owners) if a.owners else "no owner named", style="bold" if a.owners else "dim")
        if a.due:
            body.append(f"  due {a.due}", style="magenta")
        body.append("\n")
        body.append(a.text)
        grid.add_row(Text("  Action", style="bold cyan"), body, span(a.line, a.end_line))
    return [grid]


# ---------------------------------------------------------------- the query commands' table (`--format table`)

# (header, how to get the cell from a row) per command; the CSV has every column, the table what fits a terminal
_ROW_LAYOUTS = {
    "decisions": (
        ("Date", lambda r: r.get("date")),
        ("Item", lambda r: _item_label(r)),
        ("Kind", lambda r: r.get("kind")),
        ("Decision", lambda r: r.get("text")),
        ("Source", lambda r: _where(r)),
    ),
    "actions": (
        ("Date", lambda r: r.get("date")),
        ("Owners", lambda r: ", ".join(r.get("owners") or ())),
        ("Due", lambda r: r.get("due")),
        ("Action", lambda r: r.get("text")),
        ("Source", lambda r: _where(r)),
    ),
    "meetings": (
        ("Date", lambda r: r.get("date")),
        ("Title", lambda r: r.get("title")),
        ("Chair", lambda r: r.get("chair")),
        ("Present", lambda r: r.get("present")),
        ("Absent", lambda r: r.get("absent")),
        ("Items", lambda r: r.get("items")),
        ("Decisions", lambda r: r.get("decisions")),
        ("Actions", lambda r: r.get("actions")),
        ("Source", lambda r: r.get("source")),
    ),
}
_NUMERIC = {"Present", "Absent", "Items", "Decisions", "Actions"}


def _item_label(row: dict) -> str:
    return " ".join(str(x) for x in (row.get("item_number"), row.get("item_title")) if x)


def _where(row: dict) -> str:
    line = row.get("line")
    return f"{row.get('source')}:{line}" if line else str(row.get("source") or "")


def render_rows(rows: Iterable[dict], kind: str, stream: TextIO | None = None) -> int:
    """The rows of `minutes decisions|actions|meetings` as one rich table; return how many.

    A table needs every row to size its columns, so the rows are collected
    first: this format is for reading on a terminal. CSV and the other formats
    stream.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    layout = _ROW_LAYOUTS[kind]
    table = Table(show_lines=False, highlight=False, header_style="bold")
    for header, _ in layout:
        if header in _NUMERIC:
            table.add_column(header, justify="right", no_wrap=True)
        elif header in ("Date", "Due", "Kind"):
            table.add_column(header, no_wrap=True)
        elif header == "Source":
            table.add_column(header, style="dim", overflow="fold")
        elif header in ("Owners", "Chair", "Item"):
            table.add_column(header, max_width=28)
        else:
            table.add_column(header, ratio=1 if header in ("Decision", "Action", "Title") else None)
    n = 0
    for row in rows:
        table.add_row(*(Text("" if (v := get(row)) is None else str(v)) for _, get in layout))
        n += 1
    table.caption = f"{n} {kind if n != 1 else kind[:-1]}"
    console = Console(file=stream, highlight=False, emoji=False, markup=False)
    console.print(table)
    return n


def render_table(rows: list[dict], columns, stream: TextIO | None = None, caption: str | None = None) -> int:
    """Any rows as one rich table with the given columns (`minutes people`); return how many."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .export import cell

    table = Table(show_lines=False, highlight=False, header_style="bold", caption=caption)
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell(row.get(c))) for c in columns))
    Console(file=stream, highlight=False, emoji=False, markup=False).print(table)
    return len(rows)
