"""A contributor tells us about a new exchange, fixing a mistake on the way, and suggests a change."""

from playwright.sync_api import expect

from contributions.models import Submission
from exchanges.models import Exchange

from .conftest import PRESIDENTS_CALL_URL
from .helpers import expect_error_beside, reference_on_thanks_page


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
    # Mistakes: a government exchange with no level, and an end before the start.
    page.get_by_label("Partners").fill("National Governors Association\nChinese People's Association")
    page.get_by_label("Exchange date").fill("2019-05-20")
    page.get_by_role("group", name="How exact is the date?").get_by_label("Day").check()
    page.get_by_label("End date").fill("2019-05-02")
    page.get_by_label("Location").fill("Houston, Texas")
    page.get_by_label("Sources").fill("Houston Chronicle, May 21, 2019 https://example.org/forum")
    page.get_by_label("Your email").fill("jane@example.org")
    page.get_by_role("button", name="Send my contribution").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the 2 errors below; everything you typed has been kept.")
    # The summary has the focus, so it is read out first; each of its links leads to a field.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Level of government", "End date"])
    level = page.get_by_label("Level of government")
    end_date = page.get_by_label("End date")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(level).to_be_focused()
    summary.get_by_role("link", name="End date").click()
    expect(end_date).to_be_focused()
    expect_error_beside(level, "Choose the level of government for a government exchange.")
    expect_error_beside(end_date, "The end date cannot be before the exchange date.")
    expect(page.get_by_label("Title")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Sources")).to_have_value(
        "Houston Chronicle, May 21, 2019 https://example.org/forum"
    )
    screenshot(page, "contribute-with-errors")

    level.select_option(label="State / provincial")
    end_date.fill("2019-05-22")
    page.get_by_role("button", name="Send my contribution").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your contribution")
    reference = reference_on_thanks_page(page)
    screenshot(page, "contribute-thanks")
    submission = Submission.objects.get(reference=reference)
    assert (submission.kind, submission.status) == (Submission.Kind.NEW, Submission.Status.PENDING)
    assert (submission.level, str(submission.end_date)) == (Exchange.Level.STATE, "2019-05-22")


def test_a_reader_suggests_a_change_from_an_exchange_page_and_gets_a_reference(page, catalogue, screenshot):
    page.goto(PRESIDENTS_CALL_URL)
    page.get_by_role("link", name="Suggest a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Know more about this exchange?")
    # The form holds the published version.
    expect(page.get_by_label("Title")).to_have_value("Presidents Xi and Biden talk by phone")
    expect(page.get_by_role("group", name="Government?").get_by_label("Yes")).to_be_checked()
    expect(page.get_by_label("Level of government")).to_have_value("national")

    page.get_by_label("Number of participants").fill("2 presidents and their interpreters")
    page.get_by_label("Your email").fill("li@example.org")
    page.get_by_role("button", name="Send my suggestion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your contribution")
    submission = Submission.objects.get(reference=reference_on_thanks_page(page))
    assert submission.kind == Submission.Kind.CHANGE
    assert submission.exchange.get_absolute_url() == PRESIDENTS_CALL_URL
    assert submission.participant_count_note == "2 presidents and their interpreters"


def test_a_suggestion_that_changes_nothing_is_sent_back_with_a_reason(page, catalogue):
    page.goto(PRESIDENTS_CALL_URL + "suggest/")
    page.get_by_label("Your email").fill("li@example.org")
    page.get_by_role("button", name="Send my suggestion").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing differs from the published exchange.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Know more about this exchange?")
    assert not Submission.objects.exists()
