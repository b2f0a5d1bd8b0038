"""Emails about submissions: to the contributor, and to the moderators.

No email is sent inside a web request. The request (or the moderator's
decision) writes an EmailDelivery row in its own transaction and, once that
has committed, enqueues a task for the worker (both in contributions/tasks.py),
which renders it here and sends it. A mail server that is slow or down costs
the reader nothing, and the email is retried until it goes or is given up on,
visibly.

Each email has a plain-text body and an HTML alternative. The HTML is rendered
with autoescaping like any page, so markup a contributor typed arrives as text.
Emails to the contributor's address (which nobody has confirmed) carry the
reference number and fixed wording only, never text the contributor typed, so
the form cannot be used to send someone else's words to a stranger; the receipt
links to a page of the site that shows what was sent (contributions/receipt.py).
The moderators' notice, sent to the site's own people, shows the submission.

Moderators are emailed at the addresses of the active users in the
"Moderators" group, plus any listed in the MODERATOR_EMAILS setting.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import EmailDelivery
from .receipt import sent_path

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


def moderator_addresses():
    members = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    addresses = []
    for address in [*members, *settings.MODERATOR_EMAILS]:
        if address.lower() not in {known.lower() for known in addresses}:
            addresses.append(address)
    return addresses


def one_line(text, length=80):
    """Contributor text made safe for a subject line: no line breaks, bounded length."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def message_for(delivery):
    """The email a delivery stands for, or None when there is nobody to send it to."""
    return BUILDERS[delivery.kind](delivery.submission)


def received(submission):
    return build(
        "received",
        _("We received your contribution %(reference)s") % {"reference": submission.reference},
        [submission.contributor_email],
        {
            "submission": submission,
            "exchange_url": exchange_url(submission.exchange),
            "sent_url": absolute(sent_path(submission.reference)),
        },
    )


def moderators(submission):
    return build(
        "moderators",
        _("To review: %(kind)s %(reference)s, “%(title)s”")
        % {
            "kind": submission.get_kind_display().lower(),
            "reference": submission.reference,
            "title": one_line(submission.title),
        },
        moderator_addresses(),
        {
            "submission": submission,
            "admin_url": absolute(reverse("admin:contributions_submission_change", args=[submission.pk])),
            "exchange_url": exchange_url(submission.exchange),
        },
    )


def decision(submission):
    return build(
        "decision",
        _("Your contribution %(reference)s: %(status)s")
        % {"reference": submission.reference, "status": submission.get_status_display().lower()},
        [submission.contributor_email],
        {
            "submission": submission,
            "exchange": submission.published_exchange or submission.duplicate_of,
            "exchange_url": exchange_url(submission.published_exchange or submission.duplicate_of),
        },
    )


BUILDERS = {
    EmailDelivery.Kind.RECEIVED: received,
    EmailDelivery.Kind.MODERATORS: moderators,
    EmailDelivery.Kind.DECISION: decision,
}


def exchange_url(exchange):
    return absolute(exchange.get_absolute_url()) if exchange else ""


def build(template, subject, to, context):
    if not to:
        return None
    text = render_to_string(f"contributions/emails/{template}.txt", context)
    html = render_to_string(f"contributions/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    return message
