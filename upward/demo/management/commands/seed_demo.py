"""manage.py seed_demo: fill the directory with Northwind, the demo company, and its logins."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.demo.company import DEFAULT_SEED, SIZES, size_from_option
from upward.demo.logins import demo_login_details
from upward.demo.management.commands.demo_logins import write_logins
from upward.demo.services import demo_seed
from upward.people.models import Person


def _size(value: str) -> int:
    try:
        return size_from_option(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Seed the directory with the demo company (built through the HR import), create the "
        "four demo logins and one demo program in each status. Deterministic for a given "
        "--size and --seed; running it again changes nothing."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--size",
            type=_size,
            default=SIZES["small"],
            help=(
                f"small ({SIZES['small']} people, the default), large ({SIZES['large']:,}, "
                "for benchmarks) or a number of people"
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the directory already has people (for `make run`)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo people first (needed to switch to another size)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even when the directory holds people outside the demo (they become "
            "inactive)",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="print the demo logins at the end (as `manage.py demo_logins` does)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (existing := Person.objects.count()):
            self.stdout.write(
                f"The directory already has {existing:,} people: demo data left as it is."
            )
            return
        size, seed = options["size"], options["seed"]
        self.stdout.write(f"Seeding the demo company: {size:,} people (seed {seed})...")
        try:
            result = demo_seed(
                size=size, seed=seed, reset=options["reset"], replace_others=options["force"]
            )
        except ApplicationError as error:
            report = error.extra.get("report")
            details = "".join(f"\n  {line}" for line in (report.errors if report else [])[:10])
            hint = (
                "\nIs the directory a demo company of another size or seed? Add --reset."
                if report is not None
                else ""
            )
            raise CommandError(f"{error.message}{details}{hint}") from None
        seconds = result.seconds
        self.stdout.write(result.report.summary())
        self.stdout.write(
            f"Demo logins: {result.logins_created} created, "
            f"{len(demo_login_details()) - result.logins_created} already there "
            "(`manage.py demo_logins` lists them)."
        )
        programs = result.programs
        self.stdout.write(
            f"Demo programs: {len(programs.created)} created "
            f"({programs.registrations} registrations, {programs.invitations} invitations), "
            f"{len(programs.skipped)} already there."
        )
        cohort = programs.closed_cohort
        if cohort.pairs:
            self.stdout.write(
                f"Closed cohort: {cohort.pairs} pairs ({cohort.completed} completed, "
                f"{cohort.ended_early} ended early), {cohort.sessions_held} sessions held."
            )
        pairs = result.pairs
        self.stdout.write(
            "Demo pairs: already there."
            if pairs.skipped
            else f"Demo pairs: {pairs.pairs} live, {pairs.sessions} sessions."
        )
        watch = result.monitoring
        if not watch.skipped and watch.check_ins:
            self.stdout.write(
                f"Monitoring: {count_of(watch.check_ins, 'check-in')} answered, "
                f"{count_of(watch.nudges, 'nudge')}, {count_of(watch.concerns, 'open concern')}, "
                f"{count_of(watch.snapshots, 'weekly health snapshot')}"
                + (f"; {watch.flagged} flagged across two pairs." if watch.flagged else ".")
            )
        self.stdout.write(
            f"Took {sum(seconds.values()):.1f} s ("
            + ", ".join(f"{step} {took:.2f} s" for step, took in seconds.items())
            + ")."
        )
        if options["print_logins"]:
            self.stdout.write("")
            write_logins(self.stdout)
