from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = "People directory"
