"""Remember the address of each organisation, person or place deleted (entities.models.DeletedEntity),
whichever code deletes it: the admin's delete page and action, a merge, a script, a cascade; and date
the places that lay in a place deleted."""

from django.db.models.signals import post_delete, pre_delete

from .models import ENTITY_MODELS, DeletedEntity, Place


def remember_deletion(sender, instance, **kwargs):
    # The one merged too: a merge deletes it once its address leads to the one kept
    # (entities/merge.py), and a mirror must drop it all the same (DeletedEntity.objects.gone()
    # reads where it leads).
    DeletedEntity.objects.update_or_create(
        kind=instance.entity_kind, slug=instance.slug, defaults={"name": instance.name}
    )


def date_places_within(sender, instance, **kwargs):
    """pre_delete of a place: the places that lie in it will lie nowhere (the deletion sets their
    parent to null, in an UPDATE that dates none of them), and their records name where they lie.
    One UPDATE; none lie in a place merged, whose places within moved to the one kept first."""
    Place.objects.filter(parent=instance).mark_changed()


def connect():
    for kind, model in ENTITY_MODELS.items():
        post_delete.connect(remember_deletion, sender=model, dispatch_uid=f"entities-deleted-{kind}")
    pre_delete.connect(date_places_within, sender=Place, dispatch_uid="entities-deleted-place-within")
