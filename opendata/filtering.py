"""The catalogue's filters, read the same way for every open-data view."""

from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange


class WholeSelectionFilter(ExchangeFilter):
    """The catalogue's filters for what takes away every exchange they select (the downloads, the
    feed): sorted by relevance, every match is ranked, not only the COUNT_CAP newest a page ranks."""

    ranks_newest_only = False


def catalogue_filter(request, filterset_class=WholeSelectionFilter):
    """The catalogue's FilterSet over the published exchanges, bound to the request's parameters."""
    return filterset_class(request.GET, queryset=Exchange.objects.published())


def parameter_errors(filterset):
    """One "Label: message" line per parameter that did not validate, as the catalogue words them."""
    return [
        f"{label}: {message}" if label else str(message)
        for label, messages in filterset.invalid_parameters
        for message in messages
    ]


def searched_instead(filterset):
    """What was searched in place of `q` when the catalogue read it otherwise (a word corrected,
    names joined by a dash set apart), which the site's list names as "Showing results for …";
    None when `q` was searched as sent, or not sent. Read from the search the filter has already
    planned: no query of its own."""
    if filterset is None or not (filterset.form.cleaned_data.get("q") or "").strip():
        return None
    return filterset.search_plan.corrected
