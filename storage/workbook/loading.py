"""Opening a workbook without letting it take the server down.

A workbook is a zip of XML written by anyone. Three things keep one import's
cost bounded, whatever the file holds:

1. **The zip is checked before openpyxl sees it**: the file's size, the number
   of parts, each part's unpacked size against its packed size (a zip bomb
   unpacks thousands of times larger), and the total unpacked size. Python's
   zipfile never unpacks more than a part's declared size (it stops there and
   the checksum fails), so checking the declared sizes bounds what is read.
2. **Only the sheets the format names are read**, in openpyxl's streaming mode
   (``read_only=True``): an extra sheet of any size is never parsed.
3. **Only the format's columns are kept, and only so many rows**: headers are
   looked for in the first MAX_COLUMNS columns; data rows are read only up to
   the rightmost column the format needs; more than MAX_ROWS data rows in a
   sheet is refused with a plain message rather than read. (A sheet with a cell
   in column XFD once made every row 16,384 cells wide in memory.)

XML entity tricks (billion laughs) are refused by defusedxml, which openpyxl
uses when it is installed (it is a dependency).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl

from club import texts
from storage.workbook import format as limits
from storage.workbook.cells import as_text, blank, key, labels_match, unquote
from storage.workbook.model import Problem, WorkbookError


def _refuse(reason: str, sheet: str = "") -> WorkbookError:
    return WorkbookError([Problem(sheet, None, reason)])


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):.0f} MB"


# ---------------------------------------------------------------- the zip


def _check_zip(handle: BinaryIO) -> None:
    """Refuse a file whose zip would unpack to more than a book can be."""
    size = handle.seek(0, 2)
    handle.seek(0)
    if size > limits.MAX_FILE_BYTES:
        raise _refuse(texts.WB_FILE_TOO_BIG.format(limit=_megabytes(limits.MAX_FILE_BYTES)))
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except Exception as exc:  # not a zip at all, or a damaged one: many kinds of error
        raise _refuse(texts.WB_UNREADABLE) from exc
    finally:
        handle.seek(0)
    if len(parts) > limits.MAX_PARTS:
        raise _refuse(texts.WB_UNPACKED_TOO_BIG.format(
            limit=_megabytes(limits.MAX_UNPACKED_BYTES)))
    total = 0
    for part in parts:
        total += part.file_size
        if total > limits.MAX_UNPACKED_BYTES:
            raise _refuse(texts.WB_UNPACKED_TOO_BIG.format(
                limit=_megabytes(limits.MAX_UNPACKED_BYTES)))
        if part.file_size > limits.RATIO_FLOOR \
                and part.file_size > limits.MAX_RATIO * max(part.compress_size, 1):
            raise _refuse(texts.WB_PACKED_ODDLY)


# ---------------------------------------------------------------- the sheets


@dataclass(slots=True)
class Table:
    """A sheet as the reader sees it: its header and its data rows, cells keyed by column."""

    title: str
    header: int  # the header's row number; 0 when the sheet has none
    index: dict[str, int]  # column -> position (0-based) of the ones found
    twice: list[str]  # columns named twice in the header
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _empty(values: tuple[Any, ...]) -> bool:
    # The common case first, at C speed: spreadsheets report many wholly empty rows.
    return values.count(None) == len(values) or all(map(blank, values))


def _match_header(values: tuple[Any, ...], columns: tuple[str, ...]
                  ) -> tuple[dict[str, int], list[str]]:
    index: dict[str, int] = {}
    twice: list[str] = []
    for position, cell in enumerate(values):
        if blank(cell):
            continue
        label = as_text(cell)
        for column in columns:
            if labels_match(label, column):
                if column in index:
                    twice.append(column)
                else:
                    index[column] = position
                break
    return index, twice


class OpenBook:
    """The workbook, open in streaming mode; sheets are read when asked for."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self.titles: list[str] = [sheet.title for sheet in book.worksheets]

    def titles_for(self, name: str) -> list[str]:
        """The book's titles of the sheet the format calls `name` ("So Quy" is SoQuy)."""
        return [title for title in self.titles if key(title) == key(name)]

    def table(self, title: str, columns: tuple[str, ...],
              fallback: dict[str, int] | None = None) -> Table:
        """The sheet's header and data rows.

        The header is the first of the first few non-empty rows that names all
        the columns; failing that, the one naming most of them. Without a full
        header there are no rows, unless `fallback` says where the columns are
        (then every non-empty row is data). Raises WorkbookError when the sheet
        holds more than MAX_ROWS data rows.
        """
        try:
            return self._table(title, columns, fallback)
        except WorkbookError:
            raise
        except MemoryError as exc:
            raise _refuse(texts.WB_UNPACKED_TOO_BIG.format(
                limit=_megabytes(limits.MAX_UNPACKED_BYTES))) from exc
        except Exception as exc:  # a damaged part inside the file shows only when read
            raise _refuse(texts.WB_UNREADABLE) from exc

    def _table(self, title: str, columns: tuple[str, ...],
               fallback: dict[str, int] | None) -> Table:
        sheet = self._book[title]
        # Some programs write a wrong sheet size in the file; read-only mode
        # would trust it and cut rows off. Read to the real end instead.
        sheet.reset_dimensions()
        best: Table | None = None
        scanned = sheet.iter_rows(max_col=limits.MAX_COLUMNS, max_row=limits.MAX_ROW_NUMBER,
                                  values_only=True)
        candidates = 0
        for number, values in enumerate(scanned, 1):
            if _empty(values):
                continue
            candidates += 1
            index, twice = _match_header(values, columns)
            if best is None or len(index) > len(best.index):
                best = Table(title, number, index, twice)
            if len(index) == len(columns) or candidates >= limits.HEADER_SEARCH:
                break
        scanned.close()
        if best is not None and len(best.index) == len(columns):
            best.rows = self._rows(sheet, title, best.header + 1, best.index)
            return best
        if fallback is not None:
            return Table(title, 0, fallback, [], self._rows(sheet, title, 1, fallback))
        return best or Table(title, 0, {}, [])

    @staticmethod
    def _rows(sheet: Any, title: str, first: int, index: dict[str, int]
              ) -> list[tuple[int, dict[str, Any]]]:
        """Non-empty data rows from row `first` on, reading only up to the last needed column."""
        width = max(index.values()) + 1
        columns = list(index.items())
        rows = []
        for number, values in enumerate(
                sheet.iter_rows(min_row=first, max_row=limits.MAX_ROW_NUMBER, max_col=width,
                                values_only=True), first):
            if values.count(None) == len(values):
                continue  # the common empty row, at C speed
            cells: dict[str, Any] = {}
            empty = True
            for column, i in columns:
                value = values[i] if i < len(values) else None
                if isinstance(value, str):
                    # The exporter puts an apostrophe before text a spreadsheet
                    # would take for a formula; it is not part of the text.
                    value = unquote(value)
                    empty = empty and not value.strip()
                elif value is not None:
                    empty = False
                cells[column] = value
            if empty:
                # Books often carry empty rows (spacing, or formatting left below
                # the data that spreadsheet programs report as rows).
                continue
            if len(rows) >= limits.MAX_ROWS:
                raise _refuse(texts.WB_TOO_MANY_ROWS.format(limit=f"{limits.MAX_ROWS:,}"
                                                            .replace(",", ".")), title)
            rows.append((number, cells))
        return rows


@contextmanager
def open_book(source: str | Path | BinaryIO) -> Iterator[OpenBook]:
    """The book, checked and open for streaming; WorkbookError if it cannot be."""
    if isinstance(source, str | Path):
        # Opened here rather than by openpyxl, which refuses a file whose name
        # does not end in .xlsx (a chat upload is saved under any name).
        with open(source, "rb") as handle, _opened(handle) as book:
            yield book
    else:
        with _opened(source) as book:
            yield book


@contextmanager
def _opened(handle: BinaryIO) -> Iterator[OpenBook]:
    if not handle.seekable():
        # A zip is read from its end: a stream that cannot seek is held in
        # memory first, no more of it than a book may be.
        handle = io.BytesIO(handle.read(limits.MAX_FILE_BYTES + 1))
    _check_zip(handle)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except MemoryError as exc:
        raise _refuse(texts.WB_UNPACKED_TOO_BIG.format(
            limit=_megabytes(limits.MAX_UNPACKED_BYTES))) from exc
    except Exception as exc:  # openpyxl raises many kinds of error for a non-xlsx file
        raise _refuse(texts.WB_UNREADABLE) from exc
    try:
        yield OpenBook(book)
    finally:
        book.close()
