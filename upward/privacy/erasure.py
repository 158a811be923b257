"""Erasure of one person (GDPR Article 17): what goes, what stays without identity.

The rules, and why (docs/privacy.md says the same in plain words):
- The directory entry and the login stay as a stable pseudonym ("A former
  participant", an `erased-…` id and an address under `.invalid`), so the
  partner's pair, the program's counts and every foreign key stay whole.
- What the person wrote alone is deleted: private and shared notes, learnings,
  self-identification, registration goals and answers, check-in comments,
  reflections' text, concern texts and their messages, decline reasons.
- Messages they wrote in the pair's thread are kept as rows whose text is
  replaced by a sentence saying it was removed: the partner's own messages
  still read in order, and nothing the erased person wrote survives.
- Numbers that feed aggregates (ratings, usefulness, fit, counts, levels,
  skills, dates) stay, without identity.
- Every other text column of every table is then searched for the person's
  name, email addresses and employee id, and each occurrence is replaced:
  the audit log, match-run summaries, webhook payloads, the admin's log.
  Task results and HR files held for import that mention them are deleted.
- A tombstone (a keyed hash of the employee id) stops the HR import from
  bringing the person back.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from upward.accounts.models import EmailChange, Role, SignIn, User
from upward.accounts.services import end_sessions_of
from upward.core.audit import audit_log
from upward.core.erased import ERASED_EMAIL_DOMAIN, ERASED_ID_PREFIX, ERASED_NAME
from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.feedback.models import CheckIn, Concern, ConcernContact, ConcernHandler, ConcernMessage
from upward.pairs.models import (
    CalendarFeed,
    Goal,
    GoalOwner,
    GoalUpdate,
    Learning,
    Message,
    Pair,
    Reflection,
    SessionNote,
)
from upward.people.erased import erased_key
from upward.people.models import ErasedEmployee, Person
from upward.programs.models import Invitation, ProgramManager, Registration, SelfIdentification

PARTNER_LEFT = "Your partner left the program."
MESSAGE_REMOVED = "(This message was removed when its author's data was erased.)"
GOAL_REMOVED = "(removed when its author's data was erased)"
REDACTED = "[erased]"
# Shorter strings would match inside unrelated words.
MIN_NEEDLE = 3


@dataclass
class ErasureOutcome:
    pseudonym: str
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, number: int) -> None:
        if number:
            self.counts[what] = self.counts.get(what, 0) + number


def erasure_effects(person: Person) -> list[str]:
    """What erasing `person` does, one sentence each, for the confirmation page."""
    registrations = Registration.objects.filter(person=person)
    pairs = Pair.objects.filter(Q(mentor__in=registrations) | Q(mentee__in=registrations))
    live = pairs.filter(status__in=["live", "proposed"]).count()
    notes = SessionNote.objects.filter(author__in=registrations).count()
    messages = Message.objects.filter(author__in=registrations).count()
    name_rule = (
        "their name, addresses and employee id"
        if not _shared(person.name, person, person.user)
        else "their addresses and employee id (their name is shared with someone else in the "
        "directory, so free texts are searched for it only next to their employee id)"
    )
    return [
        f"{person.name}'s name, email, employee id and login are replaced by the pseudonym "
        f"“{ERASED_NAME}” everywhere; they cannot sign in again and no email reaches them.",
        f"Deleted: {count_of(notes, 'note')} they wrote, their learnings, self-identification, "
        "registration goals and answers, check-in comments, closing reflections' text and "
        "the text of concerns they raised.",
        f"Their {count_of(messages, 'message')} stay in their partners' threads as "
        f"“{MESSAGE_REMOVED}”",
        f"Their {count_of(registrations.count(), 'registration')} and "
        f"{count_of(pairs.count(), 'pair')} stay as numbers (ratings, sessions, counts) so the "
        "programs' reports stay right, without their identity."
        + (
            f" {count_of(live, 'pair')} still live or proposed end now: each partner is told "
            f"“{PARTNER_LEFT}” and the sessions ahead are cancelled."
            if live
            else ""
        ),
        f"The audit log, match runs and every other record are searched for {name_rule}, "
        "which are replaced; their calendar feeds, API tokens and sessions are revoked.",
        "The next HR import skips their employee id, until an administrator lifts that.",
        "This cannot be undone.",
    ]


@transaction.atomic
def person_erase(*, actor: User, person: Person) -> ErasureOutcome:
    """Erase `person` and their login, if any. See the module's docstring for the rules."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.is_erased:
        raise ApplicationError("This person's data was already erased.")
    user = person.user
    if user is not None and user.pk == actor.pk:
        raise ApplicationError("You cannot erase yourself; ask another administrator.")
    if user is not None and user.role == Role.ADMINISTRATOR:
        others = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ApplicationError("Upward needs at least one administrator.")
    needles = _needles(person, user)
    outcome = ErasureOutcome(pseudonym=ERASED_ID_PREFIX + secrets.token_hex(6))
    registrations = list(Registration.objects.filter(person=person).values_list("pk", flat=True))
    _delete_exports_naming(person, registrations, outcome)
    _delete_what_they_wrote(registrations, user, outcome)
    ErasedEmployee.objects.get_or_create(
        key=erased_key(person.employee_id), defaults={"erased_at": timezone.now()}
    )
    # Pseudonymised before their pairs end: the emails those services send read the
    # address at that moment, so none can reach the person once erasure commits.
    _pseudonymise(person, user, outcome)
    _leave_programs(registrations, actor, outcome)
    _scrub_everywhere(needles, outcome)
    audit_log(
        actor=actor,
        action="person.erased",
        summary=f"A person's data was erased; they read as {ERASED_NAME} ({outcome.pseudonym})",
        target=person,
        data={"counts": outcome.counts},
    )
    return outcome


