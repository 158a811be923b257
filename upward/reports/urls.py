"""Every page of the reports app: a program's report under /programs/<id>/report/, the overview."""

from django.urls import path

from upward.reports import views

app_name = "reports"
PROGRAM = "programs/<int:program_id>/"
urlpatterns = [
    path(f"{PROGRAM}report/", views.program_report, name="program_report"),
    path(f"{PROGRAM}report/<slug:key>.csv", views.report_csv, name="report_csv"),
    path(f"{PROGRAM}report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/", views.overview, name="overview"),
    path("reports/programs.csv", views.overview_csv, name="overview_csv"),
]
