"""A pair: one mentor (junior) and one mentee (senior) in a program.

Lifecycle: proposed -> live (both said "comfortable") -> ended or completed;
or proposed -> declined (either said "not comfortable", or the manager
withdrew it). A decline is never shown to the other person. Answers are
private: each person's answer and reason live in their own columns, and only
managers read reasons.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upward.core.models import TimeStampedModel
from upward.programs.models import Program, Registration


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    LIVE = "live", "Live"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended early"
    COMPLETED = "completed", "Completed"


# The only legal moves; services enforce them under a row lock.
PAIR_TRANSITIONS: dict[str, frozenset[str]] = {
    PairStatus.PROPOSED: frozenset({PairStatus.LIVE, PairStatus.DECLINED}),
    PairStatus.LIVE: frozenset({PairStatus.ENDED, PairStatus.COMPLETED}),
    PairStatus.DECLINED: frozenset(),
    PairStatus.ENDED: frozenset(),
    PairStatus.COMPLETED: frozenset(),
}
ACTIVE_STATUSES = (PairStatus.PROPOSED, PairStatus.LIVE)


class Answer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    COMFORTABLE = "yes", "Comfortable with this pairing"
    NOT_COMFORTABLE = "no", "Not comfortable"


class Pair(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pairs_as_mentor"
    )
    mentee = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pairs_as_mentee"
    )
    status = models.CharField(
        max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED, db_index=True
    )
    score = models.FloatField(null=True, blank=True)
    reasons: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    source_run = models.ForeignKey(
        "matching.MatchRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    mentor_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    mentor_answered_at = models.DateTimeField(null=True, blank=True)
    mentor_decline_reason = models.CharField(max_length=1000, blank=True)
    mentee_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    mentee_answered_at = models.DateTimeField(null=True, blank=True)
    mentee_decline_reason = models.CharField(max_length=1000, blank=True)
    live_at = models.DateTimeField(null=True, blank=True)
    # Kept by the session services so cadence for thousands of pairs is one query.
    sessions_held = models.PositiveSmallIntegerField(default=0)
    last_session_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["program", "-created_at", "id"]
        constraints = [
            # A mentee (senior) learns from one mentor at a time in a program.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["proposed", "live"]),
                name="pair_one_active_per_mentee",
            ),
            # A declined pairing is never proposed again.
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pair_never_repeated"),
            models.CheckConstraint(
                condition=~Q(status="live") | (Q(mentor_answer="yes") & Q(mentee_answer="yes")),
                name="pair_live_needs_both_answers",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"Pair {self.pk} ({self.get_status_display()})"


# --- The pair's space (issue 6) -------------------------------------------------
#
# Everything below belongs to one live pair. Authors are Registrations (the
# person in their role), never bare users, so "who did it" always says mentor
# or mentee. Private notes are readable by their author alone.


class AgreementVersion(TimeStampedModel):
    """One version of the pair's rules of the road; in force once both accepted it."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    proposed_by = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.CharField(max_length=300, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "number"], name="agreement_version_number")
        ]

    def __str__(self) -> str:
        return f"Agreement v{self.number}"

    @property
    def in_force(self) -> bool:
        return self.mentor_accepted_at is not None and self.mentee_accepted_at is not None


class GoalOwner(models.TextChoices):
    MENTEE = "mentee", "Mentee's learning goal"
    MENTOR = "mentor", "Mentor's development goal"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(TimeStampedModel):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    owner = models.CharField(max_length=8, choices=GoalOwner.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "owner", "created_at"]

    def __str__(self) -> str:
        return self.title


class GoalUpdate(TimeStampedModel):
    """Progress on a goal over time."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=GoalStatus.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["goal", "created_at"]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.status}"


class SessionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Session(TimeStampedModel):
    """One meeting of a pair. Times are stored in UTC and shown in each person's zone."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField(default=45)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    agenda_template = models.ForeignKey(
        "programs.AgendaTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # Named, so the programs app can say what deleting an agenda touches without
        # importing this app (it sits below pairs).
        related_name="sessions",
    )
    agenda = models.TextField(blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="A room or a video link.")
    # iCalendar identity: the same UID for the life of the session; SEQUENCE
    # increases with every change so calendar programs apply updates in order.
    ical_uid = models.CharField(max_length=120, unique=True)
    ical_sequence = models.PositiveIntegerField(default=0)
    # Who changed it last and why: cadence reports say who cancelled.
    changed_by = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_reason = models.CharField(max_length=500, blank=True)
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pair", "starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=10), name="session_minutes_sensible")
        ]

    def __str__(self) -> str:
        return f"Session {self.pk} at {self.starts_at:%Y-%m-%d %H:%M} UTC"


class NoteVisibility(models.TextChoices):
    SHARED = "shared", "Shared with my partner"
    PRIVATE = "private", "Private: only I can read it"


class SessionNote(TimeStampedModel):
    """Notes on a session. Private notes are for their author alone: never the
    partner, never managers or administrators, never an export or the API."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=8, choices=NoteVisibility.choices)
    text = models.TextField()

    class Meta:
        ordering = ["session", "created_at"]

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.visibility})"


class Learning(TimeStampedModel):
    """A 'what I learned' entry; feeds the program's outcome report."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="learnings")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="learnings"
    )
    text = models.TextField()

    class Meta:
        ordering = ["pair", "created_at"]

    def __str__(self) -> str:
        return f"Learning {self.pk}"


class Message(TimeStampedModel):
    """The pair's thread. Stored as typed; always rendered escaped."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    # Set once the partner has been emailed about it (in a batch with others).
    notified_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pair", "created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class CalendarFeed(TimeStampedModel):
    """A person's private calendar feed URL; revoking it makes the old URL useless."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"


class OverallValue(models.IntegerChoices):
    """Four anchored answers, no middle: the same shape as a check-in's usefulness."""

    CHANGED = 4, "It changed how I work"
    VALUABLE = 3, "Valuable"
    A_LITTLE = 2, "A little"
    NOT_VALUABLE = 1, "Not valuable"


class Reflection(TimeStampedModel):
    """Each person's closing reflection when the pair closes."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    continue_informally = models.BooleanField(default=False)
    # The closing survey (empty on reflections written before it was asked).
    overall_value = models.PositiveSmallIntegerField(
        choices=OverallValue.choices, null=True, blank=True
    )
    recommend = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Would recommend the program to a colleague, 0-10."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "author"], name="one_reflection_per_person"),
            models.CheckConstraint(
                condition=Q(overall_value__isnull=True)
                | Q(overall_value__gte=1, overall_value__lte=4),
                name="reflection_value_range",
            ),
            models.CheckConstraint(
                condition=Q(recommend__isnull=True) | Q(recommend__gte=0, recommend__lte=10),
                name="reflection_recommend_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"
