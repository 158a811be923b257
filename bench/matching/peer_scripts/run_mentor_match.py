"""Peer runner: the ``mentor-match`` package (PyPI ``mentor-match==7.0.1``), its Munkres assignment.

Runs in its own virtual environment (bench/.venvs/mentor-match) and process, with only the
standard library and that package (and its dependency ``munkres``):
``python run_mentor_match.py PROBLEM_DIR OUT_JSON``.

The package's own pipeline is used: ``process_data(mentors, mentees, [[rule]])`` builds its
grid of ``Match`` objects, scores each with the rules, turns scores into costs
(``sys.maxsize - score``) and runs ``munkres.Munkres``. One round, with one rule that
gives each feasible pair its precomputed weight (an integer: the cardinality bonus M plus
the score in units, so that more pairs come first, as in Upward's ``optimal``) and
disqualifies the others. A MENTOR with capacity c appears as c mentor rows.
Timed: building the people and ``process_data``; reading the files is not timed.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from array import array
from pathlib import Path
from typing import Any


def load(folder: Path) -> tuple[dict, array, array, array]:  # type: ignore[type-arg]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    n = meta["n_pairs"]

    def read(name: str, code: str) -> array:  # type: ignore[type-arg]
        a = array(code)
        with (folder / name).open("rb") as f:
            a.fromfile(f, n)
        return a

    return meta, read("rows.i32", "i"), read("cols.i32", "i"), read("score.f64", "d")


class PairScore:
    """A mentor-match rule (``RuleProtocol``): the pair's precomputed score, or disqualified."""

    def __init__(self, table: dict[int, dict[int, int]]) -> None:
        self.table = table

    def evaluate(self, match_object: Any) -> bool:
        return match_object.mentee.idx in self.table.get(match_object.mentor.idx, {})

    def apply(self, match_object: Any) -> int:
        score = self.table.get(match_object.mentor.idx, {}).get(match_object.mentee.idx)
        if score is None:
            match_object.disallowed = True
            return 0
        return score


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
    meta, rows, cols, score = load(folder)
    bonus = int(meta["cardinality_bonus"])
    table: dict[int, dict[int, int]] = {}
    for k in range(len(rows)):
        table.setdefault(cols[k], {})[rows[k]] = bonus + int(score[k])

    from matching.mentee import Mentee  # type: ignore[import-not-found]
    from matching.mentor import Mentor  # type: ignore[import-not-found]
    from matching.process import process_data  # type: ignore[import-not-found]

    t0 = time.perf_counter()
    mentees = []
    for i, _ in enumerate(meta["mentee_ids"]):
        person = Mentee(grade=0, email=f"mentee{i}@example.org")
        person.idx = i
        mentees.append(person)
    mentors = []
    for j, _ in enumerate(meta["mentor_ids"]):
        for slot in range(meta["mentor_capacity"][j]):
            person = Mentor(grade=0, email=f"mentor{j}.{slot}@example.org")
            person.idx = j
            mentors.append(person)
    mentors, mentees = process_data(mentors, mentees, [[PairScore(table)]])
    t1 = time.perf_counter()
    pairs = [[mentee.idx, mentor.idx] for mentor in mentors for mentee in mentor.mentees]
    result = {
        "seconds": t1 - t0,
        "pairs": pairs,
        "peak_rss_mb": peak_rss_mb(),
    }
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
