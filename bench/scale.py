"""Scale-out, measured on real servers: `make bench-scale`.

    python -m bench.scale                 # PostgreSQL upward_bench_scale on 127.0.0.1:5432
    python -m bench.scale --write-docs    # and update docs/benchmarks.md

Starts, on loopback addresses only: nginx (Debian's) as the load balancer in front
of two gunicorn servers, two task workers (`run_worker`), the scheduler, the cache
and sessions on Redis (REDIS_URL, database 5, flushed), all on one PostgreSQL
database that is dropped and built again: a 10,000-person directory and a program of
2,000 participants in 1,000 live pairs with a year of history, beside a program of
200 participants (more than a page of every list) to compare page sizes. Then, in one run:

1. **sessions across servers**: a real sign-in (allauth's form) on server A, then
   a page on server B with the same cookie;
2. **1,000 jobs run exactly once** across the two workers (each run counted in Redis);
3. **a worker killed** with SIGKILL while it holds one of 1,000 more jobs: every job
   runs, the one it held runs again on the other worker once the lease ran out;
4. **load**: locust (headless, its own environment .venv-locust) with 50 users for
   `--seconds`, first on the minimal signed-in page (the ceiling), then on the mixed
   journeys of bench/scale_locustfile.py: p50/p95/p99 per page, throughput, errors;
5. **page sizes**: each manager page of the 2,000-participant program beside the same
   page of the 200-participant one;
6. **a web server killed** with SIGKILL while 8 clients write messages through the API
   with an Idempotency-Key and retry what failed (a 502, or a 409 while a claim of the
   dead server is pending): no acknowledged write lost, none stored twice.

Targets (issue 16): the mixed journey sustains at least 50 % of the ceiling's
throughput with 0 errors; pages do not grow with the program.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.environment import ROOT, load, machine, recreate_postgres, versions, write_docs_section

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
SECTION = "## Scale-out"
WORK = ROOT / "var" / "bench-scale"
LB_PORT, WEB_PORTS = 8100, (8101, 8102)
REDIS_DB = 5
USERS = 50
DIRECTORY, PAIRS, SMALL_PAIRS = 10_000, 1_000, 100
SAMPLE_PAIRS = 100  # pairs whose two people sign in to play participants
OPEN_CHECK_INS = 8  # per person, for the check-in journey
MANAGERS = 10
LEASE_SECONDS = 6  # the smallest lease: the killed worker's job comes back within seconds
THROUGHPUT_TARGET = 0.5


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    for tool in ("nginx", str(ROOT / ".venv-locust" / "bin" / "locust")):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: `make bench-scale` installs it")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    environment = _environment(args)
    os.environ.update(environment)
    recreate_postgres(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    logging.getLogger("upward.security").setLevel(logging.WARNING)  # one line per sign-in made
    _flush_redis()
    print("Building the directory and the programs...", flush=True)
    started = time.perf_counter()
    people = _build(args.pairs, args.directory)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    (WORK / "people.json").write_text(json.dumps(people))

    servers = Servers(environment)
    try:
        servers.start()
        results: dict[str, Any] = {
            "sessions": _sessions_across_servers(people),
            "jobs": _jobs_exactly_once(),
            "killed_worker": _killed_worker(servers),
        }
        print("Load: the ceiling...", flush=True)
        results["ceiling"] = _locust("ceiling", args.seconds)
        print("Load: the mixed journeys...", flush=True)
        results["mixed"] = _locust("mixed", args.seconds)
        results["sizes"] = _page_sizes(people)
        results["server_times"] = _server_times(people)
        results["killed_web"] = _killed_web_server(servers, people)
        results["load"] = load()
    finally:
        servers.stop()
    lines = _report(results, args)
    print("\n".join(lines))
    if args.write_docs:
        _write_docs(lines)
    return 0 if _targets_met(results) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/upward_bench_scale"
    )
    parser.add_argument("--seconds", type=int, default=60, help="of each locust run")
    parser.add_argument("--pairs", type=int, default=PAIRS, help="live pairs of the big program")
    parser.add_argument("--directory", type=int, default=DIRECTORY, help="people in all")
    parser.add_argument("--write-docs", action="store_true")
    return parser


def _environment(args: argparse.Namespace) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_SETTINGS_MODULE": "bench.scale_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "UPWARD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SITE_URL": f"http://127.0.0.1:{LB_PORT}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"file://{WORK / 'mail'}",
        "UPWARD_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        "UPWARD_API_RATE_LIMIT_PER_MINUTE": "100000",
        "PYTHONUNBUFFERED": "1",
    }


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


# --- The data ----------------------------------------------------------------------


def _build(pairs: int, directory: int) -> dict[str, Any]:
    from django.utils import timezone

    from bench.environment import analyze_tables
    from bench.monitoring import running_program_with_history
    from upward.accounts.models import Role, User

    now = timezone.now()
    managers = [
        User.objects.create_user(
            f"bench.manager{n}@example.com",
            "x",
            full_name=f"Bench Manager {n}",
            role=Role.PROGRAM_MANAGER,
        )
        for n in range(MANAGERS)
    ]
    programs = [
        running_program_with_history(
            f"Scale program of {2 * size:,} participants", managers, size, now=now, seed=number
        )
        for number, size in enumerate((pairs, SMALL_PAIRS))
    ]
    _rest_of_directory(directory)
    participants = _participants(programs[0], now)
    analyze_tables()
    from upward.pairs.models import Pair

    big, small = programs
    pair_ids = list(Pair.objects.filter(program=big).values_list("pk", flat=True)[:200])
    # The password first: setting it afterwards would sign out the sessions made below.
    password = _sign_in_password(managers[0])
    return {
        "managers": [
            {**_signed_in(manager), "program": big.pk, "pairs": pair_ids} for manager in managers
        ],
        "participants": participants,
        "programs": {"big": big.pk, "small": small.pk},
        "manager_password": password,
    }


def _rest_of_directory(size: int) -> None:
    from upward.people.models import Person

    have = Person.objects.count()
    Person.objects.bulk_create(
        [
            Person(
                employee_id=f"D{n}",
                name=f"Directory Person {n}",
                email=f"directory{n}@example.com",
                level=1 + n % 9,
                location=("London", "Paris", "Berlin")[n % 3],
            )
            for n in range(size - have)
        ],
        batch_size=2000,
    )


def _participants(program: Any, now: Any) -> list[dict[str, Any]]:
    """Accounts for the people of the first pairs, each with open check-ins to answer."""
    from upward.accounts.models import User
    from upward.feedback.models import CheckIn
    from upward.pairs.models import Pair, Session, SessionStatus

    pairs = list(
        Pair.objects.filter(program=program)
        .select_related("mentor__person", "mentee__person")
        .order_by("pk")[:SAMPLE_PAIRS]
    )
    players = []
    for pair in pairs:
        sessions = Session.objects.bulk_create(
            [
                Session(
                    pair=pair,
                    starts_at=now - timedelta(days=2 + n, hours=3),
                    status=SessionStatus.HELD,
                    proposed_by=pair.mentor,
                    ical_uid=f"scale-{pair.pk}-{n}@upward",
                )
                for n in range(OPEN_CHECK_INS)
            ]
        )
        for registration in (pair.mentor, pair.mentee):
            person = registration.person
            user = User.objects.create_user(person.email, None, full_name=person.name)
            person.user = user
            person.save(update_fields=["user"])
            open_ones = CheckIn.objects.bulk_create(
                [
                    CheckIn(
                        session=session,
                        pair=pair,
                        author=registration,
                        due_at=session.starts_at + timedelta(minutes=45),
                        expires_at=now + timedelta(days=10),
                    )
                    for session in sessions
                ]
            )
            players.append(
                {
                    **_signed_in(user),
                    "name": person.name,
                    "pair": pair.pk,
                    "check_ins": [check_in.pk for check_in in open_ones],
                }
            )
    return players


def _signed_in(user: Any) -> dict[str, str]:
    """A session as a sign-in leaves it, and a CSRF secret for the forms."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {"session": client.cookies["sessionid"].value, "csrf": secrets.token_hex(16)}


