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
