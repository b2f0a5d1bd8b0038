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
