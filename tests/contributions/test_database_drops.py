"""The contribution and suggestion forms while the database drops in the middle of the request, at
each statement in turn: the form comes back with what was typed or the site's 503 page, never a
traceback, and the contribution is stored whole, once, or not at all."""

from django.test import TestCase, override_settings

from contributions.models import EmailDelivery, Submission
from tests.contributions.test_suggest import published_form_data
from tests.factories import form_data, make_exchange
from tests.faults import as_in_production, each_drop


def database_state():
    # Without ids: PostgreSQL's sequences do not go back when a transaction is undone.
    return (
        list(Submission.objects.order_by("pk").values_list("kind", "title", "location", "form_key")),
        list(EmailDelivery.objects.order_by("pk").values_list("submission__form_key", "kind")),
    )


@override_settings(CONTRIBUTION_RATE="1000/h")
class FormDropTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Strategic and Economic Dialogue", location="Washington, DC")

    def assert_kept_or_stored_whole(self, url, data):
        before = database_state()
        *dropped, (_answered, full, after) = each_drop(
            lambda: as_in_production(self.client).post(url, data), database_state
        )
        self.assertRedirects(full, "/contribute/thanks/", fetch_redirect_response=False)
        self.assertEqual(len(after[0]), len(before[0]) + 1)
        self.assertGreater(len(dropped), 3)
        for answered, response, state in dropped:
            with self.subTest(answered=answered):
                self.assertIn(response.status_code, (302, 503))
                self.assertIn(state, (before, after), "a contribution stored in part")
                if response.status_code == 503 and state == before:
                    # What was typed comes back with it.
                    self.assertContains(response, data["location"], status_code=503)
                elif response.status_code == 503:
                    # Stored, then the database went before the page was made: the site's page asks
                    # to send it again, and sent again it is not stored twice.
                    self.assertContains(response, "out of reach", status_code=503)
                    self.assertRedirects(
                        self.client.post(url, data), "/contribute/thanks/", fetch_redirect_response=False
                    )
                    self.assertEqual(database_state(), after)

    def test_a_new_exchange(self):
        self.assert_kept_or_stored_whole(
            "/contribute/",
            form_data(location="Typed during the outage", form_key="3f1e0c52-bb7c-4a51-9b0e-2a7d1cbe0a11"),
        )

    def test_a_suggested_change(self):
        url = f"/exchanges/{self.exchange.slug}/suggest/"
        form = self.client.get(url).context["form"]
        self.assert_kept_or_stored_whole(
            url,
            published_form_data(
                self.exchange,
                location="Typed during the outage",
                shown=form["shown"].value(),
                form_key=str(form["form_key"].value()),
            ),
        )

    def test_the_pages_themselves_are_shown_or_the_503_page(self):
        self.client.post("/contribute/", form_data())
        for url in ["/contribute/", "/contribute/thanks/", f"/exchanges/{self.exchange.slug}/suggest/"]:
            for answered, response, _state in each_drop(
                lambda url=url: as_in_production(self.client).get(url)
            ):
                with self.subTest(url=url, answered=answered):
                    self.assertIn(response.status_code, (200, 503))
                    if response.status_code == 503:
                        self.assertContains(
                            response, "The database is out of reach for a moment", status_code=503
                        )
