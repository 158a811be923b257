"""Self-identification answers encrypted at rest (issue 13): the column becomes text
holding Fernet tokens, and rows written before are encrypted in place."""

from django.db import migrations

import upward.core.crypto


def encrypt_existing(apps, schema_editor):
    from upward.core.crypto import encrypt_text

    connection = schema_editor.connection
    table = connection.ops.quote_name("programs_selfidentification")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, answers FROM {table}")
        rows = cursor.fetchall()
        for pk, raw in rows:
            if raw is None or str(raw).startswith("gAAAAA"):  # a Fernet token already
                continue
            cursor.execute(
                f"UPDATE {table} SET answers = %s WHERE id = %s", [encrypt_text(str(raw)), pk]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_kpi_measure"),
    ]

    operations = [
        migrations.AlterField(
            model_name="selfidentification",
            name="answers",
            field=upward.core.crypto.EncryptedJSONField(default=dict),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, elidable=False),
    ]
