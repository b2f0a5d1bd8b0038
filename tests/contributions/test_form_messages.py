"""What the contribution form says when a box holds something it cannot take: the mistake named."""

from django.test import TestCase

from contributions.models import Submission
from tests.contributions.test_import import run, tmp_file
from tests.factories import form_data

BACKWARDS = "The span ends before it begins."


class FormMessageTests(TestCase):
    def errors(self, **fields):
        response = self.client.post("/contribute/", form_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        return response.context["form"].errors

    def test_a_span_of_years_backwards_with_a_hyphen_says_it_ends_before_it_begins(self):
        # "1990 - 1985" and "1990–1985" said so; "1990-1985" had the general "Enter a day…".
        for text in ["1990-1985", "1990 - 1985", "1990–1985", "March 1990-1985", "1990-March 1985"]:
            with self.subTest(text=text):
                self.assertEqual(self.errors(date=text)["date"], [BACKWARDS])

    def test_a_date_with_symbols_beside_it_is_refused_naming_them(self):
        # "1972 🎉" was stored as 1972, the symbol dropped without a word, while "1972 xyz" was refused.
        for text, named in [
            ("1972 🎉", "🎉"),
            ("🎉 1972", "🎉"),
            ("1972 ★", "★"),
            ("1972 ©", "©"),
            ("July 14, 2014 👍🏽", "👍🏽"),
            ("1972 🇺🇸 🎉", "🇺🇸”, “🎉"),
            ("1972 $", "$"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(
                    self.errors(date=text)["date"],
                    [
                        f"“{named}” is no part of a date: leave it out, and say in a note what it means "
                        "if it matters."
                    ],
                )

    def test_marks_a_date_is_written_with_are_still_read(self):
        for text, shown in [
            ("~1985", "c. 1985"),
            ("≈1985", "c. 1985"),
            ("1985?", "c. 1985"),
            ("1972.", "1972"),
            # The minus sign a PDF sets for a hyphen: refused as a symbol no part of a date.
            ("1972−1975", "1972–1975"),
            ("1972−02−21", "February 21, 1972"),
        ]:
            with self.subTest(text=text):
                Submission.objects.all().delete()
                self.assertRedirects(
                    self.client.post("/contribute/", form_data(date=text)), "/contribute/thanks/"
                )
                self.assertEqual(str(Submission.objects.get().period), shown)

    def test_a_link_prefix_alone_as_the_email_says_the_address_is_missing(self):
        # "mailto:" alone was told "This field is required.", though the box was not empty.
        for text in ["mailto:", "MAILTO: ", "mailto:  "]:
            with self.subTest(text=text):
                self.assertEqual(
                    self.errors(contributor_email=text)["contributor_email"],
                    [
                        "“mailto:” is only the beginning of a link: give your email address after it, "
                        "or alone."
                    ],
                )

    def test_an_empty_email_is_still_required(self):
        self.assertEqual(self.errors(contributor_email="")["contributor_email"], ["This field is required."])


class LocationLinesTests(TestCase):
    """A line break pasted into Location parts two places, as a comma or a semicolon does: the page
    showed "Beijing\\nShanghai" as "Beijing Shanghai", one place of two names."""

    def test_the_form_keeps_each_line_as_a_place_of_its_own(self):
        for typed in [
            "Beijing\r\nShanghai",
            "Beijing\nShanghai\n",
            "Beijing,\r\n\r\nShanghai",
            "Beijing;\n Shanghai",
        ]:
            with self.subTest(typed=typed):
                Submission.objects.all().delete()
                self.assertRedirects(
                    self.client.post("/contribute/", form_data(location=typed)), "/contribute/thanks/"
                )
                self.assertEqual(Submission.objects.get().location, "Beijing; Shanghai")

    def test_a_location_on_one_line_is_kept_as_written(self):
        self.client.post("/contribute/", form_data(location="Sunnylands, Rancho Mirage, California"))
        self.assertEqual(Submission.objects.get().location, "Sunnylands, Rancho Mirage, California")

    def test_the_import_reads_a_cell_of_lines_so(self):
        header = "Title,Summary,Government?,Type of Exchange,Exchange Date,Location,Source URL\n"
        row = 'Talks,Officials talked.,Yes,Diplomatic,1979,"Beijing\nShanghai",https://example.org/talks\n'
        code, output = run(tmp_file(self, (header + row).encode(), ".csv"))
        self.assertEqual(code, 0, output)
        self.assertEqual(Submission.objects.get().location, "Beijing; Shanghai")
