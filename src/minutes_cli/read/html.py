"""Read minutes published as a web page (.html, .htm), with the standard library's HTML parser.

The page's own furniture is left out: scripts, styles, forms, and the
`<nav>`, `<header>`, `<footer>` and `<aside>` of the site; when the page has
a `<main>` or `<article>`, only that is read (unless it holds no text).
Headings become `#` lines, list items `- ` / `1. ` lines, `<strong>`/`<b>`
(and Word's `font-weight:bold` spans) `**bold**`, `<br>` a new line, and
tables rows (see read_markup.py). The encoding comes from a byte-order mark,
the page's `<meta charset>`, else UTF-8 or whatever read_text.py finds.

Locations: `line 120`, the line of the HTML file where the paragraph,
heading, list item or table row starts.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError
from .markup import Lines

_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "select",
         "button", "form", "canvas", "audio", "video", "map"}
_CHROME = {"nav", "header", "footer", "aside"}
_BLOCK = {"p", "div", "section", "article", "main", "blockquote", "pre", "address", "dl", "dt", "dd", "figure",
          "figcaption", "center", "hr", "body", "html", "details", "summary", "fieldset", "legend"} | _CHROME
_HEADING = {f"h{i}": i for i in range(1, 7)}
_BOLD_TAGS = {"b", "strong"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
# the paragraph before these is written when they open or close
_FLUSH = _BLOCK | set(_HEADING) | {"li", "ul", "ol", "table", "tr", "td", "th"}
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


class _Page(HTMLParser):
    def __init__(self, only: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.only = only  # read only inside <main>/<article> when the page has one
        self.inside_only = 0 if only else 1
        self.skip = 0
        self.chrome = 0
        self.bold = 0
        self.stack: list[tuple[str, bool]] = []  # open tags, and whether each turned bold on
        self.pre = 0
        self.segs: list[tuple[str, bool]] = []
        self.para_line = 0
        self.heading = 0
        self.lists: list[list] = []  # [tag, counter]
        self.item: tuple[str, int] | None = None  # marker and level of the open list item
        self.tables: list[dict] = []  # open tables: rows, the row, the cell
        self.out = Lines()
        self.chrome_text = 0
        self.read_chrome = False

    # ------------------------------------------------------------ paragraphs

    def _live(self) -> bool:
        return not self.skip and self.inside_only > 0 and not self.chrome

    def flush(self) -> None:
        segs, self.segs = self.segs, []
        lines: list[list[tuple[str, bool]]] = [[]]
        for text, b in segs:
            for k, part in enumerate(text.split("\n")):
                if k:
                    lines.append([])
                lines[-1].append((part, b))
        from .markup import bold

        texts = [bold(x) for x in lines]
        if not any(t.strip() for t in texts):
            self.heading = 0
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"].extend(t.replace("**", "") for t in texts if t.strip())
            return
        loc = f"line {self.para_line}"
        if self.heading:
            self.out.paragraph(texts, loc, heading=self.heading)
            self.heading = 0
        elif self.item:
            self.out.paragraph(texts, loc, marker=self.item[0], level=self.item[1])
            self.item = None
        else:
            self.out.paragraph(texts, loc)

    def _start_para(self) -> None:
        if not self.segs:
            self.para_line = self.getpos()[0]

    # ------------------------------------------------------------ tags

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        self._enter(tag)
        style = a.get("style") or ""
        if tag not in _VOID:
            bold = tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(style))
            self.stack.append((tag, bold))
            self.bold += bold
        if tag == "br":
            if self._live():
                self.segs.append(("\n", False))
            return
        if "mso-tab-count" in style and self._live():
            self._start_para()
            self.segs.append(("\t", self.bold > 0))  # a tab in a page Word saved
        if tag in _FLUSH:
            self.flush()
        start = _START.get(tag)
        if start:
            start(self, tag, a)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _VOID:
            return
        self._close_up_to(tag)
        if tag in _FLUSH:
            self.flush()
        self._leave(tag)
        end = _END.get(tag)
        if end:
            end(self)

    def _enter(self, tag: str) -> None:
        """Into the <main>/<article> that is read, or into the site's furniture."""
        if self.only and tag == self.only:
            self.inside_only += 1
        if tag in _CHROME and not self.read_chrome:
            self.chrome += 1

    def _leave(self, tag: str) -> None:
        if tag in _CHROME and not self.read_chrome:
            self.chrome = max(0, self.chrome - 1)
        if self.only and tag == self.only:
            self.inside_only = max(0, self.inside_only - 1)

    def _close_up_to(self, tag: str) -> None:
        """Close up to the matching open tag (HTML often leaves tags open)."""
        if any(t == tag for t, _ in self.stack):
            while self.stack:
                t, b = self.stack.pop()
                self.bold -= b
                if t == tag:
                    break

    # what an opening tag starts, after the paragraph before it is written

    def _start_heading(self, tag: str, a: dict) -> None:
        self.heading = _HEADING[tag]

    def _start_pre(self, tag: str, a: dict) -> None:
        self.pre += 1

    def _start_list(self, tag: str, a: dict) -> None:
        start = a.get("start") or "1"
        self.lists.append([tag, int(start) - 1 if start.strip("-").isdigit() else 0])

    def _start_item(self, tag: str, a: dict) -> None:
        if not self.lists:
            self.item = ("-", 0)
            return
        lst = self.lists[-1]
        if lst[0] == "ol":
            lst[1] = int(a["value"]) if (a.get("value") or "").isdigit() else lst[1] + 1
            self.item = (f"{lst[1]}.", len(self.lists) - 1)
        else:
            self.item = ("-", len(self.lists) - 1)

    def _start_table(self, tag: str, a: dict) -> None:
        self.tables.append({"rows": [], "row": None, "cell": None, "line": self.getpos()[0], "lines": []})

    def _new_row(self, t: dict) -> None:
        t["row"] = []
        t["rows"].append(t["row"])
        t["lines"].append(self.getpos()[0])

    def _start_row(self, tag: str, a: dict) -> None:
        if self.tables:
            self._new_row(self.tables[-1])

    def _start_cell(self, tag: str, a: dict) -> None:
        if not self.tables:
            return
        t = self.tables[-1]
        if t["row"] is None:
            self._new_row(t)
        t["cell"] = []
        t["row"].append(t["cell"])
        span = a.get("colspan") or "1"
        for _ in range(min(int(span) - 1, 20) if span.isdigit() else 0):
            t["row"].append([])

    # what a closing tag ends, after the paragraph in it is written

    def _end_pre(self) -> None:
        self.pre = max(0, self.pre - 1)

    def _end_list(self) -> None:
        if self.lists:
            self.lists.pop()
            self.item = None

    def _end_cell(self) -> None:
        if self.tables:
            self.tables[-1]["cell"] = None

    def _end_row(self) -> None:
        if self.tables:
            self.tables[-1]["row"] = None
            self.tables[-1]["cell"] = None

    def _end_table(self) -> None:
        if not self.tables:
            return
        t = self.tables.pop()
        if self.tables and self.tables[-1]["cell"] is not None:
            # a table inside a cell: its text goes into that cell
            for row in t["rows"]:
                self.tables[-1]["cell"].append(", ".join(" ".join(c) for c in row if c))
        elif self._live() or t["rows"]:
            lines = t["lines"]
            self.out.table(t["rows"], lambda i: f"line {lines[i] if i < len(lines) else t['line']}")

    def handle_data(self, data: str) -> None:
        if self.skip or self.inside_only <= 0:
            return
        if self.chrome:
            self.chrome_text += len(data.strip())
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
        if not data.strip(" ") and not self.segs:
            return
        self._start_para()
        self.segs.append((data, self.bold > 0))

    def close(self) -> None:
        super().close()
        self.flush()


