from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data. A leaf: it may use every app, and no app uses it."""

    name = "upward.demo"
    label = "demo"
    verbose_name = "Demo data"
