"""The markdown of :mod:`bench.matching.shapes`: targets, side-by-side tables, steps."""

from __future__ import annotations

from bench.matching.shapes import (
    TARGET_MENTOR_MATCH,
    TARGET_WHOLE,
    Run,
    Shape,
    ShapeReport,
    X,
)


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
