"""The server-drawn timeline in Chromium at both widths, on the test page of tests/e2e/entity_pages.py."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from .helpers import NARROW, WIDTHS, axe_violations, set_width


@pytest.fixture(autouse=True)
def timeline_urls():
    with override_settings(ROOT_URLCONF="tests.e2e.entity_pages"):
        yield


def label_boxes(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.timeline-label')]
            .filter(label => getComputedStyle(label).display !== 'none')
            .map(label => { const box = label.getBoundingClientRect(); return [box.left, box.right]; })"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_year_labels_never_overlap_and_stay_on_the_page(page, screenshot, width):
    set_width(page, width)
    page.goto("/test-only/timeline/?type=education&page=2")
    expect(page.get_by_role("figure")).to_be_visible()
    boxes = label_boxes(page)
    assert len(boxes) >= 4
    for (_left, right), (next_left, _right) in zip(boxes, boxes[1:], strict=False):
        assert right < next_left, boxes
    assert boxes[0][0] >= 0 and boxes[-1][1] <= width
    screenshot(page, "timeline")
    assert axe_violations(page) == []


def test_a_bar_narrows_to_its_year_keeping_the_filters(page):
    page.goto("/test-only/timeline/?type=education&page=2")
    page.get_by_role("link", name="1979: 12 exchanges").click()
    assert page.url.endswith("/test-only/timeline/?type=education&year=1979")
    expect(page.get_by_role("link", name="1979: 12 exchanges")).to_have_attribute("aria-current", "true")


def test_the_counts_can_be_read_as_a_table(page, screenshot):
    set_width(page, NARROW)
    page.goto("/test-only/timeline/")
    page.get_by_text("Exchanges per year, as a table").click()
    table = page.get_by_role("table", name="Exchanges per year")
    expect(table.get_by_role("row")).to_have_count(1 + 8 + 24)
    expect(table.get_by_role("row", name="1979 12")).to_be_visible()
    screenshot(page, "timeline-table")
