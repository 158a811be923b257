"""Public API: :func:`solve`, :func:`suggest`, :func:`rematch`.

Plain data at the edges (a JSON-like dict in, :meth:`Result.to_dict` out), arrays inside.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, ParamSpec, TypeVar

import numpy as np
from numpy.typing import NDArray

from .collector import without_collector as _without_collector
from .dense import Method, all_pairs, choose_method, dense_blocking_pairs, solve_dense
from .explain import pairs_reasons, unmatched_reasons
from .feasibility import stage_counts
from .problem import CRITERIA, InputError, Problem, parse_problem
from .scan import Candidates, scan, scan_rows
from .scoring import SCALE, UNIT, ColumnView, ScoreModel, build_model, to_units
from .solvers import Assignment, DenseIsCheaper, solve_fair, solve_optimal
from .stable import count_blocking_pairs, solve_stable
from .text import Encoder

__all__ = ["Result", "Suggestion", "Unmatched", "rematch", "solve", "suggest"]

METHODS = ("auto", "dense", "sparse")

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
PairLike = tuple[str, str] | Mapping[str, str]
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)  # slots: quicker to build, and runs build thousands
class Unmatched:
    id: str
    side: str  # "mentee" or "mentor"
    reason: str


def _unmatched_dict(u: Unmatched) -> dict[str, str]:
    """``dataclasses.asdict(u)`` without its recursive copy: the fields are strings."""
    return {"id": u.id, "side": u.side, "reason": u.reason}


@dataclass(frozen=True)
class Suggestion:
    mentor: str
    score: float
    contributions: dict[str, float]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """A matching. Arrays index ``problem.mentees`` / ``problem.mentors``; pairs are sorted
    by mentee id, then mentor id. ``parts`` holds each criterion's contribution in points."""

    problem: Problem
    mentee: I64
    mentor: I64
    score: F64
    parts: F64
    fixed: NDArray[np.bool_]
    reasons: tuple[tuple[str, ...], ...]
    unmatched: tuple[Unmatched, ...]
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """``(mentor id, mentee id)`` of every pair."""
        p = self.problem
        return [
            (p.mentors[j].id, p.mentees[i].id)
            for i, j in zip(self.mentee.tolist(), self.mentor.tolist(), strict=True)
        ]

    def to_dict(self) -> dict[str, Any]:
        """The JSON output document (version 1)."""
        p = self.problem
        columns = zip(
            self.mentee.tolist(),
            self.mentor.tolist(),
            self.score.tolist(),
            self.fixed.tolist(),
            self.parts.tolist(),
            self.reasons,
            strict=True,
        )
        pairs = [
            {
                "mentor": p.mentors[j].id,
                "mentee": p.mentees[i].id,
                "score": score,
                "fixed": fixed,
                "contributions": dict(zip(CRITERIA, parts, strict=True)),
                "reasons": list(reasons),
            }
            for i, j, score, fixed, parts, reasons in columns
        ]
        unmatched = [_unmatched_dict(u) for u in self.unmatched]
        return {"version": 1, "pairs": pairs, "unmatched": unmatched, "summary": self.summary}


def _points(y: F64) -> F64:
    return np.round(np.rint(np.asarray(y, dtype=np.float64) * UNIT) / 100.0, 2)


def _scores(model: ScoreModel, raw: F64) -> tuple[F64, F64]:
    """Pair scores and per-criterion contributions in points, from :meth:`ScoreModel.parts`.

    The score is the solvers' own unit value (clipped to 0-100): goal factors are rounded
    to integers, so nearly identical goal texts can compute a hair above the criterion's
    share, which must never show as 100.01.
    """
    score = to_units(raw.sum(axis=1)) / 100.0
    cap = model.phi[None, :] * SCALE
    return score, _points(np.clip(raw, 0.0, cap))


def _as_problem(problem: Problem | Mapping[str, Any]) -> Problem:
    return problem if isinstance(problem, Problem) else parse_problem(problem)


