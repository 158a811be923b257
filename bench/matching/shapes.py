"""Other shapes of program, every solver on the same matrix, each in its own process.

The realistic sizes of :mod:`bench.matching.run` (five mentors per mentee, rules that make
most pairs infeasible) are the shape the engine was tuned on. Here:

- **square** programs N x N at 400, 800 and 1,600, with every rule off and on, and a **tall**
  one (1 x 5: 1,000 x 5,000), from the independent uniform generator
  (:mod:`bench.matching.uniform`);
- **external scores as the only criterion** (the compact matrix form) at 400², 800², 1,600²
  and 1,000 x 5,000;
- the realistic 2,000 x 10,000 of ``generator.py``, for its whole process.

Each instance is written once as JSON and scored once by Upward's scorer into the list of
feasible pairs; then every solver runs in its **own process** and is measured from outside
(wall clock of the whole process; peak RSS from ``wait4``), with the solve step as the
process reports it:

- **Upward**: the ``upward-match`` command on the JSON file (reading, parsing, scoring,
  solving, reasons, writing the JSON result), ``--timings`` for its steps;
- **scipy**: ``linear_sum_assignment`` on the same rectangular matrix Upward's dense path
  solves (MENTEES x MENTOR places, ``M + units`` on feasible cells, 0 elsewhere), loaded
  from a ``.npy`` file;
- **greedy** by score on the list of feasible pairs (numpy);
- **mentor-match** (Munkres) on that list, in its own virtual environment; skipped where
  its time projected from the previous shapes passes the cap;
- **matching** HospitalResident against Upward's ``stable``, on the square shapes up to 800.

Results are checked the same way for every solver (:func:`bench.matching.problem.evaluate`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from bench.matching import peers, uniform
from bench.matching.generator import generate as realistic
from bench.matching.problem import Evaluation, Problem, evaluate, same_matching
from bench.matching.upward_engine import scored_problem

SCRIPTS = Path(__file__).resolve().parent / "peer_scripts"
X = "\u00d7"
TARGET_WHOLE = 1.2  # Upward's whole process at most this many times scipy's
TARGET_MENTOR_MATCH = 50.0  # Upward at least this many times faster than mentor-match


@dataclass(frozen=True)
class Shape:
    key: str
    label: str
    n: int
    m: int
    kind: str  # "uniform", "external" or "realistic"
    rules: bool = True
    stable: bool = False  # also Upward's stable against matching's HospitalResident
    peer_note: str = ""  # why mentor-match is not run here (measured, see the shape)


SHAPES = [
    *(
        Shape(
            f"square-{n}-{'on' if on else 'off'}",
            f"square, rules {'on' if on else 'off'}",
            n,
            n,
            "uniform",
            on,
            stable=n <= 800,
        )
        for on in (False, True)
        for n in (400, 800, 1600)
    ),
    Shape("tall-1000", "tall 1:5, rules on", 1000, 5000, "uniform", True),
    *(
        Shape(f"external-{n}", "external scores only", n, n, "external", False)
        for n in (400, 800, 1600)
    ),
    Shape("external-1000x5000", "external scores only", 1000, 5000, "external", False),
    Shape(
        "realistic-2000",
        "realistic generator, all rules",
        2000,
        10000,
        "realistic",
        # its 10 M pairs need more than the 16 GB cap: MemoryError after 3.5 minutes when
        # tried (2026-12-07), and the realistic table above projects about 21 GB
        peer_note="not run: needs more than the 16 GB cap at 10 M pairs (MemoryError when tried)",
    ),
]
QUICK_SHAPES = ["square-400-off", "square-400-on", "external-400"]


def instance(shape: Shape, seed: int) -> dict[str, Any]:
    if shape.kind == "external":
        return uniform.external_only(shape.n, shape.m, seed)
    if shape.kind == "realistic":
        return realistic(shape.n, shape.m, seed)
    return uniform.generate(shape.n, shape.m, seed, rules=shape.rules)


@dataclass
class Run:
    """One solver on one shape."""

    solver: str
    status: str = "ok"
    wall: float | None = None  # whole process, median of the runs
    walls: list[float] = field(default_factory=list)
    step: float | None = None  # the solve step, as the process reports it
    peak_mb: float | None = None
    ev: Evaluation | None = None
    note: str = ""
    steps: dict[str, Any] = field(default_factory=dict)  # Upward: --timings
    pairs: Any = None


@dataclass
class ShapeReport:
    shape: Shape
    feasible: int
    optimal: list[Run] = field(default_factory=list)
    stable: list[Run] = field(default_factory=list)


def run_process(cmd: list[str], timeout: float) -> tuple[str, float, float, str]:
    """Status, wall seconds, peak RSS (MB, from ``wait4``) and standard error of ``cmd``."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    state = "ok" if proc.returncode == 0 else ("timeout" if wall >= timeout else "error")
    return state, wall, usage.ru_maxrss / 1024, text


