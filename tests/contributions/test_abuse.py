"""Abuse resistance: the honeypot, the per-IP rate limit, CSRF, and markup shown as text everywhere."""

import datetime
import socket

from django.core import mail
from django.test import Client, TestCase, override_settings

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import form_data, make_exchange, make_moderator

MARKUP = '<script>alert("x")</script><b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
TEXT_FIELDS = [
    "title",
    "summary",
    "outcomes",
    "partners",
    "sponsors",
    "participants",
    "participant_number",
    "location",
    "sources",
    "contributor_name",
    "note",
]


def markup_everywhere(**fields):
    return form_data(**{name: f"{name} {MARKUP}" for name in TEXT_FIELDS}, **fields)


class HoneypotTests(TestCase):
    def test_a_bot_gets_the_thank_you_page_and_nothing_is_stored_or_sent(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/contribute/", form_data(homepage="http://spam.example"))
        self.assertRedirects(response, "/contribute/thanks/")
        self.assertRegex(self.client.get("/contribute/thanks/").content.decode(), r"[2-9A-Z]{4}-[2-9A-Z]{4}")
        self.assertFalse(Submission.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_bot_is_thanked_even_when_the_rest_is_nonsense(self):
        response = self.client.post("/contribute/", {"homepage": "x", "title": "buy now"})
        self.assertRedirects(response, "/contribute/thanks/")
        self.assertFalse(Submission.objects.exists())

    def test_the_honeypot_is_hidden_from_people(self):
        page = self.client.get("/contribute/")
        self.assertContains(page, 'class="contribution-homepage"  aria-hidden="true"')
        self.assertContains(page, 'tabindex="-1"')


@override_settings(CONTRIBUTION_RATE="2/h")
class RateLimitTests(TestCase):
    def test_past_the_rate_it_answers_429_keeps_what_was_typed_and_stores_nothing(self):
        for number in range(2):
            self.assertEqual(
                self.client.post("/contribute/", form_data(title=f"Forum {number}")).status_code, 302
            )
        response = self.client.post("/contribute/", form_data(title="The third one"))
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many contributions in a short time", status_code=429)
        self.assertContains(response, 'value="The third one"', status_code=429)
        self.assertEqual(Submission.objects.count(), 2)

    def test_the_form_itself_is_still_shown(self):
        for _ in range(3):
            self.client.post("/contribute/", form_data())
        self.assertEqual(self.client.get("/contribute/").status_code, 200)

    def test_new_exchanges_and_suggestions_share_one_limit(self):
        exchange = make_exchange()
        self.client.post("/contribute/", form_data())
        self.client.post("/contribute/", form_data())
        response = self.client.post(f"/exchanges/{exchange.slug}/suggest/", form_data(note="More"))
        self.assertEqual(response.status_code, 429)

    def test_the_limit_is_per_address(self):
        for _ in range(2):
            self.client.post("/contribute/", form_data())
        other = Client(REMOTE_ADDR="192.0.2.7")
        self.assertEqual(
            other.post("/contribute/", form_data(contributor_email="b@example.org")).status_code, 302
        )
        self.assertEqual(Submission.objects.filter(submitter_ip="192.0.2.7").count(), 1)

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_behind_a_proxy_the_limit_is_per_client_not_per_proxy(self):
        def via_proxy(forwarded_for):
            return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)

        # A client cannot escape the limit by sending its own X-Forwarded-For entries.
        for spoof in ["1.1.1.1", "2.2.2.2"]:
            self.assertEqual(
                via_proxy(f"{spoof}, 203.0.113.5").post("/contribute/", form_data(title=spoof)).status_code,
                302,
            )
        self.assertEqual(via_proxy("3.3.3.3, 203.0.113.5").post("/contribute/", form_data()).status_code, 429)
        self.assertEqual(via_proxy("203.0.113.6").post("/contribute/", form_data()).status_code, 302)
        self.assertEqual(
            sorted(Submission.objects.values_list("submitter_ip", flat=True)),
            ["203.0.113.5", "203.0.113.5", "203.0.113.6"],
        )

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_a_client_reaching_the_server_directly_cannot_choose_its_key(self):
        # Past the proxy, straight to gunicorn: every X-Forwarded-For it makes up is ignored.
        for spoof in ["1.1.1.1", "2.2.2.2, 10.0.0.1"]:
            direct = Client(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR=spoof)
            self.assertEqual(direct.post("/contribute/", form_data()).status_code, 302)
        direct = Client(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="3.3.3.3")
        self.assertEqual(direct.post("/contribute/", form_data()).status_code, 429)
        self.assertEqual(set(Submission.objects.values_list("submitter_ip", flat=True)), {"198.51.100.4"})

    @override_settings(BEHIND_PROXY=True)
    def test_behind_a_proxy_that_is_not_listed_forwarded_for_is_ignored(self):
        via_proxy = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        via_proxy.post("/contribute/", form_data())
        self.assertEqual(Submission.objects.get().submitter_ip, "10.0.0.1")

    def test_without_a_proxy_forwarded_for_is_ignored(self):
        spoofing = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
        for _ in range(2):
            spoofing.post("/contribute/", form_data())
        self.assertEqual(self.client.post("/contribute/", form_data()).status_code, 429)

    def test_bots_are_counted_too(self):
        for _ in range(2):
            self.client.post("/contribute/", form_data(homepage="spam"))
        self.assertEqual(self.client.post("/contribute/", form_data()).status_code, 429)


class CacheDownTests(TestCase):
    def test_a_cache_that_is_down_does_not_turn_contributors_away(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}",
        }
        with override_settings(CACHES={"default": redis}), self.assertLogs("contributions.views", "ERROR"):
            response = self.client.post("/contribute/", form_data())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Submission.objects.count(), 1)


