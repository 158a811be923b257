from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Role(models.TextChoices):
    """The instance-wide role. Managing one program is granted per program."""

    ADMINISTRATOR = "administrator", "Administrator"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    MEMBER = "member", "Member"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. The person behind it (title, level, manager) lives in people.Person."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def is_staff(self) -> bool:
        """Django's admin site is for administrators only."""
        return self.role == Role.ADMINISTRATOR

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return self.is_administrator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_administrator or super().has_module_perms(app_label)

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMINISTRATOR

    @property
    def can_manage_programs(self) -> bool:
        return self.is_active and self.role in {Role.ADMINISTRATOR, Role.PROGRAM_MANAGER}

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]


class EmailChange(models.Model):
    """A login-email change someone else asked for, on its way to taking effect.

    An administrator's change never applies at once: the new address must be
    confirmed, and the old address is told at once and can stop it during the
    hold (UPWARD_EMAIL_CHANGE_HOLD_HOURS). So nobody can take over a login
    silently by pointing it at an address they own (docs/privacy.md).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    old_email = models.EmailField(max_length=254)
    new_email = models.EmailField(max_length=254)
    confirm_hash = models.CharField(max_length=64, unique=True)
    cancel_hash = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField()
    takes_effect_at = models.DateTimeField(help_text="The end of the hold.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One change on its way per login: a second request replaces the first.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(applied_at__isnull=True, cancelled_at__isnull=True),
                name="email_change_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Email change {self.pk} of user {self.user_id}"

    @property
    def is_pending(self) -> bool:
        return self.applied_at is None and self.cancelled_at is None


class SignIn(models.Model):
    """One successful sign-in: the person's own history (their data export), kept as
    long as the audit log (UPWARD_RETENTION_SIGN_INS_DAYS). Not in the audit log, which
    records what was done, not every visit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Sign-in of user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
