from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from . import security  # noqa: F401 - connects the security log to the sign-in signals
