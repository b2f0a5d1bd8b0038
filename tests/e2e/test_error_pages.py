"""The error pages a reader may meet (404, 410, 400, 413, 500) pass axe-core and fit a phone.

Each is written into a page of the site, so that its style sheets load from the same addresses:
the browser reports an error answer as a console error, which fails any browser test.
"""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from exchanges.models import Exchange
from tests.factories import make_exchange

from .helpers import WIDTHS, axe_violations, set_width, sideways_overflow

ANSWERED = {
    "404": ("/exchanges/no-such-exchange-with-a-rather-long-address-that-goes-on/", 404),
    "410": ("/exchanges/governors-meet-in-des-moines/", 410),
    "400": ("/exchanges/?q=Xi%00Biden", 400),
}
# Drawn without a request (500), or for a request too large to send here (413).
RENDERED = {
    "500": ("500.html", {}),
    "413": ("413.html", {"sent": 12_000_000, "limit": 2_621_440}),
}


@pytest.fixture
def error_pages(transactional_db):
    exchange = make_exchange(title="Governors meet in Des Moines")
    exchange.status = Exchange.Status.DRAFT
    exchange.save()
    pages = {name: render_to_string(template, context) for name, (template, context) in RENDERED.items()}
    for name, (address, status) in ANSWERED.items():
        response = Client().get(address)
        assert response.status_code == status
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*ANSWERED, *RENDERED])
def test_an_error_page_passes_axe_and_fits_the_screen(page, error_pages, screenshot, name, width):
    set_width(page, width)
    page.goto("/about/")
    page.set_content(error_pages[name])
    screenshot(page, f"error-{name}")
    assert axe_violations(page) == []
    assert sideways_overflow(page) == 0
    # The tab says what went wrong, not only the site's name.
    assert page.title().endswith(" · U.S.-China Exchange Database")
