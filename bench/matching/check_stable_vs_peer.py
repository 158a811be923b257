"""Check that Upward's ``stable`` equals the ``matching`` package's resident-optimal result.

``.venv/bin/python -m bench.matching.check_stable_vs_peer`` (from the repository root) builds
a few generated instances, solves each with Upward (``objective="stable"``) and with
``matching==1.4.3``'s ``HospitalResident`` (residents = MENTEES, hospitals = MENTORS with
their capacities, ``optimal="resident"``) in its own virtual environment and process, on the
same feasible pairs and preference lists, and compares the two matchings pair for pair.

Exit status 0 when every instance gives the identical matching with no blocking pair,
1 otherwise (each difference is printed). About a minute; the peer's virtual environment
is created under ``bench/.venvs/`` on first use.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bench.matching import peers
from bench.matching.generator import generate
from bench.matching.problem import evaluate, same_matching
from bench.matching.upward_engine import run_upward, scored_problem

# (mentees, mentors, seed, generator options)
CASES: list[tuple[int, int, int, dict[str, Any]]] = [
    (60, 300, 1, {}),
    (100, 500, 2, {}),
    (100, 500, 3, {"all_rules": False}),  # the format's default rules only
    (120, 400, 4, {"preference_share": 0.6}),  # many stated preferences (ranked first)
    (150, 300, 5, {"mentor_capacity_two_share": 0.5}),  # scarce mentors, many capacities of 2
    (200, 1000, 6, {}),
    # scarce mentors, everyone states preferences: several stable matchings exist, so the
    # resident-optimal one differs from the hospital-optimal one
    (
        100,
        110,
        1,
        {"preference_share": 1.0, "mentor_preference_share": 1.0, "mentor_capacity_two_share": 0.0},
    ),
]


def check_case(n: int, m: int, seed: int, options: dict[str, Any], timeout: float) -> list[str]:
    instance = generate(n, m, seed, objective="stable", **options)
    problem = scored_problem(instance)
    upward = run_upward(instance, "stable")
    peer = peers.run_peer(peers.MATCHING_HR, problem, timeout=timeout, memory_limit_gb=16)
    label = f"{n} x {m} seed {seed} {options or ''}".strip()
    if peer.status != "ok":
        return [f"{label}: the matching package did not finish ({peer.status}: {peer.detail})"]
    errors = []
    ev_up = evaluate(problem, upward.pairs, blocking=True)
    ev_peer = evaluate(problem, peer.pairs, blocking=True)
    if not same_matching(upward.pairs, peer.pairs):
        a = {tuple(p) for p in upward.pairs.tolist()}
        b = {tuple(p) for p in peer.pairs.tolist()}
        errors.append(
            f"{label}: matchings differ ({len(a - b)} pairs only in Upward's, "
            f"{len(b - a)} only in the package's; e.g. {sorted(a - b)[:3]} vs {sorted(b - a)[:3]})"
        )
    for who, ev in (("Upward", ev_up), ("matching", ev_peer)):
        if ev.blocking_pairs or ev.infeasible or ev.over_capacity:
            errors.append(
                f"{label}: {who}'s matching has {ev.blocking_pairs} blocking pairs, "
                f"{ev.infeasible} infeasible pairs, {ev.over_capacity} people over capacity"
            )
    other = peers.run_peer(
        peers.MATCHING_HR, problem, timeout=timeout, memory_limit_gb=16, args=("hospital",)
    )
    lattice = ""
    if other.status == "ok":
        lattice = (
            "; the only stable matching"
            if same_matching(other.pairs, peer.pairs)
            else "; several stable matchings (the hospital-optimal one differs)"
        )
    status = "OK  " if not errors else "FAIL"
    print(
        f"{status} {label}: {ev_up.pairs} pairs, total {ev_up.total_score:,.2f}, "
        f"{problem.n_pairs:,} feasible pairs (Upward {upward.seconds:.2f} s, "
        f"matching {peer.seconds:.2f} s){lattice}",
        flush=True,
    )
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.matching.check_stable_vs_peer",
        description="Exit non-zero unless Upward's stable matching equals the matching "
        "package's resident-optimal HospitalResident matching on generated instances.",
    )
    ap.add_argument("--size", help="one instance MENTEESxMENTORS instead of the built-in cases")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args(argv)
    peers.ensure_venv(peers.MATCHING_HR)
    cases = CASES
    if args.size:
        a, _, b = args.size.lower().partition("x")
        cases = [(int(a), int(b), args.seed, {})]
    t0 = time.perf_counter()
    errors: list[str] = []
    for n, m, seed, options in cases:
        errors += check_case(n, m, seed, options, args.timeout)
    print(f"{len(cases)} instances in {time.perf_counter() - t0:.0f} s")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
