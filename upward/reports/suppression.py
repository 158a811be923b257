"""Small-cell suppression for published tables: no group of fewer than 5 people, ever.

A table of counts is published with its row totals, column totals and grand
total. Every entry under the threshold is hidden (primary suppression). Then,
as long as any hidden entry could be worked out from what is published (a row
total minus the other cells, a column total, or any combination of the
table's sums and differences), one more entry beside it is hidden
(complementary suppression): the smallest published cell in its row or
column, else the total of that line. The test of "could be worked out" is
exact linear algebra: an entry is recoverable when its unit vector lies in the
row space of the table's additive constraints restricted to the hidden
entries. Tables here are small (groups x roles), so the rank checks are cheap.

Pure Python and numpy; no Django. The same masks serve the page, the CSV and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

THRESHOLD = 5


@dataclass(frozen=True)
class Suppressed:
    """Which entries of a table may be shown (True) or must be hidden (False)."""

    cells: tuple[tuple[bool, ...], ...]
    row_totals: tuple[bool, ...]
    column_totals: tuple[bool, ...]
    grand_total: bool


class _Layout:
    """Entries numbered: cells row by row, then row totals, column totals, the grand total."""

    def __init__(self, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.size = rows * columns + rows + columns + 1

    def cell(self, i: int, j: int) -> int:
        return i * self.columns + j

    def row_total(self, i: int) -> int:
        return self.rows * self.columns + i

    def column_total(self, j: int) -> int:
        return self.rows * self.columns + self.rows + j

    @property
    def grand(self) -> int:
        return self.size - 1

    def constraints(self) -> np.ndarray:
        """One line per additive identity of the table: sum of parts minus the whole = 0."""
        lines = []
        for i in range(self.rows):
            line = np.zeros(self.size)
            line[[self.cell(i, j) for j in range(self.columns)]] = 1
            line[self.row_total(i)] = -1
            lines.append(line)
        for j in range(self.columns):
            line = np.zeros(self.size)
            line[[self.cell(i, j) for i in range(self.rows)]] = 1
            line[self.column_total(j)] = -1
            lines.append(line)
        for totals in (
            [self.row_total(i) for i in range(self.rows)],
            [self.column_total(j) for j in range(self.columns)],
        ):
            line = np.zeros(self.size)
            line[totals] = 1
            line[self.grand] = -1
            lines.append(line)
        return np.array(lines)


def recoverable(constraints: np.ndarray, hidden: list[int], entry: int) -> bool:
    """Whether `entry` (hidden) follows from the published entries through the identities."""
    if not hidden:
        return False
    matrix = constraints[:, hidden]
    unit = np.zeros((1, len(hidden)))
    unit[0, hidden.index(entry)] = 1
    rank = np.linalg.matrix_rank(matrix)
    return bool(np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank)


def _companions(layout: _Layout, entry: int) -> list[int]:
    """Entries to hide beside `entry`, best first: cells of its row and column, then totals."""
    cells = layout.rows * layout.columns
    if entry < cells:
        i, j = divmod(entry, layout.columns)
        same_line = [layout.cell(i, k) for k in range(layout.columns) if k != j]
        same_line += [layout.cell(k, j) for k in range(layout.rows) if k != i]
        return [*same_line, layout.row_total(i), layout.column_total(j), layout.grand]
    if entry == layout.grand:
        return [layout.row_total(i) for i in range(layout.rows)] + [
            layout.column_total(j) for j in range(layout.columns)
        ]
    if entry < layout.row_total(0) + layout.rows:
        i = entry - layout.row_total(0)
        return [layout.cell(i, k) for k in range(layout.columns)] + [layout.grand]
    j = entry - layout.column_total(0)
    return [layout.cell(k, j) for k in range(layout.rows)] + [layout.grand]


def suppress(table: list[list[int]], threshold: int = THRESHOLD) -> Suppressed:
    """Which entries of `table` (rows of counts, all rows the same length) may be published."""
    rows = len(table)
    columns = len(table[0]) if rows else 0
    layout = _Layout(rows, columns)
    values = [0] * layout.size
    for i, row in enumerate(table):
        if len(row) != columns:
            raise ValueError("Every row of a table needs the same number of columns.")
        for j, count in enumerate(row):
            values[layout.cell(i, j)] = count
        values[layout.row_total(i)] = sum(row)
    for j in range(columns):
        values[layout.column_total(j)] = sum(row[j] for row in table)
    values[layout.grand] = sum(values[layout.row_total(i)] for i in range(rows))

    hidden = {entry for entry, count in enumerate(values) if count < threshold}
    constraints = layout.constraints()
    while True:
        ordered = sorted(hidden)
        exposed = next((e for e in ordered if recoverable(constraints, ordered, e)), None)
        if exposed is None:
            break
        candidates = [e for e in _companions(layout, exposed) if e not in hidden]
        if not candidates:  # everything around it is hidden already: hide whatever is left
            candidates = [e for e in range(layout.size) if e not in hidden]
        hidden.add(min(candidates, key=lambda e: (values[e], e)))

    shown = [entry not in hidden for entry in range(layout.size)]
    return Suppressed(
        cells=tuple(tuple(shown[layout.cell(i, j)] for j in range(columns)) for i in range(rows)),
        row_totals=tuple(shown[layout.row_total(i)] for i in range(rows)),
        column_totals=tuple(shown[layout.column_total(j)] for j in range(columns)),
        grand_total=shown[layout.grand],
    )
