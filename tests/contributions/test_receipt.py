"""The thank-you page repeats what the contributor sent, and the receipt email links to a page that
does: their record of their own words.

The page showed the reference number alone, and the email carries no text they typed (nobody has
confirmed the address: tests/contributions/test_email_delivery.py), so what they wrote was lost
to them once sent."""

import re
from unittest import mock

from django.core import mail, signing
from django.db import OperationalError
from django.test import Client, TestCase

from contributions.models import Submission
from tests.contributions.test_suggest import published_form_data
from tests.factories import form_data, make_exchange

MARKUP = '<script>alert("x")</script><b>bold</b>'


def what_was_sent(page):
    """The record's text, label and value by label, as the page shows it."""
    section = re.search(r'<dl class="what-was-sent">(.*?)</dl>', page.content.decode(), re.S)
    if section is None:
        return {}
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", section[1], re.S)
    return dict(pairs)


class ThankYouPageTests(TestCase):
    def test_it_repeats_what_the_form_took(self):
        self.client.post(
            "/contribute/",
            form_data(
                title="Ping-pong team tours Beijing",
                date="April 1971",
                participants="Glenn Cowan\r\nZhuang Zedong",
                sources="People's Daily https://example.org/1971",
                note="I was there.",
                levels=["national", "state"],
            ),
        )
        sent = what_was_sent(self.client.get("/contribute/thanks/"))
        self.assertEqual(sent["Title"], "Ping-pong team tours Beijing")
        self.assertEqual(sent["Exchange date"], "April 1971")
        self.assertEqual(sent["Participants (types)"], "Glenn Cowan\nZhuang Zedong")
        self.assertIn("https://example.org/1971", sent["Sources"])
        self.assertIn("I was there.", sent.values())
        self.assertIn("Jane Doe", sent.values())
        # Choices as the form offered them; fields left empty are left out.
        self.assertIn("Yes", sent.values())
        self.assertIn("National, State / provincial", sent.values())
        self.assertNotIn("Outcomes", sent)

    def test_what_was_typed_is_shown_as_text(self):
        self.client.post("/contribute/", form_data(title=MARKUP, note=MARKUP))
        page = self.client.get("/contribute/thanks/")
        self.assertNotContains(page, "<script>alert")
        self.assertNotContains(page, "<b>bold")
        self.assertEqual(
            what_was_sent(page)["Title"],
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;",
        )

    def test_a_suggested_change_is_repeated_too(self):
        exchange = make_exchange(title="Sister cities signed")
        self.client.post(
            f"/exchanges/{exchange.slug}/suggest/", published_form_data(exchange, location="Hangzhou")
        )
        page = self.client.get("/contribute/thanks/")
        self.assertContains(page, "Thank you for your suggestion")
        self.assertEqual(what_was_sent(page)["Location"], "Hangzhou")

    def test_another_browser_sees_nothing_of_it(self):
        self.client.post("/contribute/", form_data(title="Mine alone"))
        other = self.client_class()
        self.assertRedirects(other.get("/contribute/thanks/"), "/contribute/")
        other.post("/contribute/", form_data(title="Theirs"))
        self.assertNotContains(other.get("/contribute/thanks/"), "Mine alone")
        self.assertEqual(what_was_sent(self.client.get("/contribute/thanks/"))["Title"], "Mine alone")

    def test_a_receipt_cookie_made_by_hand_leads_to_the_form(self):
        self.client.post("/contribute/", form_data())
        for forged in ['{"reference": "ABCD-EFGH"}', self.client.cookies["contribution"].value + "x", ""]:
            self.client.cookies["contribution"] = forged
            with self.subTest(forged=forged):
                self.assertRedirects(self.client.get("/contribute/thanks/"), "/contribute/")

    def test_it_reads_one_row(self):
        self.client.post("/contribute/", form_data())
        with self.assertNumQueries(1):  # SELECT the submission under this browser's reference
            self.client.get("/contribute/thanks/")

    def test_the_database_away_still_gives_the_reference(self):
        self.client.post("/contribute/", form_data())
        with (
            mock.patch(
                "contributions.models.Submission.objects.filter", side_effect=OperationalError("gone")
            ),
            self.assertLogs("contributions.views", "WARNING"),
        ):
            page = self.client.get("/contribute/thanks/")
        self.assertContains(page, "Your reference number is")
        self.assertEqual(what_was_sent(page), {})

    def test_a_bot_is_shown_its_reference_and_nothing_else(self):
        self.client.post("/contribute/", form_data(homepage="http://spam.example/"))
        page = self.client.get("/contribute/thanks/")
        self.assertContains(page, "Your reference number is")
        self.assertEqual(what_was_sent(page), {})


class ReceiptEmailTests(TestCase):
    """The receipt email, to an address nobody has confirmed, carries no text the contributor typed
    (tests/contributions/test_email_delivery.py): it links to their record of it on the site."""

    def sent_link(self, **fields):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/contribute/", form_data(**fields))
        (receipt,) = [message for message in mail.outbox if message.subject.startswith("We received")]
        path = re.search(r"http://[^/]+(/contribute/sent/\S+/)", receipt.body)[1]
        self.assertIn(f'href="http://127.0.0.1:8000{path}"', receipt.alternatives[0][0])
        self.assertNotIn("Forum of the", receipt.body + receipt.alternatives[0][0])
        return path

    def test_it_links_to_what_was_sent_shown_as_text(self):
        path = self.sent_link(title="Forum of the governors", note=MARKUP)
        page = Client().get(path)  # any browser: the one the email is read in
        self.assertContains(page, f"Contribution {Submission.objects.get().reference}")
        self.assertContains(page, '<meta name="robots" content="noindex">')
        sent = what_was_sent(page)
        self.assertEqual(sent["Title"], "Forum of the governors")
        self.assertNotContains(page, "<script>alert")

    def test_it_reads_one_row(self):
        path = self.sent_link(title="Forum of the governors")
        with self.assertNumQueries(1):  # SELECT the submission, with its exchange, by its reference
            self.assertEqual(Client().get(path).status_code, 200)

    def test_an_address_made_by_hand_finds_nothing(self):
        path = self.sent_link(title="Forum of the governors")
        token = path.split("/")[3]
        made_up = signing.dumps(Submission.objects.get().reference)  # signed, but not for this page
        for wrong in [token[:-1] + ("A" if token[-1] != "A" else "B"), made_up, "x"]:
            with self.subTest(wrong=wrong):
                self.assertEqual(self.client.get(f"/contribute/sent/{wrong}/").status_code, 404)

    def test_a_suggested_change_names_its_exchange(self):
        exchange = make_exchange(title="Sister cities signed")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/exchanges/{exchange.slug}/suggest/", published_form_data(exchange, location="Hangzhou")
            )
        (receipt,) = [message for message in mail.outbox if message.subject.startswith("We received")]
        page = self.client.get(re.search(r"http://[^/]+(/contribute/sent/\S+/)", receipt.body)[1])
        self.assertContains(page, "A change suggested to “Sister cities signed”")
        self.assertEqual(what_was_sent(page)["Location"], "Hangzhou")
