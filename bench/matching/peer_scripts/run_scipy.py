"""Peer runner: scipy's dense ``linear_sum_assignment`` on the matrix, in its own process.

``python run_scipy.py MATRIX.npy OUT_JSON``: the matrix is MENTEES x MENTOR places
(``M + units`` on a feasible cell, 0 elsewhere: the same rectangular matrix Upward's dense
path solves, so more pairs come first, then the highest total), maximised. Prints nothing;
writes the chosen ``[mentee, place]`` cells with a positive weight, the time of the solve
step and the peak memory. Imports, loading the matrix and writing are part of the
whole-process time measured by the caller.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment


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
    weights = np.load(sys.argv[1])
    t0 = time.perf_counter()
    r, c = linear_sum_assignment(weights, maximize=True)
    seconds = time.perf_counter() - t0
    real = weights[r, c] > 0
    out = {
        "seconds": seconds,
        "pairs": np.stack([r[real], c[real]], axis=1).tolist(),
        "peak_rss_mb": peak_rss_mb(),
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:  # noqa: PTH123 (the plain standard library)
        json.dump(out, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
