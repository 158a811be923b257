"""``make bench-matching``: Upward's matching engine against its peers, side by side.

Run from the repository root: ``.venv/bin/python -m bench.matching.run`` (the full run, well
under 30 minutes on the 2-core reference machine) or ``--quick`` (under 3 minutes). The table
is written into ``docs/benchmarks.md`` between ``<!-- matching:begin -->`` and
``<!-- matching:end -->``.

For each size, one generated instance (``bench.matching.generator``, all rules on) is:

1. solved by Upward in-process, ``solve(dict, objective=..., explain=True)`` for ``optimal``
   and ``stable`` (timed: parsing, scoring, rules, solver and reasons);
2. scored once by Upward's scorer into the list of feasible pairs with their scores, which
   every peer then gets (their time excludes that scoring);
3. solved by the peers: ``mentor-match`` (Munkres) for ``optimal`` and ``matching``
   (HospitalResident) for ``stable``, each in its own virtual environment and process with
   a time cap (10 minutes); greedy-by-score and scipy's dense ``linear_sum_assignment``
   in-process. A package that failed, or whose time projected from the two previous
   sizes exceeds 1.5 x the cap, is not run at the larger sizes (``--no-projection`` runs it
   anyway, up to the cap).

Then the other shapes of :mod:`bench.matching.shapes` (square, tall, external scores only,
from the independent generator ``bench/matching/uniform.py``), every solver in its own
process on the same matrix; and Upward alone on the largest instance (20,000 x 100,000),
in a child process that reports its peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy

from bench.matching import peers, shapes, shapes_table
from bench.matching.generator import generate
from bench.matching.peers import PeerHistory, peak_rss_mb
from bench.matching.problem import Evaluation, Problem, evaluate, same_matching
from bench.matching.upward_engine import run_upward, scored_problem, warm_up

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- matching:begin -->", "<!-- matching:end -->"
FULL_SIZES = "100x500,200x1000,500x2500,1000x5000,2000x10000"
QUICK_SIZES = "100x500,200x1000,2000x10000"
BIG = "20000x100000"
COMMAND = "make bench-matching"
TARGET_SMALL = (2000, 10000, 0.5)  # issue 15 (issue 4: 1 s)
TARGET_BIG_SECONDS, TARGET_BIG_GB = 30.0, 2.0  # issue 15 (issue 4: 60 s, 8 GB)
TARGET_RATIO = {"mentor-match": 50.0, "matching": 100.0}  # issue 15, issue 4
X = "\u00d7"  # the multiplication sign, for the markdown


def parse_size(text: str) -> tuple[int, int]:
    a, _, b = text.lower().partition("x")
    return int(a), int(b)


def fmt_size(n: int, m: int) -> str:
    return f"{n:,} {X} {m:,}"


@dataclass
class Row:
    """One solver on one instance."""

    size: tuple[int, int]
    objective: str
    solver: str
    status: str = "ok"
    seconds: float | None = None
    ratio: str = ""
    ev: Evaluation | None = None
    note: str = ""
    equal_to_upward: bool | None = None
    peak_rss_mb: float | None = None


@dataclass
class Report:
    started: float = field(default_factory=time.time)
    load_start: float = field(default_factory=lambda: os.getloadavg()[0])
    rows: list[Row] = field(default_factory=list)
    feasible: dict[tuple[int, int], int] = field(default_factory=dict)
    breakdown: list[tuple[tuple[int, int], str, dict[str, float]]] = field(default_factory=list)
    big: dict[str, Any] | None = None  # the run the targets are about (``--big-objective``)
    bigs: list[dict[str, Any]] = field(default_factory=list)  # every objective run at that size
    notes: list[str] = field(default_factory=list)
    stops: dict[str, str] = field(default_factory=dict)  # why a package has no larger size
    args: argparse.Namespace | None = None
    shapes: list[shapes.ShapeReport] = field(default_factory=list)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---- projection of the peers' time ----------------------------------------------------


# ---- one size -------------------------------------------------------------------------


def ratio_text(peer_seconds: float | None, upward_seconds: float, lower_bound: bool = False) -> str:
    if peer_seconds is None or upward_seconds <= 0:
        return ""
    r = peer_seconds / upward_seconds
    if r >= 10:
        text = f"{r:,.0f}{X}"
    elif r >= 0.1:
        text = f"{r:.2f}{X}"
    else:
        text = f"{r:.3f}{X}"
    return ("> " + text) if lower_bound else text


def run_size(
    n: int,
    m: int,
    args: argparse.Namespace,
    report: Report,
    history: dict[str, PeerHistory],
) -> None:
    size = (n, m)
    log(f"--- {fmt_size(n, m)}: generating (seed {args.seed})")
    instance = generate(n, m, args.seed)
    repeat = 5 if n * m <= 1_250_000 else 3 if n * m <= 20_000_000 else 1
    upward: dict[str, Any] = {}
    for objective in ("optimal", "stable"):
        log(f"Upward {objective} (median of {repeat})")
        run = run_upward(instance, objective, repeat=repeat)
        upward[objective] = run
        report.breakdown.append((size, objective, dict(run.summary.get("seconds", {}))))
        log(
            f"  {run.seconds:.3f} s, {run.summary.get('pairs')} pairs, "
            f"total {run.summary.get('total_score')}"
        )
    log("scoring the feasible pairs once for the peers")
    t0 = time.perf_counter()
    problem = scored_problem(instance)
    log(f"  {problem.n_pairs:,} feasible pairs ({time.perf_counter() - t0:.1f} s)")
    report.feasible[size] = problem.n_pairs
    del instance

    for objective in ("optimal", "stable"):
        run = upward[objective]
        ev = evaluate(problem, run.pairs, blocking=True)
        note = f"median of {len(run.runs)}; " if len(run.runs) > 1 else ""
        solver_s = run.summary.get("seconds", {}).get("solve")
        if solver_s is not None:
            note += f"of which the solver step {solver_s:.3f} s"
        report.rows.append(Row(size, objective, "Upward", seconds=run.seconds, ev=ev, note=note))
        reported = run.summary.get("total_score")
        if reported is not None and abs(float(reported) - ev.total_score) > 0.01 * max(1, ev.pairs):
            report.notes.append(
                f"{fmt_size(n, m)}: Upward's {objective} summary says total {reported}, the "
                f"benchmark's evaluation of its pairs gives {ev.total_score:.2f}"
            )
        if objective == "stable" and run.summary.get("blocking_pairs") != ev.blocking_pairs:
            report.notes.append(
                f"{fmt_size(n, m)}: Upward reports {run.summary.get('blocking_pairs')} blocking "
                f"pairs, the benchmark counts {ev.blocking_pairs}"
            )
        if ev.infeasible or ev.over_capacity:
            report.notes.append(
                f"{fmt_size(n, m)}: Upward's {objective} result breaks a rule or a capacity!"
            )

    up_opt = upward["optimal"].seconds
    up_st = upward["stable"].seconds
    if not args.skip_baselines:
        for name, fn in (("greedy", peers.greedy_by_score), ("scipy", peers.scipy_dense)):
            log(f"{name}")
            res = fn(problem)
            add_result(report, size, "optimal", name, res, problem, up_opt, upward["optimal"].pairs)

    if not args.skip_peers:
        for pkg, objective, up_s, up_pairs in (
            (peers.MENTOR_MATCH, "optimal", up_opt, upward["optimal"].pairs),
            (peers.MATCHING_HR, "stable", up_st, upward["stable"].pairs),
        ):
            hist = history[pkg.key]
            if hist.failed:
                report.rows.append(
                    Row(size, objective, pkg.key, status="not run", note=hist.failed)
                )
                continue
            proj = hist.projection(problem.n_pairs)
            if proj and not args.no_projection:
                secs, mb = proj
                why = ""
                if secs > 1.5 * args.timeout:
                    why = f"projected ≈ {secs:,.0f} s > 1.5 {X} the {args.timeout:.0f} s cap"
                elif mb > args.peer_memory_gb * 1024:
                    why = f"projected ≈ {mb / 1024:,.0f} GB > the {args.peer_memory_gb:g} GB cap"
                if why:
                    log(f"{pkg.key}: skipped, {why}")
                    hist.failed = f"not run: {why} at {fmt_size(n, m)}"
                    report.stops[pkg.key] = hist.failed
                    report.rows.append(Row(size, objective, pkg.key, status="not run", note=why))
                    continue
            log(f"{pkg.key} (own venv and process, cap {args.timeout:.0f} s)")
            res = peers.run_peer(
                pkg, problem, timeout=args.timeout, memory_limit_gb=args.peer_memory_gb
            )
            log(f"  {res.status} {res.seconds if res.seconds is not None else ''} {res.detail}")
            add_result(report, size, objective, pkg.key, res, problem, up_s, up_pairs)
            if res.status == "ok" and res.seconds is not None:
                hist.points.append((problem.n_pairs, res.seconds, res.peak_rss_mb or 0.0))
            else:
                hist.failed = f"{res.status} at {fmt_size(n, m)}"
                report.stops[pkg.key] = hist.failed


def add_result(
    report: Report,
    size: tuple[int, int],
    objective: str,
    solver: str,
    res: peers.RunResult,
    problem: Problem,
    upward_seconds: float,
    upward_pairs: Any,
) -> None:
    row = Row(
        size, objective, solver, status=res.status, seconds=res.seconds, peak_rss_mb=res.peak_rss_mb
    )
    if res.status == "ok":
        row.ev = evaluate(problem, res.pairs, blocking=True)
        row.ratio = ratio_text(res.seconds, upward_seconds)
        if objective == "stable":
            row.equal_to_upward = same_matching(res.pairs, upward_pairs)
        if res.build_seconds is not None:
            row.note = f"of which {res.build_seconds:.1f} s building the game (input checks)"
    elif res.status == "timeout":
        row.ratio = ratio_text(res.seconds, upward_seconds, lower_bound=True)
    else:
        row.note = res.detail
    report.rows.append(row)


# ---- the largest instance, Upward alone, in a child process ---------------------------


def solve_file(path: str, objective: str) -> int:
    from upward.matching.engine import solve

    instance = json.loads(Path(path).read_text(encoding="utf-8"))
    rss_loaded = peak_rss_mb()
    warm_up()
    t0 = time.perf_counter()
    result = solve(instance, objective=objective, explain=True)
    seconds = time.perf_counter() - t0
    rss_peak = peak_rss_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": rss_peak,
                "rss_after_loading_mb": rss_loaded,
                "summary": result.summary,
            }
        )
    )
    return 0


def _solve_in_child(path: Path, objective: str, timeout: float) -> dict[str, Any]:
    t0 = time.perf_counter()
    data: dict[str, Any]
    try:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.matching.run",
                "--_solve-file",
                str(path),
                "--_objective",
                objective,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=REPO,
        )
        lines = out.stdout.strip().splitlines()
        if out.returncode == 0 and lines:
            data = json.loads(lines[-1])
        else:
            tail = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
            data = {"error": f"failed: {tail[:300]}"}
    except subprocess.TimeoutExpired:
        data = {"error": f"did not finish within {timeout:.0f} s"}
    data["wall_seconds"] = time.perf_counter() - t0
    data["objective"] = objective
    return data


def run_big(args: argparse.Namespace, report: Report) -> None:
    """Generate the instance here, write it as JSON, and let a child process load and solve
    it (once per objective): the child's peak RSS is the memory of holding the instance and
    solving it."""
    n, m = parse_size(args.big)
    objectives = [args.big_objective] + [
        o for o in (args.big_also or "").split(",") if o and o != args.big_objective
    ]
    log(f"--- {fmt_size(n, m)}: Upward alone, {', '.join(objectives)} (generating)")
    t0 = time.perf_counter()
    instance = generate(n, m, args.seed)
    gen_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="upward-bench-") as tmp:
        path = Path(tmp) / "instance.json"
        path.write_text(json.dumps(instance), encoding="utf-8")
        del instance
        for objective in objectives:
            log(f"  {objective} in a child process (cap {args.big_timeout:.0f} s)")
            data = _solve_in_child(path, objective, args.big_timeout)
            data["generate_seconds"] = gen_s
            data["size"] = args.big
            report.bigs.append(data)
            log(f"  {json.dumps({k: v for k, v in data.items() if k != 'summary'})}")
    report.big = report.bigs[0]


# ---- markdown -------------------------------------------------------------------------


def machine_line() -> str:
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        mem = f", {mem_gb:.0f} GiB RAM"
    except (ValueError, OSError):
        mem = ""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = f" ({line.split(':', 1)[1].strip()})"
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores (`nproc`){cpu}{mem}, {platform.system()} {platform.machine()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}"
    )


def fmt_s(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.3f}" if x < 10 else f"{x:,.1f}"


def objective_cell(row: Row, upward: Row | None) -> str:
    if row.ev is None or upward is None or upward.ev is None or row.solver == "Upward":
        return ""
    a = (row.ev.pairs, round(row.ev.total_score, 2))
    b = (upward.ev.pairs, round(upward.ev.total_score, 2))
    if a == b:
        return "same as Upward"
    if a < b:
        if row.ev.pairs < upward.ev.pairs:
            return f"worse ({upward.ev.pairs - row.ev.pairs} fewer pairs)"
        return f"worse (-{b[1] - a[1]:,.2f})"
    return "**better than Upward**"


LABELS = {
    "Upward": "**Upward**",
    "greedy": "greedy by score",
    "scipy": "scipy `linear_sum_assignment` (dense)",
    "mentor-match": "`mentor-match` 7.0.1 (Munkres)",
    "matching": "`matching` 1.4.3 HospitalResident",
}


def render(report: Report, versions: dict[str, str]) -> str:
    args = report.args
    assert args is not None
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    minutes = (time.time() - report.started) / 60
    cmd = COMMAND if args.command_line is None else args.command_line
    out: list[str] = []
    out.append(
        f"Produced by `{cmd}` on {when}, in {minutes:.1f} minutes; "
        f"instances from `bench/matching/generator.py`, seed {args.seed}."
    )
    out.append("")
    if args.quick:
        out.append(
            "*Quick run (`--quick`): small sizes and no 20,000-mentee run; the targets below "
            "are only those this run could measure. The full run is `make bench-matching`.*"
        )
        out.append("")
    out.append(
        f"Machine: {machine_line()}. Load average (1 min) {report.load_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end."
    )
    peer_bits = []
    if "matching" in versions:
        peer_bits.append(f"`matching` {versions['matching']}")
    if "mentor-match" in versions:
        peer_bits.append(
            f"`mentor-match` {versions['mentor-match']} "
            f"with `munkres` {versions.get('munkres', '?')}"
        )
    if peer_bits:
        out.append("")
        out.append(
            f"Peers (each in its own virtual environment and process): {', '.join(peer_bits)}."
        )
    out.append("")
    out.append(
        "**This machine is shared and noisy: compare ratios, not seconds.** Every ratio below "
        "was measured in the same run, on the same instance: *peer seconds ÷ Upward seconds*."
    )
    out.append("")

    out += render_targets(report)
    for objective, title in (
        ("optimal", "`optimal`: most pairs, then the highest total score"),
        ("stable", "`stable`: mentee-optimal stable matching"),
    ):
        out.append(f"#### {title}")
        out.append("")
        if objective == "optimal":
            out.append(
                f"| mentees {X} mentors | feasible pairs | solver | seconds "
                "| Upward faster by | pairs "
                "| total score | min score | objective | notes |"
            )
            out.append("|---|---:|---|---:|---:|---:|---:|---:|---|---|")
        else:
            out.append(
                f"| mentees {X} mentors | feasible pairs | solver | seconds "
                "| Upward faster by | pairs "
                "| total score | blocking pairs | same matching as Upward | notes |"
            )
            out.append("|---|---:|---|---:|---:|---:|---:|---:|---|---|")
        sizes = sorted({r.size for r in report.rows})
        for size in sizes:
            rows = [r for r in report.rows if r.size == size and r.objective == objective]
            up = next((r for r in rows if r.solver == "Upward"), None)
            for r in rows:
                ev = r.ev
                status = "" if r.status == "ok" else f"*{r.status}*"
                seconds = (
                    fmt_s(r.seconds)
                    if r.status == "ok"
                    else (f"> {r.seconds:,.0f}" if r.status == "timeout" and r.seconds else status)
                )
                if r.status == "timeout":
                    seconds = f"*timeout* {seconds}"
                notes = r.note
                if r.peak_rss_mb:
                    notes = (notes + "; " if notes else "") + f"peak {r.peak_rss_mb:,.0f} MB"
                cells = [
                    fmt_size(*size),
                    f"{report.feasible.get(size, 0):,}",
                    LABELS.get(r.solver, r.solver),
                    seconds,
                    "—" if r.solver == "Upward" else r.ratio,
                    f"{ev.pairs:,}" if ev else "",
                    f"{ev.total_score:,.2f}" if ev else "",
                ]
                if objective == "optimal":
                    cells += [f"{ev.min_score:.2f}" if ev else "", objective_cell(r, up), notes]
                else:
                    same = (
                        ""
                        if r.equal_to_upward is None
                        else ("yes" if r.equal_to_upward else "**NO**")
                    )
                    cells += [
                        f"{ev.blocking_pairs}" if ev and ev.blocking_pairs is not None else "",
                        same,
                        notes,
                    ]
                out.append("| " + " | ".join(cells) + " |")
        out.append("")

    if report.shapes:
        out += shapes_table.render(report.shapes, args.seed)
    if report.bigs:
        out += render_big(report.bigs)
    if report.breakdown or report.bigs:
        out += render_breakdown(report)
    out += render_method(args)
    if report.notes:
        out.append("#### Discrepancies found by this run")
        out.append("")
        out += [f"- {n}" for n in report.notes]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_targets(report: Report) -> list[str]:
    out = [
        "#### Targets of issues 4 and 15 (realistic generator)",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    n, m, limit = TARGET_SMALL
    small = next(
        (
            r
            for r in report.rows
            if r.size == (n, m) and r.objective == "optimal" and r.solver == "Upward"
        ),
        None,
    )
    if small and small.seconds is not None:
        out.append(
            f"| {fmt_size(n, m)}, `optimal`, all rules, reasons, in-process: ≤ {limit:g} s "
            f"| {small.seconds:.2f} s | {'yes' if small.seconds <= limit else '**no**'} |"
        )
    big = report.big
    if big:
        if "error" in big:
            out.append(
                f"| {fmt_size(*parse_size(big['size']))}: ≤ {TARGET_BIG_SECONDS:g} s and "
                f"≤ {TARGET_BIG_GB:g} GB "
                f"| {big['error']} | **no** |"
            )
        else:
            s, gb = big["seconds"], big["peak_rss_mb"] / 1024
            bn, bm = parse_size(big["size"])
            out.append(
                f"| {fmt_size(bn, bm)}, `{big['objective']}`: ≤ {TARGET_BIG_SECONDS:g} s "
                f"| {s:.1f} s "
                f"| {'yes' if s <= TARGET_BIG_SECONDS else '**no**'} |"
            )
            out.append(
                f"| {fmt_size(bn, bm)}: ≤ {TARGET_BIG_GB:g} GB peak memory | {gb:.2f} GB "
                f"| {'yes' if gb <= TARGET_BIG_GB else '**no**'} |"
            )
    for key, objective in (("mentor-match", "optimal"), ("matching", "stable")):
        done = [
            r for r in report.rows if r.solver == key and r.status == "ok" and r.seconds is not None
        ]
        if not done:
            continue
        last = max(done, key=lambda r: r.size[0] * r.size[1])
        up = next(
            r
            for r in report.rows
            if r.size == last.size and r.objective == objective and r.solver == "Upward"
        )
        assert up.seconds is not None and last.seconds is not None
        ratio = last.seconds / up.seconds
        target = TARGET_RATIO[key]
        out.append(
            f"| ≥ {target:g}{X} faster than {LABELS[key]} at the largest size it "
            f"finishes within 10 minutes | {ratio:,.0f}{X} at {fmt_size(*last.size)} "
            f"({last.seconds:,.1f} s vs {up.seconds:.2f} s; larger: "
            f"{report.stops.get(key, 'none run')}) "
            f"| {'yes' if ratio >= target else '**no**'} |"
        )
    worse = []
    for r in report.rows:
        if r.solver in ("Upward", "greedy") or r.ev is None:
            continue
        ref = next(
            (
                u
                for u in report.rows
                if u.size == r.size and u.objective == r.objective and u.solver == "Upward"
            ),
            None,
        )
        if (
            ref
            and ref.ev
            and r.objective == "optimal"
            and objective_cell(r, ref) == "**better than Upward**"
        ):
            worse.append(f"{LABELS[r.solver]} at {fmt_size(*r.size)}")
    peers_run = [r for r in report.rows if r.solver not in ("Upward",) and r.ev is not None]
    if peers_run:
        out.append(
            "| `optimal` objective at least as good as every peer's, at every size | "
            + (
                "every peer's result is equal or worse"
                if not worse
                else "better: " + ", ".join(worse)
            )
            + f" | {'yes' if not worse else '**no**'} |"
        )
    st = [r for r in report.rows if r.solver == "matching" and r.equal_to_upward is not None]
    if st:
        ok = all(r.equal_to_upward for r in st)
        where = ", ".join(fmt_size(*r.size) for r in st)
        out.append(
            f"| `stable` equals `matching`'s resident-optimal HospitalResident result | "
            f"{'identical' if ok else 'DIFFERENT'} at {where} | {'yes' if ok else '**no**'} |"
        )
    out.append("")
    return out


def render_big(bigs: list[dict[str, Any]]) -> list[str]:
    n, m = parse_size(bigs[0]["size"])
    out = [f"#### {fmt_size(n, m)}: Upward alone", ""]
    for big in bigs:
        if "error" in big:
            out += [f"- `{big['objective']}`: **{big['error']}**."]
            continue
        s = big["summary"]
        cert = s.get("certificate", {})
        out.append(
            f"- `{big['objective']}`, all rules, reasons: **{big['seconds']:.1f} s** in-process, "
            f"peak memory **{big['peak_rss_mb'] / 1024:.2f} GB** "
            f"({big['rss_after_loading_mb'] / 1024:.2f} GB after loading the instance). "
            f"{s.get('pairs', 0):,} pairs, total score {s.get('total_score', 0):,.2f}, "
            f"min score {s.get('min_score')}, {s.get('blocking_pairs', 0):,} blocking pairs, "
            f"{s.get('unmatched_mentees', 0):,} mentees unmatched; certificate: exact "
            f"{cert.get('exact')}, {cert.get('candidate_pairs', 0):,} candidate pairs, "
            f"{cert.get('rescanned_mentees', 0):,} mentees rescanned."
        )
    out.append("")
    out.append(
        "Peak memory is the peak RSS of a child process that loads the instance from JSON and "
        f"solves it. Generating the instance took {bigs[0].get('generate_seconds', 0):.1f} s "
        f"(not counted). No peer is run at this size ({n * m:,} candidate pairs)."
    )
    out.append("")
    return out


def render_breakdown(report: Report) -> list[str]:
    keys = ["parse", "score_model", "candidates", "solve", "blocking_pairs", "explain", "total"]
    out = [
        "#### Upward's time by step (engine's own timings, seconds, last run)",
        "",
        f"| mentees {X} mentors | objective | "
        + " | ".join(k.replace("_", " ") for k in keys)
        + " |",
        "|---|---|" + "---:|" * len(keys),
    ]
    for size, objective, secs in report.breakdown:
        out.append(
            f"| {fmt_size(*size)} | {objective} | "
            + " | ".join(fmt_s(secs.get(k)) if k in secs else "" for k in keys)
            + " |"
        )
    for big in report.bigs:
        if "summary" not in big:
            continue
        secs = big["summary"].get("seconds", {})
        n, m = parse_size(big["size"])
        out.append(
            f"| {fmt_size(n, m)} | {big['objective']} | "
            + " | ".join(fmt_s(secs.get(k)) if k in secs else "" for k in keys)
            + " |"
        )
    out.append("")
    return out


def render_method(args: argparse.Namespace) -> list[str]:
    return [
        "#### How it is measured",
        "",
        "- **Instances** (`bench/matching/generator.py`, deterministic by seed): one synthetic "
        "company with a level pyramid (1-8) and a reporting tree (so `manager_chain` is consistent "
        "and some mentees manage some mentors), departments inherited down the tree, 12 offices in "
        "9 time zones, mostly English plus local languages, Zipf-skewed skill supply and demand "
        "(`family/skill` ids), goals from templates, weekly availability slots, a few stated "
        "preferences and forbidden pairs, 10% of mentors with capacity 2. All rules on: level gap "
        "1, reporting line, same department, at most 6 hours of time-zone difference, a common "
        "language.",
        "- **Upward** runs in-process: `solve(instance_dict, objective=..., explain=True)`, "
        "timed from "
        "the plain dict to the result with every pair's reasons and every unmatched person's "
        "reason (parsing, scoring, rules and solver included); "
        f"the median of 5 runs up to 500 {X} 2,500, of 3 up to 2,000 {X} 10,000, "
        "after one tiny warm-up solve.",
        "- **Same problem for everyone**: Upward's scorer lists every feasible pair with its score "
        "(integer units of 0.01 point) once; the peers get that list and their time does *not* "
        "include it. `optimal` means most pairs first, then the highest total score: peers get the "
        f"weight `M + score` with Upward's `M = 10001 {X} (mentees + 1)`. "
        "`stable`: both sides rank "
        "their stated preferences first, then every feasible partner by score, ties by id.",
        "- **`mentor-match` 7.0.1**: its own `process_data` pipeline (a `Match` object per pair, "
        "its rules, `sys.maxsize - score` costs, `munkres.Munkres`), one round, one rule returning "
        "the pair's weight and disqualifying infeasible pairs; a mentor with capacity c is c rows. "
        "Timed: building its people and `process_data`.",
        "- **`matching` 1.4.3**: `HospitalResident.create_from_dictionaries(...)` (residents = "
        "mentees, hospitals = mentors with their capacities, each ranking only feasible partners) "
        'and `solve(optimal="resident")`. Timed: both calls (the package checks its inputs while '
        "building the game, which dominates).",
        "- **greedy by score** and **scipy** run in this process on the same list: "
        "greedy takes pairs "
        "from the best score down; scipy's `linear_sum_assignment` gets the dense matrix "
        f"(mentees {X} (mentor places + one 'unmatched' column per mentee)).",
        f"- Each package runs with a {args.timeout:.0f} s cap and "
        f"{args.peer_memory_gb:g} GB address-space "
        "limit; after two sizes its time is projected from the growth between them, and a size "
        f"projected beyond 1.5 {X} the cap is not run (`--no-projection` runs it to the cap).",
        "- Results are checked the same way for every solver: feasibility, capacities, the "
        "total and minimum score, and the blocking pairs under the `stable` preferences.",
        "- Run it: `make bench-matching` (full, < 30 min) or "
        "`.venv/bin/python -m bench.matching.run --quick` (< 5 min, does not write the docs "
        "unless `--out docs/benchmarks.md`); `--help` lists the options. The standalone check "
        "`.venv/bin/python -m bench.matching.check_stable_vs_peer` exits non-zero if Upward's "
        "`stable` differs from the `matching` package's.",
        "",
    ]


def write_docs(path: Path, body: str) -> None:
    block = f"{BEGIN}\n{body}{END}"
    intro = (
        "## Matching engine\n\n"
        "Upward's matching engine (`upward.matching.engine`) against its peers on the same "
        "generated instances, side by side in one run. Reproduce with `make bench-matching` "
        "(`.venv/bin/python -m bench.matching.run`, from the repository root; the peers' "
        "virtual environments are created under `bench/.venvs/` on first use). Everything "
        "between the markers below is rewritten by that command.\n\n"
    )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Benchmarks\n\n{intro}{block}\n", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        path.write_text(head + block + tail, encoding="utf-8")
    elif "## Matching engine" in text:
        head, tail = text.split("## Matching engine", 1)
        first_line, _, after = tail.partition("\n")
        path.write_text(
            f"{head}## Matching engine{first_line}\n\n{block}\n{after}", encoding="utf-8"
        )
    else:
        sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        path.write_text(f"{text}{sep}{intro}{block}\n", encoding="utf-8")


# ---- main -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m bench.matching.run",
        description="Benchmark Upward's matching engine against its peers and write the table "
        "into docs/benchmarks.md.",
    )
    ap.add_argument("--sizes", help=f"MENTEESxMENTORS,... run with peers (default {FULL_SIZES})")
    ap.add_argument(
        "--quick",
        action="store_true",
        help=f"sizes {QUICK_SIZES}, no {BIG} run, docs not written unless --out (< 3 min)",
    )
    ap.add_argument("--big", default=BIG, help=f"size for Upward alone (default {BIG})")
    ap.add_argument("--no-big", action="store_true", help="skip the Upward-alone run")
    ap.add_argument("--big-objective", default="optimal", choices=["optimal", "fair", "stable"])
    ap.add_argument(
        "--big-also",
        default="stable",
        help="other objectives solved at that size, comma-separated (default stable; '' for none)",
    )
    ap.add_argument("--big-timeout", type=float, default=900.0, help="seconds (default 900)")
    ap.add_argument("--skip-peers", action="store_true", help="skip the two PyPI packages")
    ap.add_argument("--skip-baselines", action="store_true", help="skip greedy and scipy")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--timeout", type=float, default=600.0, help="cap per package run, seconds (default 600)"
    )
    ap.add_argument(
        "--peer-memory-gb", type=float, default=16.0, help="address-space cap per package run"
    )
    ap.add_argument("--no-projection", action="store_true", help="run every package up to its cap")
    ap.add_argument("--out", type=Path, help="markdown file to update (default docs/benchmarks.md)")
    ap.add_argument(
        "--no-write", action="store_true", help="print the section instead of writing it"
    )
    ap.add_argument(
        "--shapes",
        default="all",
        help="other shapes, comma-separated keys, 'all' or 'none' (default all; --quick: "
        f"{','.join(shapes.QUICK_SHAPES)}); keys: {', '.join(s.key for s in shapes.SHAPES)}",
    )
    ap.add_argument(
        "--shape-repeat", type=int, default=5, help="whole-process runs of Upward and scipy"
    )
    ap.add_argument(
        "--shape-timeout", type=float, default=300.0, help="cap per process on the shapes"
    )
    ap.add_argument("--command-line", help=argparse.SUPPRESS)
    ap.add_argument("--_solve-file", dest="solve_file", help=argparse.SUPPRESS)
    ap.add_argument(
        "--_objective", dest="child_objective", default="optimal", help=argparse.SUPPRESS
    )
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.solve_file:
        return solve_file(args.solve_file, args.child_objective)

    if args.command_line is None:
        given = sys.argv[1:] if argv is None else argv
        args.command_line = (
            COMMAND
            if not given
            else (
                ".venv/bin/python -m bench.matching.run " + " ".join(shlex.quote(a) for a in given)
            )
        )
    sizes = [
        parse_size(s)
        for s in (args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)).split(",")
        if s != "none"
    ]
    if args.quick:
        args.no_big = True
    out_path = args.out or (None if args.quick else DOCS)

    report = Report(args=args)
    versions: dict[str, str] = {}
    if not args.skip_peers:
        for pkg in peers.PEER_PACKAGES:
            peers.ensure_venv(pkg, log=log)
        versions["matching"] = peers.installed_version(peers.MATCHING_HR, "matching")
        versions["mentor-match"] = peers.installed_version(peers.MENTOR_MATCH, "mentor-match")
        versions["munkres"] = peers.installed_version(peers.MENTOR_MATCH, "munkres")
    warm_up()
    history = {pkg.key: PeerHistory() for pkg in peers.PEER_PACKAGES}
    for n, m in sorted(sizes, key=lambda s: s[0] * s[1]):
        run_size(n, m, args, report, history)
    history = {pkg.key: PeerHistory() for pkg in peers.PEER_PACKAGES}  # shapes: their own
    wanted = shapes.QUICK_SHAPES if args.quick and args.shapes == "all" else args.shapes
    for shape in shapes.SHAPES:
        if wanted == "all" or (wanted != "none" and shape.key in wanted):
            report.shapes.append(shapes.run_shape(shape, args, history, log))
    if not args.no_big:
        run_big(args, report)
    body = render(report, versions)
    if args.no_write or out_path is None:
        sys.stdout.write(body)
    else:
        write_docs(out_path, body)
        log(f"wrote {out_path}")
        sys.stdout.write(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
