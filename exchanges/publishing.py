"""The one way a record becomes a public exchange: a moderator's approval, an import, the seed.

`publish` validates the values with the model's own rules, saves the exchange
(a new one, published; or the one given, which keeps its address and status),
replaces its sources (unless none are given: a change that leaves them) and its
links to entities. It raises ValidationError,
naming the fields, and writes nothing when the record cannot be published; the
caller runs it inside its transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .cache import bump_catalogue_version
from .links import link_entities
from .models import RECORD_FIELDS, Exchange, Source, source_line_errors
from .text import plain_text


def publish(values, sources, exchange=None):
    """Publish `values` (RECORD_FIELDS) with `sources` ([{"citation", "url"}]); return the exchange.

    Only the fields in `values` are set: the exchange's others stay. `sources`
    None keeps the exchange's sources.
    """
    if exchange is None:
        # A new exchange is public; a changed one keeps its status (a draft stays a draft).
        exchange = Exchange(status=Exchange.Status.PUBLISHED)
    for name in RECORD_FIELDS:
        if name in values:
            setattr(exchange, name, values[name])
    # The table's one check constraint (an end before the start) is clean()'s own rule too: checked
    # there in Python, not again by a query and its savepoint (three of each approval's queries).
    exchange.full_clean(exclude=["slug", "date_last"], validate_constraints=False)
    source_errors = [
        message
        for number, source in enumerate(sources or [], 1)
        for message in source_line_errors(number, source)
    ]
    if source_errors:
        raise ValidationError({"sources": source_errors})
    with transaction.atomic():
        replacing = exchange.pk is not None
        exchange.save()
        if sources is not None:
            replace_sources(exchange, sources, replacing)
        # Its organisations, people and places, read from the texts as published (new names become entities).
        link_entities(exchange, new=not replacing)
        # Said here as well as by the save signal: its sources and links are bulk writes.
        bump_catalogue_version()
    return exchange


def replace_sources(exchange, sources, replacing):
    if replacing:
        exchange.sources.all().delete()
    # Made plain here, whichever way the sources came (the form, an approval, an import's column),
    # as the admin's sources are by Source.clean_fields; bulk_create validates nothing.
    plain = [(plain_text(source["citation"] or "", lines=False), source["url"]) for source in sources]
    Source.objects.bulk_create(
        Source(exchange=exchange, position=position, citation=citation, url=url)
        for position, (citation, url) in enumerate(once_each(plain))
    )


def once_each(sources):
    """The (citation, url) pairs that say something not said before them: a line pasted twice, in
    another case, or an address given again alone was listed twice on the exchange's page. An
    address cited in other words ("Xinhua, May 2") stays: the words may tell which report."""
    said = set()
    for citation, url in sources:
        if not (citation or url) or (citation.casefold(), url) in said or (not citation and url in said):
            continue
        said.update({(citation.casefold(), url), url})
        yield citation, url
