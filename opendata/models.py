from django.db import models
from django.utils.translation import gettext_lazy as _


class Withdrawal(models.Model):
    """A published exchange that is no longer public, so that mirrors can delete it.

    Written by opendata/signals.py when a published exchange is deleted or
    unpublished, and removed again if it is republished under the same slug.
    """

    slug = models.CharField(
        _("slug"), max_length=255, unique=True, help_text=_("The address the exchange was published at.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now=True)

    class Meta:
        verbose_name = _("withdrawn exchange")
        verbose_name_plural = _("withdrawn exchanges")
        ordering = ["-withdrawn_at", "-id"]
        indexes = [
            # /api/v1/withdrawn/?withdrawn_after=…: the newest withdrawals first.
            models.Index(fields=["withdrawn_at", "id"], name="withdrawal_withdrawn_at"),
        ]

    def __str__(self):
        return self.slug
