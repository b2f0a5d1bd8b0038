"""The entity autocomplete from the keyboard, in Chromium, on a test page with the site's layout."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.entities.factories import make_person, make_place

from .helpers import NARROW, axe_violations, set_width

pytestmark = pytest.mark.usefixtures("people")
PAGE = "/test-only/autocomplete/"


@pytest.fixture
def people(transactional_db):
    with override_settings(ROOT_URLCONF="tests.e2e.entity_pages"):
        make_person("Wang Yi", chinese_name="王毅")
        make_person("Wang Qishan", chinese_name="王岐山")
        make_person("Antony Blinken", aliases=["Tony Blinken"])
        make_person("Zhou Enlai", chinese_name="周恩来", aliases=["周總理"])
        california = make_place("California", kind="province", country="US")
        make_place("Rancho Mirage", country="US", parent=california)
        yield


def test_a_person_is_picked_from_the_suggestions_with_the_keyboard(page, screenshot):
    page.goto(PAGE)
    field = page.get_by_role("textbox", name="Participants")
    field.click()
    field.press_sequentially("Antony Blinken\nwan")
    suggestions = page.get_by_role("listbox", name="Participants")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions.get_by_role("option").first).to_have_text("Wang Qishan (王岐山)")
    expect(
        page.get_by_role("status").filter(has_text="2 suggestions: use the up and down keys")
    ).to_have_count(1)
    expect(field).not_to_have_attribute("aria-activedescendant", r".+")

    field.press("ArrowDown")
    first, second = suggestions.get_by_role("option").all()
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    field.press("ArrowDown")
    expect(second).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    field.press("ArrowDown")  # round again to the first
    field.press("ArrowUp")
    expect(second).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    screenshot(page, "entity-autocomplete-open")
    assert axe_violations(page) == []

    field.press("Enter")
    expect(suggestions).to_be_hidden()
    # Only the line being typed was replaced; the form was not sent.
    expect(field).to_have_value("Antony Blinken\nWang Yi")
    assert page.url.endswith(PAGE)


def test_escape_closes_the_suggestions_and_keeps_what_was_typed(page):
    page.goto(PAGE)
    field = page.get_by_role("textbox", name="Participants")
    field.click()
    field.press_sequentially("tony")
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_text(["Antony Blinken found as “Tony Blinken”"])
    field.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(field).to_have_value("tony")
    # A new name is typed on, and Enter without a highlighted suggestion is an ordinary new line.
    field.press("Enter")
    field.press_sequentially("Someone Unknown")
    expect(field).to_have_value("tony\nSomeone Unknown")


def test_the_place_field_is_a_combobox_that_opens_and_closes(page, screenshot):
    for width in (NARROW, 1280):
        set_width(page, width)
        page.goto(PAGE)
        combobox = page.get_by_role("combobox", name="Place")
        expect(combobox).to_have_attribute("aria-expanded", "false")
        combobox.press_sequentially("ranch")
        expect(combobox).to_have_attribute("aria-expanded", "true")
        option = page.get_by_role("option", name="Rancho Mirage, California, United States")
        expect(option).to_be_visible()
        screenshot(page, "entity-autocomplete-place")
        combobox.press("ArrowDown")
        combobox.press("Enter")
        expect(combobox).to_have_value("Rancho Mirage")
        expect(combobox).to_have_attribute("aria-expanded", "false")


def test_a_suggestion_can_be_clicked(page):
    page.goto(PAGE)
    combobox = page.get_by_role("combobox", name="Place")
    combobox.press_sequentially("cali")
    page.get_by_role("option", name="California, United States").click()
    expect(combobox).to_have_value("California")
    expect(combobox).to_be_focused()


def test_without_javascript_the_fields_stay_plain_text(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(PAGE)
        expect(tab.get_by_role("combobox")).to_have_count(0)
        field = tab.get_by_role("textbox", name="Place")
        field.fill("Somewhere New")
        expect(field).to_have_value("Somewhere New")
        expect(tab.get_by_role("listbox")).to_have_count(0)
    finally:
        context.close()


def test_an_answer_that_comes_after_escape_does_not_reopen_the_list(page):
    page.goto(PAGE)
    combobox = page.get_by_role("combobox", name="Place")
    combobox.press_sequentially("ra")
    expect(page.get_by_role("option", name="Rancho Mirage, California, United States")).to_be_visible()
    combobox.press("n")  # asks again after a short pause…
    combobox.press("Escape")  # …but the person has closed the list first
    page.wait_for_timeout(800)
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_value("ran")


def test_a_name_found_by_another_spelling_says_which(page, screenshot):
    # "Chou" is how older sources write Zhou Enlai (the search's synonyms): without a word the list
    # offers a name that does not begin with what was typed.
    page.goto(PAGE)
    field = page.get_by_role("textbox", name="Participants")
    field.click()
    field.press_sequentially("Chou")
    option = page.get_by_role("option", name="Zhou Enlai (周恩来) found as “Chou En-lai”")
    expect(option).to_be_visible()
    expect(option.locator('[lang="zh"]')).to_have_text("周恩来")
    screenshot(page, "entity-autocomplete-found-as")
    field.press("ArrowDown")
    assert axe_violations(page) == []
    field.press("Enter")
    expect(field).to_have_value("Zhou Enlai")


def test_a_chinese_spelling_found_is_marked_as_chinese(page):
    page.goto(PAGE)
    field = page.get_by_role("textbox", name="Participants")
    field.click()
    field.press_sequentially("周總")
    option = page.get_by_role("option", name="Zhou Enlai (周恩来) found as “周總理”")
    expect(option.locator('.found-as [lang="zh"]')).to_have_text("周總理")
