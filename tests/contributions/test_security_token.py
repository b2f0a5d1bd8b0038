"""A form sent without the security (CSRF) token its page was given: the cookie was blocked or
cleared, or replaced by logging in or out in another tab while the form was open.

Django's bare "CSRF verification failed. Request aborted." page said nothing a contributor could
act on, and everything they had typed was lost.
"""

import re

from django.test import Client, TestCase

from contributions.models import Submission
from tests.contributions.test_suggest import published_form_data
from tests.factories import form_data, make_exchange, make_moderator


def page_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


class ContributionSentWithAStaleTokenTests(TestCase):
    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.get("/contribute/")  # the page's cookie; the token below is not the page's

    def test_what_was_typed_comes_back_with_what_to_do(self):
        sent = form_data(title="Ping-pong team tours Beijing", summary="总理 met the team.\r\nIt was 1971.")
        response = self.client.post("/contribute/", {**sent, "csrfmiddlewaretoken": "x" * 64})
        self.assertContains(response, "was not sent", status_code=403)
        self.assertContains(response, "Nothing was stored; what you typed is below", status_code=403)
        self.assertContains(response, "allow cookies for this site", status_code=403)
        self.assertContains(response, 'value="Ping-pong team tours Beijing"', status_code=403)
        self.assertContains(response, "总理 met the team.\nIt was 1971.</textarea>", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)
        self.assertFalse(Submission.objects.exists())

        # The page carries a token that works: sent again from it, the contribution is stored.
        again = self.client.post("/contribute/", {**sent, "csrfmiddlewaretoken": page_token(response)})
        self.assertRedirects(again, "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().title, "Ping-pong team tours Beijing")

    def test_a_suggestion_comes_back_on_its_exchange_and_is_taken_when_sent_again(self):
        exchange = make_exchange(title="Strategic and Economic Dialogue", location="Washington, DC")
        suggest = f"/exchanges/{exchange.slug}/suggest/"
        shown = re.search(r'name="shown" value="([^"]+)"', self.client.get(suggest).content.decode())[1]
        sent = published_form_data(exchange, location="Beijing", shown=shown)
        response = self.client.post(suggest, {**sent, "csrfmiddlewaretoken": "x" * 64})
        self.assertContains(response, "Your suggestion was not sent", status_code=403)
        self.assertContains(
            response, "Suggest a change to “Strategic and Economic Dialogue”", status_code=403
        )
        self.assertContains(response, 'value="Beijing"', status_code=403)
        self.assertContains(response, f'value="{shown}"', status_code=403)
        self.assertNotContains(response, "the form holds the published version", status_code=403)
        self.assertFalse(Submission.objects.exists())

        again = self.client.post(suggest, {**sent, "csrfmiddlewaretoken": page_token(response)})
        self.assertRedirects(again, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.kind, submission.exchange, submission.location), ("change", exchange, "Beijing")
        )


class OtherFormsSentWithoutATokenTests(TestCase):
    def test_the_page_says_what_happened_and_what_to_do(self):
        make_moderator()
        client = Client(enforce_csrf_checks=True)
        response = client.post("/admin/login/", {"username": "moderator", "password": "password"})
        self.assertContains(response, "The form was not accepted", status_code=403)
        self.assertContains(response, "Nothing was saved or changed", status_code=403)
        self.assertContains(response, "reload the page", status_code=403)
        self.assertContains(response, "Browse all exchanges", status_code=403)  # the site's own page
        self.assertNotContains(response, "CSRF verification failed", status_code=403)
