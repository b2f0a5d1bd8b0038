"""Every public page passes axe-core, fits a phone, labels its controls and works from the keyboard.

A new page is checked by adding one line to PAGES (and to FORM_PAGES when it
has a form); each page is also saved as a screenshot at both widths.
"""

import pytest
from playwright.sync_api import expect

from contributions.models import Submission

from .conftest import PRESIDENTS_CALL_URL
from .helpers import (
    NARROW,
    WIDTHS,
    axe_violations,
    expect_error_beside,
    faint_controls,
    form_controls,
    has_focus,
    reference_on_thanks_page,
    send_a_contribution,
    set_width,
    sideways_overflow,
    tab_to,
)

PAGES = {
    "home": "/",
    "list": "/exchanges/",
    "list-filtered": "/exchanges/?q=students&type=education&date_after=2010&sort=date&page=2",
    "list-empty": "/exchanges/?q=nothing+matches+this",
    "list-bad-parameters": "/exchanges/?page=abc&date_after=notadate",
    "list-entity-filters": "/exchanges/?place=shanghai&year=2011-2013&country=cn",
    "detail": PRESIDENTS_CALL_URL,
    "entity-person": "/people/joe-biden/",
    "entity-place": "/places/shanghai/?type=education",
    "entity-index": "/people/?sort=count",
    "about": "/about/",
    "contribute": "/contribute/",
    "suggest": PRESIDENTS_CALL_URL + "suggest/",
}

FORM_PAGES = ["/", "/exchanges/", "/contribute/", PRESIDENTS_CALL_URL + "suggest/"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_serious_or_critical_axe_violations(page, catalogue, name, width):
    set_width(page, width)
    assert page.goto(PAGES[name]).ok
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_it_fits_the_screen_without_sideways_scrolling(page, catalogue, screenshot, name, width):
    set_width(page, width)
    assert page.goto(PAGES[name]).ok
    screenshot(page, name)
    assert sideways_overflow(page) == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_contribution_form_with_its_errors_and_the_thank_you_page_pass_axe(
    page, catalogue, screenshot, width
):
    set_width(page, width)
    page.goto("/contribute/")
    page.get_by_role("button", name="Send my contribution").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the")
    screenshot(page, "contribute-every-error")
    assert axe_violations(page) == []
    assert sideways_overflow(page) == 0

    # The thank-you page exists only for the browser that has just sent a contribution.
    send_a_contribution(page, "Climate talks in Anchorage")
    screenshot(page, "thanks")
    assert axe_violations(page) == []
    assert sideways_overflow(page) == 0


@pytest.mark.parametrize("url", FORM_PAGES)
def test_every_form_control_has_a_label(page, catalogue, url):
    page.goto(url)
    controls = form_controls(page)
    assert controls, "the page should have a form"
    assert [control["control"] for control in controls if not control["labelled"]] == []


@pytest.mark.parametrize("url", FORM_PAGES)
def test_every_form_control_stands_out_from_the_page(page, catalogue, url):
    page.goto(url)
    assert faint_controls(page) == []


def test_the_skip_link_is_the_first_stop_and_leads_into_the_page(page, catalogue):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert has_focus(skip)
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert has_focus(page.get_by_label("Search the exchanges"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_skips_the_filters_and_the_chart_to_the_results(page, catalogue, width):
    set_width(page, width)
    page.goto("/exchanges/")
    skip = page.get_by_role("link", name="Skip to the results")
    tab_to(page, skip, most=12)
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # Straight to the results' own links: the sort links, not a filter.
    assert has_focus(page.get_by_role("navigation", name="Sort").get_by_role("link").first)
    chart = page.get_by_role("link", name="Skip the chart to the exchanges")
    tab_to(page, chart, most=8)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert has_focus(page.locator("#result-rows a").first)


def test_the_home_search_works_from_the_keyboard(page, catalogue):
    page.goto("/")
    tab_to(page, page.get_by_label("Search the exchanges"))
    page.keyboard.type("orchestra")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="5 exchanges matching “orchestra”")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_filter_form_works_from_the_keyboard_alone(page, catalogue, width):
    # A narrow window is also what a desktop reader zoomed in to 300% or more gets.
    set_width(page, width)
    page.goto("/exchanges/")
    if width == NARROW:
        tab_to(page, page.get_by_role("button", name="Search and filters"))
        page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("searchbox", name="Search", exact=True))
    page.keyboard.type("students")
    education = page.get_by_role("checkbox", name="Education")
    tab_to(page, education)
    page.keyboard.press("Space")
    expect(education).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="35 exchanges matching “students”")).to_be_visible()
    if width == NARROW:
        # The results come first on a phone; the panel folds away until asked for.
        page.get_by_role("button", name="Search and filters").click()
    expect(education).to_be_checked()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_reaches_the_footer_of_the_list_without_being_trapped(page, catalogue, width):
    set_width(page, width)
    page.goto("/exchanges/")
    tab_to(page, page.get_by_role("contentinfo").get_by_role("link", name="About"), most=150)