def _capacities(model: ScoreModel) -> tuple[I64, I64]:
    """Capacity of every mentee and every mentor (memoised on the model: read-only)."""
    if "capacities" not in model.cache:
        p = model.problem
        e_cap, m_cap = (
            np.fromiter((q.capacity for q in people), np.int64, len(people))
            for people in (p.mentees, p.mentors)
        )
        e_cap.flags.writeable = m_cap.flags.writeable = False
        model.cache["capacities"] = (e_cap, m_cap)
    out: tuple[I64, I64] = model.cache["capacities"]  # type: ignore[assignment]
    return out


def _free_part(model: ScoreModel, mentees: I64 | None) -> tuple[I64, I64, I64]:
    """Mentees to match, mentors with room, and the room left by the fixed pairs."""
    p = model.problem
    e_cap, cap = _capacities(model)
    cap = cap - np.bincount(p.fixed[:, 1], minlength=p.n_mentors).astype(np.int64)
    e_cap = e_cap.copy()
    e_cap[p.fixed[:, 0]] = 0
    rows = np.flatnonzero(e_cap > 0).astype(np.int64)
    if mentees is not None:
        rows = np.intersect1d(rows, mentees)
    return rows, np.flatnonzero(cap > 0).astype(np.int64), np.maximum(cap, 0)


