"""Seeding the demo: the company goes in through the real HR import, then logins and programs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from upward.accounts.models import User
from upward.core import clock
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.statistics import BULK_BUILD_LOCK_WAIT, tables_analyze
from upward.demo.company import DEMO_DOMAIN, generate_company
from upward.demo.logins import DemoLogin, demo_login_details
from upward.demo.matching_demo import demo_matching_prepare
from upward.demo.monitoring import DemoMonitoringResult, demo_monitoring_seed
from upward.demo.pair_space import DemoPairsResult, demo_pairs_seed
from upward.demo.programs import DemoProgramsResult, demo_programs_delete, demo_programs_seed
from upward.people.importing import DeactivationGuard, ImportReport, people_import_rows
from upward.people.models import Person
from upward.people.services import person_link_user
from upward.reports.services import kpi_snapshots_week

AUDIT_ACTION_LOGINS = "demo.logins_created"
AUDIT_ACTION_RESET = "demo.reset"


@dataclass
class DemoSeedResult:
    size: int
    seed: int
    report: ImportReport
    logins_created: int
    programs: DemoProgramsResult = field(default_factory=DemoProgramsResult)
    pairs: DemoPairsResult = field(default_factory=DemoPairsResult)
    monitoring: DemoMonitoringResult = field(default_factory=DemoMonitoringResult)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock time of each step: generate, import, logins, programs, pairs, monitoring."""


def people_outside_demo() -> int:
    """Active people whose email is not on the demo domain: real data a re-seed would retire."""
    return Person.objects.filter(is_active=True).exclude(email__iendswith=f"@{DEMO_DOMAIN}").count()


@transaction.atomic
def demo_seed(
    *,
    size: int,
    seed: int,
    actor: User | None = None,
    reset: bool = False,
    replace_others: bool = False,
) -> DemoSeedResult:
    """Make the directory the demo company of `size` people built from `seed`, with the logins.

    The company is imported as a full sync, so running it again with the same
    size and seed changes nothing, and anyone not in the company is made
    inactive: unless `replace_others`, a directory holding people outside the
    demo domain is refused. A company of another size cannot always be
    synced over the old one (the import keeps every email with its first
    owner), so `reset` deletes the demo people first.
    """
    if not replace_others and (others := people_outside_demo()):
        raise ApplicationError(
            f"The directory has {others} active people outside @{DEMO_DOMAIN}; seeding the demo "
            "would mark them inactive. Use a fresh database, or force it if that is intended."
        )
    seconds: dict[str, float] = {}
    if reset:
        started = time.perf_counter()
        demo_reset(actor=actor)
        seconds["reset"] = time.perf_counter() - started
    started = time.perf_counter()
    rows = generate_company(size, seed)
    seconds["generate"] = time.perf_counter() - started

    started = time.perf_counter()
    report = people_import_rows(
        rows=rows,
        actor=actor,
        full_sync=True,
        source=f"demo company (size {size}, seed {seed})",
        # Checked above: only demo people, or people the caller chose to replace, can go.
        guard=DeactivationGuard(allow_mass=True),
    )
    seconds["import"] = time.perf_counter() - started
    # The programs and pairs below are built from queries over the fresh directory.
    tables_analyze(lock_wait=BULK_BUILD_LOCK_WAIT)

    started = time.perf_counter()
    created = demo_logins_ensure(actor=actor)
    seconds["logins"] = time.perf_counter() - started

    started = time.perf_counter()
    programs = demo_programs_seed(today=clock.today())
    demo_matching_prepare()
    # The pairs below are read from these registrations.
    tables_analyze(lock_wait=BULK_BUILD_LOCK_WAIT)
    seconds["programs"] = time.perf_counter() - started

    started = time.perf_counter()
    pairs = demo_pairs_seed(today=clock.today())
    # Monitoring reads every pair, session and check-in just written.
    tables_analyze(lock_wait=BULK_BUILD_LOCK_WAIT)
    seconds["pairs"] = time.perf_counter() - started

    started = time.perf_counter()
    monitoring = demo_monitoring_seed(today=clock.today())
    # This week's KPI figures, as the Monday job would have taken them: the overview shows them.
    kpi_snapshots_week()
    seconds["monitoring"] = time.perf_counter() - started
    # Everything above was written in moments; the pages read it next (issue 16).
    tables_analyze(lock_wait=BULK_BUILD_LOCK_WAIT)
    return DemoSeedResult(
        size=size,
        seed=seed,
        report=report,
        logins_created=created,
        programs=programs,
        pairs=pairs,
        monitoring=monitoring,
        seconds=seconds,
    )