def test_the_phone_menu_and_filter_panel_pass_axe_when_open(page, catalogue, screenshot):
    set_width(page, NARROW)
    page.goto("/exchanges/")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("banner").get_by_role("link", name="About")).to_be_visible()
    page.get_by_role("button", name="Search and filters").click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    screenshot(page, "list-menu-and-filters-open")
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_contribution_form_works_from_the_keyboard_alone(page, catalogue, width):
    set_width(page, width)
    page.goto("/contribute/")
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Climate talks in Anchorage")
    tab_to(page, page.get_by_label("Summary"))
    page.keyboard.type("The two foreign ministers met in Alaska.")
    government = page.get_by_role("group", name="Government?")
    # Tab lands on a group's chosen radio button ("Not recorded" until told otherwise);
    # the arrow keys move the choice.
    tab_to(page, government.get_by_label("Not recorded"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    tab_to(page, page.get_by_label("Type of exchange"))
    page.keyboard.type("Diplomatic")
    national = page.get_by_role("group", name="Level of government").get_by_label("National")
    tab_to(page, national)
    page.keyboard.press("Space")
    date = page.get_by_label("Exchange date")
    tab_to(page, date)
    page.keyboard.type("March 18, 2021")
    tab_to(page, page.get_by_label("Sources"))
    page.keyboard.type("https://example.org/anchorage")
    tab_to(page, page.get_by_label("Your email"))
    page.keyboard.type("jane@example.org")

    expect(government.get_by_label("Yes")).to_be_checked()
    expect(page.get_by_label("Type of exchange")).to_have_value("diplomatic")
    expect(national).to_be_checked()
    expect(date).to_have_value("March 18, 2021")
    tab_to(page, page.get_by_role("button", name="Send my contribution"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your contribution")
    submission = Submission.objects.get(reference=reference_on_thanks_page(page))
    assert (submission.title, str(submission.date)) == ("Climate talks in Anchorage", "2021-03-18")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_date_the_filters_cannot_read_is_said_beside_its_field(page, catalogue, width):
    # The field was marked invalid, but its reason was only in the box above the page: a screen
    # reader on the field heard "invalid" and not why.
    set_width(page, width)
    page.goto("/exchanges/?year=abc&date_after=notadate")
    if width == NARROW:
        page.get_by_role("button", name="Search and filters").click()
    expect_error_beside(
        page.get_by_label("Year", exact=True), "Write a year (1971) or a range of years (2010-2014)."
    )
    expect_error_beside(
        page.get_by_label("From", exact=True),
        "Enter a day (“July 14, 2014” or “2014-07-14”), a month (“June 2023”), a year (“1971”) "
        "or a span (“July 9–10, 2014”, “2013–2016”), with “about” if it is approximate.",
    )


def test_on_a_phone_the_apply_button_stays_in_sight_while_ticking_filters(page, catalogue):
    # It waited below some sixty filters: a reader who ticked "Education" near the top scrolled
    # the whole panel to find it.
    set_width(page, NARROW)
    page.goto("/exchanges/")
    page.get_by_role("button", name="Search and filters").click()
    education = page.get_by_role("checkbox", name="Education")
    education.check()
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_in_viewport()
    apply.click()
    expect(page.get_by_role("heading", name="35 exchanges")).to_be_visible()


def test_on_a_phone_a_filter_reached_with_tab_is_not_hidden_under_the_apply_button(page, catalogue):
    set_width(page, NARROW)
    page.goto("/exchanges/")
    page.get_by_role("button", name="Search and filters").click()
    apply = page.get_by_role("button", name="Apply filters")
    for _ in range(40):
        page.keyboard.press("Tab")
        if has_focus(apply):
            break
        focused = page.evaluate(
            "() => [document.activeElement.getBoundingClientRect().bottom, document.activeElement.id]"
        )
        assert focused[0] <= apply.bounding_box()["y"] + 1, f"#{focused[1]} is under the button"
    else:
        raise AssertionError("Tab never reached “Apply filters”")