def _needles(person: Person, user: User | None) -> list[str]:
    """The strings that identify the person and no one else.

    Addresses and the employee id always; "Name (employee id)", the way Upward's own
    records name people; and the bare name only when nobody else in the directory or
    among the logins has it, so a namesake's records are never rewritten.
    """
    found = {person.email, person.employee_id, f"{person.name} ({person.employee_id})"}
    names = {person.name.strip()}
    if user is not None:
        found.add(user.email)
        if user.full_name.strip():
            names.add(user.full_name.strip())
        for change in EmailChange.objects.filter(user=user):
            found |= {change.old_email, change.new_email}
        from allauth.account.models import EmailAddress

        found |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    found |= {name for name in names if not _shared(name, person, user)}
    return sorted(
        (needle.strip() for needle in found if len(needle.strip()) >= MIN_NEEDLE),
        key=len,
        reverse=True,  # the email before the name it may contain
    )


def _shared(name: str, person: Person, user: User | None) -> bool:
    namesakes = Person.objects.filter(name__iexact=name).exclude(pk=person.pk).exists()
    logins = User.objects.filter(full_name__iexact=name)
    if user is not None:
        logins = logins.exclude(pk=user.pk)
    return namesakes or logins.exists()


def _leave_programs(registrations: list[int], actor: User, outcome: ErasureOutcome) -> None:
    """Their live pairs end (sessions ahead cancelled for the partner), proposals are
    withdrawn and registrations left, so nobody waits for a person who is gone."""
    from upward.pairs.models import PairStatus
    from upward.pairs.services.answers import pair_end, pair_withdraw
    from upward.programs.models import RegistrationStatus
    from upward.programs.services.registration import registration_withdraw

    theirs = Q(mentor__in=registrations) | Q(mentee__in=registrations)
    for pair_id in Pair.objects.filter(theirs, status=PairStatus.LIVE).values_list("pk", flat=True):
        pair_end(pair_id=pair_id, actor=actor, reason=PARTNER_LEFT)
        outcome.add("pairs ended", 1)
    for pair_id in Pair.objects.filter(theirs, status=PairStatus.PROPOSED).values_list(
        "pk", flat=True
    ):
        pair_withdraw(pair_id=pair_id, actor=actor, reason=PARTNER_LEFT)
        outcome.add("proposals withdrawn", 1)
    for registration in Registration.objects.filter(
        pk__in=registrations, status=RegistrationStatus.REGISTERED
    ):
        registration_withdraw(registration=registration, actor=actor)


