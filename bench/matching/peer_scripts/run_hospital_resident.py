"""Peer runner: the ``matching`` package (PyPI ``matching==1.4.3``), HospitalResident.

Runs in its own virtual environment (bench/.venvs/matching) and process, with only the
standard library and that package: ``python run_hospital_resident.py PROBLEM_DIR OUT_JSON``.

Residents are the MENTEES (capacity 1), hospitals the MENTORS with their capacities. Each
side ranks only its feasible partners, by its preference key (higher first; ties by index,
lower first). Timed: ``HospitalResident.create_from_dictionaries`` (the package checks its
inputs there) and ``solve(optimal="resident")``; reading the files and building the
preference dicts are not timed.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from array import array
from pathlib import Path


def load(folder: Path) -> tuple[dict, array, array, array, array]:  # type: ignore[type-arg]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    n = meta["n_pairs"]

    def read(name: str, code: str) -> array:  # type: ignore[type-arg]
        a = array(code)
        with (folder / name).open("rb") as f:
            a.fromfile(f, n)
        return a

    return (
        meta,
        read("rows.i32", "i"),
        read("cols.i32", "i"),
        read("mentee_key.f64", "d"),
        read("mentor_key.f64", "d"),
    )


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
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    optimal = sys.argv[3] if len(sys.argv) > 3 else "resident"
    # The package deep-copies its players (a graph of mutual references): allow deep recursion.
    sys.setrecursionlimit(1_000_000)
    meta, rows, cols, mkey, hkey = load(folder)
    mentee_ids: list[str] = meta["mentee_ids"]
    mentor_ids: list[str] = meta["mentor_ids"]
    by_mentee: dict[int, list[tuple[float, int]]] = {}
    by_mentor: dict[int, list[tuple[float, int]]] = {}
    for k in range(len(rows)):
        by_mentee.setdefault(rows[k], []).append((-mkey[k], cols[k]))
        by_mentor.setdefault(cols[k], []).append((-hkey[k], rows[k]))
    resident_prefs = {
        mentee_ids[i]: [mentor_ids[j] for _, j in sorted(v)] for i, v in sorted(by_mentee.items())
    }
    hospital_prefs = {
        mentor_ids[j]: [mentee_ids[i] for _, i in sorted(v)] for j, v in sorted(by_mentor.items())
    }
    capacities = {mentor_ids[j]: meta["mentor_capacity"][j] for j in by_mentor}
    mentee_index = {m: i for i, m in enumerate(mentee_ids)}
    mentor_index = {m: j for j, m in enumerate(mentor_ids)}

    from matching.games import HospitalResident  # type: ignore[import-not-found]

    t0 = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    t1 = time.perf_counter()
    matching = game.solve(optimal=optimal)
    t2 = time.perf_counter()
    pairs = [
        [mentee_index[r.name], mentor_index[h.name]]
        for h, residents in matching.items()
        for r in residents
    ]
    result = {
        "build_seconds": t1 - t0,
        "solve_seconds": t2 - t1,
        "seconds": t2 - t0,
        "pairs": pairs,
        "peak_rss_mb": peak_rss_mb(),
    }
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
