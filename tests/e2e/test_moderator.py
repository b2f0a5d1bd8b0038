"""A moderator works in the admin: logging in and reaching the exchanges."""

from playwright.sync_api import expect

from .helpers import log_in


def test_a_moderator_logs_in_and_finds_the_published_exchanges(page, catalogue, admin_user):
    log_in(page, admin_user.username, "password")
    # The model's row, not the app's caption above it.
    page.get_by_role("row").get_by_role("link", name="Exchanges", exact=True).click()
    expect(page.get_by_role("heading", name="Select exchange to change")).to_be_visible()
    expect(page.get_by_role("link", name="Presidents Xi and Biden talk by phone")).to_be_visible()
