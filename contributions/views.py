import json
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django_ratelimit.core import is_ratelimited

from config.client_ip import client_ip
from config.errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from exchanges.models import Exchange
from exchanges.views import withdrawn

from . import receipt, tasks
from .forms import ContributionForm, SuggestionForm, what_was_sent
from .models import Submission, new_reference

logger = logging.getLogger(__name__)

# The signed cookie in which the thank-you page finds this browser's own reference (and, for a
# suggested change, the exchange it is about, to name), for a day.
RECEIPT_COOKIE = "contribution"
RECEIPT_MAX_AGE = 24 * 60 * 60


def submit(request):
    return handle(request, ContributionForm(request.POST or None))


def suggest(request, slug):
    try:
        exchange = get_object_or_404(Exchange.objects.published().for_detail(), slug=slug)
    except DATABASE_UNAVAILABLE:
        if request.method != "POST":
            # Nothing was typed that the site's 503 page would lose.
            raise
        # What was typed comes back all the same, under the title it was sent with: shown, never stored.
        exchange = Exchange(slug=slug, title=request.POST.get("title", "").strip())
        return database_away(
            request, {"form": SuggestionForm(request.POST, exchange=None), "exchange": exchange}
        )
    except Http404:
        if request.method != "POST":
            # Its page says so (404 here: this address never held a record of its own).
            return withdrawn(request, slug, status=404)
        return exchange_gone(request)
    return handle(request, SuggestionForm(request.POST or None, exchange=exchange), exchange)


def exchange_gone(request):
    """A suggestion sent for an exchange that is not public (any more): withdrawn or deleted while
    the contributor was typing. Nothing is stored; what was typed comes back in the contribution
    form, which sends it as a new exchange, for the moderators to weigh. The 404 page lost it all."""
    form = ContributionForm()
    form.show_as_sent(request.POST)
    context = {"form": form, "gone_title": request.POST.get("title", "").strip()}
    return render(request, "contributions/form.html", context, status=404)


def handle(request, form, exchange=None):
    """Store a valid submission as pending, then thank; otherwise show the form with its errors."""
    context = {"form": form, "exchange": exchange}
    if request.method == "POST" and over_rate_limit(request):
        # What was typed is shown again, to be sent later; nothing is stored.
        return render(request, "contributions/form.html", {**context, "rate_limited": True}, status=429)
    if request.method == "POST" and form.is_bot():
        # Bots get the thank-you page they expect, with a reference that matches nothing.
        return thank(request, new_reference(), exchange)
    try:
        if not form.is_valid():
            return render(request, "contributions/form.html", context)
        submission = store(request, form)
    except DATABASE_UNAVAILABLE:
        return database_away(request, context)
    return thank(request, submission.reference, exchange)


def store(request, form):
    """Save the submission and queue its emails; the one already stored if this form, or the same
    contribution from the form shown again, was sent before."""
    submission = form.save(commit=False)
    submission.submitter_ip = client_ip(request) or None
    if (earlier := Submission.objects.sent_before(submission)) is not None:
        return earlier
    try:
        return save_and_queue(submission)
    except IntegrityError:
        # Its form_key is taken: this form was sent before (a double click), and the first sending
        # has committed (the unique index made this one wait for it).
        earlier = Submission.objects.filter(form_key=submission.form_key).first()
        if earlier is None:
            raise
    if earlier.same_as(submission):
        return earlier
    # Sent again after a change (back to the form, a correction): a contribution of its own.
    submission.form_key = None
    return save_and_queue(submission)


def save_and_queue(submission):
    with transaction.atomic():
        submission.save()
        # Written with the submission; the worker sends them once this commits.
        tasks.queue_received(submission.pk)
    return submission


def database_away(request, context):
    """The form again, with what was typed, to send again in a minute; nothing was stored.

    The site's 503 page, which an unreachable database otherwise gets, would drop what was typed.
    """
    logger.exception("A contribution could not be stored: the database is out of reach.")
    response = render(request, "contributions/form.html", {**context, "database_away": True}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def token_refused(request, slug=None):
    """A form sent without the security (CSRF) token its page was given: its cookie was blocked or
    cleared, or replaced by a login or logout in another tab while the form was open. Nothing is
    stored; what was typed comes back on a page with a token that works, to be sent again. Django's
    own page said only "CSRF verification failed", and what was typed was lost.

    Neither the exchange nor anything else is read: the form is shown as sent, never checked."""
    if slug is None:
        form = ContributionForm()
        form.show_as_sent(request.POST)
        exchange = None
    else:
        form = SuggestionForm(request.POST, exchange=None)
        exchange = Exchange(slug=slug, title=request.POST.get("title", "").strip())
    context = {"form": form, "exchange": exchange, "token_refused": True}
    return render(request, "contributions/form.html", context, status=403)


def thank(request, reference, exchange=None):
    """To the thank-you page, with the reference in a signed cookie only this browser holds.

    Not in the session, which is written to the database as the response leaves: the database
    gone the moment after the contribution was stored gave the contributor the error page for a
    contribution received (tests/production/test_hand_off_lost.py)."""
    given = {"reference": reference}
    if exchange is not None:
        given.update(slug=exchange.slug, title=exchange.title)
    response = redirect("contributions:thanks")
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        json.dumps(given),
        salt=RECEIPT_COOKIE,
        max_age=RECEIPT_MAX_AGE,
        path="/contribute/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def thanks(request):
    # Only the reference this browser was given: nobody sees another contributor's.
    try:
        signed = request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_COOKIE, max_age=RECEIPT_MAX_AGE)
        given = json.loads(signed)
        reference = given["reference"]
    except (KeyError, TypeError, ValueError, signing.BadSignature):
        return redirect("contributions:submit")
    context = {
        "reference": reference,
        "slug": given.get("slug"),
        "title": given.get("title"),
        "sent": sent_under(reference),
    }
    return render(request, "contributions/thanks.html", context)


def sent(request, token):
    """What was sent under a reference, at the address its receipt email gives."""
    try:
        reference = receipt.reference_in(token)
    except signing.BadSignature:
        raise Http404 from None
    submission = get_object_or_404(Submission.objects.select_related("exchange"), reference=reference)
    context = {"submission": submission, "sent": what_was_sent(submission)}
    return render(request, "contributions/sent.html", context)


def sent_under(reference):
    """What was sent under `reference`, for the contributor's record of it; none for the reference
    a bot was given, or while the database is away (the page still gives the reference)."""
    try:
        submission = Submission.objects.filter(reference=reference).first()
    except DATABASE_UNAVAILABLE:
        logger.warning("The thank-you page could not read %s: the database is out of reach.", reference)
        return []
    return what_was_sent(submission) if submission else []


def over_rate_limit(request):
    """Whether this address has sent the contribution forms more often than CONTRIBUTION_RATE."""
    try:
        return is_ratelimited(
            request,
            group="contributions",
            key="ip",
            rate=settings.CONTRIBUTION_RATE,
            method="POST",
            increment=True,
        )
    except Exception:
        # A cache that is down must not turn contributors away; it is logged to be fixed.
        logger.exception("The contribution rate limit could not be checked.")
        return False
