"""Fresh planner statistics after bulk writes (upward.core.statistics)."""

from __future__ import annotations

import pytest
from django.db import connection

from upward.core.statistics import BULK_ROWS, tables_analyze
from upward.core.testing.statistics import statistics_as_if_analyzed_empty
from upward.people.models import Department

pytestmark = [pytest.mark.planner_statistics, pytest.mark.django_db]


def _believed_rows(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return float(cursor.fetchone()[0])


def test_a_small_write_is_not_worth_an_analyze():
    assert tables_analyze(Department, rows_written=BULK_ROWS - 1) is False


def test_a_bulk_write_refreshes_the_statistics_inside_its_own_transaction():
    statistics_as_if_analyzed_empty(Department)
    Department.objects.bulk_create(Department(name=f"Team {n}") for n in range(BULK_ROWS))

    ran = tables_analyze(Department, rows_written=BULK_ROWS)

    if connection.vendor == "postgresql":
        # The planner now counts this transaction's own new rows, not the "empty" table.
        assert ran is True
        assert _believed_rows(Department) >= BULK_ROWS
    else:
        assert ran is False  # SQLite's planner keeps no such statistics to refresh


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_never_waits_on_another_transactions_analyze():
    """Two bulk writers (two demo seeds, a seed and a match run): the second skips its
    ANALYZE after a short wait instead of waiting for the first's transaction to end."""
    import threading

    from django.db import connections, transaction

    if connection.vendor != "postgresql":
        assert tables_analyze(Department) is False  # SQLite keeps no statistics, takes no lock
        return
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        try:
            with transaction.atomic():
                tables_analyze(Department)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    worker = threading.Thread(target=first_writer)
    worker.start()
    try:
        assert holding.wait(30)
        with transaction.atomic():
            ran = tables_analyze(Department)
            assert Department.objects.count() == 0  # the transaction is still usable
    finally:
        release.set()
        worker.join()
    assert ran is False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        assert cursor.fetchone()[0] == "0"  # the caller's setting is back


def test_a_bulk_build_never_waits_on_a_bulk_build_in_another_database():
    """Two test workers (or two installations on one server) each analyze their own
    database: the catalogs every database shares must stay out of it, or the second
    waits for the first's transaction to end."""
    if connection.vendor != "postgresql":
        assert tables_analyze() is False
        return
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(
        **{key: value for key, value in params.items() if key in ("host", "port", "user")},
        dbname="postgres",
    )
    try:
        other.execute("BEGIN")
        other.execute("ANALYZE")  # a bare ANALYZE: it locks the shared catalogs too
        assert tables_analyze(lock_wait="1s") is True
    finally:
        other.rollback()
        other.close()
