"""A reader follows a person from an exchange to their page, and narrows the catalogue by a place
and a year; a contributor picks a known person while typing. Pages shot at both widths."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import make_exchange

from .helpers import WIDTHS, axe_violations, set_width, sideways_overflow

BLINKEN_VISIT = "/exchanges/blinken-meets-wang-yi-chinas-top-diplomat/"
# The tests' own ten exchanges, not the starter catalogue.
TEST_SEED = Path(__file__).resolve().parent.parent / "data" / "seed_exchanges.csv"


@pytest.fixture
def seeded(transactional_db):
    """The seed exchanges and thirty California programmes in 2014 (two pages), linked as published."""
    call_command("seed_exchanges", "--file", str(TEST_SEED), verbosity=0)
    for number in range(30):
        make_exchange(
            title=f"California exchange programme {number + 1:02d}",
            summary="Students and teachers visit schools.",
            type="education" if number % 3 else "cultural",
            government=False,
            partners="University of California\nPeking University",
            location="Los Angeles, California" if number % 2 else "San Francisco",
            date=datetime.date(2014, 1 + number % 12, 1 + number // 12),
            sources=0,
        )
    make_exchange(
        title="California exchange programme in 2015", location="Los Angeles", date=datetime.date(2015, 3, 1)
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_from_the_blinken_visit_a_click_on_wang_yi_shows_his_exchanges_and_timeline(
    page, seeded, screenshot, width
):
    set_width(page, width)
    page.goto(BLINKEN_VISIT)
    screenshot(page, "exchange-with-links-and-related")
    page.get_by_role("link", name="Wang Yi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wang Yi")
    expect(page).to_have_url(re.compile(r"/people/wang-yi/$"))
    expect(page.get_by_role("heading", name="1 exchange")).to_be_visible()
    expect(page.locator("figure.timeline")).to_be_visible()
    expect(
        page.get_by_role("link", name="Browse the full catalogue filtered by Wang Yi", exact=True)
    ).to_have_attribute("href", "/exchanges/?person=wang-yi")
    screenshot(page, "entity-page")
    assert sideways_overflow(page) == 0
    assert axe_violations(page) == []


def test_the_catalogue_is_filtered_by_california_and_2014_and_paged_with_the_filters_kept(
    page, seeded, screenshot
):
    page.goto("/exchanges/")
    # 30 in 2014, one in 2015 and the seed's Sunnylands.
    page.get_by_role("checkbox", name="California (32)").check()
    page.get_by_role("textbox", name="Year").fill("2014")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="30 exchanges")).to_be_visible()
    screenshot(page, "catalogue-california-2014")
    # The type counts add up to the results.
    counts = page.locator("fieldset:has(legend:text('Type of exchange')) .facet-count").all_inner_texts()
    assert sum(int(count.strip("()")) for count in counts) == 30
    page.get_by_role("link", name="Next ›").click()
    expect(page).to_have_url(re.compile(r"\?place=california&year=2014&page=2~after~[^&]+$"))
    expect(page.get_by_role("heading", name="30 exchanges")).to_be_visible()
    expect(page.locator(".exchange-row")).to_have_count(5)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_catalogue_with_facets_and_timeline_and_the_index_fit_and_pass_axe(
    page, seeded, screenshot, width
):
    set_width(page, width)
    for name, url in [("catalogue-facets", "/exchanges/"), ("entity-index", "/places/?sort=count")]:
        assert page.goto(url).ok
        screenshot(page, name)
        assert sideways_overflow(page) == 0
        assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_contributor_picks_a_known_person_while_typing(page, seeded, screenshot, width):
    set_width(page, width)
    page.goto("/contribute/")
    field = page.get_by_role("textbox", name="Participants (types)")
    field.click()
    field.press_sequentially("wang")
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option").first).to_have_text("Wang Yi")
    field.press("ArrowDown")
    screenshot(page, "contribute-autocomplete")
    assert axe_violations(page) == []
    field.press("Enter")
    expect(field).to_have_value("Wang Yi")
