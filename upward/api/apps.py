from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "upward.api"
    label = "api"
    verbose_name = "REST API and webhooks"

    def ready(self) -> None:
        from upward.api.webhooks.events import record_event
        from upward.core.events import on_event

        on_event(record_event)
