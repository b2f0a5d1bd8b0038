"""A moderator works in the admin: the published exchanges, and the queue of contributions."""

import datetime
import importlib
import re
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from playwright.sync_api import expect

from contributions.admin import SubmissionAdmin
from exchanges.models import Exchange
from tests.factories import make_submission

from .helpers import WIDE, WIDTHS, axe_violations, cut_off, log_in, set_width, sideways_overflow

PASSWORD = "a moderator's password"


def restore_moderators_group():
    """The Moderators group, made and given its permissions by its data migrations' code.

    Live-server tests empty every table after each test, and the group, made
    by a data migration, goes with them. (Serialized rollback would reload the
    whole database, and clashes with the content types that the emptying
    recreates.)
    """
    loader = MigrationLoader(connection)
    for name, make in [
        ("0002_moderators_group", "create_group"),
        ("0011_moderators_work_on_entities", "grant"),
    ]:
        migration = importlib.import_module(f"contributions.migrations.{name}")
        getattr(migration, make)(loader.project_state(("contributions", name)).apps, schema_editor=None)


@pytest.fixture
def moderator(catalogue):
    """A member of the Moderators group, made as the README says: `manage.py make_moderator`."""
    restore_moderators_group()
    call_command("make_moderator", "mira", "--email", "mira@example.org", stdout=StringIO())
    user = User.objects.get(username="mira")
    user.set_password(PASSWORD)
    user.save()
    return user


def much_like_the_call():
    """A pending contribution much like the presidents' call, published in the catalogue."""
    return make_submission(
        title="Presidents Xi and Biden talk by phone again",
        summary="A second call, the day after the first.",
        government=True,
        type=Exchange.Type.DIPLOMATIC,
        levels=[Exchange.Level.NATIONAL],
        partners="The White House",
        date=datetime.date(2024, 4, 3),
    )


@pytest.fixture
def queue(moderator):
    """Two pending contributions: one like nothing published, one much like the presidents' call."""
    return {"new": make_submission(title="Governors' forum in Houston"), "similar": much_like_the_call()}


def test_a_moderator_logs_in_and_finds_the_published_exchanges(page, moderator):
    log_in(page, "mira", PASSWORD)
    # The model's row, not the app's caption above it.
    page.get_by_role("row").get_by_role("link", name="Exchanges", exact=True).click()
    expect(page.get_by_role("heading", name="Select exchange to change")).to_be_visible()
    expect(page.get_by_role("link", name="Presidents Xi and Biden talk by phone")).to_be_visible()


def test_a_moderator_approves_one_contribution_and_rejects_another_then_a_reader_sees_only_the_first(
    page, queue, screenshot
):
    log_in(page, "mira", PASSWORD)
    page.get_by_role("row").get_by_role("link", name="Submissions", exact=True).click()
    # The queue opens on what is pending, oldest first.
    titles = page.get_by_role("table").get_by_role("link", name=re.compile("^(Governors|Presidents)"))
    expect(titles).to_have_text([queue["new"].title, queue["similar"].title])

    page.get_by_role("link", name=queue["similar"].title, exact=True).click()
    duplicates = page.get_by_role("group", name="Possible duplicates")
    expect(duplicates.get_by_role("link", name="Presidents Xi and Biden talk by phone")).to_be_visible()
    screenshot(page, "moderator-possible-duplicate")
    page.get_by_label("Reason for rejection").fill("We found no source for a second call.")
    page.get_by_role("button", name="Save and reject").click()
    expect(page.get_by_text(f"1 submission is now rejected: {queue['similar'].reference}.")).to_be_visible()

    page.get_by_role("link", name=queue["new"].title, exact=True).click()
    expect(page.get_by_role("group", name="Possible duplicates")).to_contain_text("None found")
    page.get_by_role("button", name="Save and approve").click()
    expect(
        page.get_by_text(f"1 submission is now approved and published: {queue['new'].reference}.")
    ).to_be_visible()
    expect(page.get_by_text("0 submissions")).to_be_visible()

    # Back on the public site, in the same browser.
    page.goto("/exchanges/?q=Houston")
    expect(page.get_by_role("heading", name="1 exchange matching “Houston”")).to_be_visible()
    page.get_by_role("link", name="Governors' forum in Houston").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governors' forum in Houston")

    page.goto("/exchanges/?q=Biden")
    expect(page.get_by_role("link", name="Presidents Xi and Biden talk by phone", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=queue["similar"].title)).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_submission_page_can_be_read_and_decided_whole_at_both_widths(page, queue, screenshot, width):
    set_width(page, width)
    log_in(page, "mira", PASSWORD)
    page.goto(f"/admin/contributions/submission/{queue['similar'].pk}/change/")
    expect(page.get_by_role("group", name="Possible duplicates")).to_be_visible()
    screenshot(page, "moderator-submission")

    for decision in ["Save and approve", "Save and reject", "Save and mark as duplicate"]:
        assert not cut_off(page.get_by_role("button", name=decision)), f"“{decision}” is cut off"
    if width == WIDE:
        # One line is all a phone has; at a desk the title is read and corrected whole.
        # (Not "Title (Chinese)", the field below it.)
        assert not cut_off(page.get_by_label(re.compile(r"^Title:?$"))), "the title is cut off"
    assert sideways_overflow(page) == 0


