"""Scoring many pairs at once, skipping what the level and time-zone rules rule out.

Mentors are sorted by (time zone, level). For a block of mentees (sorted the same way, so
a block is homogeneous) the mentors that pass the level and time-zone rules for *at least
one* mentee of the block form one contiguous range per time zone; only those ranges are
scored. Everything else about a pair (all rules, all criteria) is still computed exactly by
:class:`~.scoring.ScoreModel`'s factors, so skipping changes nothing but the time.

Blocks are laid out transposed, ``(mentor, mentee)``, so that every range is one
contiguous matrix product and the availability table is a row gather.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import OpenBLASController, ThreadpoolController

from .scoring import EXCLUDED, ColumnView, ScoreModel

__all__ = [
    "BLOCK_ELEMENTS",
    "BlockScorer",
    "SortedColumns",
    "single_threaded_blas",
    "sorted_columns",
]

BLOCK_ELEMENTS = 1 << 23  # float32 pairs per block (32 MB)

I64 = NDArray[np.int64]
F32 = NDArray[np.float32]
T = TypeVar("T")


@dataclass
class SortedColumns:
    """The mentors of a view, sorted by (time zone, level), cut into time-zone segments."""

    mentors: I64  # mentor index at each sorted position
    B: F32
    pattern: I64
    level: I64
    pos: I64  # mentor index -> sorted position, or -1
    seg_tz: NDArray[np.float64]  # UTC offset of each segment (NaN: unknown)
    seg_lo: I64
    seg_hi: I64
    ext_t: F32 | None  # dense external Y, rows in this sorted order (mentor x mentee)


def sorted_columns(model: ScoreModel, view: ColumnView) -> SortedColumns:
    """Sort the view's mentors once; reused by every block of a scan."""
    cols = view.cols
    tz = model.codes.mentor_tz[cols]
    tz_key = np.where(np.isnan(tz), np.inf, tz)
    level = model.codes.mentor_level[cols]
    order = np.lexsort((cols, level, tz_key))
    mentors = cols[order]
    pos = np.full(model.n_mentors, -1, dtype=np.int64)
    pos[mentors] = np.arange(mentors.size)
    keys = tz_key[order]
    starts = (
        np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if keys.size else np.empty(0, np.int64)
    )
    ends = np.r_[starts[1:], keys.size].astype(np.int64) if keys.size else np.empty(0, np.int64)
    seg_tz = np.where(np.isinf(keys[starts]), np.nan, keys[starts]) if keys.size else np.empty(0)
    return SortedColumns(
        mentors,
        np.ascontiguousarray(model.B[mentors]),
        model.avail.mentor_pattern[mentors],
        level[order],
        pos,
        seg_tz,
        starts.astype(np.int64),
        ends,
        None if model.ext_t is None else model.ext_t[mentors],
    )


def mentee_order(model: ScoreModel, rows: I64) -> I64:
    """``rows`` sorted by (time zone, level), so blocks need few mentor ranges."""
    tz = model.codes.mentee_tz[rows]
    return rows[
        np.lexsort((rows, model.codes.mentee_level[rows], np.where(np.isnan(tz), np.inf, tz)))
    ]


