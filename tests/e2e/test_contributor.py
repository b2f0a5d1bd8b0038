"""A contributor tells us about a new exchange, fixing a mistake on the way, and suggests a change."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange

from .conftest import PRESIDENTS_CALL_URL
from .helpers import WIDTHS, expect_error_beside, reference_on_thanks_page, set_width


def test_a_contributor_fixes_the_mistakes_shown_beside_their_fields_and_gets_a_reference(
    page, catalogue, screenshot
):
    page.goto("/")
    page.get_by_role("link", name="Tell us about a missing exchange").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about an exchange")

    page.get_by_label("Title").fill("Governors' forum in Houston")
    page.get_by_label("Summary").fill("Governors and provincial leaders met to discuss trade.")
    page.get_by_role("group", name="Government?").get_by_label("Yes").check()
    page.get_by_label("Type of exchange").select_option(label="Business / trade")
    page.get_by_role("group", name="Level of government").get_by_label("State / provincial").check()
    # Mistakes: a number of participants below zero, and a date no calendar holds.
    page.get_by_role("textbox", name="Partners").fill(
        "National Governors Association\nChinese People's Association"
    )
    page.get_by_label("Number of participants").fill("-40")
    page.get_by_label("Exchange date").fill("May 20–32, 2019")
    page.get_by_role("combobox", name="Location").fill("Houston, Texas")
    page.get_by_label("Sources").fill("Houston Chronicle, May 21, 2019 https://example.org/forum")
    page.get_by_label("Your email").fill("jane@example.org")
    page.get_by_role("button", name="Send my contribution").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the 2 errors below; everything you typed has been kept.")
    # The summary has the focus, so it is read out first; each of its links leads to a field.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Number of participants", "Exchange date"])
    number = page.get_by_label("Number of participants")
    date = page.get_by_label("Exchange date")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(number).to_be_focused()
    summary.get_by_role("link", name="Exchange date").click()
    expect(date).to_be_focused()
    expect_error_beside(
        number, "“-40” is below zero. Give the number of participants as a whole number, e.g. 40 or 1,200."
    )
    expect_error_beside(date, "May 2019 has no day 32.")
    expect(page.get_by_label("Title")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Sources")).to_have_value(
        "Houston Chronicle, May 21, 2019 https://example.org/forum"
    )
    screenshot(page, "contribute-with-errors")

    number.fill("40")
    date.fill("May 20–22, 2019")
    page.get_by_role("button", name="Send my contribution").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your contribution")
    reference = reference_on_thanks_page(page)
    screenshot(page, "contribute-thanks")
    submission = Submission.objects.get(reference=reference)
    assert (submission.kind, submission.status) == (Submission.Kind.NEW, Submission.Status.PENDING)
    assert (submission.levels, str(submission.end_date)) == ([Exchange.Level.STATE], "2019-05-22")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_record_that_says_nothing_of_government_type_or_level_is_published_as_not_recorded(
    page, catalogue, screenshot, width
):
    set_width(page, width)
    page.goto("/contribute/")
    page.get_by_label("Title").fill("Governors meet provincial leaders in Salt Lake City")
    page.get_by_label("Summary").fill("Governors and provincial party secretaries met on trade.")
    page.get_by_label("Exchange date").fill("April 2013")
    page.get_by_label("Sources").fill("https://example.org/usc/governors-forum-2013")
    page.get_by_label("Your email").fill("jane@example.org")
    screenshot(page, "contribute-not-recorded")
    page.get_by_role("button", name="Send my contribution").click()
    submission = Submission.objects.get(reference=reference_on_thanks_page(page))

    moderator = User.objects.create_user(f"ana{width}", is_staff=True)
    assert moderation.approve(submission.pk, moderator).done
    page.goto(Exchange.objects.get(title=submission.title).get_absolute_url())
    facts = page.locator("dl.facts")
    expect(page.locator("header").get_by_text("April 2013")).to_be_visible()
    for label in ["Government?", "Type of exchange", "Level of government", "Continuing"]:
        expect(facts.locator("dt", has_text=label).locator("xpath=following-sibling::dd[1]")).to_have_text(
            "Not recorded"
        )
    screenshot(page, "detail-not-recorded")


def test_a_reader_suggests_a_change_from_an_exchange_page_and_gets_a_reference(page, catalogue, screenshot):
    page.goto(PRESIDENTS_CALL_URL)
    page.get_by_role("link", name="Suggest a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Know more about this exchange?")
    # The form holds the published version.
    expect(page.get_by_label("Title")).to_have_value("Presidents Xi and Biden talk by phone")
    expect(page.get_by_role("group", name="Government?").get_by_label("Yes")).to_be_checked()
    expect(page.get_by_role("group", name="Level of government").get_by_label("National")).to_be_checked()

    page.get_by_label("Number of participants").fill("2 presidents and their interpreters")
    page.get_by_label("Your email").fill("li@example.org")
    page.get_by_role("button", name="Send my suggestion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion")
    expect(page.get_by_role("link", name="Back to “Presidents Xi and Biden talk by phone”")).to_be_visible()
    submission = Submission.objects.get(reference=reference_on_thanks_page(page))
    assert submission.kind == Submission.Kind.CHANGE
    assert submission.exchange.get_absolute_url() == PRESIDENTS_CALL_URL
    assert submission.participant_count_note == "2 presidents and their interpreters"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reader_corrects_the_notes_on_the_record_and_the_page_shows_them_once_approved(
    page, catalogue, screenshot, width
):
    set_width(page, width)
    page.goto(PRESIDENTS_CALL_URL)
    notes = page.get_by_role("region", name="Notes")
    expect(notes).to_contain_text("Xinhua dated the call April 3, Beijing time")
    page.get_by_role("link", name="Suggest a change").click()
    box = page.get_by_label("Notes on the record")
    expect(box).to_have_value(
        "Xinhua dated the call April 3, Beijing time; the record gives the White House's date."
    )
    box.fill("Xinhua dated the call April 3, Beijing time.\nThe White House readout gives April 2.")
    page.get_by_label("Your email").fill("li@example.org")
    screenshot(page, "suggest-notes")
    page.get_by_role("button", name="Send my suggestion").click()
    submission = Submission.objects.get(reference=reference_on_thanks_page(page))
    assert (
        submission.notes
        == "Xinhua dated the call April 3, Beijing time.\nThe White House readout gives April 2."
    )

    moderator = User.objects.create_user(f"notes{width}", is_staff=True)
    assert moderation.approve(submission.pk, moderator).done
    page.goto(PRESIDENTS_CALL_URL)
    # Its line break kept, as the reader typed it.
    assert notes.locator("p").inner_text() == (
        "Xinhua dated the call April 3, Beijing time.\nThe White House readout gives April 2."
    )
    screenshot(page, "detail-notes")


def test_a_suggestion_that_changes_nothing_is_sent_back_with_a_reason(page, catalogue):
    page.goto(PRESIDENTS_CALL_URL + "suggest/")
    page.get_by_label("Your email").fill("li@example.org")
    page.get_by_role("button", name="Send my suggestion").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing differs from the published exchange.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Know more about this exchange?")
    assert not Submission.objects.exists()
