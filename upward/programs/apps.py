from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "upward.programs"
    label = "programs"
    verbose_name = "Programs"
