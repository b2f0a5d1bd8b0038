"""An exchange's page at both widths: its facts before the related exchanges, its sources inside their
column.

On a phone the page is one column; it showed the related exchanges (the end of the main column)
before the facts (type, level, dates, participants), which a desktop shows beside the summary.
"""

import datetime

import pytest
from playwright.sync_api import expect

from exchanges.models import Source
from tests.factories import make_exchange

from .helpers import NARROW, WIDE, WIDTHS, axe_violations, set_width, sideways_overflow

# A source's address of 230 characters without a space, as news sites' tracking addresses are.
LONG_ADDRESS = (
    "https://www.state.gov/briefings-foreign-press-centers/"
    + "us-china-people-to-people-exchange-" * 4
    + "?utm_source=newsletter&id=1234567890"
)


@pytest.fixture
def exchange_with_related(transactional_db):
    for number in range(3):
        make_exchange(
            title=f"Beijing trade fair {number + 1}",
            partners="Ministry of Commerce",
            location="Beijing",
            date=datetime.date(2016, 3 + number, 1),
        )
    exchange = make_exchange(
        title="Commerce ministers meet in Beijing",
        summary="The ministers talked about tariffs.",
        partners="Ministry of Commerce",
        participants="Secretary Penny Pritzker",
        location="Beijing",
        date=datetime.date(2016, 6, 1),
        sources=0,
    )
    Source.objects.create(exchange=exchange, url=LONG_ADDRESS, position=0)
    Source.objects.create(
        exchange=exchange, url=LONG_ADDRESS, citation="State Department briefing", position=1
    )
    return exchange


def box(page, selector):
    return page.locator(selector).bounding_box()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_facts_come_before_the_related_exchanges(page, exchange_with_related, screenshot, width):
    set_width(page, width)
    page.goto(exchange_with_related.get_absolute_url())
    screenshot(page, "exchange-facts-and-related")
    related = page.get_by_role("heading", name="Related exchanges")
    expect(related).to_be_visible()
    facts, related, summary = (
        box(page, ".facts"),
        related.bounding_box(),
        box(page, ".exchange-detail .prose"),
    )
    if width == NARROW:
        assert facts["y"] + facts["height"] <= related["y"], "on a phone the facts come first"
    else:
        # Beside the summary, and the related exchanges under it, in the wide column.
        assert facts["x"] > summary["x"] + summary["width"]
        assert facts["y"] < summary["y"] + summary["height"]
        assert related["x"] == pytest.approx(summary["x"], abs=1)
        assert related["y"] > summary["y"]
    # Read in order too: a screen reader and the Tab key reach the facts before the related ones.
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index("Facts") < headings.index("Related exchanges"), headings
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_source_address_wraps_inside_its_column(page, exchange_with_related, width):
    set_width(page, width)
    page.goto(exchange_with_related.get_absolute_url())
    column = box(page, ".exchange-main")
    if width == WIDE:
        assert column["width"] < WIDE * 2 / 3, "the address does not widen the main column"
    for source in page.locator(".sources li").all():
        line = source.bounding_box()
        assert line["x"] + line["width"] <= column["x"] + column["width"] + 1
        assert source.evaluate("element => element.scrollWidth <= element.clientWidth")
    assert sideways_overflow(page) == 0