def _upward_command() -> list[str]:
    script = Path(sys.executable).with_name("upward-match")
    return [str(script)] if script.exists() else [sys.executable, "-m", "upward.matching.engine"]


def run_upward(path: Path, problem: Problem, objective: str, repeat: int, timeout: float) -> Run:
    run = Run("Upward")
    out = path.with_suffix(f".{objective}.out.json")
    cmd = [*_upward_command(), str(path), "-o", str(out), "--timings", "--objective", objective]
    for _ in range(repeat):
        status, wall, peak, err = run_process(cmd, timeout)
        if status != "ok":
            return Run("Upward", status=status, note=err.strip().splitlines()[-1:][0][:200])
        run.walls.append(wall)
        run.peak_mb = max(run.peak_mb or 0.0, peak)
    run.wall = statistics.median(run.walls)
    run.steps = json.loads(err.strip().splitlines()[-1])["timings"]
    run.steps["startup_and_exit"] = run.walls[-1] - run.steps["main"]
    run.peak_mb = run.steps.get("peak_memory_mb") or run.peak_mb
    engine = run.steps["engine"]
    run.step = engine.get("candidates", 0.0) + engine.get("solve", 0.0)
    doc = orjson.loads(out.read_bytes())
    mentees = {k: i for i, k in enumerate(problem.mentee_ids)}
    mentors = {k: j for j, k in enumerate(problem.mentor_ids)}
    run.pairs = np.array(
        [(mentees[p["mentee"]], mentors[p["mentor"]]) for p in doc["pairs"]], dtype=np.int64
    ).reshape(-1, 2)
    cert = doc["summary"]["certificate"]
    run.note = (
        f"{cert.get('method', '?')}: {cert.get('candidate_pairs', 0):,} candidate pairs, "
        f"{cert.get('rounds', 0)} round(s), exact {cert.get('exact')}"
    )
    return run


