"""The rows of a list of exchanges, prepared once in Python for templates/exchanges/_exchange_rows.html.

Rendering a list row by row through an included template, with its labels looked up through the
model's display methods, cost most of a list page once its SQL was cheap. Here the labels are
looked up once a list, the detail address is built from one reverse(), and the template loops over
plain dictionaries."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from exchanges.dates import format_period
from exchanges.models import Exchange

register = template.Library()

# Characters reverse() leaves unquoted in a path (django.urls.resolvers).
PATH_SAFE = "!$&'()*+,;=/~:@"
SLUG_PLACEHOLDER = "0slug0"


@register.filter
def marked_date(record):
    """The record's date as the page writes it, its "c." an <abbr> saying "circa (approximately)",
    so that a screen reader and a pointer resting on it explain the mark.

    format_period writes the mark in the language's own words ("c. 1985"); what it adds to the
    date written without it is the mark, whatever the language puts it as."""
    shown = record.display_date
    if not record.circa or not shown:
        return shown
    bare = format_period(
        record.date, record.date_precision, record.end_date, end_precision=record.end_precision
    )
    before, found, after = shown.partition(bare)
    mark = (before or after).strip()
    if not found or not mark:
        return shown
    abbr = format_html('<abbr title="{}">{}</abbr>', _("circa (approximately)"), mark)
    if before:
        return format_html("{}{}{}", abbr, before[len(before.rstrip()) :], bare)
    return format_html("{}{}{}", bare, after[: len(after) - len(after.lstrip())], abbr)


@register.filter
def list_rows(exchanges):
    """[{date_iso, date, url, title, snippet, snippet_lang, type, type_label, government, location,
    continuing, part}]."""
    prefix, _placeholder, suffix = reverse("exchanges:detail", kwargs={"slug": SLUG_PLACEHOLDER}).rpartition(
        SLUG_PLACEHOLDER
    )
    types = {value: str(label) for value, label in Exchange.Type.choices}
    levels = {value: str(label) for value, label in Exchange.Level.choices}
    government, non_government = _("Government"), _("Non-government")
    rows = []
    for exchange in exchanges:
        if exchange.type_as_recorded and exchange.type in ("", Exchange.Type.OTHER):
            type_label = exchange.type_as_recorded
        else:
            type_label = types.get(exchange.type, exchange.type)
        if exchange.government:
            described = ", ".join(levels.get(level, level) for level in exchange.levels)
            side = _("Government: %(level)s") % {"level": described} if described else government
        else:
            side = non_government if exchange.government is False else ""
        rows.append(
            {
                "date_iso": exchange.date_iso,
                "date": marked_date(exchange),
                "url": f"{prefix}{quote(exchange.slug, safe=PATH_SAFE)}{suffix}",
                "title": exchange.title,
                "snippet": getattr(exchange, "search_snippet", ""),
                "snippet_lang": getattr(exchange, "search_snippet_lang", ""),
                "type": exchange.type or "other",
                "type_label": type_label if (exchange.type or exchange.type_as_recorded) else "",
                "government": side,
                "location": exchange.location,
                "continuing": exchange.continuing,
                # What the entity of the page was in it (exchanges.views.add_parts).
                "part": getattr(exchange, "entity_part", ""),
                "note": getattr(exchange, "entity_note", ""),
            }
        )
    return rows
