"""Test data built in code: small functions with sensible defaults."""

import datetime
import itertools

from exchanges.models import Exchange, Source

_counter = itertools.count(1)


def make_exchange(sources=1, **fields):
    """A published national diplomatic exchange unless told otherwise."""
    number = next(_counter)
    values = {
        "title": f"Exchange number {number}",
        "summary": "Officials met to talk.",
        "government": True,
        "type": Exchange.Type.DIPLOMATIC,
        "level": Exchange.Level.NATIONAL,
        "date": datetime.date(2020, 1, 1),
        "status": Exchange.Status.PUBLISHED,
    }
    values.update(fields)
    if not values["government"] and "level" not in fields:
        values["level"] = ""
    exchange = Exchange.objects.create(**values)
    for position in range(sources):
        Source.objects.create(
            exchange=exchange,
            citation=f"Source {position + 1}",
            url="https://example.org/",
            position=position,
        )
    return exchange
