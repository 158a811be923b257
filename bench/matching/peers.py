"""The peers of the matching benchmark.

Two PyPI packages, each in its own virtual environment (``bench/.venvs/``, created on
demand) and its own process, because both install a top-level module named ``matching``:

- ``matching==1.4.3``: ``HospitalResident`` (resident-optimal), the peer for ``stable``;
- ``mentor-match==7.0.1`` (with ``munkres==3.0.0``, the version pip resolves for it
  today): its Munkres assignment, a peer for ``optimal``.

And two baselines run in-process here: greedy-by-score and scipy's dense
``linear_sum_assignment``. All of them get the same :class:`~bench.matching.problem.Problem`.
"""

from __future__ import annotations

import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from bench.matching.problem import I64, Problem

REPO = Path(__file__).resolve().parents[2]
VENVS = REPO / "bench" / ".venvs"
SCRIPTS = Path(__file__).resolve().parent / "peer_scripts"


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


@dataclass(frozen=True)
class PeerPackage:
    key: str
    label: str
    requirements: tuple[str, ...]
    script: str
    module_check: str

    @property
    def venv(self) -> Path:
        return VENVS / self.key

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


MATCHING_HR = PeerPackage(
    key="matching",
    label="`matching` 1.4.3 HospitalResident",
    requirements=("matching==1.4.3",),
    script="run_hospital_resident.py",
    module_check="from matching.games import HospitalResident",
)
MENTOR_MATCH = PeerPackage(
    key="mentor-match",
    label="`mentor-match` 7.0.1 (Munkres)",
    requirements=("mentor-match==7.0.1", "munkres==3.0.0"),
    script="run_mentor_match.py",
    module_check="from matching.process import process_data",
)
PEER_PACKAGES = (MATCHING_HR, MENTOR_MATCH)


