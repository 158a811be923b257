from django.urls import path

from upward.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("settings/my-data/", views.my_data, name="my_data"),
    path("settings/my-data/export/", views.my_data_export, name="my_data_export"),
    path("settings/my-data/exports/<int:export_id>/", views.export_status, name="export"),
    path(
        "settings/my-data/exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("privacy/people/<int:person_id>/", views.person_privacy, name="person"),
    path("privacy/people/<int:person_id>/export/", views.person_export, name="person_export"),
    path("privacy/people/<int:person_id>/erase/", views.person_erase_view, name="person_erase"),
    path("privacy/retention/", views.retention, name="retention"),
    path("privacy/erased/", views.erased_people, name="erased"),
]