def _sign_in_password(user: Any) -> str:
    from allauth.account.models import EmailAddress

    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return password


# --- The servers -------------------------------------------------------------------


@dataclass
class Servers:
    environment: dict[str, str]
    web: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    others: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> None:
        for port in WEB_PORTS:
            self.start_web(port)
        for number in (1, 2):
            self.start_worker(number)
        self.others.append(self._spawn("scheduler", [*_manage(), "run_scheduler"]))
        self.others.append(self._spawn("nginx", ["nginx", "-c", str(_nginx_conf())]))
        _wait_for(f"http://127.0.0.1:{LB_PORT}/accounts/login/")

    def start_web(self, port: int) -> None:
        self.web[port] = self._spawn(
            f"web-{port}",
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "upward.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
            ],
        )
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/")

    def start_worker(self, number: int) -> None:
        process = self._spawn(
            f"worker-{number}",
            [*_manage(), "run_worker", "--no-reload", "--interval=0.05", f"--worker-id=w{number}"],
        )
        self.workers.append(process)

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (WORK / f"{name}.log").open("ab")
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **self.environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes its children too
        )

    def stop(self) -> None:
        for process in [*self.web.values(), *self.workers, *self.others]:
            _kill(process, signal.SIGTERM)
        for process in [*self.web.values(), *self.workers, *self.others]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _kill(process, signal.SIGKILL)


