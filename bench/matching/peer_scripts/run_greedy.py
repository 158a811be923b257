"""Peer runner: greedy by score, in its own process (numpy only).

``python run_greedy.py PROBLEM_DIR OUT_JSON`` (the folder format of
``bench.matching.problem``): takes feasible pairs from the highest score down while both
sides have room. Timed: sorting and the greedy pass.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np


def peak_rss_mb() -> float:
    """This process's own peak resident memory: ``VmHWM`` of its address space.

    Not ``ru_maxrss``: Linux carries that over ``fork`` and ``exec`` from the parent, so a
    child started by a large benchmark process would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    folder = Path(sys.argv[1])
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    rows = np.fromfile(folder / "rows.i32", dtype="<i4")
    cols = np.fromfile(folder / "cols.i32", dtype="<i4")
    score = np.fromfile(folder / "score.f64", dtype="<f8")
    t0 = time.perf_counter()
    order = np.argsort(-score, kind="stable")
    room_mentee = list(meta["mentee_capacity"])
    room_mentor = list(meta["mentor_capacity"])
    left = sum(room_mentee)
    chosen = []
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if room_mentee[i] and room_mentor[j]:
            room_mentee[i] -= 1
            room_mentor[j] -= 1
            chosen.append((i, j))
            left -= 1
            if not left:
                break
    seconds = time.perf_counter() - t0
    out = {
        "seconds": seconds,
        "pairs": chosen,
        "peak_rss_mb": peak_rss_mb(),
    }
    (Path(sys.argv[2])).write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
