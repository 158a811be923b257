"""Fresh planner statistics after a large bulk write (PostgreSQL only).

PostgreSQL plans each query from the statistics ANALYZE last left for each
table. A table analyzed while it was nearly empty (by autovacuum, or before a
first import) is then believed to hold about one row. Right after a bulk write of
thousands of rows (a match run's proposals, an HR import), a read in the same
transaction, or before autovacuum's next pass, is planned for that one row:
nested loops that rescan whole tables, minutes for a page that takes
milliseconds (issue 16: the proposals page of 2,000 pairs sat for 16 minutes on
a default PostgreSQL). ANALYZE of just the written tables right after the write
fixes the estimates at once. It reads a fixed sample (at most 30,000 rows a
table), and inside the writing transaction it counts that transaction's own new
rows. SQLite plans without such statistics and needs nothing.
"""

from __future__ import annotations

from django.db import OperationalError, connection, transaction
from django.db.models import Model

# Below this many rows written, stale statistics cannot mislead the planner far.
BULK_ROWS = 500
# ANALYZE waits for another transaction that analyzed the same table to end (its
# statistics rows stay locked until then). A bulk write waits this long at most, then
# leaves the statistics to autovacuum; a bulk build (the demo, the benchmarks), which
# needs them, waits longer.
LOCK_WAIT = "2s"
BULK_BUILD_LOCK_WAIT = "25s"


def tables_analyze(
    *models: type[Model], rows_written: int | None = None, lock_wait: str = LOCK_WAIT
) -> bool:
    """ANALYZE the tables of `models` after a bulk write of `rows_written` rows.

    Returns whether it ran: on PostgreSQL, for a write of at least BULK_ROWS rows,
    or always when `rows_written` is None (a bulk build: the demo, the benchmarks).
    With no model, every table of Upward's models is analyzed, named one by one: a
    bare ANALYZE also analyzes the catalogs every database of the server shares
    (pg_database, pg_authid...), and its lock on them, held until the transaction
    ends, made a bulk build in one database wait for a bulk build in another (two
    test workers, each in its own database, queued 25 s at every seed step).
    """
    if connection.vendor != "postgresql":
        return False
    if rows_written is not None and rows_written < BULK_ROWS:
        return False
    quote = connection.ops.quote_name
    if models:
        tables = list(dict.fromkeys(model._meta.db_table for model in models))
    else:
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
    statement = "ANALYZE " + ", ".join(quote(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        try:
            with transaction.atomic():  # a savepoint: a lock timeout leaves the caller whole
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_wait])
                cursor.execute(statement)
        except OperationalError:
            return False
        finally:
            if connection.in_atomic_block:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return True
