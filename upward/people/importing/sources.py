"""Turn a CSV file, or rows already read, into RawRows with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from upward.people.importing.columns import COLUMN_NAMES, REQUIRED_COLUMNS, normalise_header
from upward.people.importing.report import ImportRowError
from upward.people.importing.rows import RawRow

HEADER_LINE = 1
# Spreadsheets in many locales export with ';', some HR tools with tabs.
DELIMITERS = (",", ";", "\t")


@dataclass(slots=True)
class Table:
    """The header (canonical names) and the rows under it, or why there is none."""

    columns: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[ImportRowError] = field(default_factory=list)


def table_from_csv(file: IO[bytes] | IO[str]) -> Table:
    data = file.read()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            message = (
                f"byte 0x{data[error.start]:02x} is not UTF-8; "
                "save the file as 'CSV UTF-8' and try again"
            )
            return Table(errors=[ImportRowError(line, "", "file", message)])
    else:
        text = data.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        # The line each record starts on: a quoted value may span several lines.
        start = 1
        for record in reader:
            yield start, record
            start = reader.line_num + 1

    try:
        return _table_from_records(numbered())
    except csv.Error as error:
        message = f"the file is not valid CSV: {error}"
        return Table(errors=[ImportRowError(reader.line_num, "", "file", message)])


def _table_from_records(records: Iterator[tuple[int, list[str]]]) -> Table:
    header = next(records, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        return Table(errors=[ImportRowError(HEADER_LINE, "", "file", "the file is empty")])
    table = _table_from_header(header[1])
    if table.errors:
        return table
    width = len(table.columns)
    for line, record in records:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # blank lines and the ",,,," rows spreadsheets leave at the end
        values = {name: cell for name, cell in zip(table.columns, cells, strict=False) if name}
        missing = tuple(name for name in table.columns[len(cells) :] if name)
        surplus = sum(1 for cell in cells[width:] if cell)
        table.rows.append(RawRow(line, values, missing, surplus))
    return table


def _table_from_header(cells: list[str]) -> Table:
    """Known columns by position ('' for ignored ones), or the header's errors."""
    table = Table()
    seen: set[str] = set()
    for cell in cells:
        name = normalise_header(cell)
        if name not in COLUMN_NAMES:
            table.columns.append("")
            if cell.strip():
                table.ignored_columns.append(cell.strip())
            continue
        if name in seen:
            table.errors.append(
                ImportRowError(HEADER_LINE, "", name, f"column {cell.strip()!r} appears twice")
            )
        seen.add(name)
        table.columns.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            table.errors.append(ImportRowError(HEADER_LINE, "", name, "missing column"))
    return table


def table_from_mappings(rows: Iterable[Mapping[str, str | None]]) -> Table:
    """Rows as csv.DictReader gives them; the first row's keys are the header.

    Lines are numbered as in a file whose line 1 is the header.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return Table(errors=[ImportRowError(HEADER_LINE, "", "file", "there are no rows")])
    table = _table_from_header([key for key in first if isinstance(key, str)])
    if table.errors:
        return table
    columns = [name for name in table.columns if name]
    for index, row in enumerate((first, *iterator)):
        values: dict[str, str] = {}
        surplus = 0
        for key, value in row.items():
            if not isinstance(key, str):
                # csv.DictReader files values beyond the header under the key None.
                surplus += sum(1 for extra in value or () if extra and extra.strip())
                continue
            name = normalise_header(key)
            if name in COLUMN_NAMES and value is not None:
                values[name] = value.strip()
        if not any(values.values()) and not surplus:
            continue
        missing = tuple(name for name in columns if name not in values)
        table.rows.append(RawRow(HEADER_LINE + 1 + index, values, missing, surplus))
    return table
