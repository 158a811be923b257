from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "upward.reports"
    label = "reports"
    verbose_name = "Reports and KPIs"
