"""The one CSV writer and reader of the portal (BL-3 reports, BL-4 invoices, CH-2 user export).

Every file the portal hands out goes through `writer`, `dict_writer` or `stream`, so a value a
tenant typed (a customer's external ID, a user's last name) can never reach a spreadsheet as a
formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a
single quote (OWASP "CSV Injection"). A plain number (`-1.5`, `+15551234567`) is left alone:
no spreadsheet runs it and E.164 phone numbers and credits must stay readable.

`reader` is the inverse for imports: it removes that quote again, and turns the csv module's
own refusals (a cell over the field size limit, a stray NUL) into an `ApplicationError` naming
the line, never a server error.
"""

import csv as _csv
import io
import re
from collections.abc import Iterable, Iterator

from portal.errors import ApplicationError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
LINE_END = "\r\n"


def safe_cell(value) -> str:
    """The text a cell may hold without a spreadsheet evaluating it."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """What `safe_cell` was given: the portal's own export can be imported again unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _SafeWriter:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row: Iterable):
        return self._inner.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, inner: _csv.DictWriter):
        self._inner = inner

    def writeheader(self):
        return self._inner.writeheader()

    def writerow(self, row: dict):
        return self._inner.writerow({key: safe_cell(value) for key, value in row.items()})


def writer(file) -> _SafeWriter:
    return _SafeWriter(_csv.writer(file, lineterminator=LINE_END))


def dict_writer(file, fieldnames) -> _SafeDictWriter:
    return _SafeDictWriter(_csv.DictWriter(file, fieldnames=fieldnames, lineterminator=LINE_END))


class _Echo:
    """A file whose write returns the line, so rows can be streamed one at a time."""

    def write(self, value):
        return value


def stream(rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV lines of `rows`, one at a time (for a StreamingHttpResponse)."""
    out = writer(_Echo())
    for row in rows:
        yield out.writerow(row)


def text(rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    writer(out).writerows(rows)
    return out.getvalue()


def reader(content: str, **options) -> Iterator[list[str]]:
    """Rows of `content` with `unescape_cell` applied; a malformed line is an ApplicationError."""
    rows = _csv.reader(io.StringIO(content.lstrip("\ufeff")), **options)
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except _csv.Error as error:
            raise ApplicationError(
                f"Line {rows.line_num} of the file cannot be read ({error}).", field="file"
            ) from None
        yield [unescape_cell(cell) for cell in cells]