def _run(
    model: ScoreModel,
    objective: str,
    mentees: I64 | None,
    explain: bool,
    timings: dict[str, float],
    method: str = "auto",
) -> Result:
    rows, cols, capacity = _free_part(model, mentees)
    t = time.perf_counter()
    view = model.columns(cols)
    choice = choose_method(rows, cols, capacity, method)
    if objective != "stable" and choice.dense:
        sol = solve_dense(model, rows, view, capacity, objective, choice)
        cand = None
        timings["candidates"] = 0.0  # the dense scoring is part of the solve
    else:
        cand = scan(model, rows, view)
        timings["candidates"] = time.perf_counter() - t
        t = time.perf_counter()
        sol = _solve_sparse(model, objective, rows, view, capacity, cand, choice)
    timings["solve"] = time.perf_counter() - t
    t = time.perf_counter()
    blocking = _blocking_pairs(model, rows, view, capacity, sol, cand)
    timings["blocking_pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    result = _assemble(model, objective, sol, blocking, explain, timings)
    timings["explain"] = time.perf_counter() - t
    return result


def _blocking_pairs(
    model: ScoreModel,
    rows: I64,
    view: ColumnView,
    capacity: I64,
    sol: Assignment,
    cand: Candidates | None,
) -> int:
    """Blocking pairs of the result; on the dense matrix when it is at hand and nobody
    states a preference (everyone then ranks by score alone)."""
    if sol.dense_units is not None:
        p = model.problem
        if not any(map(attrgetter("preferences"), itertools.chain(p.mentees, p.mentors))):
            return dense_blocking_pairs(rows, view, capacity, sol, sol.dense_units)
        cand = all_pairs(model, rows, view, sol.dense_units)
    found = sol.candidates or cand
    assert found is not None
    return count_blocking_pairs(model, rows, view, capacity, sol, found)


def _solve_sparse(
    model: ScoreModel,
    objective: str,
    rows: I64,
    view: ColumnView,
    capacity: I64,
    cand: Candidates,
    choice: Method,
) -> Assignment:
    """Candidates and bounds; switches to the dense path (``method="auto"``) when the
    candidates are about to stop being sparse."""
    if objective == "stable":
        return solve_stable(model, rows, view, capacity, cand)
    share, reason = choice.switch_share, choice.reason
    try:
        if objective == "optimal":
            return solve_optimal(
                model, rows, view, capacity, cand=cand, dense_share=share, reason=reason
            )
        return solve_fair(model, rows, view, capacity, dense_share=share, reason=reason)
    except DenseIsCheaper as switch:
        return solve_dense(model, rows, view, capacity, objective, Method(True, str(switch)))


def _assemble(
    model: ScoreModel,
    objective: str,
    sol: Assignment,
    blocking: int,
    explain: bool,
    timings: dict[str, float],
) -> Result:
    p = model.problem
    fx = p.fixed
    mentee = np.concatenate([fx[:, 0], sol.rows]).astype(np.int64)
    mentor = np.concatenate([fx[:, 1], sol.cols]).astype(np.int64)
    fixed = np.concatenate([np.ones(fx.shape[0], bool), np.zeros(sol.rows.size, bool)])
    order = np.lexsort((mentor, mentee))
    mentee, mentor, fixed = mentee[order], mentor[order], fixed[order]
    raw, _ = model.parts(mentee, mentor)
    score, parts = _scores(model, raw)
    reasons = (
        tuple(map(tuple, pairs_reasons(model, mentee, mentor, raw)))
        if explain
        else ((),) * mentee.size
    )
    alone_mentees, alone_mentors = _unmatched(model, objective, mentee, mentor, explain)
    free = ~fixed
    summary: dict[str, Any] = {
        "objective": objective,
        "pairs": int(mentee.size),
        "fixed_pairs": int(fixed.sum()),
        "total_score": round(float(score.sum()), 2),
        "mean_score": round(float(score.mean()), 2) if score.size else None,
        "min_score": float(score.min()) if score.size else None,
        "min_score_free_pairs": float(score[free].min()) if free.any() else None,
        "blocking_pairs": blocking,
        "unmatched_mentees": len(alone_mentees),
        "unmatched_mentors": len(alone_mentors),
        "goal_similarity": model.goals.method,
        "weights": {c: round(float(model.phi[n]), 6) for n, c in enumerate(CRITERIA)},
        "certificate": sol.certificate.as_dict(),
        "seconds": timings,
    }
    unmatched = (*alone_mentees, *alone_mentors)
    return Result(p, mentee, mentor, score, parts, fixed, reasons, unmatched, summary)


def _unmatched(
    model: ScoreModel, objective: str, mentee: I64, mentor: I64, explain: bool
) -> tuple[list[Unmatched], list[Unmatched]]:
    """The mentees and the mentors in no pair, with the reason when ``explain``."""
    p = model.problem
    e_cap, m_cap = _capacities(model)
    masks = (e_cap > 0, m_cap > 0)
    sides = (("mentee", p.mentees, mentee, e_cap), ("mentor", p.mentors, mentor, m_cap))
    out: tuple[list[Unmatched], list[Unmatched]] = ([], [])
    for (side, people, used, capacity), found in zip(sides, out, strict=True):
        alone = np.setdiff1d(np.arange(len(people)), used).astype(np.int64)
        if alone.size == 0:
            continue
        texts = [""] * alone.size
        if explain:
            counts = stage_counts(model, side, alone, masks[0], masks[1])
            names = _few_feasible(model, side, alone, counts[:, -1], masks)
            texts = unmatched_reasons(model, side, alone, counts, objective, names, capacity)
        ids = [people[k].id for k in alone.tolist()]
        found += map(Unmatched, ids, itertools.repeat(side), texts)
    return out


def _few_feasible(
    model: ScoreModel,
    side: str,
    people: I64,
    counts: I64,
    masks: tuple[NDArray[np.bool_], NDArray[np.bool_]],
) -> list[Sequence[str]]:
    """Names of the feasible partners of people with at most three of them (else empty)."""
    p = model.problem
    names: list[Sequence[str]] = [()] * people.size
    few = np.flatnonzero((counts > 0) & (counts <= 3))
    if few.size == 0:
        return names
    found: dict[int, list[str]] = {k: [] for k in people[few].tolist()}
    if side == "mentee":
        view = model.columns(np.flatnonzero(masks[1]).astype(np.int64))
        r, c, _ = scan_rows(model, people[few], view, np.zeros(few.size, dtype=np.int64))
        for a, b in sorted(zip(r.tolist(), c.tolist(), strict=True)):
            found[a].append(p.mentors[b].name)
    else:
        view = model.columns(people[few])
        rows = np.flatnonzero(masks[0]).astype(np.int64)
        r, c, _ = scan_rows(model, rows, view, np.zeros(rows.size, dtype=np.int64))
        for a, b in sorted(zip(c.tolist(), r.tolist(), strict=True)):
            found[a].append(p.mentees[b].name)
    for k, person in zip(few.tolist(), people[few].tolist(), strict=True):
        names[k] = found[person]
    return names


@_without_collector
def solve(
    problem: Problem | Mapping[str, Any],
    *,
    objective: str | None = None,
    explain: bool = True,
    encoder: Encoder | None = None,
    method: str = "auto",
) -> Result:
    """Match mentees (senior) with mentors (junior).

    Parameters
    ----------
    problem : Problem or mapping
        A parsed :class:`Problem` or the JSON v1 dict (validated here).
    objective : {"optimal", "fair", "stable"}, optional
        Overrides ``problem.objective``.
    explain : bool
        Build the reasons (pairs and unmatched); ``False`` leaves them empty.
    encoder : callable, optional
        Text encoder for goal embeddings (``list[str] -> array``); default: the optional
        offline sentence-transformers model when installed, else TF-IDF.
    method : {"auto", "dense", "sparse"}
        How ``optimal`` and ``fair`` are solved (the result is the same optimum either
        way; see :mod:`.dense`). ``"auto"`` solves the whole score matrix at once when
        mentor places are contested (fewer than two per mentee) or when the candidate
        lists grow past a third of all pairs, and candidate lists otherwise.
        ``summary.certificate`` reports the method and why.

    Returns
    -------
    Result

    Raises
    ------
    InputError
        When the input is invalid (every problem listed with its JSON path).

    Examples
    --------
    >>> r = solve({"mentors": [{"id": "ana", "level": 2, "skills": ["social-media/tiktok"]},
    ...                        {"id": "bo", "level": 1, "skills": ["data/sql"]}],
    ...            "mentees": [{"id": "dana", "level": 7, "skills": ["social-media/tiktok"]}]})
    >>> r.pairs, r.summary["pairs"]
    ([('ana', 'dana')], 1)
    >>> r.reasons[0][0]
    'Teaches the skill dana wants: tiktok'
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    p = _as_problem(problem)
    timings["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    model = build_model(p, encoder)
    timings["score_model"] = time.perf_counter() - t
    obj = objective or p.objective
    if obj not in ("optimal", "fair", "stable"):
        raise InputError([f"objective: expected one of optimal, fair, stable (got {obj!r})"])
    if method not in METHODS:
        raise InputError([f"method: expected one of auto, dense, sparse (got {method!r})"])
    result = _run(model, obj, None, explain, timings, method)
    return _with_total(result, timings)


def _with_total(result: Result, timings: dict[str, float]) -> Result:
    timings["total"] = sum(v for k, v in timings.items() if k != "total")
    for k in timings:
        timings[k] = round(timings[k], 4)
    return result


@_without_collector
def suggest(
    problem: Problem | Mapping[str, Any],
    mentee_id: str,
    k: int = 5,
    *,
    encoder: Encoder | None = None,
    model: ScoreModel | None = None,
) -> list[Suggestion]:
    """The ``k`` best feasible mentors (with room left) for one mentee, best first.

    Examples
    --------
    >>> s = suggest({"mentors": [{"id": "ana", "level": 2}, {"id": "bo", "level": 9}],
    ...              "mentees": [{"id": "dana", "level": 7}]}, "dana")
    >>> [x.mentor for x in s]
    ['ana']
    """
    p = _as_problem(problem)
    index = p.mentee_index()
    if mentee_id not in index:
        raise InputError([f"mentee_id: unknown mentee id {mentee_id!r}"])
    if model is None:
        model = build_model(p, encoder)
    _, cols, _ = _free_part(model, None)
    view = model.columns(cols)
    i = index[mentee_id]
    _, c, u = scan_rows(model, np.array([i]), view, np.zeros(1, dtype=np.int64))
    order = np.lexsort((c, -u))[: max(0, k)]
    c = c[order]
    rows = np.full(c.size, i, dtype=np.int64)
    raw, _ = model.parts(rows, c)
    scores, parts = _scores(model, raw)
    reasons = pairs_reasons(model, rows, c, raw)
    return [
        Suggestion(
            p.mentors[j].id,
            float(scores[n]),
            {cr: float(parts[n, q]) for q, cr in enumerate(CRITERIA)},
            tuple(reasons[n]),
        )
        for n, j in enumerate(c.tolist())
    ]


def _pair_indices(p: Problem, pairs: Iterable[PairLike], what: str) -> I64:
    mi, ei = p.mentor_index(), p.mentee_index()
    out, errors = [], []
    for k, pair in enumerate(pairs):
        mentor, mentee = (pair["mentor"], pair["mentee"]) if isinstance(pair, Mapping) else pair
        if mentor not in mi or mentee not in ei:
            errors.append(f"{what}[{k}]: unknown pair ({mentor!r}, {mentee!r})")
        else:
            out.append((ei[mentee], mi[mentor]))
    if errors:
        raise InputError(errors)
    return np.array(out, dtype=np.int64).reshape(-1, 2)


@_without_collector
def rematch(
    problem: Problem | Mapping[str, Any],
    result: Result,
    declined: Sequence[PairLike] = (),
    keep: Sequence[PairLike] | None = None,
    *,
    include_unmatched: bool = False,
    objective: str | None = None,
    encoder: Encoder | None = None,
) -> Result:
    """Re-solve after declines, changing nothing else.

    Every pair of ``result`` in ``keep`` (default: every pair not declined) stays as it is;
    the ``declined`` pairs become forbidden; only the mentees left without a mentor by this
    (and, with ``include_unmatched``, those unmatched before) are matched again, to mentors
    with room left.
    """
    p = _as_problem(problem)
    old = (
        np.stack([result.mentee, result.mentor], axis=1)
        if result.mentee.size
        else np.empty((0, 2), np.int64)
    )
    dec = _pair_indices(p, declined, "declined")
    old_keys = {tuple(x) for x in old.tolist()}
    unknown = [
        f"declined[{k}]: not a pair of the result"
        for k, x in enumerate(dec.tolist())
        if tuple(x) not in old_keys
    ]
    if unknown:
        raise InputError(unknown)
    dec_keys = {tuple(x) for x in dec.tolist()}
    kept = (
        _pair_indices(p, keep, "keep")
        if keep is not None
        else np.array(
            [x for x in old.tolist() if tuple(x) not in dec_keys], dtype=np.int64
        ).reshape(-1, 2)
    )
    kept_keys = {tuple(x) for x in kept.tolist()}
    released = [x[0] for x in old.tolist() if tuple(x) not in kept_keys]
    affected = set(released)
    if include_unmatched:
        affected |= set(range(p.n_mentees)) - {x[0] for x in old.tolist()}
    affected -= {x[0] for x in kept.tolist()}
    forbidden = np.unique(np.concatenate([p.forbidden, dec]), axis=0) if dec.size else p.forbidden
    p2 = dataclasses.replace(p, fixed=kept, forbidden=forbidden)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    model = build_model(p2, encoder)
    timings["score_model"] = time.perf_counter() - t
    obj = objective or p.objective
    out = _run(model, obj, np.array(sorted(affected), dtype=np.int64), True, timings)
    return _with_total(out, timings)
