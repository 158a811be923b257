"""The demo company, seeded once per test module.

Seeding takes seconds, so each module that asks for `seeded` shares one seed
inside a transaction rolled back at the module's end; each test runs in its own
savepoint. Every such module stays on one xdist worker (its own group), so the
seed is paid once per module, not once per worker.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from upward.demo.company import DEFAULT_SEED
from upward.demo.services import DemoSeedResult, demo_seed


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The default demo (400 people), as `manage.py seed_demo` makes it."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The seed refreshes PostgreSQL's statistics between its steps (issue 16: on a
        # default cluster it once sat 19 minutes in one SELECT); the worst-case statistics
        # themselves are forced in upward/matching/tests/test_runs_views.py.
        yield demo_seed(size=400, seed=DEFAULT_SEED)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once: DemoSeedResult, db: None) -> DemoSeedResult:
    return seeded_once


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # On PostgreSQL every seeded module shares one worker: each seed ANALYZEs inside its
    # module-long transaction and keeps that lock until the module ends, so two seeds on
    # two workers would wait on each other. SQLite has no such lock: one group a module.
    # Tests that force the statistics hold the same locks for their own transaction.
    one_worker = connection.vendor == "postgresql"
    for item in items:
        if one_worker and item.get_closest_marker("planner_statistics"):
            item.add_marker(pytest.mark.xdist_group("demo-seed"))
        elif "seeded_once" in getattr(item, "fixturenames", ()):
            group = "demo-seed" if one_worker else f"demo-seed:{item.module.__name__}"
            item.add_marker(pytest.mark.xdist_group(group))
