"""The catalogue's filters, read the same way for every open-data view."""

import json

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange
from exchanges.search import date_readings, split_date


class WholeSelectionFilter(ExchangeFilter):
    """The catalogue's filters for what takes away every exchange they select (the downloads, the
    feed): sorted by relevance, every match is ranked, not only the COUNT_CAP newest a page ranks."""

    ranks_newest_only = False


def catalogue_filter(request, filterset_class=WholeSelectionFilter):
    """The catalogue's FilterSet over the published exchanges, bound to the request's parameters."""
    return filterset_class(request.GET, queryset=Exchange.objects.published())


# Read nowhere and refused nowhere: what tools add to an address of their own accord, the
# cache-buster of a browser script's library (jQuery's `cache: false` sends `_=1733529600000`), the
# campaign tags of a newsletter's links (`utm_source=…`, Mailchimp's `mc_cid`) and the click
# identifiers platforms append to a link shared on them (Facebook's `fbclid`, Google's `gclid`…):
# a download's or feed's address shared on a social network must still open.
CLICK_IDENTIFIERS = frozenset(
    ["fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "ttclid", "igshid", "yclid"]
)


def added_by_tools(name):
    return name == "_" or name.startswith(("utm_", "mc_")) or name in CLICK_IDENTIFIERS


def unknown_parameters(query, known):
    """{name: [message]} for each parameter of `query` that is none of `known` (the names an open-data
    address reads). A name misspelt (`organization`, `date_from`) or taken from another API was
    dropped without a word, and the answer held every exchange as if that filter had selected them."""
    taken = ", ".join(sorted(known))
    if known:
        message = _("“%(name)s” is not a parameter of this address and selects nothing; it takes %(taken)s.")
    else:
        message = _("“%(name)s” is not a parameter of this address, which takes none.")
    return {
        name: [message % {"name": name, "taken": taken}]
        for name in query
        if name not in known and not added_by_tools(name)
    }


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
    if filterset is None or not filterset.search_words:
        return None
    return filterset.search_plan.corrected


def searched_as_date(filterset):
    """The date `q` named, as typed ("1972", "2009-2016", "1972年"), when the catalogue searched it as a
    date, which the site's list says as "Searching “1972” as a date."; None when `q` named no date, or
    when nothing matched in it and it was searched as a word. Read from the search the filter has
    already planned (its date is read again from the text it searched): no query of its own."""
    if filterset is None or not filterset.search_words:
        return None
    plan = filterset.search_plan
    if plan.period is None:
        return None
    searched = plan.corrected or filterset.search_words
    # Of two readings ("Apollo 11 July 1969": July 1969, or July 11, 1969), the one searched.
    return next(
        (typed for _rest, period, typed, _mistake in date_readings(searched) if period == plan.period), None
    )


def date_left_out(filterset):
    """{"date": the date `q` named, as typed, "mistake": what is wrong with it} when the catalogue
    left it out of the search for a mistake the date filters would name ("1980s-70s": "The span ends
    before it begins."), which the site's list says as "“1980s-70s” could not be searched as a date
    and was left out."; None otherwise. Read again from the text searched: no query of its own."""
    if filterset is None or not filterset.search_words:
        return None
    plan = filterset.search_plan
    if plan.period is not None:
        return None
    _rest, _period, typed, mistake = split_date(plan.corrected or filterset.search_words)
    return {"date": typed, "mistake": mistake} if mistake else None


def former_slugs(filterset):
    """{parameter: {slug sent: slug of the entity kept}} for the slugs sent that were the address of an
    entity merged into another, read as the entity kept, which the site's list says as "“chou-en-lai”
    is now Zhou Enlai."; None when none was. Read from the entities the filter has already read: no
    query of its own."""
    if filterset is None:
        return None
    former = filterset.former_slugs
    if not former:
        return None
    return {kind: {slug: entity.slug for slug, entity in kept.items()} for kind, kept in former.items()}


def bad_parameters(filterset, options=None):
    """400 naming each parameter sent that none of the forms reads, then each that did not validate:
    the catalogue's, then the download's own; None when every one can be used. A `page` is taken and
    ignored: the list's address with its page still downloads, or follows, the whole selection."""
    forms = [filterset.form] if options is None else [filterset.form, options]
    known = {"page"}.union(*(form.fields for form in forms))
    unknown = unknown_parameters(filterset.data, known)
    lines = [f"{name}: {message}" for name, messages in unknown.items() for message in messages]
    if not filterset.is_valid():
        lines += parameter_errors(filterset)
    if options is not None:
        lines += [
            f"{options[name].label}: {message}"
            for name, messages in options.errors.items()
            for message in messages
        ]
    return parameters_refused(lines) if lines else None


def parameters_refused(lines, in_json=False):
    """400: "These parameters could not be used:", then a line per parameter."""
    return refused("\n".join([_("These parameters could not be used:"), *lines]), in_json)


def refused(text, in_json=False):
    """400 in plain text, or, for a .json file's address, as its 404 is: `{"detail": text}`."""
    if in_json:
        body = json.dumps({"detail": text}, ensure_ascii=False) + "\n"
        return HttpResponseBadRequest(body, content_type="application/json; charset=utf-8")
    return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")