def test_the_duplicate_of_box_is_named_by_its_label_and_its_choice(page, queue, catalogue):
    # Select2 named its combo box by the choice it shows alone: a screen reader announced an
    # unnamed combo box, with nothing to say it was "Duplicate of".
    log_in(page, "mira", PASSWORD)
    page.goto(f"/admin/contributions/submission/{queue['similar'].pk}/change/")
    box = page.get_by_role("combobox", name=re.compile(r"^Duplicate of"))
    expect(box).to_have_count(1)
    box.click()
    page.keyboard.type("Biden")
    page.get_by_role("option", name=re.compile("Presidents Xi and Biden talk by phone")).first.click()
    expect(
        page.get_by_role("combobox", name=re.compile(r"^Duplicate of.*Presidents Xi and Biden"))
    ).to_have_count(1)


def test_enter_in_a_corrected_box_saves_the_correction_and_decides_nothing(page, queue):
    # The page's first submit button was "Save and approve": Enter pressed in the title being
    # corrected published the submission, emailed the contributor and made the decision final.
    submission = queue["new"]
    log_in(page, "mira", PASSWORD)
    page.goto(f"/admin/contributions/submission/{submission.pk}/change/")
    page.get_by_label(re.compile(r"^Title:?$")).fill("Governors' forum in Houston, 2019")
    page.get_by_label(re.compile(r"^Title:?$")).press("Enter")
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Title:?$"))).to_have_value("Governors' forum in Houston, 2019")
    submission.refresh_from_db()
    assert submission.is_pending
    assert submission.title == "Governors' forum in Houston, 2019"
    assert not Exchange.objects.filter(title__startswith="Governors").exists()


def test_approving_with_a_duplicate_of_chosen_decides_nothing_and_keeps_the_choice(page, queue, catalogue):
    # The page approved the submission and stored the exchange chosen with it: approved, yet
    # "duplicate of" a published exchange.
    submission = queue["similar"]
    log_in(page, "mira", PASSWORD)
    page.goto(f"/admin/contributions/submission/{submission.pk}/change/")
    page.get_by_role("combobox", name=re.compile(r"^Duplicate of")).click()
    page.keyboard.type("Biden")
    page.get_by_role("option", name=re.compile("Presidents Xi and Biden talk by phone")).first.click()
    page.get_by_role("button", name="Save and approve").click()
    expect(
        page.get_by_text("You pressed “Save and approve”, but an exchange is chosen as the one it repeats")
    ).to_be_visible()
    expect(
        page.get_by_role("combobox", name=re.compile(r"^Duplicate of.*Presidents Xi and Biden"))
    ).to_have_count(1)
    submission.refresh_from_db()
    assert submission.is_pending
    assert submission.duplicate_of is None

    page.get_by_role("button", name="Save and mark as duplicate").click()
    expect(
        page.get_by_text(f"1 submission is now marked as a duplicate: {submission.reference}.")
    ).to_be_visible()


def test_a_reason_pasted_past_its_limit_in_the_reject_action_comes_back_whole(page, queue):
    # The reason box kept a maxlength: the browser cut a pasted reason at 5,000 characters without a
    # word, and the cut text was sent to each contributor.
    log_in(page, "mira", PASSWORD)
    page.goto("/admin/contributions/submission/")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_role("combobox", name="Action").select_option(label="Reject the selected submissions…")
    page.get_by_role("button", name="Go").click()
    reason = "We found no source. " * 260
    page.get_by_label("Reason for rejection").click()
    page.keyboard.insert_text(reason)
    page.get_by_role("button", name="Reject submissions").click()
    expect(page.get_by_text(f"at most 5000 characters (it has {len(reason.strip())})")).to_be_visible()
    expect(page.get_by_label("Reason for rejection")).to_have_value(reason)
    assert all(submission.is_pending for submission in type(queue["new"]).objects.all())


