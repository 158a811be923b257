"""Re-encrypt every encrypted value with the newest key (the first of UPWARD_ENCRYPTION_KEYS)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from upward.core.crypto import EncryptedJSONField, rotate_token


class Command(BaseCommand):
    help = (
        "After putting a new key first in UPWARD_ENCRYPTION_KEYS: re-encrypt every stored "
        "value with it, so the old key can then be dropped (docs/privacy.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedJSONField):
                    total += self._rotate(model._meta.db_table, str(field.column))
        self.stdout.write(f"{total:,} value(s) re-encrypted with the newest key.")

    @transaction.atomic
    def _rotate(self, table: str, column: str) -> int:
        # Raw SQL: the tokens are rotated as they are, never decrypted into Python objects.
        quoted_table, quoted_column = (connection.ops.quote_name(n) for n in (table, column))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {quoted_column} FROM {quoted_table} "  # noqa: S608 - quoted names
                f"WHERE {quoted_column} IS NOT NULL FOR UPDATE"
                if connection.vendor == "postgresql"
                else f"SELECT id, {quoted_column} FROM {quoted_table} "  # noqa: S608
                f"WHERE {quoted_column} IS NOT NULL"
            )
            rows = cursor.fetchall()
            for pk, token in rows:
                cursor.execute(
                    f"UPDATE {quoted_table} SET {quoted_column} = %s WHERE id = %s",  # noqa: S608
                    [rotate_token(token), pk],
                )
        return len(rows)