class BlockScorer:
    """Exact scores of (mentor range x mentee block) tiles in reusable buffers."""

    def __init__(self, model: ScoreModel, columns: SortedColumns, pad: int = 1) -> None:
        self.model, self.sc, self.pad = model, columns, pad
        width = max(1, columns.mentors.size + pad)
        self.max_rows = int(max(8, min(4096, BLOCK_ELEMENTS // width)))
        self._buf = np.empty(width * self.max_rows, dtype=np.float32)
        self._scratch = np.empty(width * self.max_rows, dtype=np.float32)

    def ranges(self, rows: I64) -> list[tuple[int, int]]:
        """Sorted mentor ranges passing the level and time-zone rules for some row."""
        sc, rules = self.sc, self.model.problem.rules
        tz_e = self.model.codes.mentee_tz[rows]
        lv_e = self.model.codes.mentee_level[rows]
        limit = rules.max_timezone_difference_hours
        out: list[tuple[int, int]] = []
        for t, lo, hi in zip(
            sc.seg_tz.tolist(), sc.seg_lo.tolist(), sc.seg_hi.tolist(), strict=True
        ):
            ok = np.ones(rows.size, dtype=bool)
            if limit is not None and not np.isnan(t):
                ok = np.isnan(tz_e) | (np.abs(tz_e - t) <= limit + 1e-9)
            if not ok.any():
                continue
            top = int(lv_e[ok].max()) - rules.min_level_gap
            end = lo + int(np.searchsorted(sc.level[lo:hi], top, side="right"))
            if end > lo:
                if out and out[-1][1] == lo:
                    out[-1] = (out[-1][0], end)
                else:
                    out.append((lo, end))
        return out

    def compute(self, rows: I64) -> tuple[F32, I64]:
        """Y for every (mentor, mentee) of the block, transposed, and the mentor of each
        line. Lines are padded with ``-inf`` to a multiple of ``pad``."""
        model, sc = self.model, self.sc
        b = rows.size
        spans = self.ranges(rows)
        lengths = [hi - lo for lo, hi in spans]
        n = sum(lengths)
        n_pad = -(-n // self.pad) * self.pad if n else 0
        yt = self._buf[: n_pad * b].reshape(n_pad, b)
        mentors = (
            np.concatenate([sc.mentors[lo:hi] for lo, hi in spans])
            if spans
            else np.empty(0, np.int64)
        )
        if n == 0:
            return yt, mentors
        a_t = model.A[rows].T
        off = 0
        for lo, hi in spans:
            np.matmul(sc.B[lo:hi], a_t, out=yt[off : off + hi - lo])
            off += hi - lo
        av = model.avail
        if av.weight > 0:
            pats, inv = np.unique(av.mentee_pattern[rows], return_inverse=True)
            table = av.mentee_bits[pats] @ av.mentor_bits.T
            np.minimum(table, np.float32(av.full), out=table)
            table *= np.float32(av.weight)
            table_t = np.ascontiguousarray(table[inv.ravel()].T)
            pat_cols = np.concatenate([sc.pattern[lo:hi] for lo, hi in spans])
            scratch = self._scratch[: n * b].reshape(n, b)
            np.take(table_t, pat_cols, axis=0, out=scratch, mode="clip")
            yt[:n] += scratch
        if sc.ext_t is not None:
            off = 0
            for lo, hi in spans:
                part = self._scratch[: (hi - lo) * b].reshape(hi - lo, b)
                np.take(sc.ext_t[lo:hi], rows, axis=1, out=part)
                yt[off : off + hi - lo] += part
                off += hi - lo
        self._sparse(rows, spans, lengths, yt)
        yt[n:] = -np.inf
        return yt, mentors

    def _sparse(self, rows: I64, spans: list[tuple[int, int]], lengths: list[int], yt: F32) -> None:
        """Preferences and external scores added; reporting line and forbidden pairs cut."""
        model, sc = self.model, self.sc
        los = np.array([lo for lo, _ in spans], dtype=np.int64)
        his = np.array([hi for _, hi in spans], dtype=np.int64)
        offs = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        for mat, exclude in ((model.pref, False), (model.ext, False), (model.codes.excluded, True)):
            if mat.nnz == 0:
                continue
            sub = mat[rows]
            r = np.repeat(np.arange(rows.size), np.diff(sub.indptr))
            p = sc.pos[sub.indices]
            k = np.searchsorted(los, p, side="right") - 1
            ok = (p >= 0) & (k >= 0)
            ok[ok] &= p[ok] < his[k[ok]]
            line = offs[k[ok]] + p[ok] - los[k[ok]]
            if exclude:
                yt[line, r[ok]] = EXCLUDED
            else:
                yt[line, r[ok]] += sub.data[ok].astype(np.float32)

    def map_blocks(self, rows: I64, fn: Callable[[I64, F32, I64], T], workers: int = 2) -> list[T]:
        """``fn(block rows, Y transposed, mentor per line)`` for every block of ``rows``, in
        order. Two blocks are scored at once (the matrix products and the numpy passes
        release the GIL); ``fn`` must copy what it keeps, buffers are reused.

        While the blocks run in parallel, BLAS is held to one thread per call: two Python
        threads each asking OpenBLAS for all the cores oversubscribe them (measured on 2
        cores: 0.11 s against 0.14 s for the 2,000 x 10,000 scan)."""
        ordered = mentee_order(self.model, rows)
        chunks = [ordered[lo : lo + self.max_rows] for lo in range(0, ordered.size, self.max_rows)]
        if len(chunks) < 3 or workers < 2:
            return [fn(c, *self.compute(c)) for c in chunks]
        free: queue.SimpleQueue[BlockScorer] = queue.SimpleQueue()
        free.put(self)
        for _ in range(workers - 1):
            free.put(BlockScorer(self.model, self.sc, self.pad))

        def task(chunk: I64) -> T:
            scorer = free.get()
            try:
                return fn(chunk, *scorer.compute(chunk))
            finally:
                free.put(scorer)

        with single_threaded_blas(), ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(task, chunks))


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    """The BLAS libraries loaded by numpy and scipy (inspected once: about 1 ms)."""
    return ThreadpoolController()


class _SharedBlasLimit:
    """One BLAS limit shared by every thread that asks for it.

    OpenBLAS's thread count is process-wide, and threadpoolctl lets only one "controlling"
    Python thread change it. Plain ``with controller.limit(...)`` in two overlapping
    threads (two solves in a threaded web server) loses: the second records the first's 1
    as the count to restore and leaves BLAS on one thread for good (measured). Here the
    first thread in sets the limit, the last one out restores the original count, and
    each hands the control back at once so that whichever thread is last can restore.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._limiter: Any = None

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._limiter = _blas_controller().limit(limits=1, user_api="blas")
                OpenBLASController.clear_controlling_thread()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._limiter.restore_original_limits()
                    OpenBLASController.clear_controlling_thread()
                    self._limiter = None


single_threaded_blas = _SharedBlasLimit()
"""``with single_threaded_blas():`` holds BLAS to one thread (process-wide, restored after).

For products that are too small to share out, or that already run in parallel threads:
waking a second BLAS thread then costs more than it saves."""