def _manage() -> list[str]:
    return [sys.executable, str(ROOT / "manage.py")]


def _kill(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # it had already stopped
        os.killpg(process.pid, sig)


def _nginx_conf() -> Path:
    temp = WORK / "nginx"
    temp.mkdir(exist_ok=True)
    temp.chmod(0o777)  # nginx's workers run as nobody
    upstreams = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in WEB_PORTS
    )
    conf = temp / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes 1;
pid {temp}/nginx.pid;
error_log {temp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  upstream upward {{
{upstreams}
  }}
  server {{
    listen 127.0.0.1:{LB_PORT};
    location / {{
      proxy_pass http://upward;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      # A request is passed to the other server only when this one refused the
      # connection: a write it may have received is never sent twice.
      proxy_next_upstream error timeout;
    }}
  }}
}}
"""
    )
    return conf


def _wait_for(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=10).status_code < 500:
                return
        except requests.RequestException:
            pass  # not listening yet, or still importing Django
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s (see {WORK})")


# --- 1. Sessions across servers ----------------------------------------------------


def _sessions_across_servers(people: dict[str, Any]) -> dict[str, Any]:
    import re

    import requests

    a, b = (f"http://127.0.0.1:{port}" for port in WEB_PORTS)
    browser = requests.Session()
    form = browser.get(f"{a}/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token on the sign-in page"
    signed_in = browser.post(
        f"{a}/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "login": "bench.manager0@example.com",
            "password": people["manager_password"],
        },
        headers={"Referer": f"{a}/accounts/login/"},
    )
    on_b = browser.get(f"{b}/programs/{people['programs']['big']}/monitoring/")
    result = {
        "signed_in_on_a": signed_in.status_code == 200 and "/accounts/login/" not in signed_in.url,
        "page_on_b": on_b.status_code == 200 and "/accounts/login/" not in on_b.url,
    }
    print(f"  sessions across servers: {result}", flush=True)
    return result


# --- 2 and 3. Jobs -----------------------------------------------------------------


def _enqueue(batch: str, count: int, work_ms: int) -> None:
    from bench.scale_tasks import probe

    for number in range(count):
        probe.enqueue(batch, number, work_ms)


def _probe_jobs(batch: str) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path="bench.scale_tasks.probe", args_kwargs__args__0=batch
    )


def _runs(batch: str) -> dict[int, int]:
    from bench.scale_tasks import PREFIX, counter

    counted: dict[bytes, bytes] = counter().hgetall(f"{PREFIX}:{batch}")  # type: ignore[assignment]
    return {int(k): int(v) for k, v in counted.items()}


def _wait_until_finished(batch: str, seconds: float) -> float:
    started = time.monotonic()
    while _probe_jobs(batch).exclude(status__in=("SUCCESSFUL", "FAILED")).exists():
        if time.monotonic() - started > seconds:
            raise SystemExit(f"jobs of {batch} still unfinished after {seconds:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - started


def _jobs_exactly_once() -> dict[str, Any]:
    _enqueue("once", 1000, 0)
    elapsed = _wait_until_finished("once", 300)
    runs = _runs("once")
    by_worker: dict[str, int] = {}
    for worker_ids in _probe_jobs("once").values_list("worker_ids", flat=True):
        by_worker[worker_ids[-1]] = by_worker.get(worker_ids[-1], 0) + 1
    result = {
        "jobs": 1000,
        "successful": _probe_jobs("once").filter(status="SUCCESSFUL").count(),
        "ran_once": sum(1 for n in range(1000) if runs.get(n) == 1),
        "ran_twice_or_more": sum(1 for count in runs.values() if count > 1),
        "never_ran": sum(1 for n in range(1000) if n not in runs),
        "by_worker": by_worker,
        "seconds": elapsed,
    }
    print(f"  1,000 jobs: {result}", flush=True)
    return result


def _killed_worker(servers: Servers) -> dict[str, Any]:
    _enqueue("kill", 1000, 20)
    victim = servers.workers[0]
    held: list[Any] = []
    # Kill it in the middle of a job: once 300 are done, the moment it holds one.
    while not held:
        if _probe_jobs("kill").filter(status="SUCCESSFUL").count() >= 300:
            held = list(
                _probe_jobs("kill")
                .filter(status="RUNNING", worker_ids__contains=["w1"])
                .values_list("pk", flat=True)
            )
        if not held:
            time.sleep(0.01)
    _kill(victim, signal.SIGKILL)
    victim.wait()
    elapsed = _wait_until_finished("kill", 300)
    runs = _runs("kill")
    result = {
        "jobs": 1000,
        "successful": _probe_jobs("kill").filter(status="SUCCESSFUL").count(),
        "running_when_killed": len(held),
        "held_then_done_by": list(
            _probe_jobs("kill")
            .filter(pk__in=held, status="SUCCESSFUL")
            .values_list("worker_ids", flat=True)
        ),
        "never_ran": sum(1 for n in range(1000) if n not in runs),
        "ran_twice": sum(1 for count in runs.values() if count == 2),
        "ran_more": sum(1 for count in runs.values() if count > 2),
        "seconds_after_kill": elapsed,
    }
    servers.workers.pop(0)
    servers.start_worker(1)  # back to two workers for the load
    print(f"  worker killed: {result}", flush=True)
    return result


# --- 4. Load -----------------------------------------------------------------------


@dataclass
class PageStats:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float
    bytes: float


def _locust(mode: str, seconds: int) -> dict[str, Any]:
    prefix = WORK / mode
    subprocess.run(
        [
            str(ROOT / ".venv-locust" / "bin" / "locust"),
            "-f",
            str(ROOT / "bench" / "scale_locustfile.py"),
            "--headless",
            f"--users={USERS}",
            f"--spawn-rate={USERS}",
            f"--run-time={seconds}s",
            f"--host=http://127.0.0.1:{LB_PORT}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        env={
            **os.environ,
            "BENCH_SCALE_PEOPLE": str(WORK / "people.json"),
            "BENCH_SCALE_MODE": mode,
        },
        check=False,  # locust exits 1 when a request failed: the failures are reported
        stdout=(WORK / f"locust-{mode}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    pages = []
    with Path(f"{prefix}_stats.csv").open() as stats:
        for row in csv.DictReader(stats):
            pages.append(
                PageStats(
                    name=row["Name"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    p50=float(row["50%"] or 0),
                    p95=float(row["95%"] or 0),
                    p99=float(row["99%"] or 0),
                    rps=float(row["Requests/s"]),
                    bytes=float(row["Average Content Size"] or 0),
                )
            )
    total = next(page for page in pages if page.name == "Aggregated")
    print(f"  {mode}: {total.rps:.1f} requests/s, {total.failures} failures", flush=True)
    return {"pages": [page for page in pages if page is not total], "total": total}


# --- 5. Page sizes -----------------------------------------------------------------


MANAGER_PAGES = {
    "monitoring board": "/programs/{}/monitoring/",
    "program overview": "/programs/{}/",
    "program's pairs": "/programs/{}/pairs/",
    "program report": "/programs/{}/report/",
    "recruiting": "/programs/{}/recruiting/",
    "registrations": "/programs/{}/registrations/",
    "recruiting invitations": "/programs/{}/recruiting/invitations/",
    "match runs": "/programs/{}/matching/runs/",
}


def _page_sizes(people: dict[str, Any]) -> list[tuple[str, int, int, int, int]]:
    import requests

    browser = requests.Session()
    browser.cookies.set("sessionid", people["managers"][0]["session"])
    sizes = []
    for name, path in MANAGER_PAGES.items():
        big = browser.get(f"http://127.0.0.1:{LB_PORT}{path.format(people['programs']['big'])}")
        small = browser.get(f"http://127.0.0.1:{LB_PORT}{path.format(people['programs']['small'])}")
        signed_out = "/accounts/login/" in big.url or "/accounts/login/" in small.url
        sizes.append(
            (
                name,
                0 if signed_out else big.status_code,
                len(big.content),
                small.status_code,
                len(small.content),
            )
        )
    return sizes


def _server_times(people: dict[str, Any]) -> list[tuple[str, float, int]]:
    """Each page's own cost, one request at a time in this process: why the ratio is what it is."""
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upward.accounts.models import User

    player = people["participants"][0]
    participant = User.objects.get(person__registrations__pairs_as_mentor=player["pair"])
    manager = User.objects.get(email="bench.manager1@example.com")
    program, pair = people["programs"]["big"], player["pair"]
    pages = [
        ("ceiling: minimal signed-in page", participant, "/bench/ceiling/"),
        ("participant: home", participant, "/"),
        ("participant: pair page", participant, f"/pairs/{pair}/"),
        ("participant: messages", participant, f"/pairs/{pair}/messages/"),
        ("participant: sessions", participant, f"/pairs/{pair}/sessions/"),
        ("manager: monitoring board", manager, f"/programs/{program}/monitoring/"),
        ("manager: program overview", manager, f"/programs/{program}/"),
        ("manager: program report", manager, f"/programs/{program}/report/"),
        ("manager: program's pairs", manager, f"/programs/{program}/pairs/"),
    ]
    times = []
    for name, user, path in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get(path)  # warm
        durations = []
        for _ in range(10):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            durations.append((time.perf_counter() - started) * 1000)
        times.append((name, statistics.median(durations), len(queries)))
    return times


