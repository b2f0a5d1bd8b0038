from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
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

        # Every save or delete of a row readers see retires the cached pages (exchanges/cache.py).
        from .cache import bump_on_change, catalogue_models

        for model in catalogue_models():
            label = model._meta.label
            post_save.connect(bump_on_change, sender=model, dispatch_uid=f"page-cache-save-{label}")
            post_delete.connect(bump_on_change, sender=model, dispatch_uid=f"page-cache-delete-{label}")
            m2m_changed.connect(bump_on_change, sender=model, dispatch_uid=f"page-cache-m2m-{label}")

        # The catalogue's counts follow every write of an exchange and every merge (exchanges/counts.py).
        from entities.merge import entities_merged

        from . import counts
        from .models import Exchange

        pre_save.connect(counts.remember_counted_values, sender=Exchange, dispatch_uid="counts-pre-save")
        post_save.connect(counts.count_saved_exchange, sender=Exchange, dispatch_uid="counts-save")
        pre_delete.connect(counts.count_deleted_exchange, sender=Exchange, dispatch_uid="counts-delete")
        entities_merged.connect(counts.recount_merged_entity, dispatch_uid="counts-merge")
        # A place's links hold its country: saved with another (an edit, a merge), they follow it.
        post_save.connect(
            counts.place_links_follow_country, sender=Place, dispatch_uid="counts-place-country"
        )
        # A place given another parent, merged or deleted: its exchanges are linked again to the places
        # they lie in, by the worker (exchanges/tasks.py).
        from . import tasks

        pre_save.connect(tasks.remember_place_parent, sender=Place, dispatch_uid="relink-place-parent")
        post_save.connect(tasks.relink_moved_place, sender=Place, dispatch_uid="relink-place-moved")
        pre_delete.connect(tasks.relink_deleted_place, sender=Place, dispatch_uid="relink-place-deleted")
        entities_merged.connect(tasks.relink_merged_place, sender=Place, dispatch_uid="relink-place-merged")
        for model in (Organisation, Person, Place):
            uid = f"counts-entity-delete-{model.__name__}"
            post_delete.connect(counts.forget_deleted_entity, sender=model, dispatch_uid=uid)

        # The records listing an entity change when it is renamed, merged or deleted: their `updated`
        # follows (exchanges/entity_changes.py).
        from entities.merge import entities_merging

        from . import entity_changes

        for model in (Organisation, Person, Place):
            name = model.__name__
            pre_save.connect(entity_changes.remember_shown, sender=model, dispatch_uid=f"dated-shown-{name}")
            post_save.connect(
                entity_changes.date_records_after_rename, sender=model, dispatch_uid=f"dated-rename-{name}"
            )
            pre_delete.connect(
                entity_changes.date_records_before_deletion, sender=model, dispatch_uid=f"dated-delete-{name}"
            )
        entities_merging.connect(entity_changes.date_records_before_merge, dispatch_uid="dated-merge")
