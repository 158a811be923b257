"""Put PostgreSQL's planner in the state that made pages hang on a default cluster.

In a test suite on PostgreSQL with autovacuum on (its default), autovacuum analyzes
tables that hold only the dead rows of rolled-back tests: ANALYZE then records
pages but no live row, and the planner believes any number of new rows to be one.
Tests of large pages call `statistics_as_if_analyzed_empty` first, so they meet
that state on every run instead of by chance, and a statement timeout turns a
hang into a failure.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

TIMEOUT = "30s"


def statistics_as_if_analyzed_empty(*models: type[Model]) -> None:
    """Record "pages, no rows" for the tables of `models` (PostgreSQL; a no-op elsewhere).

    Written straight into pg_class, inside the test's transaction, so it is undone
    with it. That needs a superuser, as CI's database user is; under another user only
    the statement timeout is set.
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = '{TIMEOUT}'")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            "UPDATE pg_class SET reltuples = 0, relpages = 1 "
            "WHERE oid IN (SELECT c.oid FROM pg_class c "
            "LEFT JOIN pg_index i ON i.indexrelid = c.oid "
            "WHERE c.relname = ANY(%s) OR i.indrelid IN "
            "(SELECT oid FROM pg_class WHERE relname = ANY(%s)))",
            [tables, tables],
        )