def approve_all_on_the_page(page):
    page.get_by_role("checkbox", name="Select all objects on this page").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Approve and publish the selected submissions"
    )
    page.get_by_role("button", name="Go").click()


def test_the_bulk_approval_holds_a_possible_duplicate_for_its_page(page, queue):
    # The queue shows no hints: the submission much like the presidents' call was published with the
    # other, its hint unseen.
    log_in(page, "mira", PASSWORD)
    page.goto("/admin/contributions/submission/")
    approve_all_on_the_page(page)
    expect(
        page.get_by_text(f"1 submission is now approved and published: {queue['new'].reference}.")
    ).to_be_visible()
    expect(
        page.get_by_text(
            f"{queue['similar'].reference} was not decided, and is still pending: It may repeat "
            "“Presidents Xi and Biden talk by phone”"
        )
    ).to_be_visible()
    page.get_by_role("link", name=queue["similar"].title, exact=True).click()
    expect(page.get_by_role("group", name="Possible duplicates")).to_contain_text(
        "Presidents Xi and Biden talk by phone"
    )


def test_a_bulk_approval_out_of_time_says_how_many_are_left_and_goes_on_when_chosen_again(
    page, moderator, screenshot
):
    # Three batches of one, and no time: each run publishes one, as a run of thousands stops at its time.
    for number, title in enumerate(["Panda loan renewed", "Iowa farmers host Hebei", "Ping-pong in Detroit"]):
        make_submission(title=title, date=datetime.date(1990 + 10 * number, 5, 1))
    log_in(page, "mira", PASSWORD)
    page.goto("/admin/contributions/submission/")
    with mock.patch.multiple(SubmissionAdmin, decision_batch=1, decision_seconds=0):
        for left, width in [(2, WIDE), (1, 390)]:
            set_width(page, width)
            approve_all_on_the_page(page)
            expect(page.get_by_text("1 submission is now approved and published")).to_be_visible()
            expect(
                page.get_by_text(
                    f"{left} selected submission{'s were' if left > 1 else ' was'} not reached and "
                    f"{'are' if left > 1 else 'is'} still pending: the action stops starting new "
                    "batches after 0 seconds, so that the page does not time out. "
                    f"Select {'them' if left > 1 else 'it'} and choose the action again to go on."
                )
            ).to_be_visible()
            assert not sideways_overflow(page)
            screenshot(page, "moderator-bulk-approval-left")
            # The queue shows what is left, for "Select all" and the action again.
            expect(page.locator("#result_list tbody tr")).to_have_count(left)


def test_a_bulk_approval_chosen_again_goes_on_past_those_an_earlier_run_held(page, moderator, screenshot):
    # Batches of one, and no time: the first run holds the possible duplicate, which comes first;
    # before, every run checked it again and never reached the other.
    held = much_like_the_call()
    other = make_submission(title="Governors' forum in Houston")
    log_in(page, "mira", PASSWORD)
    page.goto("/admin/contributions/submission/")
    with mock.patch.multiple(SubmissionAdmin, decision_batch=1, decision_seconds=0):
        for width in [WIDE, 390]:
            set_width(page, width)
            approve_all_on_the_page(page)
        expect(
            page.get_by_text(f"1 submission is now approved and published: {other.reference}.")
        ).to_be_visible()
        expect(
            page.get_by_text(
                "1 of the submissions not reached was held by an earlier run, for the reason it gave (a "
                "possible duplicate, a field to correct): the action checks it again only after those it "
                "has not tried yet. Open it from the queue to decide it on its page."
            )
        ).to_be_visible()
        assert not sideways_overflow(page)
        screenshot(page, "moderator-bulk-approval-held-before")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name=held.title, exact=True)).to_be_visible()


MODERATION_PAGES = {
    "queue": "/admin/contributions/submission/",
    "exchanges": "/admin/exchanges/exchange/",
    "submission": "/admin/contributions/submission/{pk}/change/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", MODERATION_PAGES)
def test_the_moderation_pages_have_no_serious_or_critical_axe_violations(page, queue, name, width):
    set_width(page, width)
    log_in(page, "mira", PASSWORD)
    assert page.goto(MODERATION_PAGES[name].format(pk=queue["new"].pk)).ok
    assert axe_violations(page) == []
