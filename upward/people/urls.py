from django.urls import path

from upward.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_people, name="import"),
    path("<int:person_id>/", views.person_detail, name="detail"),
]
