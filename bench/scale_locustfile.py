"""The load of `make bench-scale`: managers and participants following their usual journeys.

Runs in locust's own environment (.venv-locust), not Upward's: it imports no Django.
bench.scale writes the people to play (signed-in session cookies, their pair,
their open check-ins) to the JSON file named by BENCH_SCALE_PEOPLE, and picks the
journey with BENCH_SCALE_MODE:

- "ceiling": every user loads the smallest signed-in page (bench.scale_urls);
- "mixed": one user in five is a program manager (monitoring board, a pair's
  follow-up, the report, the program's pairs, directory searches), the others are
  participants (home, their pair, messages read and sent, sessions, check-ins).

No waiting between requests: the benchmark measures how much the servers can
serve, so each user sends its next request as soon as the last one answered.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from pathlib import Path

from locust import HttpUser, constant, task

PEOPLE = json.loads(Path(os.environ["BENCH_SCALE_PEOPLE"]).read_text())
MODE = os.environ.get("BENCH_SCALE_MODE", "mixed")
_lock = threading.Lock()
_next = {role: itertools.cycle(PEOPLE[role]) for role in ("managers", "participants")}


def _take(role: str) -> dict:
    with _lock:
        return next(_next[role])


class SignedIn(HttpUser):
    abstract = True
    wait_time = constant(0)
    role = "participants"

    def on_start(self) -> None:
        self.me = _take(self.role)
        self.client.cookies.set("sessionid", self.me["session"])
        self.client.cookies.set("csrftoken", self.me["csrf"])
        self.sent = 0

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("signed out")

    def post(self, path: str, data: dict, name: str) -> None:
        data = {**data, "csrfmiddlewaretoken": self.me["csrf"]}
        with self.client.post(path, data=data, name=name, catch_response=True) as response:
            # Redirects are followed: a good write ends on a 200 page.
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


if MODE == "ceiling":

    class Ceiling(SignedIn):
        @task
        def ceiling(self) -> None:
            self.get("/bench/ceiling/", "ceiling: minimal signed-in page")

else:

    class Manager(SignedIn):
        weight = 1
        role = "managers"

        def on_start(self) -> None:
            super().on_start()
            self.program = self.me["program"]
            self.pairs = self.me["pairs"]

        @task(4)
        def board(self) -> None:
            self.get(f"/programs/{self.program}/monitoring/", "manager: monitoring board")

        @task(2)
        def follow_up(self) -> None:
            pair = random.choice(self.pairs)
            self.get(f"/programs/{self.program}/monitoring/{pair}/", "manager: pair follow-up")

        @task(2)
        def report(self) -> None:
            self.get(f"/programs/{self.program}/report/", "manager: program report")

        @task(2)
        def program_pairs(self) -> None:
            self.get(f"/programs/{self.program}/pairs/", "manager: program's pairs")

        @task(2)
        def program_page(self) -> None:
            self.get(f"/programs/{self.program}/", "manager: program overview")

        @task(2)
        def directory(self) -> None:
            query = random.choice(("Person 1", "Person 4", "London", "Paris", "Sales"))
            self.get(f"/people/?q={query}", "manager: directory search")

    class Participant(SignedIn):
        weight = 4

        def on_start(self) -> None:
            super().on_start()
            self.pair = self.me["pair"]
            self.check_ins = list(self.me["check_ins"])

        @task(3)
        def home(self) -> None:
            self.get("/", "participant: home")

        @task(4)
        def pair_page(self) -> None:
            self.get(f"/pairs/{self.pair}/", "participant: pair page")

        @task(3)
        def messages(self) -> None:
            self.get(f"/pairs/{self.pair}/messages/", "participant: messages")

        @task(2)
        def send_message(self) -> None:
            self.sent += 1
            self.post(
                f"/pairs/{self.pair}/messages/",
                {"text": f"Load test message {self.sent} from {self.me['name']}."},
                "participant: send a message",
            )

        @task(2)
        def sessions(self) -> None:
            self.get(f"/pairs/{self.pair}/sessions/", "participant: sessions")

        @task(1)
        def check_in(self) -> None:
            if not self.check_ins:
                return self.home()
            path = f"/pairs/{self.pair}/check-ins/{self.check_ins.pop()}/"
            self.get(path, "participant: check-in form")
            self.post(
                path,
                {"took_place": "held", "usefulness": "3", "fit": "4", "comment": "Useful."},
                "participant: answer a check-in",
            )