# --- 6. A web server killed under writes -------------------------------------------


def _killed_web_server(servers: Servers, people: dict[str, Any]) -> dict[str, Any]:
    import requests

    from upward.accounts.models import User
    from upward.api.tokens import api_token_create
    from upward.pairs.models import Message

    writers = people["participants"][:8]
    tokens = []
    for writer in writers:
        user = User.objects.filter(person__name=writer["name"]).get()
        tokens.append(api_token_create(actor=user, name="bench", scope="write").secret)
    stop = threading.Event()
    acknowledged: list[str] = []
    attempted: list[str] = []
    retries, waited_on_claim = [0], [0]
    lock = threading.Lock()

    def write(number: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {tokens[number]}"
        sent = 0
        while not stop.is_set():
            sent += 1
            text = f"scale-write {number}-{sent}"
            key = str(uuid.uuid4())
            with lock:
                attempted.append(text)
            # Until it is written: a 502 from the killed server, or a 409 while the claim it
            # left is pending (upward.api.idempotency.PENDING_TIMEOUT, 2 minutes at most).
            while True:
                try:
                    reply = session.post(
                        f"http://127.0.0.1:{LB_PORT}/api/v1/pairs/{writers[number]['pair']}/messages",
                        json={"text": text},
                        headers={"Idempotency-Key": key},
                        timeout=30,
                    )
                except requests.ConnectionError:
                    reply = None
                if reply is not None and reply.status_code == 201:
                    with lock:
                        acknowledged.append(text)
                    break
                with lock:
                    retries[0] += 1
                    if reply is not None and reply.status_code == 409:
                        waited_on_claim[0] += 1
                time.sleep(0.2)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(writers))]
    for thread in threads:
        thread.start()
    time.sleep(5)
    victim_port = WEB_PORTS[1]
    _kill(servers.web[victim_port], signal.SIGKILL)
    servers.web[victim_port].wait()
    time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join()
    servers.start_web(victim_port)
    stored: dict[str, int] = {}
    for text in Message.objects.filter(text__startswith="scale-write ").values_list(
        "text", flat=True
    ):
        stored[text] = stored.get(text, 0) + 1
    result = {
        "writes": len(attempted),
        "acknowledged": len(acknowledged),
        "lost": sum(1 for text in acknowledged if text not in stored),
        "twice": sum(1 for count in stored.values() if count > 1),
        "retried_requests": retries[0],
        "answered_409": waited_on_claim[0],
    }
    print(f"  web server killed: {result}", flush=True)
    return result


