"""A NUL character anywhere in a request gets the 400 page and changes nothing stored.

PostgreSQL refuses text holding a NUL, so each of these gave a 500 there;
forms refuse NULs themselves too, which the last tests check without the
middleware in the way.
"""

import datetime

from django.test import TestCase, override_settings

from contributions.admin import DuplicateForm, RejectForm
from contributions.forms import ContributionForm, SuggestionForm
from contributions.models import Submission
from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange
from tests.factories import form_data, make_exchange, make_moderator, make_submission

PUBLIC_URLS = [
    "/exchanges/?q=%00",
    "/exchanges/?q=Xi%00Biden&sort=relevance",
    "/exchanges/?type=%00",
    "/exchanges/?government=%00",
    "/exchanges/?level=diplomatic&level=%00",
    "/exchanges/?continuing=%00",
    "/exchanges/?date_after=2013%00",
    "/exchanges/?date_before=%00",
    "/exchanges/?sort=%00",
    "/exchanges/?page=%00",
    "/exchanges/?unknown%00=1",
    "/exchanges/%00/",
    "/exchanges/talks%00/suggest/",
    "/contribute/?next=%00",
    "/static/css/%00site.css",
]
ADMIN_URLS = [
    "/admin/contributions/submission/?q=%00",
    "/admin/contributions/submission/?status=%00",
    "/admin/contributions/submission/?kind=%00",
    "/admin/contributions/submission/?type=%00",
    "/admin/contributions/submission/?o=%00",
    "/admin/contributions/submission/%00/change/",
    "/admin/exchanges/exchange/?q=%00",
    "/admin/exchanges/exchange/?status__exact=%00",
    "/admin/autocomplete/?term=%00&app_label=contributions&model_name=submission&field_name=duplicate_of",
]


@override_settings(CONTRIBUTION_RATE="10000/s")
class NulRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Talks")
        cls.submission = make_submission()
        cls.moderator = make_moderator()

    def assertBadRequest(self, response):
        self.assertContains(response, "We cannot read that request", status_code=400)

    def test_public_pages_answer_400(self):
        for url in PUBLIC_URLS:
            with self.subTest(url=url):
                self.assertBadRequest(self.client.get(url))

    def test_the_api_answers_400_in_json_naming_the_parameter(self):
        """The API's clients read its errors as JSON ({parameter: [messages]}), as for any parameter
        that does not validate: the site's HTML page was no answer a program could read."""
        for url, named in [
            ("/api/v1/exchanges/?q=Xi%00Biden&type=diplomatic", ["q"]),
            ("/api/v1/exchanges/?person=a%00&place=b%00", ["person", "place"]),
            ("/api/v1/people/?q=%00", ["q"]),
            ("/api/v1/exchanges/talks%00/", ["detail"]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertEqual(sorted(response.json()), named)

    def test_the_admins_filters_and_search_box_answer_400(self):
        self.client.force_login(self.moderator)
        for url in ADMIN_URLS:
            with self.subTest(url=url):
                self.assertBadRequest(self.client.get(url))

    def test_forms_with_a_nul_store_nothing(self):
        for name in form_data():
            with self.subTest(field=name):
                data = form_data(**{name: "Governors\x00"})
                self.assertBadRequest(self.client.post("/contribute/", data))
                self.assertBadRequest(self.client.post(f"/exchanges/{self.exchange.slug}/suggest/", data))
        self.assertEqual(Submission.objects.count(), 1)

    def test_a_nul_in_a_decision_changes_nothing(self):
        self.client.force_login(self.moderator)
        url = f"/admin/contributions/submission/{self.submission.pk}/change/"
        response = self.client.post(url, {"title": "New\x00title", "_approve": "Approve"})
        self.assertBadRequest(response)
        response = self.client.post(
            "/admin/contributions/submission/",
            {"action": "approve_selected", "_selected_action": [f"{self.submission.pk}\x00"]},
        )
        self.assertBadRequest(response)
        self.submission.refresh_from_db()
        self.assertEqual(
            (self.submission.status, self.submission.title), ("pending", "Governors' forum in Houston")
        )
        self.assertEqual(Exchange.objects.count(), 1)

    def test_a_clean_request_passes(self):
        self.assertEqual(self.client.get("/exchanges/?q=Talks").status_code, 200)


class FormsRefuseNulTests(TestCase):
    """Without the middleware, the forms themselves report a NUL in any field."""

    def test_the_contribution_form(self):
        for name in form_data():
            if name == "homepage":
                continue
            with self.subTest(field=name):
                form = ContributionForm(form_data(**{name: "2019\x00"}))
                self.assertFalse(form.is_valid())
                self.assertIn(name, form.errors)

    def test_the_suggestion_form(self):
        exchange = make_exchange(title="Talks", date=datetime.date(2019, 5, 20))
        form = SuggestionForm(form_data(summary="Changed\x00"), exchange=exchange)
        self.assertFalse(form.is_valid())
        self.assertIn("summary", form.errors)

    def test_the_moderation_forms(self):
        self.assertIn("reason", RejectForm({"reason": "No\x00source"}).errors)
        from django.contrib import admin

        self.assertIn("exchange", DuplicateForm({"exchange": "1\x00"}, admin_site=admin.site).errors)

    def test_the_catalogue_filters_report_it(self):
        for name in ["q", "type", "government", "level", "continuing", "date_after", "date_before", "sort"]:
            with self.subTest(parameter=name):
                filterset = ExchangeFilter({name: "yes\x00"}, queryset=Exchange.objects.published())
                list(filterset.qs)
                self.assertTrue(filterset.invalid_parameters)
