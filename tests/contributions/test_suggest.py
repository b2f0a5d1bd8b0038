"""/exchanges/<slug>/suggest/: the contribution form, prefilled, for a change to a published exchange."""

from unittest import mock

from django.db import OperationalError, connection
from django.test import Client, TestCase

from contributions.models import EmailDelivery, Submission
from exchanges.models import Exchange
from tests.factories import form_data, make_exchange


def published_form_data(exchange, **fields):
    """The suggest form as it arrives when the contributor changes only `fields`."""
    form = {
        "title": exchange.title,
        "summary": exchange.summary,
        "government": str(exchange.government),
        "type": exchange.type,
        "levels": exchange.levels,
        "date": exchange.display_date,
        "continuing": str(exchange.continuing),
        "partners": exchange.partners,
        "participant_number": exchange.participant_count_note or exchange.participant_count or "",
        "location": exchange.location,
        "sources": "\r\n".join(f"{s.citation} {s.url}" for s in exchange.sources.all()),
        "contributor_email": "scholar@example.org",
    }
    return form_data(**{**form, **fields})


class SuggestPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Strategic and Economic Dialogue",
            partners="U.S. Department of State\nMinistry of Foreign Affairs",
            participant_count_note="About 400 officials",
            location="Washington, DC",
            sources=2,
        )

    def test_it_is_linked_from_the_exchange(self):
        page = self.client.get(self.exchange.get_absolute_url())
        self.assertContains(page, f'href="/exchanges/{self.exchange.slug}/suggest/"')

    def test_it_is_prefilled_from_the_published_exchange(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/suggest/")
        self.assertContains(response, "Know more about this exchange?")
        self.assertContains(response, "the form holds the published version")
        self.assertContains(response, 'value="Strategic and Economic Dialogue"')
        self.assertContains(response, "U.S. Department of State\nMinistry of Foreign Affairs</textarea>")
        self.assertContains(response, 'value="About 400 officials"')
        self.assertContains(
            response, "Source 1 https://example.org/\nSource 2 https://example.org/</textarea>"
        )
        self.assertInHTML(
            '<input type="radio" class="form-check-input" name="government" value="True" '
            'id="id_government_0" checked>',
            response.content.decode(),
        )
        self.assertNotContains(response, "scholar@example.org")

    def test_its_title_names_the_exchange(self):
        # Every suggestion page was titled "Suggest a change": tabs and history could not tell them apart.
        response = self.client.get(f"/exchanges/{self.exchange.slug}/suggest/")
        self.assertContains(response, "<title>Suggest a change to “Strategic and Economic Dialogue” · ")
        sent_back = self.client.post(f"/exchanges/{self.exchange.slug}/suggest/", {"title": ""})
        self.assertContains(
            sent_back, "<title>Error: Suggest a change to “Strategic and Economic Dialogue” · "
        )

    def test_its_next_steps_promise_a_decision_on_the_change_not_on_publishing(self):
        # The exchange is public already; the new-exchange form's "published, or not" is not said here.
        response = self.client.get(f"/exchanges/{self.exchange.slug}/suggest/")
        self.assertContains(
            response, "We email you the decision: whether the exchange was changed, or the reason"
        )
        self.assertNotContains(response, "published, or not")

    def test_it_costs_two_queries(self):
        with self.assertNumQueries(2):
            # The published exchange by slug; its sources (prefetched).
            self.client.get(f"/exchanges/{self.exchange.slug}/suggest/")

    def test_an_unknown_or_unpublished_exchange_is_not_found(self):
        draft = make_exchange(status=Exchange.Status.DRAFT)
        self.assertEqual(self.client.get("/exchanges/no-such-exchange/suggest/").status_code, 404)
        self.assertEqual(self.client.get(f"/exchanges/{draft.slug}/suggest/").status_code, 404)
        self.assertEqual(self.client.post(f"/exchanges/{draft.slug}/suggest/", form_data()).status_code, 404)


class ExchangeGoneWhileTypingTests(TestCase):
    """The exchange was withdrawn (or deleted) after its suggest page was opened: the 404 page lost
    everything the contributor had typed."""

    def setUp(self):
        self.exchange = make_exchange(title="Strategic and Economic Dialogue", location="Washington, DC")
        self.sent = published_form_data(
            self.exchange, location="Beijing", note="It moved in 2015.", form_key="", shown="x"
        )

    def test_what_was_typed_comes_back_to_send_as_a_new_exchange(self):
        self.exchange.status = Exchange.Status.DRAFT
        self.exchange.save()
        response = self.client.post(f"/exchanges/{self.exchange.slug}/suggest/", self.sent)
        self.assertContains(response, "is no longer in the public catalogue", status_code=404)
        self.assertContains(response, "nothing was sent", status_code=404)
        self.assertContains(response, 'value="Beijing"', status_code=404)
        self.assertContains(response, "It moved in 2015.</textarea>", status_code=404)
        self.assertContains(response, 'action="/contribute/"', status_code=404)
        self.assertContains(response, "Send my contribution", status_code=404)
        self.assertFalse(Submission.objects.exists())

        # Sent from there, it is a contribution of its own for the moderators.
        sent_again = self.client.post("/contribute/", self.sent)
        self.assertRedirects(sent_again, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual((submission.kind, submission.location), (Submission.Kind.NEW, "Beijing"))

    def test_a_deleted_exchange_gives_the_same(self):
        slug = self.exchange.slug
        self.exchange.delete()
        response = self.client.post(f"/exchanges/{slug}/suggest/", self.sent)
        self.assertContains(response, "“Strategic and Economic Dialogue” is no longer", status_code=404)
        self.assertContains(response, 'value="Beijing"', status_code=404)
        self.assertFalse(Submission.objects.exists())


class SuggestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Strategic and Economic Dialogue", location="Washington, DC")

    def test_a_change_is_stored_as_a_pending_suggestion_for_the_exchange(self):
        response = self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/",
            published_form_data(self.exchange, location="Beijing", note="It moved in 2015."),
        )
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(submission.kind, Submission.Kind.CHANGE)
        self.assertEqual(submission.exchange, self.exchange)
        self.assertEqual(submission.status, Submission.Status.PENDING)
        self.assertEqual(submission.location, "Beijing")
        self.assertContains(self.client.get("/contribute/thanks/"), submission.reference)

    def test_the_thank_you_page_speaks_of_the_suggested_change_and_leads_back_to_the_exchange(self):
        self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/",
            published_form_data(self.exchange, location="Beijing", note="It moved in 2015."),
        )
        response = self.client.get("/contribute/thanks/")
        self.assertContains(response, "Thank you for your suggestion")
        self.assertContains(response, "a change to “Strategic and Economic Dialogue”")
        self.assertContains(response, f'href="/exchanges/{self.exchange.slug}/"')
        self.assertNotContains(response, "the address of the published exchange")
        # A new contribution sent after it is thanked as one.
        self.client.post("/contribute/", form_data())
        response = self.client.get("/contribute/thanks/")
        self.assertContains(response, "Thank you for your contribution")
        self.assertNotContains(response, "Strategic and Economic Dialogue")

    def test_the_published_exchange_is_untouched_until_approval(self):
        self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/",
            published_form_data(self.exchange, location="Beijing"),
        )
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.location, "Washington, DC")
        self.assertContains(self.client.get(self.exchange.get_absolute_url()), "Washington, DC")

    def test_a_suggestion_that_changes_nothing_says_so(self):
        response = self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/", published_form_data(self.exchange)
        )
        self.assertContains(response, "Nothing differs from the published exchange")
        self.assertFalse(Submission.objects.exists())

    def test_a_note_alone_is_a_suggestion(self):
        self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/",
            published_form_data(self.exchange, note="The date is disputed; see my book."),
        )
        self.assertEqual(Submission.objects.get().note, "The date is disputed; see my book.")

    def test_the_models_rules_hold_here_too(self):
        response = self.client.post(
            f"/exchanges/{self.exchange.slug}/suggest/",
            published_form_data(self.exchange, date="2019-05-20 – 2019-05-01", sources=""),
        )
        self.assertEqual(set(response.context["form"].errors), {"date", "sources"})
        self.assertFalse(Submission.objects.exists())