def ensure_venv(peer: PeerPackage, log: Any = print) -> None:
    """Create the peer's virtual environment and install its pinned packages, once."""
    marker = peer.venv / "upward-bench-requirements.txt"
    wanted = "\n".join(peer.requirements) + "\n"
    if peer.python.exists() and marker.exists() and marker.read_text() == wanted:
        return
    log(f"creating {peer.venv.relative_to(REPO)} with {' '.join(peer.requirements)}")
    if peer.venv.exists():
        shutil.rmtree(peer.venv)
    peer.venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(peer.venv)], check=True)
    subprocess.run(
        [
            str(peer.python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *peer.requirements,
        ],
        check=True,
    )
    subprocess.run([str(peer.python), "-c", peer.module_check], check=True)
    marker.write_text(wanted)


def installed_version(peer: PeerPackage, dist: str) -> str:
    out = subprocess.run(
        [str(peer.python), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


@dataclass
class RunResult:
    solver: str
    status: str = "ok"  # ok | timeout | out of memory | error | skipped
    seconds: float | None = None
    build_seconds: float | None = None
    pairs: I64 = field(default_factory=lambda: np.empty((0, 2), dtype=np.int64))
    peak_rss_mb: float | None = None
    detail: str = ""
    wall_seconds: float | None = None  # the whole process, start to exit


def _limit_memory(limit_bytes: int) -> Any:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return apply


def run_peer(
    peer: PeerPackage,
    problem: Problem,
    *,
    timeout: float,
    memory_limit_gb: float,
    args: tuple[str, ...] = (),
) -> RunResult:
    """Run a peer package on ``problem`` in its own venv and process."""
    with tempfile.TemporaryDirectory(prefix="upward-bench-") as tmp:
        folder = Path(tmp) / "problem"
        problem.write(folder)
        out = Path(tmp) / "result.json"
        cmd = [str(peer.python), str(SCRIPTS / peer.script), str(folder), str(out), *args]
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                preexec_fn=_limit_memory(int(memory_limit_gb * 2**30)),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return RunResult(
                peer.key,
                status="timeout",
                seconds=time.perf_counter() - started,
                detail=f"> {timeout:.0f} s",
            )
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or "").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            status = (
                "out of memory"
                if "MemoryError" in (proc.stderr or "") or proc.returncode == -9
                else "error"
            )
            return RunResult(peer.key, status=status, detail=tail[0][:200])
        wall = time.perf_counter() - started
        data = json.loads(out.read_text())
        return RunResult(
            peer.key,
            wall_seconds=wall,
            seconds=float(data["seconds"]),
            build_seconds=data.get("build_seconds"),
            pairs=np.asarray(data["pairs"], dtype=np.int64).reshape(-1, 2),
            peak_rss_mb=data.get("peak_rss_mb"),
        )


@dataclass
class PeerHistory:
    points: list[tuple[int, float, float]] = field(default_factory=list)  # (pairs, s, MB)
    failed: str | None = None

    def projection(self, pairs: int) -> tuple[float, float] | None:
        """(seconds, MB) projected for ``pairs`` feasible pairs from the last two sizes."""
        if not self.points:
            return None
        (p1, t1, _), (p2, t2, m2) = (
            (self.points[-2], self.points[-1])
            if len(self.points) > 1
            else (
                (self.points[-1][0] / 4, self.points[-1][1] / 4, self.points[-1][2] / 4),
                self.points[-1],
            )
        )
        grow = pairs / p2
        e = math.log(max(t2, 1e-3) / max(t1, 1e-3)) / math.log(p2 / p1) if p2 > p1 else 1.0
        e = min(max(e, 1.0), 3.0)
        return t2 * grow**e, m2 * grow


# ---- in-process baselines ---------------------------------------------------------------


def greedy_by_score(problem: Problem, chunk: int = 1 << 16) -> RunResult:
    """Take feasible pairs from the highest score down (ties by mentee, then mentor index)
    while both sides have room; stops once every MENTEE has a MENTOR."""
    t0 = time.perf_counter()
    order = np.argsort(-problem.score, kind="stable")
    room_mentee = problem.mentee_capacity.tolist()
    room_mentor = problem.mentor_capacity.tolist()
    left = sum(room_mentee)
    chosen: list[int] = []
    for lo in range(0, order.size, chunk):
        if not left:
            break
        part = order[lo : lo + chunk]
        rows = problem.rows[part].tolist()
        cols = problem.cols[part].tolist()
        for k in range(len(rows)):
            i, j = rows[k], cols[k]
            if room_mentee[i] and room_mentor[j]:
                room_mentee[i] -= 1
                room_mentor[j] -= 1
                chosen.append(lo + k)
                left -= 1
                if not left:
                    break
    sel = order[np.asarray(chosen, dtype=np.int64)]
    pairs = np.stack([problem.rows[sel], problem.cols[sel]], axis=1).astype(np.int64)
    return RunResult("greedy", seconds=time.perf_counter() - t0, pairs=pairs)


def scipy_dense(problem: Problem, *, max_cells: float = 6e8) -> RunResult:
    """scipy's ``linear_sum_assignment`` on the dense MENTEE x MENTOR-place matrix.

    A MENTOR with capacity c gets c columns, and every MENTEE gets one "stay unmatched"
    column of cost 0; a feasible cell costs ``-(M + units)`` (more pairs first, then the
    total score, as in Upward's ``optimal``); infeasible cells are +inf.
    """
    if np.any(problem.mentee_capacity != 1):
        return RunResult("scipy", status="skipped", detail="mentee capacity > 1")
    n, m = problem.n_mentees, problem.n_mentors
    slots = int(problem.mentor_capacity.sum())
    if n * (slots + n) > max_cells:
        return RunResult(
            "scipy", status="skipped", detail=f"dense matrix {n}x{slots + n} too large"
        )
    t0 = time.perf_counter()
    first_slot = np.concatenate([[0], np.cumsum(problem.mentor_capacity)[:-1]])
    cost = np.full((n, slots + n), np.inf)
    for s in range(int(problem.mentor_capacity.max())):
        has = problem.mentor_capacity[problem.cols] > s
        cost[problem.rows[has], first_slot[problem.cols[has]] + s] = -(
            problem.cardinality_bonus + problem.score[has]
        )
    cost[np.arange(n), slots + np.arange(n)] = 0.0
    r, c = linear_sum_assignment(cost)
    real = c < slots
    slot_owner = np.repeat(np.arange(m), problem.mentor_capacity)
    pairs = np.stack([r[real], slot_owner[c[real]]], axis=1).astype(np.int64)
    return RunResult("scipy", seconds=time.perf_counter() - t0, pairs=pairs)
