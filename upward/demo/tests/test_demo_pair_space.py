"""The demo's running program under way: live pairs, and the demo pair's full space."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from upward.accounts.models import User
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.pair_space import demo_pairs_seed, running_program
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalUpdate,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    PairStatus,
    Session,
    SessionNote,
    SessionStatus,
)
from upward.pairs.selectors.sessions import cadence_for_pairs
from upward.programs.models import ParticipantRole, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

MAYA, RICHARD = PERSONA_BY_KEY["mentor"].email, PERSONA_BY_KEY["mentee"].email


@pytest.fixture(params=["mentor", "mentee"])
def demo_pair(request, seeded) -> Pair:
    """Maya's pair (she mentors), then Richard's (he is mentored): both are full."""
    email = MAYA if request.param == "mentor" else RICHARD
    return Pair.objects.select_related("mentor__person", "mentee__person").get(
        program=running_program(), **{f"{request.param}__person__email": email}
    )


def test_the_running_program_pairs_everyone_and_every_pair_is_live(seeded):
    program = running_program()
    assert program is not None
    registered = Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)
    pairs = Pair.objects.filter(program=program)
    assert pairs.count() == seeded.pairs.pairs == 12
    assert set(pairs.values_list("status", flat=True)) == {PairStatus.LIVE}
    assert pairs.count() * 2 == registered.count()
    assert set(pairs.values_list("mentor__role", "mentee__role").distinct()) == {
        (ParticipantRole.MENTOR, ParticipantRole.MENTEE)
    }
    for pair in pairs:
        assert pair.live_at is not None and pair.live_at.date() < program.starts_on
        held = pair.sessions.filter(status=SessionStatus.HELD)
        assert pair.sessions_held == held.count() >= 1
        assert all(session.starts_at < timezone.now() for session in held)
        assert AgreementVersion.objects.filter(pair=pair).exists()
        assert Goal.objects.filter(pair=pair, owner="mentor").exists()
        assert Goal.objects.filter(pair=pair, owner="mentee").exists()
        assert Message.objects.filter(pair=pair, notified_at__isnull=True).count() == 0


def test_cadence_varies_and_one_pair_is_drifting(seeded):
    pairs = Pair.objects.filter(program=running_program())
    figures = cadence_for_pairs(pairs)
    assert len({c.held for c in figures.values()}) >= 4
    assert any(c.behind == 0 for c in figures.values())
    assert any(c.behind >= 2 for c in figures.values())
    quiet = [pk for pk, c in figures.items() if (c.days_since_last or 0) >= 35]
    assert quiet
    # The drifting pair has nothing booked either.
    assert any(
        not Session.objects.filter(pair_id=pk, starts_at__gt=timezone.now()).exists()
        for pk in quiet
    )


def test_maya_mentors_and_richard_is_mentored_but_not_by_each_other(seeded):
    pairs = Pair.objects.filter(program=running_program())
    maya = pairs.get(mentor__person__email=MAYA)
    richard = pairs.get(mentee__person__email=RICHARD)
    assert maya != richard  # the matching demo proposes them to each other
    assert seeded.pairs.full_pairs == [maya, richard]
    # The junior teaches, the senior learns.
    assert maya.mentor.person.level < maya.mentee.person.level
    assert richard.mentor.person.level < richard.mentee.person.level


def test_the_demo_pairs_have_an_agreement_in_force(demo_pair):
    assert demo_pair.status == PairStatus.LIVE
    versions = list(AgreementVersion.objects.filter(pair=demo_pair).order_by("number"))
    assert len(versions) == 2
    assert versions[-1].in_force and versions[-1].proposed_by == demo_pair.mentor


def test_the_demo_pair_has_goals_with_progress_on_both_sides(demo_pair):
    for owner in ("mentor", "mentee"):
        goals = Goal.objects.filter(pair=demo_pair, owner=owner)
        assert goals.count() == 2
        assert GoalUpdate.objects.filter(goal__in=goals).count() >= 2
    assert Goal.objects.filter(pair=demo_pair, status="achieved").exists()


def test_the_demo_pair_has_past_cancelled_and_upcoming_sessions(demo_pair):
    now = timezone.now()
    sessions = demo_pair.sessions.all()
    held = sessions.filter(status=SessionStatus.HELD)
    assert held.count() == demo_pair.sessions_held == 4
    assert all(session.starts_at < now for session in held)
    assert demo_pair.last_session_at == max(session.starts_at for session in held)
    cancelled = sessions.get(status=SessionStatus.CANCELLED)
    assert cancelled.changed_by == demo_pair.mentee and "review" in cancelled.change_reason
    assert cancelled.cancelled_at is not None and cancelled.cancelled_at < cancelled.starts_at
    upcoming = sessions.get(status=SessionStatus.BOOKED)
    assert upcoming.starts_at > now and upcoming.agenda.strip()
    program = running_program()
    for session in sessions:
        assert session.agenda_template is not None
        assert session.agenda_template.program == program


def test_the_demo_pair_has_notes_learnings_and_a_thread(demo_pair):
    notes = SessionNote.objects.filter(session__pair=demo_pair)
    for author in (demo_pair.mentor, demo_pair.mentee):
        mine = notes.filter(author=author)
        assert mine.filter(visibility=NoteVisibility.SHARED).exists()
        assert mine.filter(visibility=NoteVisibility.PRIVATE).exists()
        assert Learning.objects.filter(pair=demo_pair, author=author).count() == 2
    messages = list(Message.objects.filter(pair=demo_pair).order_by("created_at", "id"))
    assert 6 <= len(messages) <= 10
    assert {m.author_id for m in messages} == {demo_pair.mentor_id, demo_pair.mentee_id}
    assert all(m.created_at < timezone.now() for m in messages)


def test_each_demo_login_opens_its_pair_space(client, demo_pair):
    maya_mentors = demo_pair.mentor.person.email == MAYA
    client.force_login(User.objects.get(email__iexact=MAYA if maya_mentors else RICHARD))
    partner = demo_pair.mentee if maya_mentors else demo_pair.mentor
    assert client.get(reverse("pairs:my_pairs")).status_code == 200
    page = client.get(reverse("pairs:detail", args=[demo_pair.pk]))
    assert page.status_code == 200
    assert escape(partner.person.name) in page.content.decode()


def test_private_notes_stay_private_on_the_session_notes_page(client, demo_pair):
    maya_mentors = demo_pair.mentor.person.email == MAYA
    me = demo_pair.mentor if maya_mentors else demo_pair.mentee
    client.force_login(me.person.user)
    shown = hidden = 0
    for session in demo_pair.sessions.filter(status=SessionStatus.HELD):
        page = client.get(reverse("pairs:session_notes", args=[demo_pair.pk, session.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        for note in session.notes.all():
            visible = escape(note.text[:30]) in html
            if note.visibility == NoteVisibility.PRIVATE and note.author_id != me.pk:
                assert not visible
                hidden += 1
            else:
                assert visible
                shown += 1
    assert shown and hidden


def snapshot() -> list[tuple]:
    program = running_program()
    return [
        tuple(Pair.objects.filter(program=program).order_by("pk").values_list()),
        tuple(Session.objects.filter(pair__program=program).order_by("pk").values_list()),
        tuple(Message.objects.filter(pair__program=program).order_by("pk").values_list()),
        tuple(SessionNote.objects.filter(session__pair__program=program).values_list("pk")),
        tuple(AgreementVersion.objects.filter(pair__program=program).values_list("pk")),
    ]


def test_seeding_twice_changes_nothing(seeded):
    before = snapshot()
    again = demo_pairs_seed(today=timezone.localdate())
    assert again.skipped and again.pairs == 0
    assert snapshot() == before


def test_seeding_the_pairs_is_quick(seeded):
    # About 2 s on an idle machine; the bound leaves room for a loaded CI runner.
    assert seeded.seconds["pairs"] < 20
