from django.urls import path

from upward.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/import/", views.import_people, name="import"),
    path("people/import/confirm/", views.import_confirm, name="import_confirm"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
]
