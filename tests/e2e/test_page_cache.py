"""A reader's browser shows a moderator's change on the next page it asks for, with the page cache on.

Django's page cache is retired by every change (exchanges/cache.py); the browser's own copy of a
page must not outlive it either: it may keep the page, but asks again before showing it."""

import datetime

from playwright.sync_api import expect

from exchanges.models import Exchange
from exchanges.publishing import publish


def test_a_reader_sees_a_newly_published_exchange_on_the_next_visit_to_the_list(page, catalogue, settings):
    settings.PAGE_CACHE = True
    page.goto("/exchanges/")
    heading = page.get_by_role("heading", name="45 exchanges", exact=True)
    expect(heading).to_be_visible()
    # Asked for again: answered from Django's cache, and kept by the browser too.
    page.goto("/")
    page.goto("/exchanges/")
    expect(heading).to_be_visible()

    publish(
        {
            "title": "Governors' forum in Des Moines",
            "summary": "Governors and provincial leaders met.",
            "government": True,
            "type": Exchange.Type.DIPLOMATIC,
            "levels": [Exchange.Level.STATE],
            "date": datetime.date(2025, 6, 1),
            "date_precision": Exchange.Precision.DAY,
        },
        [{"citation": "A newspaper", "url": ""}],
    )

    page.goto("/exchanges/")
    expect(page.get_by_role("heading", name="46 exchanges", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Governors' forum in Des Moines")).to_be_visible()
