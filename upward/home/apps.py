from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "upward.home"
    label = "home"
    verbose_name = "Home pages"
