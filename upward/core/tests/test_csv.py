"""CSV exports: a cell a spreadsheet would run as a formula never reaches it as one."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from upward.core.csv import FORMULA_STARTS, csv_lines

cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FORMULA_STARTS).flatmap(lambda start: st.text(max_size=30).map(start.__add__)),
    st.integers(),
    st.none(),
)


def _read(rows: list[list[object]]) -> list[list[str]]:
    text = "".join(csv_lines(["a"] * len(rows[0]), rows)).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))[1:]


@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=5))
def test_no_cell_is_read_back_as_a_formula_and_the_text_survives(rows) -> None:
    read = _read(rows)
    for written, back in zip(rows, read, strict=True):
        for value, cell in zip(written, back, strict=True):
            text = "" if value is None else str(value)
            assert not (isinstance(value, str) and cell.startswith(FORMULA_STARTS))
            assert cell in (text, "'" + text)  # neutralised by a leading quote, nothing lost


def test_the_classic_payloads_are_neutralised() -> None:
    payloads = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(A1)", "\t=1"]
    assert [row[0] for row in _read([[p] for p in payloads])] == ["'" + p for p in payloads]
