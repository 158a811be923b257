"""``external_scores``: scores from another system, in three forms, read with numpy.

- a list of ``[mentor, mentee, score]`` (or ``{"mentor", "mentee", "score"}``) items, the
  original form;
- a **matrix**: ``{"mentees": [ids], "mentors": [ids], "matrix": [[...], ...]}``, where
  ``matrix[i][j]`` scores ``mentees[i]`` with ``mentors[j]``;
- **columns**: ``{"mentor": [ids], "mentee": [ids], "score": [values]}``, one pair per
  position.

Millions of scores must not cost one Python path string each (the list form took 21 s for
5 M scores): ids are looked up with ``map`` over the id -> index dicts, types are checked
one row at a time at C speed, values are converted with ``numpy.fromiter`` and checked as
arrays. Only when something is wrong are the first few bad positions turned into messages
naming their JSON path (``external_scores.matrix[3][17]: expected a number in [0, 1]``);
the list form with any problem is left to the parser's item-by-item checker, which
reports every item as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_REPORTED", "External", "read_external"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]

MAX_REPORTED = 10  # bad values named one by one; the others are counted
_NUMBER_TYPES = frozenset({float, int})  # exactly: a JSON true is not a score
_MATRIX_KEYS = frozenset({"mentors", "mentees", "matrix"})
_COLUMN_KEYS = frozenset({"mentor", "mentee", "score"})
_IN_RANGE = "expected a number in [0, 1]"


@dataclass
class External:
    """Checked external scores: ``errors``, or pairs ``(mentee, mentor)`` with their values,
    or (matrix form) a dense ``matrix`` of every mentee x mentor, 0 where not given."""

    errors: list[str]
    pairs: I64
    values: F64
    matrix: F64 | None = None


def _empty(errors: list[str]) -> External:
    return External(errors, np.empty((0, 2), np.int64), np.empty(0, np.float64))


def read_external(
    raw: Any, mentors: Mapping[str, int], mentees: Mapping[str, int]
) -> External | None:
    """Read ``external_scores`` against the id -> index dicts of both sides.

    Returns ``None`` for a list that is not made only of clean ``[mentor, mentee, score]``
    triples (the caller's item-by-item checker then reports each problem).

    Examples
    --------
    >>> ext = read_external({"mentees": ["e"], "mentors": ["a", "b"], "matrix": [[0.5, 2]]},
    ...                     {"a": 0, "b": 1}, {"e": 0})
    >>> ext.errors
    ['external_scores.matrix[0][1]: expected a number in [0, 1]']
    >>> read_external([["a", "e", 0.25]], {"a": 0}, {"e": 0}).values
    array([0.25])
    """
    if isinstance(raw, list | tuple):
        return _triples(raw, mentors, mentees)
    if not isinstance(raw, Mapping):
        return _empty([f"external_scores: {_SHAPES}"])
    errors = [f"external_scores.{key}: unknown field" for key in raw if key not in _ALL_KEYS]
    if "matrix" in raw:
        errors += [
            f"external_scores.{key}: not part of the matrix form"
            for key in raw
            if key in _COLUMN_KEYS
        ]
        return _matrix(raw, mentors, mentees, errors)
    if "score" in raw:
        errors += [
            f"external_scores.{key}: not part of the columns form"
            for key in raw
            if key in _MATRIX_KEYS
        ]
        return _columns(raw, mentors, mentees, errors)
    return _empty([*errors, f"external_scores: {_SHAPES}"])


_ALL_KEYS = _MATRIX_KEYS | _COLUMN_KEYS
_SHAPES = (
    "expected a list of [mentor, mentee, score], an object with mentees, mentors and "
    "matrix, or an object with mentor, mentee and score columns"
)


def _triples(
    raw: Sequence[Any], mentors: Mapping[str, int], mentees: Mapping[str, int]
) -> External | None:
    """The list form, when every item is a clean triple of known ids and a number."""
    if not raw:
        return _empty([])
    if set(map(type, raw)) != {list} or set(map(len, raw)) != {3}:
        return None
    # three C-level passes (zip(*raw) would make an iterator object per item)
    mentor_ids, mentee_ids, scores = (list(map(itemgetter(k), raw)) for k in range(3))
    if set(map(type, mentor_ids)) | set(map(type, mentee_ids)) != {str}:
        return None
    if not _NUMBER_TYPES.issuperset(map(type, scores)):
        return None
    cols = np.fromiter(map(mentors.get, mentor_ids, itertools.repeat(-1)), np.int64, len(raw))
    rows = np.fromiter(map(mentees.get, mentee_ids, itertools.repeat(-1)), np.int64, len(raw))
    values = np.fromiter(scores, np.float64, len(raw))
    if (cols < 0).any() or (rows < 0).any() or _bad_values(values).any():
        return None
    pairs = np.stack([rows, cols], axis=1)
    if _has_repeats(rows, cols, len(mentors)):
        return None
    return External([], pairs, values)


def _bad_values(values: F64) -> NDArray[np.bool_]:
    """Not a number in [0, 1] (NaN included)."""
    with np.errstate(invalid="ignore"):
        return ~((values >= 0.0) & (values <= 1.0))


def _has_repeats(rows: I64, cols: I64, n_cols: int) -> bool:
    key = np.sort(rows * max(1, n_cols) + cols)  # sorting: 10x numpy's hashed unique here
    return bool((key[1:] == key[:-1]).any())


def _ids(
    raw: Any,
    path: str,
    side: str,
    own: Mapping[str, int],
    other: Mapping[str, int],
    errors: list[str],
    *,
    unique: bool,
) -> I64 | None:
    """Index of each id of a list of ``side`` ids; ``None`` (with errors) if any is bad."""
    if not isinstance(raw, list):
        errors.append(f"{path}: expected a list of {side} ids")
        return None
    clean = set(map(type, raw)) <= {str}
    get = own.get
    idx = np.fromiter(
        (get(x, -1) if type(x) is str else -1 for x in raw)
        if not clean
        else map(get, raw, itertools.repeat(-1)),
        np.int64,
        len(raw),
    )
    bad = np.flatnonzero(idx < 0)
    found = len(errors)
    for k in bad[:MAX_REPORTED].tolist():
        value = raw[k]
        if type(value) is not str or not value.strip():
            errors.append(f"{path}[{k}]: expected a non-empty string")
        elif value in other:
            other_side = "mentee" if side == "mentor" else "mentor"
            errors.append(f"{path}[{k}]: {value!r} is a {other_side}, not a {side}")
        else:
            errors.append(f"{path}[{k}]: unknown {side} id {value!r}")
    if bad.size > MAX_REPORTED:
        errors.append(f"{path}: {bad.size - MAX_REPORTED:,} more unknown or invalid ids")
    if unique:
        order = np.argsort(idx, kind="stable")
        repeat = np.flatnonzero((idx[order][1:] == idx[order][:-1]) & (idx[order][1:] >= 0))
        for k in np.sort(order[repeat + 1])[:MAX_REPORTED].tolist():
            first = int(np.flatnonzero(idx == idx[k])[0])
            errors.append(f"{path}[{k}]: duplicate {side} id {raw[k]!r} (also {path}[{first}])")
    return None if len(errors) > found else idx


def _number_rows(rows: Sequence[Any], width: int) -> tuple[F64, list[int]]:
    """The rows (each of ``width`` items) as one float array, NaN where an item is not a
    number, and the rows that had such items."""
    typed = [_NUMBER_TYPES.issuperset(map(type, row)) for row in rows]
    odd = [i for i, ok in enumerate(typed) if not ok]
    if not odd:
        flat = itertools.chain.from_iterable(rows)
        return np.fromiter(flat, np.float64, len(rows) * width).reshape(-1, width), odd
    out = np.empty((len(rows), width), dtype=np.float64)
    for i, row in enumerate(rows):
        out[i] = row if typed[i] else [x if type(x) in _NUMBER_TYPES else np.nan for x in row]
    return out, odd


def _value_errors(values: F64, path: str) -> list[str]:
    """``path[i][j]: expected a number in [0, 1]`` for the first bad cells, row by row."""
    bad = np.flatnonzero(_bad_values(values.ravel()))
    if bad.size == 0:
        return []
    width = values.shape[1] if values.ndim == 2 else 1
    out = [
        f"{path}[{k // width}][{k % width}]: {_IN_RANGE}"
        if values.ndim == 2
        else f"{path}[{k}]: {_IN_RANGE}"
        for k in bad[:MAX_REPORTED].tolist()
    ]
    if bad.size > MAX_REPORTED:
        out.append(f"{path}: {bad.size - MAX_REPORTED:,} more values that are not in [0, 1]")
    return out


def _matrix(
    raw: Mapping[str, Any],
    mentors: Mapping[str, int],
    mentees: Mapping[str, int],
    errors: list[str],
) -> External:
    """The matrix form, into a dense mentee x mentor matrix in the engine's order."""
    path = "external_scores"
    for key in ("mentees", "mentors"):
        if key not in raw:
            errors.append(f"{path}.{key}: missing (required with matrix)")
    rows = _ids(
        raw.get("mentees", []), f"{path}.mentees", "mentee", mentees, mentors, errors, unique=True
    )
    cols = _ids(
        raw.get("mentors", []), f"{path}.mentors", "mentor", mentors, mentees, errors, unique=True
    )
    matrix = raw["matrix"]
    n = len(raw["mentees"]) if isinstance(raw.get("mentees"), list) else None
    m = len(raw["mentors"]) if isinstance(raw.get("mentors"), list) else None
    if not isinstance(matrix, list):
        return _empty([*errors, f"{path}.matrix: expected a list of rows, one per mentee"])
    if n is not None and len(matrix) != n:
        errors.append(
            f"{path}.matrix: expected {n:,} rows (one per mentee in {path}.mentees), "
            f"got {len(matrix):,}"
        )
    shape_errors = _row_shape_errors(matrix, m, f"{path}.matrix")
    if shape_errors or m is None:
        return _empty(errors + shape_errors)
    values, _ = _number_rows(matrix, m)
    errors += _value_errors(values, f"{path}.matrix")
    if errors or rows is None or cols is None:
        return _empty(errors)
    if _is_identity(rows, len(mentees)) and _is_identity(cols, len(mentors)):
        full = values  # every id, already in the engine's order (sorted): no copy
    else:
        full = np.zeros((len(mentees), len(mentors)), dtype=np.float64)
        full[np.ix_(rows, cols)] = values
    return External([], np.empty((0, 2), np.int64), np.empty(0, np.float64), full)


def _is_identity(idx: I64, n: int) -> bool:
    return idx.size == n and bool((idx == np.arange(n)).all())


def _row_shape_errors(matrix: list[Any], width: int | None, path: str) -> list[str]:
    """Rows that are not lists of ``width`` items (the first few, then a count)."""
    if width is None:
        return []
    lists = [type(row) is list for row in matrix]
    lengths = np.fromiter(
        (len(row) if ok else -1 for row, ok in zip(matrix, lists, strict=True)),
        np.int64,
        len(matrix),
    )
    bad = np.flatnonzero(lengths != width)
    out = []
    for i in bad[:MAX_REPORTED].tolist():
        got = "not a list" if lengths[i] < 0 else f"got {lengths[i]:,}"
        out.append(f"{path}[{i}]: expected a list of {width:,} numbers (one per mentor), {got}")
    if bad.size > MAX_REPORTED:
        out.append(f"{path}: {bad.size - MAX_REPORTED:,} more rows of the wrong length")
    return out


def _columns(
    raw: Mapping[str, Any],
    mentors: Mapping[str, int],
    mentees: Mapping[str, int],
    errors: list[str],
) -> External:
    """The columns form: parallel lists of mentor ids, mentee ids and scores."""
    path = "external_scores"
    for key in ("mentor", "mentee"):
        if key not in raw:
            errors.append(f"{path}.{key}: missing (required with score)")
    cols = _ids(
        raw.get("mentor", []), f"{path}.mentor", "mentor", mentors, mentees, errors, unique=False
    )
    rows = _ids(
        raw.get("mentee", []), f"{path}.mentee", "mentee", mentees, mentors, errors, unique=False
    )
    scores = raw["score"]
    if not isinstance(scores, list):
        return _empty([*errors, f"{path}.score: expected a list of numbers"])
    for key in ("mentor", "mentee"):
        given = raw.get(key)
        if isinstance(given, list) and len(given) != len(scores):
            errors.append(
                f"{path}.{key}: expected {len(scores):,} ids (as many as {path}.score), "
                f"got {len(given):,}"
            )
    values, _ = _number_rows([scores], len(scores))
    errors += _value_errors(values[0], f"{path}.score")
    if errors or rows is None or cols is None:
        return _empty(errors)
    pair_key = rows * max(1, len(mentors)) + cols
    order = np.argsort(pair_key, kind="stable")
    repeat = order[1:][pair_key[order][1:] == pair_key[order][:-1]]
    for k in np.sort(repeat)[:MAX_REPORTED].tolist():
        errors.append(
            f"{path}.score[{k}]: duplicate external score for mentor "
            f"{raw['mentor'][k]!r} and mentee {raw['mentee'][k]!r}"
        )
    if errors:
        return _empty(errors)
    return External([], np.stack([rows, cols], axis=1), values[0])
