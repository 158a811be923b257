from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "upward.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from upward.accounts import signals  # noqa: F401  (connects receivers)
