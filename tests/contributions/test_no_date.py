"""A contributor whose source gives no date, and who writes so in the date box."""

from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.forms import PeriodField
from tests.factories import form_data

NO_DATE = (
    "Your source gives no date? The catalogue needs one, if only an approximate one: give the "
    "nearest you can, with “about” (“about 1985”, “1980s”, “about 1980–1985”), and say in a note "
    "that your source gives none."
)


class NoDateTests(TestCase):
    def test_a_date_written_as_unknown_is_refused_saying_what_to_write_instead(self):
        # "Enter a day, a month, a year or a span" told someone who knows none of them nothing.
        for text in ["unknown", "Unknown.", "n.d.", "no date", "undated", "?", "不详", "未知"]:
            with self.subTest(text=text):
                response = self.client.post("/contribute/", form_data(date=text))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["form"].errors["date"], [NO_DATE])
                self.assertContains(response, f'value="{text}"')
        self.assertFalse(Submission.objects.exists())


class NoDateFieldTests(SimpleTestCase):
    def test_where_a_date_may_be_left_empty_a_date_written_as_unknown_is_empty(self):
        # As the import reads it (the moderator's page of a submission takes one without a date).
        self.assertIsNone(PeriodField(required=False).clean("n.d."))

    def test_a_date_is_still_read_as_one(self):
        self.assertEqual(str(PeriodField().clean("about 1985")), "c. 1985")
