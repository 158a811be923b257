"""``upward-match INPUT.json [-o OUTPUT.json]``: solve a JSON v1 matching problem.

Exit status: 0 on success, 2 on invalid input (one ``error:`` line per problem, each
naming its JSON path; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .api import solve, suggest
from .problem import InputError

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
    return ap


def _fail(messages: Sequence[str]) -> int:
    for m in messages:
        print(f"error: {m}", file=sys.stderr)
    return 2


def _load(path: str) -> Any:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return json.loads(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
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
            out = solve(data, objective=args.objective, explain=not args.no_reasons).to_dict()
    except InputError as exc:
        return _fail(exc.errors)
    text = json.dumps(out, ensure_ascii=False, indent=args.indent or None)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0
