from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "upward.feedback"
    label = "feedback"
    verbose_name = "Feedback and pair health"

    def ready(self) -> None:
        from upward.feedback.panels import space_check_ins
        from upward.feedback.services.health import listen_to_pair_events
        from upward.pairs.panels import on_space_page

        listen_to_pair_events()
        on_space_page(space_check_ins)
