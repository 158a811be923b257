"""Fresh planner statistics after bulk writes (upward.core.statistics)."""

from __future__ import annotations

import pytest
from django.db import connection

from upward.core.statistics import BULK_ROWS, tables_analyze
from upward.core.testing.statistics import statistics_as_if_analyzed_empty
from upward.people.models import Department

pytestmark = pytest.mark.django_db


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
