import logging

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from .forms import SuggestForm
from .models import ENTITY_MODELS

logger = logging.getLogger(__name__)

SUGGESTIONS = 10
# Typing sends a request every few keystrokes: a person stays far below this, a scraper does not.
SUGGEST_RATE = "120/m"


def suggest(request, other_spellings=None):
    """Entities of one kind whose name or alias begins with what was typed, as JSON, for the autocomplete.

    /entities/suggest/?kind=person&q=wang gives up to ten
    {name, chinese_name, slug, kind, label, found_as}, names beginning with the text first;
    `found_as` is the spelling that found one whose name does not show it (an alias, "Chou En-lai"
    for Zhou Enlai), "" otherwise, so that the list can say why it is offered.

    `other_spellings(text)`, given by the URL configuration, gives the keys of spellings that mean
    what `text` does ("zhou enlai" for "Chou"): those entities follow, as on the indexes of people,
    organisations and places. The catalogue's search keeps those spellings, and this app imports
    no other (config/urls.py passes them)."""
    wait = _seconds_until_allowed(request)
    if wait:
        response = JsonResponse({"error": _("Too many requests: wait a minute and type again.")}, status=429)
        response["Retry-After"] = str(wait)
        return response
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400
        )
    model = ENTITY_MODELS[form.cleaned_data["kind"]]
    text = form.cleaned_data["q"]
    spellings = other_spellings(text) if other_spellings else {}
    # found_as is read in the same query, as a subquery: the pinned count stays at one.
    entities = model.objects.starting_with(text, spellings).with_spelling_found(text, spellings)
    if model is ENTITY_MODELS["place"]:
        entities = entities.select_related("parent")
    response = JsonResponse([_suggestion(entity) for entity in entities[:SUGGESTIONS]], safe=False)
    # Everyone typing the same letters gets the same answer: browsers and proxies may keep it briefly.
    patch_cache_control(response, public=True, max_age=300)
    return response


def _suggestion(entity):
    return {
        "name": entity.name,
        "chinese_name": entity.chinese_name,
        "slug": entity.slug,
        "kind": entity.entity_kind,
        "label": entity.label,
        "found_as": entity.found_as,
    }


def _seconds_until_allowed(request):
    """0 while this address stays within SUGGEST_RATE; past it, the seconds until its window ends.

    The count starts afresh when the window ends, so that is when Retry-After says to come back."""
    try:
        usage = get_usage(request, group="entities-suggest", key="ip", rate=SUGGEST_RATE, increment=True)
    except Exception:
        # A cache that is down must not break typing; it is logged to be fixed.
        logger.exception("The suggest rate limit could not be checked.")
        return 0
    if usage is None or not usage["should_limit"]:
        return 0
    # A window ending this very second leaves 0: wait one, as Retry-After 0 would invite a retry storm.
    return max(usage["time_left"], 1)