# --- Report ------------------------------------------------------------------------


def _targets_met(results: dict[str, Any]) -> bool:
    mixed, ceiling = results["mixed"]["total"], results["ceiling"]["total"]
    return (
        all(results["sessions"].values())
        and results["jobs"]["ran_once"] == 1000
        and results["killed_worker"]["never_ran"] == 0
        and results["killed_web"]["lost"] == 0
        and results["killed_web"]["twice"] == 0
        and mixed.failures == 0
        and mixed.rps >= THROUGHPUT_TARGET * ceiling.rps
    )


def _report(results: dict[str, Any], args: argparse.Namespace) -> list[str]:
    mixed, ceiling = results["mixed"]["total"], results["ceiling"]["total"]
    jobs, killed, web = results["jobs"], results["killed_worker"], results["killed_web"]
    done_by = killed["held_then_done_by"]
    handed_back = " then ".join(done_by[0]) if done_by else "NOBODY"
    sessions = "works" if all(results["sessions"].values()) else f"FAILED {results['sessions']}"
    lines = [
        f"{date.today().isoformat()}, {machine()}, {versions()}, {results['load']} at the end; "
        f"nginx, 2 gunicorn servers of 2 sync workers, 2 `run_worker`, the scheduler, Redis "
        f"and PostgreSQL all on this machine; a directory of {args.directory:,} people, a "
        f"program of {2 * args.pairs:,} participants; {USERS} locust users for "
        f"{args.seconds} s per run, no pause between requests.",
        "",
        "| check | result |",
        "| --- | --- |",
        f"| signed in on server A, page on server B with the same cookie | {sessions} |",
        f"| 1,000 jobs over 2 workers | {jobs['ran_once']:,} ran exactly once, "
        f"{jobs['ran_twice_or_more']} more than once, {jobs['never_ran']} never "
        f"({', '.join(f'{w}: {n}' for w, n in sorted(jobs['by_worker'].items()))}; "
        f"{jobs['seconds']:.1f} s) |",
        f"| a worker killed (SIGKILL) after 300 of 1,000 jobs | {killed['successful']:,} "
        f"successful, {killed['never_ran']} lost; the job it was running was handed back and "
        f"finished by {handed_back} "
        f"({killed['ran_twice']} job counted two runs, {killed['ran_more']} more); all "
        f"done {killed['seconds_after_kill']:.1f} s after the kill (lease {LEASE_SECONDS} s) |",
        f"| a web server killed (SIGKILL) under 8 API writers retrying with an Idempotency-Key "
        f"| {web['acknowledged']:,} writes acknowledged, {web['lost']} lost, {web['twice']} "
        f"stored twice; {web['retried_requests']} requests retried ({web['answered_409']} "
        "answered 409 while a claim of the dead server was pending) |",
        "",
        f"Throughput: mixed journeys **{mixed.rps:.1f} requests/s** with {mixed.failures} "
        f"errors; the ceiling (the minimal signed-in page) {ceiling.rps:.1f} requests/s with "
        f"{ceiling.failures} errors: **{mixed.rps / ceiling.rps:.0%} of the ceiling** "
        f"(target ≥ {THROUGHPUT_TARGET:.0%}).",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in sorted(
        [*results["ceiling"]["pages"], *results["mixed"]["pages"]], key=lambda p: p.name
    ):
        lines.append(
            f"| {page.name} | {page.requests:,} | {page.failures} | {page.p50:.0f} | "
            f"{page.p95:.0f} | {page.p99:.0f} | {page.bytes / 1024:.0f} |"
        )
    lines += [
        "",
        "Each page's own server time, one request at a time (Django's test client in the",
        "benchmark's process, same database and cache; median of 10):",
        "",
        "| page | ms | queries |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {ms:.1f} | {count} |" for name, ms, count in results["server_times"]),
    ]
    lines += [
        "",
        f"Page sizes, the program of {2 * args.pairs:,} participants beside the program of "
        f"{2 * SMALL_PAIRS} (same manager, same server):",
        "",
        f"| manager page | {2 * args.pairs:,} participants "
        f"| {2 * SMALL_PAIRS} participants | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, big_status, big, small_status, small in results["sizes"]:
        status = "" if big_status == small_status == 200 else f" (HTTP {big_status}/{small_status})"
        lines.append(
            f"| {name}{status} | {big / 1024:.0f} KB | {small / 1024:.0f} KB | "
            f"{big / max(small, 1):.2f} |"
        )
    return lines


def _write_docs(lines: list[str]) -> None:
    intro = [
        "",
        "Stateless web servers, one PostgreSQL and any number of workers, measured on real",
        "servers (issue 16). Command: `make bench-scale` (`.venv/bin/python -m bench.scale",
        "--write-docs`; it installs nginx from Debian and locust in `.venv-locust`). What it",
        "starts and checks is in bench/scale.py's docstring. Every server shares this",
        "machine's 2 cores with locust and PostgreSQL, so the absolute figures are this",
        "machine's; the ratio to the ceiling, measured in the same run, is the comparable one.",
        "",
    ]
    write_docs_section(
        DOCS,
        begin=BEGIN,
        end=END,
        heading=SECTION,
        intro=intro,
        database="PostgreSQL",
        lines=lines,
    )


if __name__ == "__main__":
    sys.exit(main())
