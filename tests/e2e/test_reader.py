"""A reader searches, filters, sorts, pages, reads an exchange and comes back."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .helpers import NARROW, set_width


def query(page):
    return parse_qs(urlsplit(page.url).query)


def results(page):
    """The results column: a region named by its heading, e.g. "30 exchanges matching “students”"."""
    return page.get_by_role("region", name="exchanges")


def test_it_keeps_search_filters_sort_and_page_when_the_reader_comes_back(page, catalogue, screenshot):
    page.goto("/")
    page.get_by_label("Search the exchanges").fill("students")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="40 exchanges matching “students”")).to_be_visible()

    education = page.get_by_role("checkbox", name="Education")
    expect(education).not_to_be_checked()
    education.check()
    page.get_by_label("From", exact=True).fill("2010")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="30 exchanges matching “students”")).to_be_visible()
    # Only the fields the reader filled are in the address: it is short enough to cite.
    assert urlsplit(page.url).query == "q=students&type=education&date_after=2010"
    in_force = page.get_by_role("list", name="Filters in force")
    expect(in_force.get_by_role("link")).to_have_count(3)
    for name in [
        "Search: students (remove)",
        "Type of exchange: Education (remove)",
        "From: 2010 (remove)",
    ]:
        expect(in_force.get_by_role("link", name=name, exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Sort").get_by_role("link", name="Oldest first").click()
    titles = results(page).get_by_role("heading", level=3)
    expect(titles.first).to_have_text("Student exchange cohort 01")
    expect(titles).to_have_count(25)

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2 · exchanges 26–30")).to_be_visible()
    expect(titles).to_have_text([f"Student exchange cohort {number}" for number in range(26, 31)])
    screenshot(page, "reader-page-2")
    left_at = page.url

    titles.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Student exchange cohort 26")
    page.go_back()

    assert page.url == left_at
    params = query(page)
    assert params["q"] == ["students"]
    assert params["type"] == ["education"]
    assert params["date_after"] == ["2010"]
    assert params["sort"] == ["date"]
    # Next carries the sort key of the first page's last row (a cursor), labelled page 2.
    assert params["page"][0].startswith("2~after~")
    expect(page.get_by_role("searchbox", name="Search", exact=True)).to_have_value("students")
    expect(education).to_be_checked()
    expect(page.get_by_label("From", exact=True)).to_have_value("2010")
    expect(page.get_by_role("navigation", name="Sort").get_by_text("Oldest first")).to_have_attribute(
        "aria-current", "true"
    )
    expect(titles.first).to_have_text("Student exchange cohort 26")


def test_the_filters_fold_away_on_a_phone_and_open_with_their_button(page, catalogue, screenshot):
    set_width(page, NARROW)
    page.goto("/exchanges/")
    search = page.get_by_role("searchbox", name="Search", exact=True)
    expect(search).to_be_hidden()

    toggle = page.get_by_role("button", name="Search and filters")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(search).to_be_visible()
    screenshot(page, "list-filters-open")

    search.fill("orchestra")
    search.press("Enter")
    expect(page.get_by_role("heading", name="5 exchanges matching “orchestra”")).to_be_visible()
    # Folded away, the filters still say that the list is narrowed, and by how many.
    toggle = page.get_by_role("button", name="Search and filters, 1 in force", exact=True)
    expect(toggle).to_have_text("Search and filters (1)")


def test_a_filter_in_force_shows_the_keyboard_that_it_drops(page, catalogue):
    # The pointer saw the chip struck through on hover; the keyboard saw no such cue.
    page.goto("/exchanges/?type=education")
    chip = page.get_by_role("link", name="Type of exchange: Education (remove)", exact=True)
    page.keyboard.press("Tab")
    chip.focus()
    expect(chip).to_have_css("text-decoration-line", "line-through")


def test_on_a_phone_the_menu_sits_beside_the_site_name_and_opens(page, catalogue):
    set_width(page, NARROW)
    page.goto("/")
    banner = page.get_by_role("banner")
    name = banner.get_by_role("link", name="Exchange Database").bounding_box()
    menu = banner.get_by_role("button", name="Menu")
    button = menu.bounding_box()
    assert button["y"] < name["y"] + name["height"], "the menu button has wrapped below the site name"

    menu.click()
    banner.get_by_role("link", name="About").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the database")


def test_a_mistyped_date_is_explained_and_marked_on_its_field(page, catalogue):
    page.goto("/exchanges/")
    page.get_by_label("From", exact=True).fill("Summer 2013")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("alert")).to_contain_text("From: “summer” does not say which days")
    date_from = page.get_by_label("From", exact=True)
    expect(date_from).to_have_value("Summer 2013")
    expect(date_from).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("To", exact=True)).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", name="45 exchanges")).to_be_visible()
