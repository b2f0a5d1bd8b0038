"""The server-drawn timeline in Chromium at both widths, on the test page of tests/e2e/entity_pages.py."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from .helpers import NARROW, WIDTHS, axe_violations, set_width, sideways_overflow


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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("counts", ["", "large"])
def test_the_count_scale_stands_left_of_the_bars_and_on_the_page(page, screenshot, width, counts):
    # The bars had no scale; its numbers ("120,000") are beside the chart, not over its first bars.
    set_width(page, width)
    page.goto(f"/test-only/timeline/?counts={counts}")
    chart = page.locator(".timeline-chart").bounding_box()
    figure = page.get_by_role("figure").bounding_box()
    numbers = page.locator(".timeline-count")
    expect(numbers.first).to_be_visible()
    shown = [each.text_content() for each in numbers.all()]
    assert shown == (["10", "20", "30"] if not counts else ["50,000", "100,000"]), shown
    for number in numbers.all():
        box = number.bounding_box()
        assert figure["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"], (box, figure, chart)
    assert sideways_overflow(page) == 0
    screenshot(page, f"timeline-scale-{counts or 'small'}")


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