def _delete_exports_naming(
    person: Person, registrations: list[int], outcome: ErasureOutcome
) -> None:
    """Their own exports, and their partners' (which name them): compressed ZIPs that the
    text search below cannot read."""
    from upward.privacy.models import DataExport

    partners = Registration.objects.filter(
        Q(pairs_as_mentor__mentee__in=registrations) | Q(pairs_as_mentee__mentor__in=registrations)
    ).values("person")
    naming = DataExport.objects.filter(Q(subject=person) | Q(subject__in=partners))
    outcome.add("data exports", naming.delete()[0])


def _delete_what_they_wrote(
    registrations: list[int], user: User | None, outcome: ErasureOutcome
) -> None:
    mine = Q(author__in=registrations)
    outcome.add("notes", SessionNote.objects.filter(mine).delete()[0])
    outcome.add("learnings", Learning.objects.filter(mine).delete()[0])
    outcome.add("messages", Message.objects.filter(mine).update(text=MESSAGE_REMOVED))
    outcome.add("goal updates", GoalUpdate.objects.filter(mine).update(text=""))
    for side in (GoalOwner.MENTOR, GoalOwner.MENTEE):
        own_goals = Goal.objects.filter(owner=side, **{f"pair__{side}__in": registrations})
        outcome.add("goals", own_goals.update(title=GOAL_REMOVED, description=""))
        Pair.objects.filter(**{f"{side}__in": registrations}).update(
            **{f"{side}_decline_reason": ""}
        )
    outcome.add(
        "check-in comments",
        CheckIn.objects.filter(mine).update(comment="", share_comment=False, tap_nonce=""),
    )
    outcome.add("reflections", Reflection.objects.filter(mine).update(text=""))
    raised = Concern.objects.filter(raised_by__in=registrations)
    ConcernMessage.objects.filter(concern__in=raised, from_raiser=True).delete()
    outcome.add("concerns", raised.update(text=""))
    outcome.add(
        "self-identification",
        SelfIdentification.objects.filter(registration__in=registrations).delete()[0],
    )
    Registration.objects.filter(pk__in=registrations).update(
        goals="", answers={}, availability=[], languages=[]
    )
    if user is None:
        return
    ConcernMessage.objects.filter(author=user).delete()
    ConcernHandler.objects.filter(user=user).delete()
    ConcernContact.objects.filter(user=user).delete()
    ProgramManager.objects.filter(user=user).delete()
    outcome.add("calendar feeds", CalendarFeed.objects.filter(user=user).delete()[0])
    _delete_logins_of(user, outcome)


def _delete_logins_of(user: User, outcome: ErasureOutcome) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from upward.api.models import ApiToken, IdempotentReply, WebhookEndpoint

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    EmailChange.objects.filter(user=user).delete()
    SignIn.objects.filter(user=user).delete()
    outcome.add("API tokens", ApiToken.objects.filter(user=user).delete()[0])
    WebhookEndpoint.objects.filter(owner=user).delete()
    IdempotentReply.objects.filter(owner=f"user:{user.pk}").delete()
    outcome.add("sessions", end_sessions_of(user.pk))


def _pseudonymise(person: Person, user: User | None, outcome: ErasureOutcome) -> None:
    address = f"{outcome.pseudonym}@{ERASED_EMAIL_DOMAIN}"
    Invitation.objects.filter(person=person).update(decline_reason="", nonce="")
    Person.objects.filter(pk=person.pk).update(
        employee_id=outcome.pseudonym,
        name=ERASED_NAME,
        email=address,
        title="",
        location="",
        timezone="UTC",
        hire_date=None,
        birth_year=None,
        is_active=False,
        # Level and department stay for the reports' comparisons; the place in the
        # reporting line would point at the person, so it goes.
        manager=None,
        line_path=f"/{person.pk}/",
    )
    if user is not None:
        user.email = address
        user.full_name = ""
        user.role = Role.MEMBER
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save(
            update_fields=["email", "full_name", "role", "is_active", "last_login", "password"]
        )


# Rows handled above, or holding only keys and numbers.
_SKIP_SCRUB = {"people.person", "accounts.user", "sessions.session"}