def refused():
    return OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def refuse_every_query(execute, sql, params, many, context):
    raise refused()


class DatabaseAwayTests(TestCase):
    """The database goes away as a suggestion is sent: nothing is stored, and the form comes back
    with what was typed, to send again, rather than the bare 503 page; as the contribution form does."""

    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Strategic and Economic Dialogue", location="Washington, DC")

    def setUp(self):
        # As in production: an exception that escapes becomes the error page, not a test failure.
        self.client = Client(raise_request_exception=False)
        self.url = f"/exchanges/{self.exchange.slug}/suggest/"
        form = self.client.get(self.url).context["form"]
        self.typed = published_form_data(
            self.exchange,
            location="Typed during the outage",
            partners="First partner\r\nSecond partner",
            shown=form["shown"].value(),
            form_key=str(form["form_key"].value()),
        )

    def assert_it_comes_back_with_what_was_typed(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "Your suggestion could not be stored", status_code=503)
        self.assertContains(response, "Send my suggestion", status_code=503)
        # What the form holds now is what was typed, not the published exchange.
        self.assertNotContains(response, "the form holds the published version", status_code=503)
        self.assertContains(response, 'value="Typed during the outage"', status_code=503)
        self.assertContains(response, "First partner\nSecond partner</textarea>", status_code=503)
        # The page's signed copy of the exchange and the form's key go back with it: sent again, it
        # starts from the same exchange and is stored once.
        self.assertContains(response, f'name="shown" value="{self.typed["shown"]}"', status_code=503)
        self.assertContains(response, f'name="form_key" value="{self.typed["form_key"]}"', status_code=503)
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(EmailDelivery.objects.exists())

    def test_at_the_write_the_form_comes_back_with_what_was_typed(self):
        with mock.patch.object(Submission, "save", side_effect=refused()), self.assertLogs("contributions"):
            response = self.client.post(self.url, self.typed)
        self.assert_it_comes_back_with_what_was_typed(response)
        self.assertContains(response, "Correct or add to “Strategic and Economic Dialogue”:", status_code=503)

    def test_from_the_first_read_the_form_comes_back_with_what_was_typed(self):
        with connection.execute_wrapper(refuse_every_query), self.assertLogs("contributions"):
            response = self.client.post(self.url, self.typed)
        self.assert_it_comes_back_with_what_was_typed(response)
        # The exchange could not be read: its title is the one the form sent, its link the page's own.
        self.assertContains(response, "Correct or add to “Strategic and Economic Dialogue”:", status_code=503)
        self.assertContains(response, f'href="/exchanges/{self.exchange.slug}/"', status_code=503)
        # Choices come back as they were made, and no mistake is claimed: nothing could be checked.
        page = response.content.decode()
        self.assertInHTML(
            '<input type="radio" class="form-check-input" name="government" value="True" '
            'id="id_government_0" checked>',
            page,
        )
        self.assertInHTML(
            '<input type="checkbox" class="form-check-input" name="levels" value="national" '
            'id="id_levels_0" checked>',
            page,
        )
        self.assertNotContains(response, "Please correct", status_code=503)

    def test_from_the_first_read_a_title_typed_away_is_not_shown_as_the_exchanges(self):
        self.typed["title"] = ""
        with connection.execute_wrapper(refuse_every_query), self.assertLogs("contributions"):
            response = self.client.post(self.url, self.typed)
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "Correct or add to this exchange:", status_code=503)

    def test_sent_again_once_the_database_is_back_it_is_stored_once(self):
        with connection.execute_wrapper(refuse_every_query), self.assertLogs("contributions"):
            self.client.post(self.url, self.typed)
        self.assertRedirects(self.client.post(self.url, self.typed), "/contribute/thanks/")
        self.assertRedirects(self.client.post(self.url, self.typed), "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().location, "Typed during the outage")

    def test_the_page_itself_while_the_database_is_away_is_the_503_page(self):
        with connection.execute_wrapper(refuse_every_query):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "The database is out of reach for a moment", status_code=503)


class WithdrawnExchangeSuggestTests(TestCase):
    """The suggest page of an exchange taken down after it was published: the generic 404 ("There is
    nothing at this address… the link may have a typo") told a contributor following an old link nothing."""

    def test_it_says_the_exchange_was_withdrawn_and_how_to_tell_us_about_it(self):
        exchange = make_exchange()
        exchange.status = Exchange.Status.DRAFT
        exchange.save()
        response = self.client.get(f"/exchanges/{exchange.slug}/suggest/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "This exchange was withdrawn", status_code=404)
        self.assertContains(response, 'href="/contribute/"', status_code=404)
        self.assertNotContains(response, "may have a typo", status_code=404)

    def test_a_draft_never_published_is_still_not_found(self):
        draft = make_exchange(status=Exchange.Status.DRAFT)
        response = self.client.get(f"/exchanges/{draft.slug}/suggest/")
        self.assertContains(response, "may have a typo", status_code=404)
        self.assertNotContains(response, "withdrawn", status_code=404)
