"""Field by field, what a suggested change would alter in the published exchange.

A suggestion is measured against the exchange as the contributor saw it (its
starting point), not as it is now: the fields the contributor changed are what
it would change. One that the exchange has also changed since is a conflict,
for the moderator to look at before approving.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from exchanges.models import FORM_FIELDS, PERIOD_FIELDS, Exchange

from .models import source_line


def normalised(value):
    if isinstance(value, str):
        return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").strip().split("\n"))
    return value


def displayed(obj, name):
    """A field's value as a person reads it: labels, Yes/No/Not recorded, the date as pages show it."""
    if name == "date":
        return obj.display_date
    if name == "levels":
        return obj.get_levels_display()
    value = getattr(obj, name)
    if value is None and name in ("government", "continuing"):
        return _("Not recorded")
    if value is None or value == "":
        return ""
    if hasattr(obj, f"get_{name}_display"):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def columns(name):
    # The date is one answer, however many columns hold it.
    return PERIOD_FIELDS if name == "date" else [name]


def differs(submission, exchange, name):
    if name == "sources":
        return source_lines(submission) != source_lines(exchange)
    return any(
        normalised(getattr(submission, each)) != normalised(getattr(exchange, each)) for each in columns(name)
    )


def source_lines(record):
    """The sources as lines of the sources box, of an exchange or of a submission."""
    if isinstance(record, Exchange):
        # Read once, however many comparisons ask.
        prefetch_related_objects([record], "sources")
        return [source_line(source) for source in record.sources.all()]
    return record.source_lines()


def contributed(submission, start):
    """The fields (FORM_FIELDS names, and "sources") where `submission` differs from `start`."""
    return [name for name in [*FORM_FIELDS, "sources"] if differs(submission, start, name)]


def conflicts(submission, start, exchange):
    """The contributed fields that `exchange` has changed since `start`, to another value."""
    return [
        name
        for name in contributed(submission, start)
        if differs(exchange, start, name) and differs(exchange, submission, name)
    ]


def label(name):
    if name == "sources":
        return _("Sources")
    return Exchange._meta.get_field(name).verbose_name.capitalize()


def shown(record, name):
    if name == "sources":
        return "\n".join(source_lines(record))
    return displayed(record, name)


class Change:
    def __init__(self, label, current, proposed, was=None):
        self.label = label
        self.current = current
        self.proposed = proposed
        # What the contributor saw, when the exchange has changed that field since: a conflict.
        self.was = was


def changes(submission, start, exchange=None):
    """The fields the contributor changed (where `submission` differs from `start`), as Change rows.

    Each shows `exchange`'s value now (`start`'s when no exchange is given)
    beside the suggested one, and, for a conflict, what the contributor saw.
    """
    exchange = exchange or start
    clashing = set(conflicts(submission, start, exchange))
    return [
        Change(
            label(name),
            shown(exchange, name),
            shown(submission, name),
            was=shown(start, name) if name in clashing else None,
        )
        for name in contributed(submission, start)
    ]
