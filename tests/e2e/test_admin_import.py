"""A moderator previews an import in the admin, on a laptop and on a phone."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from .helpers import NARROW, WIDTHS, log_in, set_width, sideways_overflow

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "example_import.csv"


@pytest.fixture
def editor(transactional_db):
    return User.objects.create_superuser("editor", "editor@example.org", "an editor's password")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_import_preview_scrolls_within_its_box_and_not_the_page(page, editor, width):
    log_in(page, "editor", "an editor's password")
    set_width(page, width)
    page.goto("/admin/exchanges/exchange/import/")
    page.get_by_label("File to import").set_input_files(EXAMPLE)
    page.get_by_role("button", name="Submit").click()
    preview = page.locator("table.import-preview")
    expect(preview).to_be_visible()
    assert sideways_overflow(page) == 0
    # The table keeps its columns; on a phone the box around it scrolls sideways instead of the page.
    box = page.locator(".import-preview-scroll").filter(has=preview)
    assert box.evaluate("el => el.scrollWidth > el.clientWidth") == (width == NARROW)


def test_a_workbook_is_previewed_naming_the_sheet_read(page, editor, tmp_path):
    from tests.exchanges.test_workbooks import example_workbook

    workbook = tmp_path / "example_import.xlsx"
    workbook.write_bytes(example_workbook())
    log_in(page, "editor", "an editor's password")
    page.goto("/admin/exchanges/exchange/import/")
    page.get_by_label("File to import").set_input_files(workbook)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Sheet read: “Records”.")).to_be_visible()
    expect(page.get_by_role("cell", name="Already imported: it repeats row 2 of the file.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm import")).to_be_visible()
