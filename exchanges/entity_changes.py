"""An exchange's `updated` is when its record last changed, as its page, its citations and the API
show it, and the records list the organisations, people and places linked to them by name and
address. A rename, a merge or a deletion of one of them changes every record listing it without any
exchange being saved: these receivers (connected in ExchangesConfig.ready()) date those records
then, in one UPDATE, in the transaction of the change (the admin's, a merge's). The API's
`modified_after` then gives them to a client keeping in sync, and Last-Modified sends them again.

An edit the records do not show (a Chinese name, an alias, a place's parent) leaves them as they were.
"""

from django.utils import timezone

from .models import Exchange, ExchangePlace

# What a record shows of an entity it lists (the exchange page, opendata's serializers).
SHOWN = ("name", "slug")


def exchanges_listing(entity):
    """The exchanges whose records list `entity`: for a place, those naming it, not those lying in it."""
    links = entity.exchange_links.all()
    if links.model is ExchangePlace:
        links = links.filter(direct=True)
    return Exchange.objects.filter(pk__in=links.values("exchange_id"))


def date_records_listing(entity, moment=None):
    exchanges_listing(entity).update(updated=moment or timezone.now())


def remember_shown(sender, instance, raw=False, **kwargs):
    """pre_save of an entity: its name and address as the records show them now."""
    if not raw and not instance._state.adding:
        instance._shown_before = sender._base_manager.filter(pk=instance.pk).values_list(*SHOWN).first()


def date_records_after_rename(sender, instance, raw=False, **kwargs):
    """post_save of an entity: renamed or given another address, the records listing it changed when
    it did (its own `updated`, just written)."""
    before = getattr(instance, "_shown_before", None)
    if not raw and before is not None and before != tuple(getattr(instance, name) for name in SHOWN):
        date_records_listing(instance, instance.updated)
    instance._shown_before = None


def date_records_before_deletion(sender, instance, **kwargs):
    """pre_delete of an entity: the records listing it lose it, while its links still say which."""
    # A merge deletes the one merged once its links have moved to the one kept: those records were
    # dated before (date_records_before_merge), and none are left to date.
    if not getattr(instance, "_records_dated", False):
        date_records_listing(instance)


def date_records_before_merge(sender, kept, merged, **kwargs):
    """Before a merge moves them: the records listing the merged one will name the kept one. Those
    listing only the kept one stay as they were."""
    date_records_listing(merged)
    merged._records_dated = True
