"""The contribution form's required fields, as a screen reader announces them and as they are seen.

A screen reader read the asterisk with the label ("Title star"); it announces "required" from the
field itself, and a sighted reader still sees the asterisk and the sentence that explains it.
"""

import pytest
from playwright.sync_api import expect

from .helpers import WIDTHS, axe_violations, set_width

REQUIRED = ["Title", "Summary", "Exchange date", "Sources", "Your email"]


@pytest.mark.parametrize("width", WIDTHS)
def test_required_fields_are_named_without_their_asterisk_and_announced_as_required(
    page, transactional_db, screenshot, width
):
    set_width(page, width)
    page.goto("/contribute/")
    expect(page.get_by_text("Fields marked with * are required.")).to_be_visible()
    for label in REQUIRED:
        field = page.get_by_role("textbox", name=label, exact=True)
        expect(field).to_have_accessible_name(label)
        expect(field).to_have_js_property("required", True)
        expect(page.locator(f"label[for='{field.get_attribute('id')}'] .asteriskField")).to_be_visible()
    expect(page.get_by_role("textbox", name="Outcomes", exact=True)).to_have_js_property("required", False)
    screenshot(page, "contribute-required")
    assert axe_violations(page) == []
