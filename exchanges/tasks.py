"""Background work of the exchanges app, run by the worker (`manage.py db_worker`).

A place given another parent, merged into another or deleted leaves the exchanges linked to it
(those named in it, and in the places within it) with links to the places it lay in before: "in
California" would still list an exchange in a city moved to Nevada. They are linked again here,
once the change has committed (exchanges/links.py, relink_places_lain_in): a province may have
100,000 exchanges, more than an admin request should wait for. The receivers below, connected in
ExchangesConfig.ready(), hand the work over.

A rename, merge or deletion of an entity has the exchanges whose records list it dated here too
(date_records), for the same reason: the receivers of exchanges/entity_changes.py read their ids in
the change's transaction and hand them over in pieces once it commits.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .cache import bump_catalogue_version
from .links import relink_places_lain_in
from .models import Exchange, ExchangePlace


@task()
def relink_places(place_ids=(), exchange_ids=()):
    """Link again to the places they lie in the exchanges linked to the places `place_ids`, and the
    exchanges `exchange_ids`; returns how many were relinked."""
    linked = ExchangePlace.objects.filter(place_id__in=list(place_ids)).values_list("exchange_id", flat=True)
    return relink_places_lain_in({*exchange_ids, *linked})


@task()
def date_records(exchange_ids):
    """Date now the records of the exchanges `exchange_ids`, a few thousand at most, whose entity was
    renamed, merged or deleted; returns how many were dated.

    Now, when the worker writes it, not when the entity changed: a mirror that synced in between
    asks next from its last sync (`modified_after`), and a record dated earlier than that would
    never reach it. A record dated later (by a clock ahead) keeps its date: `updated` never goes
    back. One UPDATE, in a transaction of its own, with the cached pages retired when it commits
    (they show `updated`); a bare UPDATE sends no signal that would retire them."""
    now = timezone.now()
    with transaction.atomic():
        dated = Exchange._base_manager.filter(pk__in=exchange_ids, updated__lt=now).update(updated=now)
        if dated:
            bump_catalogue_version()
    return dated


def relink_after_commit(place_ids=(), exchange_ids=()):
    place_ids, exchange_ids = sorted(place_ids), sorted(exchange_ids)
    if place_ids or exchange_ids:
        transaction.on_commit(lambda: relink_places.enqueue(place_ids=place_ids, exchange_ids=exchange_ids))


# Signals: connected in ExchangesConfig.ready().


def remember_place_parent(sender, instance, raw=False, **kwargs):
    """pre_save of a place: the parent it has now (a new place has no links, and is not asked)."""
    if not raw and not instance._state.adding:
        instance._parent_before = (
            sender._base_manager.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        )


def relink_moved_place(sender, instance, raw=False, **kwargs):
    """post_save of a place: given another parent, its exchanges lie in other places."""
    if not raw and getattr(instance, "_parent_before", instance.parent_id) != instance.parent_id:
        relink_after_commit(place_ids=[instance.pk])
    instance._parent_before = instance.parent_id


def relink_merged_place(sender, kept, **kwargs):
    """After a merge of places: the merged one's exchanges now name the kept one, and lie where it does."""
    relink_after_commit(place_ids=[kept.pk])


def relink_deleted_place(sender, instance, **kwargs):
    """pre_delete of a place: its exchanges, and those of the places within it (which lose their
    parent), no longer lie in the places it lay in."""
    relink_after_commit(
        exchange_ids=ExchangePlace.objects.filter(place_id=instance.pk).values_list("exchange_id", flat=True)
    )
