"""What the admin's submission form posts, built from a stored submission; and a moderator's test
case with one published exchange to decide against."""

from django.test import TestCase

from exchanges.models import FORM_FIELDS as RECORD_FORM_FIELDS
from tests.factories import make_exchange, make_moderator

FORM_FIELDS = [
    *RECORD_FORM_FIELDS,
    "sources",
    "contributor_name",
    "contributor_email",
    "note",
    "rejection_reason",
]


def change_form_data(submission, **fields):
    """Every field of the change form as a browser posts it, the page made from `submission` as it is
    now; a field given as None is left out."""
    data = {}
    for name in FORM_FIELDS:
        value = getattr(submission, name)
        if name == "date":
            data[name] = submission.display_date
        elif name == "levels":
            data[name] = value
        elif name in ("government", "continuing"):
            data[name] = "" if value is None else str(value)
        elif value is None:
            data[name] = ""
        else:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data["duplicate_of"] = submission.duplicate_of_id or ""
    # Beside each field, the value the page showed: what the moderator changed is measured from it.
    data.update({f"initial-{name}": value for name, value in data.items()})
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


class ModeratorTestCase(TestCase):
    """A moderator logged in, and a published exchange a submission may repeat."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.existing = make_exchange(title="Governors' forum, Houston 2019")

    def setUp(self):
        self.client.force_login(self.moderator)