@transaction.atomic
def demo_reset(*, actor: User | None = None) -> int:
    """Delete every person on the demo domain (their logins stay); the number deleted.

    The demo programs go first: they are built from those people. Only demo
    data is ever deleted: real people are made inactive by the import, never
    removed.
    """
    demo_programs_delete()
    demo_people = Person.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
    # Cutting the reporting lines first spares the delete one UPDATE per manager.
    demo_people.exclude(manager=None).update(manager=None)
    deleted = demo_people.count()
    demo_people.delete()
    audit_log(
        actor=actor,
        action=AUDIT_ACTION_RESET,
        summary=f"Demo company deleted ({deleted} people)",
        data={"deleted": deleted},
    )
    return deleted


@transaction.atomic
def demo_logins_ensure(*, actor: User | None = None) -> int:
    """Create or repair the four demo logins; the number created.

    Each gets its documented password and role, a verified primary email (the
    instance requires verification before sign-in) and its directory entry.
    """
    created = repaired = 0
    for login in demo_login_details():
        user, status = _demo_user(login)
        created += status == "created"
        email_changed = _verified_primary_email(user, login.email)
        link_changed = _link_person(user, login.email)
        repaired += status == "updated" or email_changed or link_changed
        if login.key == "administrator":
            from upward.demo.api_token import demo_api_token_ensure

            demo_api_token_ensure(administrator=user)
    if created or repaired:
        # Like the import, a run that changes nothing leaves no trace in the log.
        audit_log(
            actor=actor,
            action=AUDIT_ACTION_LOGINS,
            summary=f"Demo logins made ready: {created} created, {repaired} repaired",
            data={"created": created, "repaired": repaired},
        )
    return created


def _demo_user(login: DemoLogin) -> tuple[User, str]:
    """The login and whether it was created, updated or unchanged."""
    user = User.objects.filter(email__iexact=login.email).first()
    if user is None:
        user = User.objects.create_user(
            login.email, login.password, full_name=login.name, role=login.account_role
        )
        return user, "created"
    changed: list[str] = []
    for attribute, value in (
        ("role", login.account_role),
        ("full_name", login.name),
        ("is_active", True),
    ):
        if getattr(user, attribute) != value:
            setattr(user, attribute, value)
            changed.append(attribute)
    if not user.check_password(login.password):
        user.set_password(login.password)
        changed.append("password")
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
        return user, "updated"
    return user, "unchanged"


def _link_person(user: User, email: str) -> bool:
    """Tie the login to the person holding its email.

    Seeding another company over the demo keeps employee ids but may hand a
    persona's email to another id, so the login follows the email.
    """
    person = Person.objects.select_for_update().filter(email__iexact=email).first()
    if person is None or person.user_id == user.pk:
        return False
    Person.objects.filter(user=user).update(user=None)
    if person.user_id is None:
        person_link_user(user=user)
    return True


def _verified_primary_email(user: User, email: str) -> bool:
    """Make `email` the login's verified primary address; True when that changed anything."""
    demoted = (
        EmailAddress.objects.filter(user=user, primary=True)
        .exclude(email__iexact=email)
        .update(primary=False)
    )
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return True
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
        return True
    return bool(demoted)
