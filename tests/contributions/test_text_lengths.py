"""How long a text the contribution form takes, counted as the contributor sees it.

A box with a maxlength makes the browser cut what is pasted past it, without a
word: the end of a summary pasted from a word processor was lost, and the form
sent and stored what was left. And the browser counts a line break as one
character but sends it as two ("\\r\\n"): a summary the box let through was
refused as longer than the limit by a count nobody could find.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange, ExchangeRecord
from tests.contributions.helpers import change_form_data
from tests.factories import form_data, make_exchange, make_moderator, make_submission

SUMMARY_LIMIT = ExchangeRecord._meta.get_field("summary").max_length
REASON_LIMIT = Submission._meta.get_field("rejection_reason").max_length
QUEUE = "/admin/contributions/submission/"


class TextLengthTests(TestCase):
    def test_no_box_of_the_form_cuts_what_is_typed_or_pasted(self):
        response = self.client.get("/contribute/")
        self.assertContains(response, 'name="summary"')
        self.assertNotContains(response, "maxlength")

    def test_a_text_as_long_as_the_limit_with_its_line_breaks_counted_once_is_taken(self):
        # 9,900 letters and 99 line breaks: 9,999 characters in the box, and as stored.
        summary = "\r\n".join(["x" * 99] * 100)
        response = self.client.post("/contribute/", form_data(summary=summary))
        self.assertRedirects(response, "/contribute/thanks/")
        stored = Submission.objects.get().summary
        self.assertEqual(len(stored), SUMMARY_LIMIT - 1)
        self.assertEqual(stored, summary.replace("\r\n", "\n"))

    def test_a_text_past_the_limit_comes_back_whole_saying_how_long_it_is(self):
        summary = "Word " * 2100 + "the end."
        response = self.client.post("/contribute/", form_data(summary=summary))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        self.assertContains(response, f"at most {SUMMARY_LIMIT} characters (it has {len(summary.strip())})")
        self.assertEqual(response.context["form"]["summary"].value(), summary)


class ModeratorsTextLengthTests(TestCase):
    """The moderator's pages count and take text as the contribution form does: the same rule, there
    put maxlength on every box and counted a line break as two characters."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission(title="Governors meet in Salt Lake City")

    def test_no_box_of_a_submissions_page_or_an_exchanges_page_cuts_what_is_pasted(self):
        exchange = make_exchange()
        for url in [
            f"/admin/contributions/submission/{self.submission.pk}/change/",
            f"/admin/exchanges/exchange/{exchange.pk}/change/",
            "/admin/exchanges/exchange/add/",
        ]:
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertIn('name="summary"', page)
                self.assertEqual(page.count("maxlength"), 0)

    def test_a_submission_saved_with_its_line_breaks_counted_once_is_taken(self):
        summary = "\r\n".join(["x" * 99] * 100)
        response = self.client.post(
            f"/admin/contributions/submission/{self.submission.pk}/change/",
            change_form_data(self.submission, summary=summary, _save="1"),
        )
        self.assertEqual(response.status_code, 302)
        self.submission.refresh_from_db()
        self.assertEqual(len(self.submission.summary), SUMMARY_LIMIT - 1)
        self.assertEqual(self.submission.summary, summary.replace("\r\n", "\n"))

    def test_an_exchange_saved_with_its_line_breaks_counted_once_is_taken(self):
        summary = "\r\n".join(["x" * 99] * 100)
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Governors meet in Salt Lake City",
                "status": "draft",
                "summary": summary,
                "type": "civic",
                "government": "False",
                "date": "1985",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Exchange.objects.get().summary, summary.replace("\r\n", "\n"))

    # The queue's "Reject" action asks for the reason on a page of its own, whose box kept a
    # maxlength that cut a pasted reason at 5,000 characters without a word, and counted a line
    # break as two.
    def reject_selected(self):
        return {"action": "reject_selected", ACTION_CHECKBOX_NAME: [self.submission.pk]}

    def test_the_reason_box_does_not_cut_what_is_pasted(self):
        response = self.client.post(QUEUE, self.reject_selected())
        self.assertContains(response, 'name="reason"')
        self.assertNotContains(response, "maxlength")

    def test_a_reason_past_the_limit_comes_back_whole_saying_how_long_it_is(self):
        reason = "Word " * 1000 + "the end."
        response = self.client.post(QUEUE, {**self.reject_selected(), "apply": "1", "reason": reason})
        self.assertContains(response, f"at most {REASON_LIMIT} characters (it has {len(reason.strip())})")
        self.assertEqual(response.context["form"]["reason"].value(), reason)
        self.assertTrue(Submission.objects.get().is_pending)

    def test_a_reason_as_long_as_the_limit_with_its_line_breaks_counted_once_is_taken(self):
        # 4,950 letters and 49 line breaks: 4,999 characters in the box, and as stored.
        reason = "\r\n".join(["x" * 99] * 50)
        response = self.client.post(
            QUEUE, {**self.reject_selected(), "apply": "1", "reason": reason}, follow=True
        )
        self.assertContains(response, "1 submission is now rejected")
        stored = Submission.objects.get().rejection_reason
        self.assertEqual(len(stored), REASON_LIMIT - 1)
        self.assertEqual(stored, reason.replace("\r\n", "\n"))
