"""Text pasted into the contribution form: the characters nobody sees are not stored.

Text copied from a PDF, a word processor or a web page brings form feeds and
other control characters (which the Atom feed, being XML, cannot carry),
zero-width spaces, byte-order marks and direction marks.
"""

from django.core.exceptions import ValidationError
from django.test import TestCase

from contributions import moderation
from contributions.models import NO_SOURCE, Submission
from exchanges.models import Exchange, Source
from exchanges.publishing import publish
from tests.factories import form_data, make_moderator, make_submission


class PastedTextTests(TestCase):
    def send(self, **fields):
        return self.client.post("/contribute/", form_data(**fields))

    def test_a_page_break_pasted_from_a_pdf_is_stored_as_a_line_break(self):
        self.assertRedirects(
            self.send(summary="The talks began.\x0cThey ended\x0bin May."), "/contribute/thanks/"
        )
        self.assertEqual(Submission.objects.get().summary, "The talks began.\nThey ended\nin May.")

    def test_control_characters_are_left_out_and_tabs_kept_in_a_text_of_several_lines(self):
        self.send(summary="Talks\x01 in\x1b Beijing\x7f.\tThen Shanghai.", partners="Peking University\x08")
        submission = Submission.objects.get()
        self.assertEqual(submission.summary, "Talks in Beijing.\tThen Shanghai.")
        self.assertEqual(submission.partners, "Peking University")

    def test_names_pasted_from_a_row_of_spreadsheet_cells_are_one_a_line(self):
        # Cells copied from a row arrive separated by tabs: "Peking University<tab>USC" was one
        # organisation, its name holding a tab, linked and published so.
        self.send(
            partners="Peking University\tUniversity of Southern California",
            sponsors="U.S. Department of State\t\tMinistry of Education\t",
            participants="Xi Jinping\tBarack Obama",
        )
        submission = Submission.objects.get()
        self.assertEqual(submission.partners, "Peking University\nUniversity of Southern California")
        self.assertEqual(submission.sponsors, "U.S. Department of State\nMinistry of Education")
        self.assertEqual(submission.participants, "Xi Jinping\nBarack Obama")

    def test_zero_width_characters_and_marks_inside_words_are_left_out(self):
        self.send(
            title="\ufeffPing\u200bpong diplo\u00admacy\u200e",
            contributor_email="jane@example.org\u200b",
            sources="\u2060Time magazine https://example.org/pingpong",
        )
        submission = Submission.objects.get()
        self.assertEqual(submission.title, "Pingpong diplomacy")
        self.assertEqual(submission.contributor_email, "jane@example.org")
        self.assertEqual(
            submission.parsed_sources(),
            [{"citation": "Time magazine", "url": "https://example.org/pingpong"}],
        )

    def test_a_mark_nobody_sees_inside_a_box_read_by_rules_is_left_out_before_it_is_read(self):
        # A byte-order mark or a direction mark before an email address pasted from a PDF or from
        # right-to-left text, a soft hyphen inside a year broken across two lines of a PDF: each box
        # refused what looked right ("Enter a valid email address."), as it read them before leaving them out.
        response = self.send(
            contributor_email="\ufeff\u200fjane@example.org",
            date="19\u00ad72",
            participant_number="1\u200b200 students",
        )
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(submission.contributor_email, "jane@example.org")
        self.assertEqual((str(submission.date), submission.date_precision), ("1972-01-01", "year"))
        self.assertEqual(
            (submission.participant_count, submission.participant_count_note), (1200, "1200 students")
        )

    def test_a_text_within_its_limit_but_for_marks_nobody_sees_is_taken(self):
        # Counted with its soft hyphens, a summary pasted from a PDF was refused as longer than
        # the box allows, by characters the person could neither see nor find.
        summary = "Hyphen\u00adated words. " * 550
        self.assertGreater(len(summary), 10_000)
        self.assertRedirects(self.send(summary=summary), "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().summary, summary.replace("\u00ad", "").strip())

    def test_spaces_tabs_and_line_breaks_in_a_one_line_field_are_single_spaces(self):
        self.send(title="Ping-pong\tteam   visits\u00a0the\r\nUnited States ", location="Detroit,  Michigan")
        submission = Submission.objects.get()
        self.assertEqual(submission.title, "Ping-pong team visits the United States")
        self.assertEqual(submission.location, "Detroit, Michigan")

    def test_a_title_of_invisible_characters_is_refused_as_empty_and_nothing_is_stored(self):
        response = self.send(title="\u200b\u200b\ufeff")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["title"], ["This field is required."])
        self.assertContains(response, "everything you typed has been kept")
        self.assertFalse(Submission.objects.exists())

    def test_a_source_of_invisible_characters_is_no_source(self):
        for sources in ["\u200b", "\u200b\r\n\ufeff"]:
            with self.subTest(sources=sources):
                response = self.send(sources=sources)
                self.assertEqual(response.context["form"].errors["sources"], [str(NO_SOURCE)])
        self.assertFalse(Submission.objects.exists())


class PublishedTextTests(TestCase):
    """Records that reach the catalogue without the form: stored before, or imported."""

    def test_approving_a_submission_stored_with_control_characters_publishes_plain_text(self):
        submission = make_submission(title="Ping\u200bpong\ttour", summary="Page one.\x0cPage two.\x01")
        result = moderation.approve(submission.pk, make_moderator())
        self.assertTrue(result.done, result.errors)
        exchange = Exchange.objects.get()
        self.assertEqual((exchange.title, exchange.summary), ("Pingpong tour", "Page one.\nPage two."))
        self.assertEqual(self.client.get("/exchanges/feed/").status_code, 200)

    def test_a_published_record_holds_no_invisible_characters_whichever_way_it_comes(self):
        values = Exchange(title="\u200bGoodwill\x0c visit", summary="Sailors\x1b met.", date="2004-09-24")
        exchange = publish({"title": values.title, "summary": values.summary, "date": values.date}, [])
        self.assertEqual((exchange.title, exchange.summary), ("Goodwill visit", "Sailors met."))

    def test_a_source_citation_pasted_into_the_admin_is_plain_and_one_of_nothing_is_refused(self):
        exchange = publish({"title": "Goodwill visit", "summary": "Sailors met.", "date": "2004-09-24"}, [])
        source = Source(exchange=exchange, citation="\ufeffNavy\u200b press\x0crelease ")
        source.full_clean()
        self.assertEqual(source.citation, "Navy press release")
        with self.assertRaises(ValidationError):
            Source(exchange=exchange, citation="\u200b\u200b").full_clean()

    def test_sources_published_from_an_import_or_an_approval_have_plain_citations(self):
        exchange = publish(
            {"title": "Goodwill visit", "summary": "Sailors met.", "date": "2004-09-24"},
            [
                {"citation": "Navy\u200b press\x0crelease", "url": ""},
                {"citation": "\u200b", "url": "https://example.org/navy"},
            ],
        )
        self.assertEqual(
            list(exchange.sources.values_list("citation", "url")),
            [("Navy press release", ""), ("", "https://example.org/navy")],
        )