def _scrub_everywhere(needles: list[str], outcome: ErasureOutcome) -> None:
    """Replace every remaining occurrence of the person's strings in every text column."""
    if not needles:
        return
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(needle)}(?!\w)" for needle in needles), re.IGNORECASE
    )
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in _SKIP_SCRUB or model._meta.proxy:
            continue
        if label == "django_tasks_db.dbtaskresult":
            outcome.add("task results", _matching_rows(model, needles).delete()[0])
            continue
        _scrub_model(model, pattern, needles, outcome)
    _scrub_binary_files(needles, outcome)
    _scrub_database_cache(needles)


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
    ]


def _matching_rows(model: type[models.Model], needles: Iterable[str]) -> models.QuerySet[Any]:
    fields = _text_fields(model)
    if not fields:
        return cast("models.QuerySet[Any]", model._default_manager.none())
    annotations = {f"_t_{f.attname}": Cast(f.attname, TextField()) for f in fields}
    match = Q()
    for needle in needles:
        for name in annotations:
            match |= Q(**{f"{name}__icontains": needle})
            # JSON text escapes non-ASCII as \uXXXX; search the escaped form too.
            escaped = json.dumps(needle)[1:-1]
            if escaped != needle:
                match |= Q(**{f"{name}__icontains": escaped})
    return cast(
        "models.QuerySet[Any]", model._default_manager.annotate(**annotations).filter(match)
    )


def _scrub_model(
    model: type[models.Model], pattern: re.Pattern[str], needles: list[str], outcome: ErasureOutcome
) -> None:
    fields = _text_fields(model)
    if not fields:
        return
    names = [f.attname for f in fields]
    scrubbed = 0
    for row in _matching_rows(model, needles).values("pk", *names):
        changes = {}
        for name in names:
            value = row[name]
            new = _scrub_value(value, pattern)
            if new != value:
                changes[name] = new
        if changes:
            _update_row(model, row["pk"], changes)
            scrubbed += 1
    outcome.add(f"scrubbed {model._meta.verbose_name_plural}", scrubbed)


def _update_row(model: type[models.Model], pk: Any, changes: dict[str, Any]) -> None:
    from upward.core.append_only import allow_audit_rewrite

    with allow_audit_rewrite():
        model._default_manager.filter(pk=pk).update(**changes)


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    def replace(match: re.Match[str]) -> str:
        return (
            REDACTED
            if "@" in match.group(0) or any(c.isdigit() for c in match.group(0))
            else ERASED_NAME
        )

    if isinstance(value, str):
        return pattern.sub(replace, value)
    if isinstance(value, list):
        return [_scrub_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {
            _scrub_value(key, pattern): _scrub_value(item, pattern) for key, item in value.items()
        }
    return value


def _scrub_binary_files(needles: list[str], outcome: ErasureOutcome) -> None:
    """HR files held for an import (staged, or an API import job) that mention the person."""
    from upward.api.models import IdempotentReply, PeopleImportJob
    from upward.people.models import StagedImport

    def mentions(content: bytes | memoryview | None) -> bool:
        text = bytes(content or b"").decode("utf-8", "replace").lower()
        return any(needle.lower() in text for needle in needles)

    for staged in StagedImport.objects.only("pk", "content"):
        if mentions(staged.content):
            staged.delete()
            outcome.add("HR files held for import", 1)
    for job in PeopleImportJob.objects.only("pk", "content"):
        if mentions(job.content):
            PeopleImportJob.objects.filter(pk=job.pk).update(content=b"")
            outcome.add("HR files held for import", 1)
    for reply in IdempotentReply.objects.only("pk", "body"):
        if mentions(reply.body):
            reply.delete()


def _scrub_database_cache(needles: list[str]) -> None:
    """Login throttles keyed by address, when the cache is the database's table."""
    from django.conf import settings

    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        return
    table = connection.ops.quote_name(cache["LOCATION"])
    with connection.cursor() as cursor:
        for needle in needles:
            cursor.execute(
                f"DELETE FROM {table} WHERE LOWER(cache_key) LIKE %s",  # noqa: S608 - quoted name
                [f"%{needle.lower()}%"],
            )
