from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "upward.schedule"
    label = "schedule"
    verbose_name = "Scheduler"
