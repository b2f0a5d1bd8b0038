from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    """People, organisations and places: the bottom floor, importing no other app of the project."""

    name = "entities"
    verbose_name = _("People, organisations and places")

    def ready(self):
        from . import signals

        signals.connect()
