"""Every page of the feedback app.

A program's monitoring lives under /programs/<program_id>/monitoring/ (manager
pages); check-ins and raising a concern under the pair's own /pairs/<pair_id>/
(pair pages); concerns themselves under /concerns/ (their raiser and handlers).
"""

from django.urls import path

from upward.feedback.views import board, check_ins, concerns

app_name = "feedback"
PROGRAM = "programs/<int:program_id>/"
PAIR = "pairs/<int:pair_id>/"
urlpatterns = [
    # A program's monitoring, for its managers.
    path(f"{PROGRAM}monitoring/", board.board, name="board"),
    path(f"{PROGRAM}monitoring/pairs.csv", board.board_csv, name="board_csv"),
    path(f"{PROGRAM}monitoring/<int:pair_id>/", board.pair_followup, name="pair_followup"),
    path(f"{PROGRAM}monitoring/<int:pair_id>/nudge/", board.nudge, name="nudge"),
    path(f"{PROGRAM}monitoring/<int:pair_id>/message/", board.message_both, name="message_both"),
    path(f"{PROGRAM}concern-contacts/", board.contacts, name="contacts"),
    # Check-ins: the private form, and the one-tap link from the email.
    path(f"{PAIR}check-ins/<int:check_in_id>/", check_ins.check_in, name="check_in"),
    path("check-ins/<str:token>/", check_ins.check_in_tap_view, name="check_in_tap"),
    # Concerns.
    path(f"{PAIR}concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/", concerns.concern_list, name="concerns"),
    path("concerns/patterns/", concerns.patterns, name="patterns"),
    path("concerns/<int:concern_id>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:concern_id>/message/", concerns.concern_message, name="concern_message"),
    path(
        "concerns/<int:concern_id>/acknowledge/",
        concerns.concern_acknowledge_view,
        name="concern_acknowledge",
    ),
    path(
        "concerns/<int:concern_id>/resolve/", concerns.concern_resolve_view, name="concern_resolve"
    ),
    path(
        "concerns/<int:concern_id>/withdraw/",
        concerns.concern_withdraw_view,
        name="concern_withdraw",
    ),
]
