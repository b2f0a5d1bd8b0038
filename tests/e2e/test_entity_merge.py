"""An editor finds two spellings of one ministry by an alias and merges them, in the admin, in Chromium."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from entities.models import Organisation
from tests.entities.factories import make_organisation

from .helpers import NARROW, WIDE, axe_violations, log_in, set_width


@pytest.fixture
def duplicates(transactional_db):
    User.objects.create_superuser("editor", "editor@example.org", "a long test password")
    make_organisation("Ministry of Education", chinese_name="教育部", aliases=["MOE"])
    make_organisation("PRC Ministry of Education", aliases=["Jiaoyubu"])
    make_organisation("Asia Society")


def test_an_editor_merges_two_spellings_of_one_organisation(page, duplicates, screenshot):
    log_in(page, "editor", "a long test password")
    page.goto("/admin/entities/organisation/")
    page.get_by_role("textbox", name="Search").fill("people's republic of china ministry")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="PRC Ministry of Education")).to_be_visible()
    expect(page.get_by_role("link", name="Asia Society")).to_have_count(0)

    page.goto("/admin/entities/organisation/?q=ministry+of+education")
    page.get_by_role("checkbox", name="Select all objects on this page for an action").check()
    page.get_by_label("Action:").select_option(label="Merge into one…")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_role("heading", name="Merge into one")).to_be_visible()
    for width in (NARROW, WIDE):
        set_width(page, width)
        screenshot(page, "entity-merge")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="Ministry of Education (教育部)").check()
    page.get_by_role("button", name="Merge").click()

    expect(page.get_by_text("Merged 1 into “Ministry of Education”")).to_be_visible()
    kept = Organisation.objects.get(name="Ministry of Education")
    assert sorted(kept.aliases.values_list("name", flat=True)) == [
        "Jiaoyubu",
        "MOE",
        "PRC Ministry of Education",
    ]
    assert Organisation.objects.count() == 2
