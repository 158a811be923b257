"""``upward-match INPUT.json [-o OUTPUT.json]``: solve a JSON v1 matching problem.

Exit status: 0 on success, 2 on invalid input (one ``error:`` line per problem, each
naming its JSON path; never a traceback).

The whole process counts, not only the engine's phases: the input is decoded by orjson
(4x the standard library on a matrix of external scores), the decoded document is dropped
as soon as it is parsed (a matrix of 5 M scores is 160 MB of Python floats), the cyclic
collector stays off for the life of the process (it would walk those millions of objects
again and again while they are built; nothing here makes cycles), and the output is
encoded by orjson too. ``--timings`` prints where the time went on standard error.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from .api import METHODS, solve, suggest
from .problem import InputError, parse_problem

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="upward-match",
        description="Match senior MENTEES with junior MENTORS (reverse mentoring). "
        "Reads a JSON v1 problem, writes the matching as JSON.",
    )
    ap.add_argument("input", help="problem file (JSON v1), or - for standard input")
    ap.add_argument("-o", "--output", help="write the result here (default: standard output)")
    ap.add_argument(
        "--objective",
        choices=["optimal", "fair", "stable"],
        help="override the problem's objective",
    )
    ap.add_argument("--no-reasons", action="store_true", help="skip the plain-language reasons")
    ap.add_argument(
        "--suggest", metavar="MENTEE_ID", help="list the best mentors for one mentee instead"
    )
    ap.add_argument("-k", "--top", type=int, default=5, help="how many suggestions (default 5)")
    ap.add_argument(
        "--indent", type=int, default=2, help="JSON indentation (default 2; 0 for compact)"
    )
    ap.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="how optimal and fair are solved (default auto; the result is the same optimum)",
    )
    ap.add_argument(
        "--timings",
        action="store_true",
        help="print the time of each step (reading, engine phases, writing) on standard error",
    )
    return ap


def _fail(messages: Sequence[str]) -> int:
    for m in messages:
        print(f"error: {m}", file=sys.stderr)
    return 2


def _load(path: str) -> Any:
    raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        # the standard library reads NaN and Infinity (which orjson refuses), so that they
        # are reported where they stand, and gives a line and column for real errors
        return json.loads(raw.decode("utf-8"))


def _dump(out: Any, indent: int) -> bytes:
    if indent in (0, 2):
        option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if indent else 0)
        return orjson.dumps(out, option=option) + b"\n"
    return (json.dumps(out, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def _peak_memory_mb() -> float | None:
    """This process's peak resident memory (``VmHWM``; Linux only, else ``None``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    gc.disable()  # a short-lived process: see the module docstring
    t0 = time.perf_counter()
    args = _parser().parse_args(argv)
    try:
        data = _load(args.input)
    except FileNotFoundError:
        return _fail([f"{args.input}: no such file"])
    except (OSError, UnicodeDecodeError) as exc:
        return _fail([f"{args.input}: cannot read ({exc})"])
    except json.JSONDecodeError as exc:
        return _fail(
            [f"{args.input}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"]
        )
    steps: dict[str, Any] = {"read": time.perf_counter() - t0}
    try:
        if args.suggest:
            out: Any = {
                "mentee": args.suggest,
                "suggestions": [
                    {
                        "mentor": s.mentor,
                        "score": s.score,
                        "contributions": s.contributions,
                        "reasons": list(s.reasons),
                    }
                    for s in suggest(data, args.suggest, args.top)
                ],
            }
        else:
            t = time.perf_counter()
            problem = parse_problem(data)
            del data  # the decoded document is no longer needed: free it before solving
            steps["parse"] = time.perf_counter() - t
            result = solve(
                problem, objective=args.objective, explain=not args.no_reasons, method=args.method
            )
            engine = result.summary["seconds"]
            t = time.perf_counter()
            out = result.to_dict()
            steps["to_dict"] = time.perf_counter() - t
    except InputError as exc:
        return _fail(exc.errors)
    t = time.perf_counter()
    text = _dump(out, args.indent)
    if args.output:
        Path(args.output).write_bytes(text)
    else:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    steps["write"] = time.perf_counter() - t
    if args.timings:
        steps["main"] = time.perf_counter() - t0
        steps["peak_memory_mb"] = _peak_memory_mb()
        if not args.suggest:
            steps["engine"] = engine
        print(json.dumps({"timings": steps}), file=sys.stderr)
    return 0
