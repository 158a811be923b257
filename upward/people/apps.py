from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "upward.people"
    label = "people"
    verbose_name = "People directory"

    def ready(self) -> None:
        from upward.people import timezones  # noqa: F401  (connects the sign-in receiver)