class CsrfTests(TestCase):
    def test_a_post_without_the_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post("/contribute/", form_data()).status_code, 403)
        self.assertFalse(Submission.objects.exists())

    def test_the_form_carries_one_csrf_token(self):
        self.assertContains(self.client.get("/contribute/"), 'name="csrfmiddlewaretoken"', count=1)


class EscapingTests(TestCase):
    """What a contributor typed is text wherever it is shown: the form, the admin, emails, the catalogue."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def assert_escaped(self, content):
        content = content.decode() if isinstance(content, bytes) else content
        self.assertNotIn("<script>", content)
        self.assertNotIn("<b>bold", content)
        self.assertIn(ESCAPED, content)

    def test_the_form_shown_again_with_errors(self):
        response = self.client.post("/contribute/", markup_everywhere(date="1900-01-01 – 1800-01-01"))
        self.assertEqual(response.status_code, 200)
        for name in TEXT_FIELDS:
            self.assertContains(response, f"{name} {ESCAPED}")
        self.assert_escaped(response.content)

    def test_emails_admin_and_the_published_exchange(self):
        make_moderator("ana", "ana@example.org")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/contribute/", markup_everywhere())
        submission = Submission.objects.get()
        receipt, notice = mail.outbox
        # The receipt carries none of the contributor's text; the moderators' notice shows it, escaped.
        self.assertNotIn("<script>", receipt.alternatives[0][0])
        self.assertNotIn("script", receipt.body)
        self.assert_escaped(notice.alternatives[0][0])

        self.client.force_login(self.moderator)
        self.assert_escaped(self.client.get("/admin/contributions/submission/").content)
        page = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        for name in TEXT_FIELDS[:-3]:
            if name != "participant_number":
                self.assertContains(page, f"{name} {ESCAPED}")
        self.assert_escaped(page.content)

        moderation.approve(submission.pk, self.moderator)
        exchange = Exchange.objects.get()
        detail = self.client.get(exchange.get_absolute_url())
        self.assert_escaped(detail.content)
        self.assertContains(detail, f"summary {ESCAPED}")
        self.assertContains(detail, f"sources {ESCAPED}")
        self.assert_escaped(self.client.get("/exchanges/").content)

    def test_the_field_by_field_changes_and_the_possible_duplicates(self):
        exchange = make_exchange(title=f"title {MARKUP}")
        # On the suggestion's date: a like title on a far-off date is another occasion.
        twin = make_exchange(title=f"title {MARKUP} twin", date=datetime.date(2019, 5, 20))
        self.client.post(f"/exchanges/{exchange.slug}/suggest/", markup_everywhere())
        submission = Submission.objects.get()
        self.client.force_login(self.moderator)
        page = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertContains(page, f'<td class="now">summary {ESCAPED}</td>')
        self.assertContains(
            page, f'<a href="/admin/exchanges/exchange/{twin.pk}/change/">title {ESCAPED} twin</a>'
        )
        self.assert_escaped(page.content)

    def test_the_rejection_reason_in_the_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/contribute/", form_data())
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            moderation.reject(Submission.objects.get().pk, self.moderator, reason=f"Because {MARKUP}")
        html, _ = mail.outbox[0].alternatives[0]
        self.assert_escaped(html)
