from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from upward.core.erased import ERASED_ID_PREFIX
from upward.core.models import TimeStampedModel

LINE_SEPARATOR = "/"


class Department(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """One employee, as the HR export describes them.

    The reporting line is kept as a materialised path of primary keys,
    `line_path` = "/<ceo>/<...>/<manager>/<self>/", rewritten by the import
    whenever a manager changes. Ancestors are the path itself and descendants
    a prefix match, so "are these two in the same reporting line?" costs no
    query per level, for one pair or for thousands.
    """

    employee_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    title = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(help_text="Grade: higher is more senior.")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    location = models.CharField(max_length=200, blank=True, db_index=True)
    timezone = models.CharField(max_length=64, default="UTC")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    line_path = models.CharField(max_length=2000, blank=True, db_index=True)
    hire_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name", "employee_id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")), name="person_not_own_manager"
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "level"]),
            models.Index(fields=["is_active", "department"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"

    @property
    def is_erased(self) -> bool:
        """Their data was erased (upward.privacy): only a pseudonym is left."""
        return self.employee_id.startswith(ERASED_ID_PREFIX)

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys of the managers above this person, direct manager first."""
        ids = [int(part) for part in self.line_path.split(LINE_SEPARATOR) if part]
        return list(reversed(ids[:-1]))

    def is_in_reporting_line_of(self, other: Person) -> bool:
        """True when one of the two manages the other, directly or not."""
        mine, theirs = self.line_path, other.line_path
        return bool(mine and theirs) and (mine.startswith(theirs) or theirs.startswith(mine))


class StagedImport(models.Model):
    """An uploaded HR file held between a full sync's preview and its confirmation.

    Kept in the database rather than on a server's disk, so the confirmation
    may reach any application server. Deleted once confirmed; the cleanup job
    removes any left unconfirmed for a day.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Staged import {self.pk} ({self.file_name})"


class DirectoryChange(models.Model):
    """A level or a leave date an HR import changed, with the day it did.

    The directory itself only holds today's values; reports compare how people
    progressed and stayed (junior mentors against comparable colleagues), so
    the import keeps these two kinds of change with their date.
    """

    class Field(models.TextChoices):
        LEVEL = "level", "Level"
        LEAVE_DATE = "leave_date", "Leave date"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=16, choices=Field.choices)
    old_level = models.PositiveSmallIntegerField(null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(null=True, blank=True)
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField(null=True, blank=True)
    changed_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["person", "changed_on", "pk"]
        indexes = [models.Index(fields=["field", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.field} on {self.changed_on}"


class ErasedEmployee(models.Model):
    """A tombstone: an erased person's employee id, kept only as a keyed hash.

    The HR import skips rows whose id matches, so the next import does not bring
    back someone whose data was erased (upward.privacy). The hash is keyed with
    the site's secret, so the table alone does not confirm a guessed id. An
    administrator lifts a tombstone by typing the id (people/erased/).
    """

    key = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Erased employee {self.key[:8]}…"
