"""Remember the address of each organisation, person or place deleted (entities.models.DeletedEntity),
whichever code deletes it: the admin's delete page and action, a script, a cascade."""

from django.db.models.signals import post_delete

from .models import ENTITY_MODELS, DeletedEntity


def remember_deletion(sender, instance, **kwargs):
    # A merge deletes the one merged after giving its address to the one kept (entities/merge.py):
    # that address still leads somewhere, and the kept one's change dates the feeds.
    if type(instance).former_slugs.rel.related_model.objects.filter(slug=instance.slug).exists():
        return
    DeletedEntity.objects.update_or_create(
        kind=instance.entity_kind, slug=instance.slug, defaults={"name": instance.name}
    )


def connect():
    for kind, model in ENTITY_MODELS.items():
        post_delete.connect(remember_deletion, sender=model, dispatch_uid=f"entities-deleted-{kind}")
