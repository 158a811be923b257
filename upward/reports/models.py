from django.db import models


class KpiSnapshot(models.Model):
    """A KPI's value one week (None: not measured that week), kept for its trend.

    Written each Monday by the scheduler for running programs, and once more
    when a program has closed: its final figures.
    """

    kpi = models.ForeignKey("programs.Kpi", on_delete=models.CASCADE, related_name="snapshots")
    week = models.DateField(help_text="The Monday of the week.")
    value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    n = models.PositiveIntegerField(default=0)
    final = models.BooleanField(default=False)

    class Meta:
        ordering = ["kpi", "week"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "week"], name="kpi_snapshot_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} in the week of {self.week}: {self.value}"
