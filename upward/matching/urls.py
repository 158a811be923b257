"""Every page of the matching app: a program's matching, under /programs/<program_id>/matching/,
and a mentee's self-service suggestions beside their registration."""

from django.urls import path

from upward.matching.views import publish, runs, self_service

app_name = "matching"
M = "programs/<int:program_id>/matching/"
urlpatterns = [
    path(f"{M}settings/", runs.match_settings, name="match_settings"),
    path(f"{M}runs/", runs.run_list, name="runs"),
    path(f"{M}runs/new/", runs.run_new, name="run_new"),
    path(f"{M}runs/compare/", runs.run_compare, name="run_compare"),
    path(f"{M}runs/<int:run_id>/", runs.run_detail, name="run_detail"),
    path(f"{M}runs/<int:run_id>/progress/", runs.run_progress, name="run_progress"),
    path(f"{M}runs/<int:run_id>/swap/", runs.run_swap, name="run_swap"),
    path(f"{M}runs/<int:run_id>/assign/", runs.run_assign, name="run_assign"),
    path(f"{M}runs/<int:run_id>/pin/", runs.run_pin, name="run_pin"),
    path(f"{M}runs/<int:run_id>/forbid/", runs.run_forbid, name="run_forbid"),
    path(f"{M}runs/<int:run_id>/publish/", publish.run_publish, name="run_publish"),
    path(
        f"{M}constraints/<int:constraint_id>/remove/",
        runs.constraint_remove,
        name="constraint_remove",
    ),
    path(f"{M}rematch/", publish.rematch, name="rematch"),
    path(
        "programs/registrations/<int:registration_id>/suggestions/",
        self_service.suggestions,
        name="suggestions",
    ),
]
