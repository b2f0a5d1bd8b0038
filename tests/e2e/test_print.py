"""An exchange's page printed: the record and its citation, without what only works on a screen.

Researchers print exchanges to file with their notes. Printed, the page carried the menu, the
trail, the "Suggest a change" button, the citation download links and the footer's links, and the
record's facts ran one under another: 3 A4 pages for an exchange that fits on 2.
"""

import pytest
from playwright.sync_api import expect

from .conftest import PRESIDENTS_CALL_URL

A4_WIDTH = 794


@pytest.fixture
def printed(page, catalogue, screenshot):
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.emulate_media(media="print")
    assert page.goto(PRESIDENTS_CALL_URL).ok
    yield page
    screenshot(page, "detail-printed")


def test_a_printed_exchange_leaves_out_what_cannot_be_clicked_on_paper(printed):
    expect(printed.get_by_role("heading", level=1)).to_have_text("Presidents Xi and Biden talk by phone")
    expect(printed.get_by_role("heading", name="Cite this exchange")).to_be_visible()
    for hidden in (
        printed.get_by_role("banner").get_by_role("link", name="Browse"),
        printed.get_by_role("navigation", name="Breadcrumb"),
        printed.get_by_role("link", name="Suggest a change"),
        printed.get_by_role("link", name="BibTeX"),
        printed.get_by_role("contentinfo").get_by_role("link", name="About"),
    ):
        expect(hidden).to_be_hidden()


def test_a_printed_exchange_shows_each_source_with_its_address(printed):
    sources = printed.locator(".sources li")
    expect(sources).to_have_count(2)
    for source in sources.all():
        expect(source).to_contain_text("https://example.org/")


def test_a_printed_exchange_sets_each_fact_beside_its_name(printed):
    name = printed.locator(".facts dt", has_text="Exchange date")
    value = name.locator("xpath=following-sibling::dd[1]")
    expect(value).to_have_text("April 2, 2024")
    assert abs(name.bounding_box()["y"] - value.bounding_box()["y"]) < 4
    assert value.bounding_box()["x"] > name.bounding_box()["x"] + 100


def test_the_printed_site_mark_is_not_white_on_paper(printed):
    # Browsers print no backgrounds by default: white letters on the mark's red would vanish.
    colour = printed.locator(".site-mark").evaluate("mark => getComputedStyle(mark).color")
    assert colour != "rgb(255, 255, 255)"
