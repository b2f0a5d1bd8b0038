from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = _("Exchanges")

    def ready(self):
        # Every name and alias of an entity is a search synonym (exchanges/search.py).
        from entities.models import Organisation, OrganisationAlias, Person, PersonAlias, Place, PlaceAlias

        from .search import forget_synonyms

        for model in (Organisation, OrganisationAlias, Person, PersonAlias, Place, PlaceAlias):
            post_save.connect(
                forget_synonyms, sender=model, dispatch_uid=f"search-synonyms-save-{model.__name__}"
            )
            post_delete.connect(
                forget_synonyms, sender=model, dispatch_uid=f"search-synonyms-delete-{model.__name__}"
            )
