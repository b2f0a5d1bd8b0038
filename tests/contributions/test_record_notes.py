"""A record's notes in contributions: the contribution and suggestion forms take them, a suggested
change shows them changed, a moderator corrects them, and approving publishes them."""

from django.test import TestCase

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange, ExchangeRecord
from tests.contributions.helpers import change_form_data
from tests.contributions.test_suggest import published_form_data
from tests.factories import form_data, make_exchange, make_moderator, make_submission

NOTE = "The White House gives June 7, Xinhua June 8; the talks ran over both days."
NOTES_LIMIT = ExchangeRecord._meta.get_field("notes").max_length
QUEUE = "/admin/contributions/submission/"


class ContributedNotesTests(TestCase):
    def test_the_form_asks_for_notes_beside_the_sources_and_keeps_them_apart_from_the_note(self):
        page = self.client.get("/contribute/").content.decode()
        documented = page.split("<legend>Where it is documented</legend>")[1].split("</fieldset>")[0]
        self.assertRegex(
            documented, r'<label\s+for="id_notes" class="form-label">\s+Notes on the record\s+</label>'
        )
        self.assertIn('<textarea name="notes"', documented)
        self.assertIn("Optional, and published with the exchange", documented)
        self.assertIn("Not published.", page.split("<legend>About you</legend>")[1])

    def test_a_contribution_keeps_its_notes_with_its_line_breaks_counted_once(self):
        notes = "\r\n".join(["x" * 99] * 50)  # 4,999 characters in the box
        response = self.client.post("/contribute/", form_data(notes=notes, note="From my archive."))
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(submission.notes, notes.replace("\r\n", "\n"))
        self.assertEqual(submission.note, "From my archive.")

    def test_notes_past_their_limit_come_back_whole_saying_how_long_they_are(self):
        notes = "Word " * 1100 + "the end."
        response = self.client.post("/contribute/", form_data(notes=notes))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        self.assertContains(response, f"at most {NOTES_LIMIT} characters (it has {len(notes.strip())})")
        self.assertEqual(response.context["form"]["notes"].value(), notes)
        self.assertNotContains(response, "maxlength")


class SuggestedNotesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.exchange = make_exchange(title="Sunnylands summit", notes="Dated June 2013 only.")

    def test_the_suggestion_form_holds_the_published_notes(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/suggest/")
        self.assertContains(response, "Dated June 2013 only.</textarea>")

    def test_a_change_of_notes_alone_is_a_suggestion_its_page_shows_and_approving_publishes(self):
        response = self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/", published_form_data(self.exchange, notes=NOTE)
        )
        self.assertRedirects(response, "/contribute/thanks/")
        suggestion = Submission.objects.get()
        self.assertEqual((suggestion.kind, suggestion.notes), (Submission.Kind.CHANGE, NOTE))
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.notes, "Dated June 2013 only.", "untouched until approved")

        self.client.force_login(self.moderator)
        page = self.client.get(f"{QUEUE}{suggestion.pk}/change/").content.decode()
        changes = page.split('<table class="proposed-changes">')[1].split("</table>")[0]
        self.assertInHTML(
            f'<tr><th scope="row">Notes on the record</th><td class="was">Dated June 2013 only.</td>'
            f'<td class="now">{NOTE}</td></tr>',
            changes,
        )

        self.assertTrue(moderation.approve(suggestion.pk, self.moderator).done)
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.notes, NOTE)


class ModeratedNotesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission(title="Governors meet in Salt Lake City", notes="One source.")

    def test_a_moderator_corrects_the_notes_and_approving_publishes_them(self):
        page = self.client.get(f"{QUEUE}{self.submission.pk}/change/")
        self.assertContains(page, "One source.</textarea>")
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, notes="Two sources;\r\nthey agree.", _approve="1"),
        )
        self.assertRedirects(response, QUEUE)
        self.assertEqual(Exchange.objects.get().notes, "Two sources;\nthey agree.")
