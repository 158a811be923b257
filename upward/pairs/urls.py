"""Every page of the pairs app.

A pair's own pages live under /pairs/<pair_id>/ and are `pair_page`s (pairs.guards):
only its two people open them. A program's managers follow its pairs under
/programs/<program_id>/pairs/, through the program guard (programs.guards).
"""

from django.urls import path

from upward.pairs.views import conversation, proposals, sessions, space

app_name = "pairs"
PAIR = "pairs/<int:pair_id>/"
MANAGED = "programs/<int:program_id>/pairs/"
urlpatterns = [
    # A participant's pairs and proposals.
    path("pairs/", space.my_pairs, name="my_pairs"),
    path("pairs/proposals/", proposals.my_proposals, name="my_proposals"),
    path("pairs/proposals/<int:pair_id>/", proposals.proposal, name="proposal"),
    # The pair's space.
    path(PAIR, space.detail, name="detail"),
    path(f"{PAIR}agreement/", space.agreement_history_page, name="agreement_history"),
    path(f"{PAIR}agreement/edit/", space.agreement_edit, name="agreement_edit"),
    path(
        f"{PAIR}agreement/<int:version_id>/accept/",
        space.agreement_accept_view,
        name="agreement_accept",
    ),
    path(f"{PAIR}goals/add/", space.goal_add, name="goal_add"),
    path(f"{PAIR}goals/<int:goal_id>/update/", space.goal_update, name="goal_update"),
    path(f"{PAIR}resources/", space.resources, name="resources"),
    path(f"{PAIR}close/", space.close, name="close"),
    # Sessions and calendars.
    path(f"{PAIR}sessions/", sessions.sessions, name="sessions"),
    path(f"{PAIR}sessions/<int:session_id>/accept/", sessions.accept, name="session_accept"),
    path(
        f"{PAIR}sessions/<int:session_id>/reschedule/",
        sessions.reschedule,
        name="session_reschedule",
    ),
    path(f"{PAIR}sessions/<int:session_id>/cancel/", sessions.cancel, name="session_cancel"),
    path(f"{PAIR}sessions/<int:session_id>/held/", sessions.held, name="session_held"),
    path(f"{PAIR}sessions/<int:session_id>/invite.ics", sessions.ics, name="session_ics"),
    path("pairs/calendar/", sessions.calendar_settings, name="calendar_settings"),
    path("pairs/calendar/revoke/", sessions.calendar_revoke, name="calendar_revoke"),
    path("pairs/calendar/new-link/", sessions.calendar_regenerate, name="calendar_regenerate"),
    path("pairs/calendar/<str:token>.ics", sessions.calendar_feed, name="calendar_feed"),
    # Notes, learnings and messages.
    path(f"{PAIR}notes/", conversation.notes_index, name="notes"),
    path(
        f"{PAIR}sessions/<int:session_id>/notes/", conversation.session_notes, name="session_notes"
    ),
    path(f"{PAIR}notes/<int:note_id>/edit/", conversation.note_edit, name="note_edit"),
    path(f"{PAIR}notes/<int:note_id>/delete/", conversation.note_delete_view, name="note_delete"),
    path(f"{PAIR}learnings/", conversation.learnings, name="learnings"),
    path(f"{PAIR}messages/", conversation.thread, name="messages"),
    # A program's pairs, for its managers.
    path(MANAGED, proposals.program_pairs_page, name="program_pairs"),
    path(f"{MANAGED}<int:pair_id>/", space.manager_detail, name="manager_detail"),
    path(f"{MANAGED}<int:pair_id>/close/", space.manager_close, name="manager_close"),
    path(f"{MANAGED}<int:pair_id>/withdraw/", proposals.withdraw, name="pair_withdraw"),
]
