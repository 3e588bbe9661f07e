"""Helpers for the specs of the partnership's record by year and its leadership facts: a page's tables read by
their captions, as a screen reader's table navigation would, and the financial year a change is recorded in."""

from html.parser import HTMLParser

from assessments.services import records


class _Tables(HTMLParser):
    """Every table of a page: its caption and its rows, each a list of its cells' text."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._rows = self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join(self._caption.split())] = self._rows
            self._caption = self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data + " ")


def tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def table(response, caption: str) -> list[list[str]]:
    """The rows (the header row first) of the table with this caption."""
    found = tables(response)
    assert caption in found, f"no table captioned {caption!r}: {list(found)}"
    return found[caption]


def in_year(monkeypatch, period: str) -> None:
    """Changes made from now on are recorded in this financial year (services.records.this_year)."""
    monkeypatch.setattr(records, "this_year", lambda: period)
