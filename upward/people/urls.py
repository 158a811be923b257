from django.urls import path

from upward.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_people, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:person_id>/", views.person_detail, name="detail"),
]
