"""The demo's closed program: a year of pairs, from the published match to the reflections."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from upward.accounts.models import User
from upward.core.models import AuditEntry
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.programs import (
    CLOSED_NAME,
    CLOSED_SIZE,
    demo_programs,
    demo_programs_delete,
    demo_programs_seed,
)
from upward.matching.models import RunStatus
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalStatus,
    GoalUpdate,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    PairStatus,
    Reflection,
    SessionNote,
    SessionStatus,
)
from upward.people.services import person_link_user
from upward.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db

MANAGER = PERSONA_BY_KEY["program_manager"].email


def closed_program() -> Program:
    return demo_programs().get(name=CLOSED_NAME)


def cohort() -> list[Pair]:
    return list(
        Pair.objects.filter(program=closed_program())
        .select_related("program", "mentor__person", "mentee__person")
        .order_by("pk")
    )


def ended_early() -> Pair:
    return Pair.objects.get(program=closed_program(), status=PairStatus.ENDED)


def login_for(registration) -> User:
    """Participants of the closed program have no login in the demo: give one one."""
    user = User.objects.create_user(registration.person.email, "a long enough password")
    person_link_user(user=user)
    return user


def test_every_registration_was_matched_by_a_published_run_and_every_pair_closed(seeded):
    program = closed_program()
    assert program.status == ProgramStatus.CLOSED
    pairs = cohort()
    assert len(pairs) == seeded.programs.closed_cohort.pairs == CLOSED_SIZE
    assert [p.status for p in pairs].count(PairStatus.COMPLETED) == CLOSED_SIZE - 1
    assert [p.status for p in pairs].count(PairStatus.ENDED) == 1
    people = [p.mentor.person_id for p in pairs] + [p.mentee.person_id for p in pairs]
    assert len(set(people)) == 2 * CLOSED_SIZE == program.registrations.count()
    run = program.match_runs.get()
    assert run.status == RunStatus.PUBLISHED and run.published_at.date() == program.matching_on
    for pair in pairs:
        assert pair.source_run == run and pair.score is not None and pair.reasons
        assert pair.live_at is not None and pair.live_at.date() < program.starts_on
        # The junior teaches, the senior learns, never in one reporting line.
        assert pair.mentor.person.level < pair.mentee.person.level
        assert not pair.mentor.person.is_in_reporting_line_of(pair.mentee.person)


def test_every_pair_met_within_the_program_at_its_own_rhythm(seeded):
    program = closed_program()
    held_counts = set()
    for pair in cohort():
        held = list(pair.sessions.filter(status=SessionStatus.HELD).order_by("starts_at"))
        assert pair.sessions_held == len(held) >= 4
        assert pair.last_session_at == held[-1].starts_at
        for session in pair.sessions.all():
            assert program.starts_on <= session.starts_at.date() <= program.ends_on
            assert session.agenda_template is not None
            assert session.agenda_template.program == program
        held_counts.add(len(held))
    assert len(held_counts) >= 4
    assert max(held_counts) >= 15  # a regular pair kept the three-weekly cadence


def test_one_pair_drifted(seeded):
    def longest_gap(pair: Pair) -> timedelta:
        starts = list(
            pair.sessions.filter(status=SessionStatus.HELD)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
        )
        return max(later - earlier for earlier, later in pairwise(starts))

    completed = [p for p in cohort() if p.status == PairStatus.COMPLETED]
    drifted = [p for p in completed if longest_gap(p) >= timedelta(weeks=9)]
    assert len(drifted) == 1
    (pair,) = drifted
    assert pair.sessions.filter(status=SessionStatus.CANCELLED).count() == 2
    assert Goal.objects.filter(pair=pair, status=GoalStatus.DROPPED).exists()
    assert not Reflection.objects.filter(pair=pair, continue_informally=True).exists()


def test_completed_pairs_closed_at_the_end_with_both_reflections(seeded):
    program = closed_program()
    today = timezone.localdate()
    for pair in cohort():
        if pair.status != PairStatus.COMPLETED:
            continue
        assert program.ends_on <= pair.closed_at.date() < today
        reflections = Reflection.objects.filter(pair=pair)
        assert {r.author_id for r in reflections} == {pair.mentor_id, pair.mentee_id}
        assert all(r.text.strip() and r.created_at.date() < today for r in reflections)


def test_the_manager_closed_one_pair_early_with_a_reason(seeded):
    pair = ended_early()
    program = pair.program
    assert program.starts_on < pair.closed_at.date() < program.ends_on
    assert "reorganisation" in pair.close_reason
    assert pair.mentee.person.name.split()[0] in pair.close_reason
    closing = AuditEntry.objects.get(action="pair.ended", target_id=str(pair.pk))
    assert closing.actor is not None and closing.actor.email == MANAGER
    # Nothing happened after the end, and only the mentor wrote a reflection.
    assert not pair.sessions.filter(starts_at__gt=pair.closed_at).exists()
    assert list(Reflection.objects.filter(pair=pair).values_list("author", flat=True)) == [
        pair.mentor_id
    ]


def test_every_pair_has_its_agreement_goals_notes_learnings_and_thread(seeded):
    now = timezone.now()
    for pair in cohort():
        version = AgreementVersion.objects.get(pair=pair)
        assert version.in_force and version.created_at.date() < pair.program.starts_on
        for side in (pair.mentor, pair.mentee):
            goals = Goal.objects.filter(pair=pair, owner=side.role)
            assert goals.count() == 1
            assert GoalUpdate.objects.filter(goal__in=goals).count() == 2
            assert Learning.objects.filter(pair=pair, author=side).exists()
        notes = SessionNote.objects.filter(session__pair=pair)
        assert notes.filter(author=pair.mentor, visibility=NoteVisibility.SHARED).exists()
        assert notes.filter(author=pair.mentee, visibility=NoteVisibility.PRIVATE).exists()
        messages = Message.objects.filter(pair=pair)
        assert messages.count() >= 2
        assert not messages.filter(notified_at__isnull=True).exists()
        assert all(m.created_at < pair.closed_at for m in messages)
        assert all(note.created_at < now for note in notes)


def test_the_manager_follows_every_closed_pair_but_never_reads_what_they_wrote(client, seeded):
    client.force_login(User.objects.get(email=MANAGER))
    program = closed_program()
    assert client.get(reverse("programs:overview", args=[program.pk])).status_code == 200
    page = client.get(reverse("pairs:program_pairs", args=[program.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{CLOSED_SIZE - 1} completed, 1 ended early" in html
    assert escape(ended_early().close_reason) in html
    for pair in cohort():
        assert escape(pair.mentee.person.name) in html
        detail = client.get(reverse("pairs:manager_detail", args=[pair.program_id, pair.pk]))
        assert detail.status_code == 200
        text = detail.content.decode()
        assert f"<dd>{pair.sessions_held}" in text
        private = [*SessionNote.objects.filter(session__pair=pair), *pair.reflections.all()]
        assert not any(escape(item.text[:40]) in text for item in private)
        # The pair's own space is theirs alone.
        assert client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 404


def test_a_participant_reads_their_own_closed_pair_and_nobody_elses(client, seeded):
    mine, other = cohort()[:2]
    client.force_login(login_for(mine.mentor))
    page = client.get(reverse("pairs:detail", args=[mine.pk]))
    assert page.status_code == 200
    assert escape(mine.mentee.person.name) in page.content.decode()
    # Each reflection is its author's own, even once the pair has closed.
    html = client.get(reverse("pairs:close", args=[mine.pk])).content.decode()
    assert escape(Reflection.objects.get(pair=mine, author=mine.mentor).text) in html
    assert escape(Reflection.objects.get(pair=mine, author=mine.mentee).text) not in html
    for name in ("pairs:detail", "pairs:sessions", "pairs:messages"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("pairs:manager_detail", args=[mine.program_id, mine.pk])).status_code
        == 404
    )


def test_the_partners_private_note_stays_private(client, seeded):
    pair = cohort()[0]
    client.force_login(login_for(pair.mentor))
    private = SessionNote.objects.get(
        session__pair=pair, author=pair.mentee, visibility=NoteVisibility.PRIVATE
    )
    shared = SessionNote.objects.get(session__pair=pair, author=pair.mentor)
    for session in {private.session, shared.session}:
        page = client.get(reverse("pairs:session_notes", args=[pair.pk, session.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert escape(private.text[:40]) not in html
        if session == shared.session:
            assert escape(shared.text[:40]) in html


def snapshot() -> list[tuple]:
    """What the closed cohort holds, without row ids (a rebuild numbers rows anew)."""
    rows = []
    for pair in cohort():
        rows.append(
            (
                pair.mentor.person.employee_id,
                pair.mentee.person.employee_id,
                pair.status,
                pair.score,
                pair.live_at,
                pair.closed_at,
                pair.close_reason,
                pair.sessions_held,
                tuple(pair.sessions.values_list("starts_at", "status", "change_reason")),
                tuple(
                    pair.reflections.order_by("created_at").values_list(
                        "author__role", "text", "created_at"
                    )
                ),
                tuple(pair.goals.values_list("owner", "title", "status")),
                tuple(pair.messages.values_list("author__role", "text", "created_at")),
            )
        )
    return rows


def test_seeding_again_changes_nothing_and_a_rebuild_gives_the_same_year(seeded):
    before = snapshot()
    again = demo_programs_seed(today=timezone.localdate())
    assert CLOSED_NAME in again.skipped and again.closed_cohort.pairs == 0
    assert snapshot() == before

    demo_programs_delete()
    demo_programs_seed(today=timezone.localdate())
    assert snapshot() == before
