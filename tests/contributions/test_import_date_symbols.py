"""A date cell with a symbol beside it ("1972 🎉") in an import: the row is refused naming it, as the
contribution form refuses it, where it was imported as 1972 without a word."""

from django.test import TestCase

from contributions.models import Submission
from tests.contributions.test_import import run, tmp_file
from tests.factories import form_data

HEADER = "Title,Summary,Exchange Date,End Date,Source URL\n"
NAMED = "is no part of a date: leave it out, and say in a note what it means if it matters."


class ImportDateSymbolTests(TestCase):
    def test_a_row_whose_date_has_a_symbol_is_rejected_naming_it(self):
        path = tmp_file(
            self,
            (
                HEADER
                + "Nixon visits China,A visit,1972 🎉,,https://example.org/a\n"
                + "Ping-pong teams,A tour,1971 ★,1972 ✓,https://example.org/b\n"
                + "Plain,Fine,1973,,https://example.org/c\n"
            ).encode(),
            ".csv",
        )
        code, output = run(path)
        self.assertEqual(code, 1, output)
        self.assertIn(
            f"line 2: “Nixon visits China”: rejected: Exchange Date “1972 🎉”: “🎉” {NAMED}", output
        )
        self.assertIn(
            f"line 3: “Ping-pong teams”: rejected: Exchange Date “1971 ★”: “★” {NAMED} "
            f"End Date “1972 ✓”: “✓” {NAMED}",
            output,
        )
        self.assertEqual(list(Submission.objects.values_list("title", flat=True)), ["Plain"])

    def test_a_timestamp_with_its_offset_from_utc_is_still_a_date(self):
        # The sign of "+08:00" is a symbol; an export's timestamp is no stray mark for all that.
        path = tmp_file(
            self,
            (HEADER + "Visit,A visit,2019-03-05T00:00:00+08:00,,https://example.org/a\n").encode(),
            ".csv",
        )
        code, output = run(path)
        self.assertEqual(code, 0, output)
        self.assertEqual(Submission.objects.get().display_date, "March 5, 2019")
        response = self.client.post("/contribute/", form_data(date="2019-03-05 00:00:00+0800"))
        self.assertRedirects(response, "/contribute/thanks/")


class EndDateAloneTests(TestCase):
    def test_an_end_date_without_an_exchange_date_is_kept_for_the_moderator(self):
        # It was dropped without a word: the moderator completing the date never saw it.
        path = tmp_file(self, (HEADER + "Visit,A visit,,1975,https://example.org/a\n").encode(), ".csv")
        code, output = run(path)
        self.assertEqual(code, 0, output)
        kept = "Its End Date, “1975”, is kept in the note to the moderators: it has no Exchange Date to end."
        self.assertIn(kept, output)
        submission = Submission.objects.get()
        self.assertIsNone(submission.date)
        self.assertIn(kept, submission.note)