# tag -> what it starts or ends (the tables of the parser's dispatch)
_START = {**{h: _Page._start_heading for h in _HEADING}, "pre": _Page._start_pre, "ul": _Page._start_list,
          "ol": _Page._start_list, "li": _Page._start_item, "table": _Page._start_table, "tr": _Page._start_row,
          "td": _Page._start_cell, "th": _Page._start_cell}
_END = {"pre": _Page._end_pre, "ul": _Page._end_list, "ol": _Page._end_list, "td": _Page._end_cell,
        "th": _Page._end_cell, "tr": _Page._end_row, "table": _Page._end_table}


def _decode(data: bytes, source: str) -> tuple[str, list[str]]:
    from .text import decode_bytes, fix_mojibake

    text = None
    warnings: list[str] = []
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace").lower()
            enc = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}.get(enc, enc)
            try:
                text = data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                text = None
    if text is None:
        text, _, warnings = decode_bytes(data, source)
    text, fixed = fix_mojibake(text)
    if fixed:
        warnings.append(f"{source}: repaired {fixed} characters garbled by a wrong decoding (such as 'Ã¶' for 'ö')")
    return text.lstrip("\ufeff"), warnings


def read(data: bytes, source: str):
    """An HTML file's bytes to SourceText. Raises InputError."""
    text, warnings = _decode(data, source)
    low = text.lower()
    only = "main" if "<main" in low else "article" if "<article" in low else None
    for attempt in (only, None) if only else (None,):
        page = _Page(attempt)
        try:
            page.feed(text)
            page.close()
        except (AssertionError, ValueError) as e:  # the parser is lenient; this is a last resort
            raise InputError(source, f"is a web page that could not be parsed ({e}); save it as text and "
                                     "read that") from None
        if any(s.strip() for s in page.out.lines):
            return page.out.source_text(source, "html", warnings)
    if page.chrome_text:
        # all the text is in the page's header/footer/navigation: read those after all
        page = _Page(None)
        page.read_chrome = True
        page.feed(text)
        page.close()
    return page.out.source_text(source, "html", warnings)
