"""Remember the address of each organisation, person or place deleted (entities.models.DeletedEntity),
whichever code deletes it: the admin's delete page and action, a merge, a script, a cascade."""

from django.db.models.signals import post_delete

from .models import ENTITY_MODELS, DeletedEntity


def remember_deletion(sender, instance, **kwargs):
    # The one merged too: a merge deletes it once its address leads to the one kept
    # (entities/merge.py), and a mirror must drop it all the same (DeletedEntity.objects.gone()
    # reads where it leads).
    DeletedEntity.objects.update_or_create(
        kind=instance.entity_kind, slug=instance.slug, defaults={"name": instance.name}
    )


def connect():
    for kind, model in ENTITY_MODELS.items():
        post_delete.connect(remember_deletion, sender=model, dispatch_uid=f"entities-deleted-{kind}")
