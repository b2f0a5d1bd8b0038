"""A reader pages through the catalogue with the page bar: Next, the last page, Previous, a number."""

import pytest
from playwright.sync_api import expect

from .helpers import WIDTHS, axe_violations, set_width


@pytest.fixture
def small_pages(settings):
    # 45 exchanges at five a page: nine pages, enough for gaps in the numbers.
    settings.EXCHANGES_PER_PAGE = 5


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reader_pages_to_the_oldest_and_back(page, catalogue, small_pages, screenshot, width):
    set_width(page, width)
    page.goto("/exchanges/")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages.get_by_text("Page 1 of 9 · exchanges 1–5")).to_be_visible()
    expect(pages.get_by_role("link", name="Newest", exact=True)).to_have_count(0)

    pages.get_by_role("link", name="Next ›").click()
    expect(pages.get_by_text("Page 2 of 9 · exchanges 6–10")).to_be_visible()
    assert "page=2~after~" in page.url
    screenshot(page, "paging-page-2")

    pages.get_by_role("link", name="Oldest", exact=True).click()
    expect(pages.get_by_text("Page 9 of 9 · exchanges 41–45")).to_be_visible()
    expect(pages.get_by_role("link", name="Next ›")).to_have_count(0)
    oldest = page.locator(".exchange-row h3").all_inner_texts()

    pages.get_by_role("link", name="‹ Previous").click()
    expect(pages.get_by_text("Page 8 of 9 · exchanges 36–40")).to_be_visible()
    assert "page=8~before~" in page.url
    screenshot(page, "paging-page-8")
    assert axe_violations(page) == []

    pages.get_by_role("link", name="Next ›").click()
    expect(page.locator(".exchange-row h3")).to_have_text(oldest)

    pages.get_by_role("link", name="Newest", exact=True).click()
    expect(pages.get_by_text("Page 1 of 9 · exchanges 1–5")).to_be_visible()
    if width > 576:
        # The numbers are shown where there is room; a phone keeps the words.
        pages.get_by_role("link", name="3", exact=True).click()
        expect(pages.get_by_text("Page 3 of 9 · exchanges 11–15")).to_be_visible()
        expect(pages.locator('[aria-current="page"]')).to_have_text("3")
