from django import template
from django.utils.safestring import mark_safe

from exchanges import citations

register = template.Library()


@register.simple_tag
def exchange_citations(exchange):
    """What the exchange page's Cite box shows."""
    return {
        "apa": citations.apa(exchange),
        "chicago": citations.chicago(exchange),
        "url": citations.permanent_url(exchange),
        "version": exchange.updated,
    }


@register.simple_tag
def exchange_json_ld(exchange):
    return mark_safe(citations.event_json_ld(exchange))  # escaped for a <script> element
