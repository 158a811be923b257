"""Small-cell suppression: nothing under 5 is shown, and nothing hidden can be worked out."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from upward.reports.suppression import THRESHOLD, Suppressed, suppress

tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=columns, max_size=columns),
        min_size=1,
        max_size=6,
    )
)


def _entries(table: list[list[int]], mask: Suppressed) -> list[tuple[int, bool]]:
    """Every entry (value, shown) in the order: cells, row totals, column totals, grand."""
    columns = len(table[0])
    entries = [(v, mask.cells[i][j]) for i, row in enumerate(table) for j, v in enumerate(row)]
    entries += [(sum(row), mask.row_totals[i]) for i, row in enumerate(table)]
    entries += [(sum(row[j] for row in table), mask.column_totals[j]) for j in range(columns)]
    entries.append((sum(map(sum, table)), mask.grand_total))
    return entries


def _identities(rows: int, columns: int) -> np.ndarray:
    """Written independently of the module: parts minus whole, for every line and the totals."""
    size = rows * columns + rows + columns + 1
    lines = []
    for i in range(rows):
        line = np.zeros(size)
        line[i * columns : (i + 1) * columns] = 1
        line[rows * columns + i] = -1
        lines.append(line)
    for j in range(columns):
        line = np.zeros(size)
        line[[i * columns + j for i in range(rows)]] = 1
        line[rows * columns + rows + j] = -1
        lines.append(line)
    line = np.zeros(size)
    line[rows * columns : rows * columns + rows] = 1
    line[-1] = -1
    lines.append(line)
    line = np.zeros(size)
    line[rows * columns + rows : -1] = 1
    line[-1] = -1
    lines.append(line)
    return np.array(lines)


def _determined(constraints: np.ndarray, hidden: list[int]) -> list[int]:
    """Hidden entries fixed by the published ones: zero in every direction of the null space."""
    matrix = constraints[:, hidden]
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    return [h for k, h in enumerate(hidden) if np.all(np.abs(null_space[:, k]) < 1e-9)]


@settings(max_examples=300, deadline=None)
@given(tables)
def test_nothing_under_five_is_ever_shown(table: list[list[int]]) -> None:
    mask = suppress(table)
    assert all(value >= THRESHOLD for value, shown in _entries(table, mask) if shown)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_entry_follows_from_the_published_sums_and_differences(
    table: list[list[int]],
) -> None:
    mask = suppress(table)
    entries = _entries(table, mask)
    hidden = [index for index, (_value, shown) in enumerate(entries) if not shown]
    if hidden:
        assert _determined(_identities(len(table), len(table[0])), hidden) == []


@settings(max_examples=200, deadline=None)
@given(tables)
def test_a_hidden_cell_never_equals_a_published_total_minus_published_cells(
    table: list[list[int]],
) -> None:
    """The simple attack, spelled out: total minus the other published cells of a line."""
    mask = suppress(table)
    for i, row in enumerate(table):
        hidden = [j for j in range(len(row)) if not mask.cells[i][j]]
        if mask.row_totals[i]:
            assert len(hidden) != 1
    for j in range(len(table[0])):
        hidden = [i for i in range(len(table)) if not mask.cells[i][j]]
        if mask.column_totals[j]:
            assert len(hidden) != 1


def test_a_table_with_nothing_small_is_shown_whole() -> None:
    mask = suppress([[10, 12], [7, 30]])
    assert all(all(row) for row in mask.cells) and mask.grand_total


def test_one_small_cell_takes_a_second_one_with_it() -> None:
    mask = suppress([[3, 12, 9], [8, 30, 6], [11, 15, 20]])
    assert mask.cells[0][0] is False
    assert sum(not shown for row in mask.cells for shown in row) >= 4  # a closed rectangle
