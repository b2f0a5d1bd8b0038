"""Emails about submissions: to the contributor, and to the moderators.

They are sent only after the transaction that stored the submission or the
decision has committed (transaction.on_commit), and a mail server that fails
is logged, never raised: the submission is already safe in the database.

Each email has a plain-text body and an HTML alternative. The HTML is rendered
with autoescaping like any page, so markup a contributor typed arrives as text.

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

from .models import Submission

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


def send(template, subject, to, context):
    """Send one email; a failure is logged with the submission's reference and swallowed."""
    if not to:
        logger.warning(
            "No address to send %s for submission %s to.", template, context["submission"].reference
        )
        return False
    text = render_to_string(f"contributions/emails/{template}.txt", context)
    html = render_to_string(f"contributions/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # Any failure of the mail server or the network: the submission is stored,
        # the moderators will still find it in the queue.
        logger.exception("Could not send %s for submission %s.", template, context["submission"].reference)
        return False
    return True


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def send_received(submission_id):
    """After a submission is stored: a confirmation to the contributor, a notice to the moderators."""
    submission = Submission.objects.select_related("exchange").get(pk=submission_id)
    context = {
        "submission": submission,
        "admin_url": absolute(reverse("admin:contributions_submission_change", args=[submission.pk])),
        "exchange_url": absolute(submission.exchange.get_absolute_url()) if submission.exchange else "",
    }
    send(
        "received",
        _("We received your contribution %(reference)s") % {"reference": submission.reference},
        [submission.contributor_email],
        context,
    )
    send(
        "moderators",
        _("To review: %(kind)s %(reference)s, “%(title)s”")
        % {
            "kind": submission.get_kind_display().lower(),
            "reference": submission.reference,
            "title": one_line(submission.title),
        },
        moderator_addresses(),
        context,
    )


def send_decision(submission_id):
    """After a moderator's decision: tell the contributor what became of their submission."""
    submission = Submission.objects.select_related("published_exchange", "duplicate_of").get(pk=submission_id)
    exchange = submission.published_exchange or submission.duplicate_of
    send(
        "decision",
        _("Your contribution %(reference)s: %(status)s")
        % {"reference": submission.reference, "status": submission.get_status_display().lower()},
        [submission.contributor_email],
        {
            "submission": submission,
            "exchange_url": absolute(exchange.get_absolute_url()) if exchange else "",
        },
    )
