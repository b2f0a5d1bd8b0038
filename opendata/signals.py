"""Keep the tombstones of withdrawn exchanges in step with every write, whichever code makes it."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from exchanges.models import Exchange

from .models import Withdrawal


@receiver(pre_save, sender=Exchange)
def remember_whether_published(sender, instance, raw=False, **kwargs):
    # The status before this save decides whether saving it unpublished withdraws it.
    if raw or instance.pk is None:
        instance._was_published = False
        return
    instance._was_published = Exchange.objects.filter(
        pk=instance.pk, status=Exchange.Status.PUBLISHED
    ).exists()


@receiver(post_save, sender=Exchange)
def record_publication_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.status == Exchange.Status.PUBLISHED:
        Withdrawal.objects.filter(slug=instance.slug).delete()
    elif getattr(instance, "_was_published", False):
        Withdrawal.objects.update_or_create(slug=instance.slug)


@receiver(post_delete, sender=Exchange)
def record_deletion(sender, instance, **kwargs):
    if instance.status == Exchange.Status.PUBLISHED:
        Withdrawal.objects.update_or_create(slug=instance.slug)
