from django.urls import path

from upward.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_log_list, name="audit_log"),
    path("audit/entries.csv", views.audit_log_csv, name="audit_log_csv"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
