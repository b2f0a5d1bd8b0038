"""Field by field, what a suggested change would alter in the published exchange."""

from django.utils.translation import gettext as _

from exchanges.models import FORM_FIELDS, PERIOD_FIELDS

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


def differs(submission, exchange, name):
    # The date is one answer, however many columns hold it.
    names = PERIOD_FIELDS if name == "date" else [name]
    return any(normalised(getattr(submission, each)) != normalised(getattr(exchange, each)) for each in names)


class Change:
    def __init__(self, label, current, proposed):
        self.label = label
        self.current = current
        self.proposed = proposed


def changes(submission, exchange):
    """The fields where `submission` differs from `exchange`, sources included, as Change rows."""
    rows = [
        Change(
            exchange._meta.get_field(name).verbose_name.capitalize(),
            displayed(exchange, name),
            displayed(submission, name),
        )
        for name in FORM_FIELDS
        if differs(submission, exchange, name)
    ]
    current_sources = [source_line(source) for source in exchange.sources.all()]
    if current_sources != submission.source_lines():
        rows.append(Change(_("Sources"), "\n".join(current_sources), "\n".join(submission.source_lines())))
    return rows
