from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "regional"
    verbose_name = _("Regional view")

    def ready(self):
        from . import navigation  # noqa: F401  (connects the sign-in receiver)
