"""An exchange's `updated` is when its record last changed, as its page, its citations and the API
show it, and the records list the organisations, people and places linked to them by name and
address. A rename, a merge or a deletion of one of them changes every record listing it without any
exchange being saved: these receivers (connected in ExchangesConfig.ready()) have those records dated
then. The API's `modified_after` then gives them to a client keeping in sync, and Last-Modified sends
them again.

Only the ids of those records are read in the transaction of the change (the admin's, a merge's),
before the links move or vanish: one SELECT on the link table's index, a few milliseconds even for
the 165,000 exchanges of the most linked organisation. Dating them is the worker's
(exchanges/tasks.py, date_records), handed over once the change commits, a few thousand at a time:
one UPDATE of them all took 40 s on a million exchanges, past the web processes' statement timeout,
and the rename itself failed.

An edit the records do not show (a Chinese name, an alias, a place's parent) leaves them as they were.
"""

from django.db import transaction

from .models import ExchangePlace
from .tasks import date_records

# What a record shows of an entity it lists (the exchange page, opendata's serializers).
SHOWN = ("name", "slug")
# The ids handed to the worker in one piece: each is dated in one short UPDATE, and the queue's
# rows stay small (a few tens of kilobytes).
DATING_BATCH = 5_000


def exchange_ids_listing(entity):
    """The ids of the exchanges whose records list `entity`: for a place, those naming it, not those
    lying in it. Read from the link table alone (its index on the entity and the exchange)."""
    links = entity.exchange_links.all()
    if links.model is ExchangePlace:
        links = links.filter(direct=True)
    return sorted(set(links.order_by().values_list("exchange_id", flat=True)))


def date_records_listing(entity):
    """Have the worker date the records listing `entity` once the current transaction commits; a
    change rolled back has nothing dated."""
    ids = exchange_ids_listing(entity)
    if ids:
        transaction.on_commit(lambda: enqueue_dating(ids))


def enqueue_dating(exchange_ids):
    for start in range(0, len(exchange_ids), DATING_BATCH):
        date_records.enqueue(exchange_ids=exchange_ids[start : start + DATING_BATCH])


def remember_shown(sender, instance, raw=False, **kwargs):
    """pre_save of an entity: its name and address as the records show them now."""
    if not raw and not instance._state.adding:
        instance._shown_before = sender._base_manager.filter(pk=instance.pk).values_list(*SHOWN).first()


def date_records_after_rename(sender, instance, raw=False, **kwargs):
    """post_save of an entity: renamed or given another address, the records listing it changed."""
    before = getattr(instance, "_shown_before", None)
    if not raw and before is not None and before != tuple(getattr(instance, name) for name in SHOWN):
        date_records_listing(instance)
    instance._shown_before = None


def date_records_before_deletion(sender, instance, **kwargs):
    """pre_delete of an entity: the records listing it lose it, while its links still say which."""
    # A merge deletes the one merged once its links have moved to the one kept: those records were
    # read before (date_records_before_merge), and none are left to read.
    if not getattr(instance, "_records_dated", False):
        date_records_listing(instance)


def date_records_before_merge(sender, kept, merged, **kwargs):
    """Before a merge moves them: the records listing the merged one will name the kept one. Those
    listing only the kept one stay as they were."""
    date_records_listing(merged)
    merged._records_dated = True
