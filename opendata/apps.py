from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from . import signals  # noqa: F401  (connects the withdrawal tombstones)
        from .api import schema  # noqa: F401  (registers its schema extensions)