def _dense_matrix(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """``M + units`` per (MENTEE, MENTOR place), 0 where infeasible; and each place's MENTOR."""
    cap = np.minimum(problem.mentor_capacity, problem.n_mentees)
    first = np.concatenate([[0], np.cumsum(cap)[:-1]])
    weights = np.zeros((problem.n_mentees, int(cap.sum())))
    for s in range(int(cap.max(initial=0))):
        has = cap[problem.cols] > s
        weights[problem.rows[has], first[problem.cols[has]] + s] = (
            problem.cardinality_bonus + problem.score[has]
        )
    return weights, np.repeat(np.arange(problem.n_mentors), cap)


def run_script(
    name: str, script: str, args: list[str], repeat: int, timeout: float, owner: Any = None
) -> Run:
    run = Run(name)
    out = Path(args[-1])
    for _ in range(repeat):
        status, wall, peak, err = run_process(
            [sys.executable, str(SCRIPTS / script), *args], timeout
        )
        if status != "ok":
            tail = (err.strip().splitlines() or [status])[-1][:200]
            return Run(name, status=status, wall=wall, note=tail)
        run.walls.append(wall)
        run.peak_mb = max(run.peak_mb or 0.0, peak)
    run.wall = statistics.median(run.walls)
    data = json.loads(out.read_text(encoding="utf-8"))
    run.step = float(data["seconds"])
    run.peak_mb = data.get("peak_rss_mb") or run.peak_mb
    pairs = np.asarray(data["pairs"], dtype=np.int64).reshape(-1, 2)
    if owner is not None:
        pairs[:, 1] = owner[pairs[:, 1]]
    run.pairs = pairs
    return run


def _merged(runs: list[Run]) -> Run:
    """One run from repeated ones: the last one's results, the median wall clock."""
    failed = [r for r in runs if r.status != "ok"]
    if failed:
        return failed[0]
    last = runs[-1]
    last.walls = [w for r in runs for w in r.walls]
    last.wall = statistics.median(last.walls)
    last.peak_mb = max((r.peak_mb or 0.0) for r in runs) or None
    return last


def run_package(
    pkg: peers.PeerPackage, problem: Problem, history: peers.PeerHistory, timeout: float
) -> Run:
    if history.failed:
        return Run(pkg.key, status="not run", note=history.failed)
    projected = history.projection(problem.n_pairs)
    if projected and projected[0] > 1.5 * timeout:
        why = f"projected ≈ {projected[0]:,.0f} s > 1.5 {X} the {timeout:.0f} s cap"
        return Run(pkg.key, status="not run", note=why)
    if projected and projected[1] > 16 * 1024:
        return Run(pkg.key, status="not run", note=f"projected ≈ {projected[1] / 1024:,.0f} GB")
    res = peers.run_peer(pkg, problem, timeout=timeout, memory_limit_gb=16)
    if res.status != "ok":
        history.failed = f"{res.status} at {problem.n_pairs:,} pairs"
        return Run(
            pkg.key, status=res.status, wall=res.wall_seconds or res.seconds, note=res.detail
        )
    history.points.append((problem.n_pairs, res.seconds or 0.0, res.peak_rss_mb or 0.0))
    history.points.sort()
    note = f"of which {res.build_seconds:.1f} s building the game" if res.build_seconds else ""
    return Run(
        pkg.key,
        wall=res.wall_seconds,
        walls=[res.wall_seconds or 0.0],
        step=res.seconds,
        peak_mb=res.peak_rss_mb,
        pairs=res.pairs,
        note=note,
    )


def run_shape(
    shape: Shape,
    args: Any,
    histories: dict[str, peers.PeerHistory],
    log: Callable[[str], None],
) -> ShapeReport:
    log(f"--- shape {shape.key}: {shape.n:,} {X} {shape.m:,} ({shape.label})")
    data = instance(shape, args.seed)
    problem = scored_problem(data)
    report = ShapeReport(shape, problem.n_pairs)
    repeat = args.shape_repeat
    with tempfile.TemporaryDirectory(prefix="upward-shapes-") as tmp:
        folder = Path(tmp)
        path = folder / "instance.json"
        path.write_bytes(orjson.dumps(data))
        del data
        weights, owner = _dense_matrix(problem)
        np.save(folder / "matrix.npy", weights)
        del weights
        problem.write(folder / "problem")
        log(f"  {problem.n_pairs:,} feasible pairs; Upward and scipy, interleaved")
        ups, scs = [], []
        for _ in range(repeat):  # interleaved: a noisy minute hits both alike
            ups.append(run_upward(path, problem, "optimal", 1, args.shape_timeout))
            scs.append(
                run_script(
                    "scipy",
                    "run_scipy.py",
                    [str(folder / "matrix.npy"), str(folder / "scipy.json")],
                    1,
                    args.shape_timeout,
                    owner,
                )
            )
        runs = [_merged(ups), _merged(scs)]
        log("  greedy")
        runs.append(
            run_script(
                "greedy",
                "run_greedy.py",
                [str(folder / "problem"), str(folder / "greedy.json")],
                1,
                args.shape_timeout,
            )
        )
        if shape.peer_note and not args.skip_peers:
            runs.append(Run(peers.MENTOR_MATCH.key, status="not run", note=shape.peer_note))
        elif not args.skip_peers:
            log("  mentor-match")
            runs.append(
                run_package(
                    peers.MENTOR_MATCH,
                    problem,
                    histories[peers.MENTOR_MATCH.key],
                    args.shape_timeout,
                )
            )
        for r in runs:
            if r.status == "ok" and r.pairs is not None:
                r.ev = evaluate(problem, r.pairs)
            log(f"  {r.solver}: {r.status} whole {r.wall} step {r.step} {r.note}")
        report.optimal = runs
        if shape.stable and not args.skip_peers:
            log("  stable: Upward and matching")
            st = run_upward(path, problem, "stable", repeat, args.shape_timeout)
            hr = run_package(
                peers.MATCHING_HR, problem, histories[peers.MATCHING_HR.key], args.shape_timeout
            )
            for r in (st, hr):
                if r.status == "ok" and r.pairs is not None:
                    r.ev = evaluate(problem, r.pairs, blocking=True)
            if hr.status == "ok" and st.pairs is not None:
                hr.note = (
                    "same matching as Upward"
                    if same_matching(hr.pairs, st.pairs)
                    else "**a different matching**"
                ) + (f"; {hr.note}" if hr.note else "")
            report.stable = [st, hr]
    return report


# ---- markdown ---------------------------------------------------------------------------


def _s(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.3f}" if x < 10 else f"{x:,.1f}"


def _objective(run: Run, up: Run) -> str:
    if run.ev is None or up.ev is None or run is up:
        return ""
    a = (run.ev.pairs, round(run.ev.total_score, 2))
    b = (up.ev.pairs, round(up.ev.total_score, 2))
    if a == b:
        return "same as Upward"
    if a < b:
        gap = b[0] - a[0]
        return f"worse ({gap} fewer pairs)" if gap else f"worse (-{b[1] - a[1]:,.2f})"
    return "**better than Upward**"


def _size(shape: Shape) -> str:
    return f"{shape.n:,} {X} {shape.m:,}"


def _gap_cause(up: Run, scipy_run: Run) -> str:
    """Where Upward's extra whole-process time goes, from its own step timings."""
    s, e = up.steps, up.steps.get("engine", {})
    parts = {
        "start-up and imports": s.get("startup_and_exit", 0.0),
        "reading the JSON": s.get("read", 0.0),
        "checking the input": s.get("parse", 0.0),
        "score model": e.get("score_model", 0.0),
        "solving": e.get("candidates", 0.0) + e.get("solve", 0.0),
        "blocking pairs": e.get("blocking_pairs", 0.0),
        "reasons": e.get("explain", 0.0),
        "writing": s.get("to_dict", 0.0) + s.get("write", 0.0),
    }
    top = sorted(parts.items(), key=lambda kv: -kv[1])[:3]
    return ", ".join(f"{k} {v:.2f} s" for k, v in top) + (
        f" (scipy: solve {scipy_run.step:.2f} s of {scipy_run.wall:.2f} s)"
        if scipy_run.step is not None and scipy_run.wall is not None
        else ""
    )


def render(reports: list[ShapeReport], seed: int) -> list[str]:
    out = [
        "### Other shapes: square, tall, external scores only (issue 15)",
        "",
        "Every solver gets the same matrix and runs in its own process; *whole process* is "
        "the wall clock from start to exit, measured from outside (median of "
        "the runs for Upward and scipy), *solve step* is what the process reports for its "
        "solver alone, *peak* is the process's peak RSS. Upward is the `upward-match` "
        "command on the JSON file (reading, checking, scoring, solving, reasons, writing "
        "JSON); scipy is given the ready matrix as a `.npy` file. Instances: "
        f"`bench/matching/uniform.py` (independent of the tuned generator), seed {seed}.",
        "",
        "#### Targets of issue 15",
        "",
        "| shape | Upward whole ÷ scipy whole (≤ 1.2) | met | Upward faster than "
        f"`mentor-match` (≥ 50{X}): whole process | met | work only¹ | met "
        "| where Upward's time goes (largest three) |",
        "|---|---:|---|---:|---|---:|---|---|",
    ]
    for rep in reports:
        runs = {r.solver: r for r in rep.optimal}
        up, sc, mm = runs.get("Upward"), runs.get("scipy"), runs.get("mentor-match")
        if up is None or up.wall is None:
            out.append(
                f"| {rep.shape.key} | Upward failed: {up.note if up else '?'} | **no** | | | |"
            )
            continue
        ratio = up.wall / sc.wall if sc and sc.wall else None
        ok = ratio is not None and ratio <= TARGET_WHOLE
        mm_cells = [(mm.note or mm.status) if mm else "not run", "", "", ""]
        if mm and mm.status == "ok" and mm.wall and mm.step:
            whole, work = mm.wall / up.wall, mm.step / up.steps["main"]
            mm_cells = [
                f"{whole:,.0f}{X}",
                "yes" if whole >= TARGET_MENTOR_MATCH else "**no**",
                f"{work:,.0f}{X}",
                "yes" if work >= TARGET_MENTOR_MATCH else "**no**",
            ]
        cause = _gap_cause(up, sc) if sc else ""
        out.append(
            f"| {rep.shape.key} ({_size(rep.shape)}) | "
            f"{f'{ratio:.2f}{X}' if ratio else ''} | {'yes' if ok else '**no**'} | "
            + " | ".join(mm_cells)
            + f" | {cause} |"
        )
    out += [
        "",
        "¹ *Work only*: `mentor-match`'s timed part (building its people and `process_data`) "
        "against Upward's command from reading the JSON to writing the result, both without "
        "the process start-up (Python, numpy and scipy imports: about 0.3-0.5 s for Upward "
        "on this machine, which no work in the engine can remove).",
    ]
    out += ["", "#### Side by side, `optimal` (most pairs, then the highest total)", ""]
    out += [
        f"| shape | mentees {X} mentors | feasible pairs | solver | whole process s | "
        "solve step s | peak MB | pairs | total score | objective | notes |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for rep in reports:
        up = next((r for r in rep.optimal if r.solver == "Upward"), None)
        for r in rep.optimal:
            out.append("| " + " | ".join(_cells(rep, r, up)) + " |")
    stable = [rep for rep in reports if rep.stable]
    if stable:
        out += ["", "#### Side by side, `stable` (mentee-optimal stable matching)", ""]
        out += [
            f"| shape | mentees {X} mentors | feasible pairs | solver | whole process s | "
            "solve step s | peak MB | pairs | total score | blocking pairs | notes |",
            "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for rep in stable:
            for r in rep.stable:
                cells = _cells(rep, r, None)
                blocking = r.ev.blocking_pairs if r.ev else None
                cells[9] = "" if blocking is None else str(blocking)
                out.append("| " + " | ".join(cells) + " |")
    out += ["", "#### Upward's command line, step by step (seconds, last run)", ""]
    keys = [
        "startup_and_exit",
        "read",
        "parse",
        "score_model",
        "candidates",
        "solve",
        "blocking_pairs",
        "explain",
        "to_dict",
        "write",
    ]
    out.append("| shape | whole | " + " | ".join(k.replace("_", " ") for k in keys) + " |")
    out.append("|---|---:|" + "---:|" * len(keys))
    for rep in reports:
        up = next((r for r in rep.optimal if r.solver == "Upward" and r.steps), None)
        if up is None:
            continue
        engine = {k: v for k, v in up.steps.get("engine", {}).items() if k != "parse"}
        merged = {**up.steps, **engine}  # parsing is the command's own step, not the engine's
        out.append(
            f"| {rep.shape.key} | {_s(up.walls[-1])} | "
            + " | ".join(_s(merged.get(k)) for k in keys)
            + " |"
        )
    out.append("")
    return out


def _cells(rep: ShapeReport, r: Run, up: Run | None) -> list[str]:
    ev = r.ev
    status = "" if r.status == "ok" else f"*{r.status}*"
    cells = [
        rep.shape.key,
        _size(rep.shape),
        f"{rep.feasible:,}",
        "**Upward**" if r.solver == "Upward" else r.solver,
        _s(r.wall) if r.status == "ok" else status,
        _s(r.step),
        f"{r.peak_mb:,.0f}" if r.peak_mb else "",
        f"{ev.pairs:,}" if ev else "",
        f"{ev.total_score:,.2f}" if ev else "",
        _objective(r, up) if up else "",
        r.note,
    ]
    return cells
