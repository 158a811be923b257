"""Everything Upward holds about one person (GDPR Articles 15 and 20), as a ZIP.

`person_data(person)` gathers the sections; `export_zip` writes them as
`upward-data.json` (machine-readable, its schema in docs/privacy.md),
`upward-data.html` (the same, to read) and `README.txt`.

Left out on purpose (docs/privacy.md says why):
- another person's private data: the partner's notes, check-ins, reflections,
  self-identification and their answer to a proposal;
- concerns raised *about* the person: exporting them would expose the person
  who raised them, which is what the confidential route promises never to do.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from upward.accounts.models import SignIn
from upward.core.models import AuditEntry
from upward.feedback.models import CheckIn, Concern, ConcernMessage
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    Learning,
    Message,
    Pair,
    Reflection,
    Session,
    SessionNote,
)
from upward.people.models import Person
from upward.programs.models import (
    Invitation,
    Registration,
    RegistrationQuestion,
    SelfIdentification,
    SelfRating,
)

SCHEMA_VERSION = 1
JSON_NAME = "upward-data.json"
HTML_NAME = "upward-data.html"

Progress = Callable[[int, str], None]


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(queryset: Iterable[Any], fields: Iterable[str]) -> list[dict[str, Any]]:
    names = list(fields)
    return [{name: _iso(getattr(row, name)) for name in names} for row in queryset]


def _directory(person: Person) -> dict[str, Any]:
    entry = {
        name: _iso(getattr(person, name))
        for name in (
            "employee_id",
            "name",
            "email",
            "title",
            "level",
            "location",
            "timezone",
            "hire_date",
            "birth_year",
            "leave_date",
            "is_active",
        )
    }
    entry["department"] = person.department.name if person.department else ""
    entry["manager"] = person.manager.name if person.manager else ""
    return entry


def _account(person: Person) -> dict[str, Any]:
    user = person.user
    if user is None:
        return {}
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": _rows(
            EmailAddress.objects.filter(user=user), ("email", "verified", "primary")
        ),
        "second_factors": [a.type for a in Authenticator.objects.filter(user=user)],
        "sign_ins": _rows(SignIn.objects.filter(user=user), ("at", "ip")),
    }


def _registrations(registrations: list[Registration]) -> list[dict[str, Any]]:
    ids = [r.pk for r in registrations]
    prompts = {
        str(q.pk): q.prompt
        for q in RegistrationQuestion.objects.filter(
            program__in={r.program_id for r in registrations}
        )
    }
    ratings: dict[int, list[dict[str, Any]]] = {}
    for rating in SelfRating.objects.filter(registration__in=ids):
        ratings.setdefault(rating.registration_id, []).append(
            {"moment": rating.moment, "topic": rating.topic_label, "rating": rating.rating}
        )
    out = []
    for r in registrations:
        out.append(
            {
                "program": r.program.name,
                "role": r.role,
                "status": r.status,
                "registered_at": _iso(r.created_at),
                "goals": r.goals,
                "skills": [link.skill.name for link in r.skill_links.all()],
                "availability": r.availability,
                "timezone": r.timezone,
                "meeting_preference": r.meeting_preference,
                "languages": r.languages,
                "capacity": r.capacity,
                "answers": {
                    prompts.get(key, f"a question since removed ({key})"): value
                    for key, value in r.answers.items()
                },
                "self_ratings": ratings.get(r.pk, []),
                "withdrawn_at": _iso(r.withdrawn_at),
            }
        )
    return out


def _self_identification(registrations: list[Registration]) -> list[dict[str, Any]]:
    return [
        {
            "program": s.registration.program.name,
            "consent_given_at": _iso(s.consent_given_at),
            "purpose_version": s.purpose_version,
            "answers": s.answers,
        }
        for s in SelfIdentification.objects.filter(registration__in=registrations).select_related(
            "registration__program"
        )
    ]


def _invitations(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "program": i.program.name,
            "role": i.role,
            "status": i.status,
            "sent_at": _iso(i.sent_at),
            "opened_at": _iso(i.opened_at),
            "responded_at": _iso(i.responded_at),
            "decline_reason": i.decline_reason,
        }
        for i in Invitation.objects.filter(person=person).select_related("program")
    ]


def _side(pair: Pair, mine: set[int]) -> str:
    return "mentor" if pair.mentor_id in mine else "mentee"


def _pairs(registrations: list[Registration]) -> list[dict[str, Any]]:
    mine = {r.pk for r in registrations}
    pairs = list(
        Pair.objects.filter(Q(mentor__in=mine) | Q(mentee__in=mine)).select_related(
            "program", "mentor__person", "mentee__person"
        )
    )
    pair_ids = [p.pk for p in pairs]
    versions: dict[int, list[dict[str, Any]]] = {}
    for v in AgreementVersion.objects.filter(pair__in=pair_ids).order_by("pair", "number"):
        versions.setdefault(v.pair_id, []).append(
            {
                "number": v.number,
                "text": v.text,
                "mentor_accepted_at": _iso(v.mentor_accepted_at),
                "mentee_accepted_at": _iso(v.mentee_accepted_at),
            }
        )
    goals: dict[int, list[dict[str, Any]]] = {}
    for g in Goal.objects.filter(pair__in=pair_ids):
        goals.setdefault(g.pair_id, []).append(
            {
                "owner": g.owner,
                "title": g.title,
                "description": g.description,
                "status": g.status,
                "target_date": _iso(g.target_date),
            }
        )
    sessions: dict[int, list[dict[str, Any]]] = {}
    for s in Session.objects.filter(pair__in=pair_ids).order_by("starts_at"):
        sessions.setdefault(s.pair_id, []).append(
            {
                "starts_at": _iso(s.starts_at),
                "minutes": s.minutes,
                "status": s.status,
                "agenda": s.agenda,
                "location": s.location,
            }
        )
    out = []
    for pair in pairs:
        side = _side(pair, mine)
        partner = pair.mentee if side == "mentor" else pair.mentor
        out.append(
            {
                "program": pair.program.name,
                "my_role": side,
                "partner": partner.person.name,
                "status": pair.status,
                "proposed_at": _iso(pair.published_at),
                # Their own answer only: the partner's answer is the partner's.
                "my_answer": getattr(pair, f"{side}_answer"),
                "my_answered_at": _iso(getattr(pair, f"{side}_answered_at")),
                "my_decline_reason": getattr(pair, f"{side}_decline_reason"),
                "live_at": _iso(pair.live_at),
                "closed_at": _iso(pair.closed_at),
                "agreement_versions": versions.get(pair.pk, []),
                "goals": goals.get(pair.pk, []),
                "sessions": sessions.get(pair.pk, []),
            }
        )
    return out


def _written(registrations: list[Registration]) -> dict[str, list[dict[str, Any]]]:
    mine = Q(author__in=registrations)
    return {
        "notes": [
            {
                "session_at": _iso(n.session.starts_at),
                "visibility": n.visibility,
                "text": n.text,
                "written_at": _iso(n.created_at),
            }
            for n in SessionNote.objects.filter(mine).select_related("session")
        ],
        "messages": _rows(Message.objects.filter(mine), ("created_at", "text")),
        "learnings": _rows(Learning.objects.filter(mine), ("created_at", "text")),
        "check_ins": _rows(
            CheckIn.objects.filter(mine),
            (
                "due_at",
                "answered_at",
                "took_place",
                "usefulness",
                "fit",
                "comment",
                "share_comment",
            ),
        ),
        "reflections": _rows(
            Reflection.objects.filter(mine),
            ("created_at", "text", "continue_informally", "overall_value", "recommend"),
        ),
    }


def _concerns_raised(registrations: list[Registration]) -> list[dict[str, Any]]:
    concerns = list(Concern.objects.filter(raised_by__in=registrations).select_related("program"))
    thread: dict[int, list[dict[str, Any]]] = {}
    for m in ConcernMessage.objects.filter(concern__in=concerns).order_by("created_at"):
        thread.setdefault(m.concern_id, []).append(
            {
                "at": _iso(m.created_at),
                "from": "me" if m.from_raiser else "a concern contact",
                "text": m.text,
            }
        )
    return [
        {
            "program": c.program.name,
            "category": c.category,
            "text": c.text,
            "status": c.status,
            "raised_at": _iso(c.created_at),
            "closed_at": _iso(c.closed_at),
            "outcome": c.outcome,
            "messages": thread.get(c.pk, []),
        }
        for c in concerns
    ]


def _audit(person: Person, registrations: list[Registration]) -> list[dict[str, Any]]:
    about = Q(target_type="people.person", target_id=str(person.pk)) | Q(
        target_type="programs.registration", target_id__in=[str(r.pk) for r in registrations]
    )
    if person.user_id:
        about |= Q(target_type="accounts.user", target_id=str(person.user_id))
        about |= Q(actor_id=person.user_id)
    # Entries about concerns are never listed: they would say who raised one.
    entries = AuditEntry.objects.filter(about).exclude(action__startswith="concern.")
    return _rows(entries, ("created_at", "action", "summary"))


# What only the person may read (docs/privacy.md, the privacy notice): in their own
# export, never in one an administrator makes on their request.
FOR_THE_PERSON_ONLY = ("self_identification", "written", "concerns_raised")


def person_data(
    person: Person, progress: Progress | None = None, *, for_the_person: bool = True
) -> dict[str, Any]:
    """Every section of the export, in the documented order.

    `for_the_person`: the person asked for it themselves. An export an administrator
    makes on request holds only what administrators may see: the sections in
    FOR_THE_PERSON_ONLY, and the self-ratings, are listed as left out.
    """
    step = progress or (lambda percent, what: None)
    person = Person.objects.select_related("department", "manager", "user").get(pk=person.pk)
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("program")
        .prefetch_related("skill_links__skill")
    )
    sections: list[tuple[str, Callable[[], Any]]] = [
        ("directory_entry", lambda: _directory(person)),
        ("account", lambda: _account(person)),
        ("registrations", lambda: _registrations(registrations)),
        ("self_identification", lambda: _self_identification(registrations)),
        ("invitations", lambda: _invitations(person)),
        ("pairs", lambda: _pairs(registrations)),
        ("written", lambda: _written(registrations)),
        ("concerns_raised", lambda: _concerns_raised(registrations)),
        ("audit_entries", lambda: _audit(person, registrations)),
    ]
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(),
        "made_by": "the person" if for_the_person else "an administrator, on request",
        "left_out": [] if for_the_person else [*FOR_THE_PERSON_ONLY, "self_ratings"],
    }
    if not for_the_person:
        sections = [(name, gather) for name, gather in sections if name not in FOR_THE_PERSON_ONLY]
    for index, (name, gather) in enumerate(sections):
        step(int(100 * index / len(sections)), name.replace("_", " "))
        data[name] = gather()
    if not for_the_person:
        for registration in data["registrations"]:
            registration.pop("self_ratings", None)
    step(100, "done")
    return data


def export_zip(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(HTML_NAME, render_to_string("privacy/export.html", {"data": data}))
        archive.writestr("README.txt", render_to_string("privacy/export_readme.txt", {}))
    return buffer.getvalue()
