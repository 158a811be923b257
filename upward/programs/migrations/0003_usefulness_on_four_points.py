"""Check-ins rate usefulness on four anchored points, not five stars: move the KPI with them.

The usefulness KPI was created with the unit "/5" before check-ins existed, so
nothing was ever measured against it. Its target is rescaled to the four-point
scale (4/5 becomes 3.2/4), keeping what the manager asked for.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations


def to_four_points(apps, schema_editor):
    Kpi = apps.get_model("programs", "Kpi")
    for kpi in Kpi.objects.filter(kind="usefulness", unit="/5"):
        kpi.target = (kpi.target * 4 / 5).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        kpi.unit = "/4"
        kpi.save(update_fields=["target", "unit"])


def to_five_points(apps, schema_editor):
    Kpi = apps.get_model("programs", "Kpi")
    for kpi in Kpi.objects.filter(kind="usefulness", unit="/4"):
        kpi.target = (kpi.target * 5 / 4).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        kpi.unit = "/5"
        kpi.save(update_fields=["target", "unit"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_self_ratings")]
    operations = [migrations.RunPython(to_four_points, to_five_points)]
