"""One record of the API that is not there: 404 with a JSON `detail` naming what was asked for and where
to look instead, where it said Django REST framework's "No Exchange matches the given query.", which
named a model rather than the slug sent, and gave a client nowhere to go."""

from django.test import TestCase

from entities.models import Person
from exchanges.models import Exchange
from tests.entities.factories import make_person
from tests.factories import make_exchange


class RecordNotFoundTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit")
        make_exchange(title="Draft visit", status=Exchange.Status.DRAFT)
        withdrawn = make_exchange(title="Withdrawn visit")
        withdrawn.status = Exchange.Status.DRAFT
        withdrawn.save()
        make_person("Wang Yi")
        Person.objects.create(name="Deleted Person", slug="deleted-person").delete()

    def detail(self, url, method="get"):
        response = getattr(self.client, method)(url)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(set(response.json()), {"detail"})
        return response.json()["detail"]

    def test_an_exchange_not_published_names_its_slug_the_search_and_the_withdrawn(self):
        for slug in ["no-such-exchange", "draft-visit", "withdrawn-visit", "中美乒乓外交-1971"]:
            with self.subTest(slug):
                detail = self.detail(f"/api/v1/exchanges/{slug}/")
                self.assertIn(f"No published exchange has the slug “{slug}”", detail)
                self.assertIn("http://testserver/api/v1/exchanges/?q=", detail)
                self.assertIn("http://testserver/api/v1/withdrawn/", detail)
                self.assertNotIn("matches the given query", detail)

    def test_each_kind_of_entity_names_its_slug_its_search_and_its_withdrawn(self):
        for plural, kind in [("organisations", "organisation"), ("people", "person"), ("places", "place")]:
            with self.subTest(plural):
                detail = self.detail(f"/api/v1/{plural}/deleted-person/")
                self.assertIn(f"No {kind} has the slug “deleted-person”", detail)
                self.assertIn(f"http://testserver/api/v1/{plural}/?q=", detail)
                self.assertIn(f"http://testserver/api/v1/withdrawn/{plural}/", detail)

    def test_options_says_what_get_says(self):
        for url in ["/api/v1/exchanges/draft-visit/", "/api/v1/people/no-such-person/"]:
            with self.subTest(url):
                self.assertEqual(self.detail(url, "options"), self.detail(url))

    def test_the_records_there_and_the_lists_are_answered_as_before(self):
        self.assertEqual(self.client.get("/api/v1/exchanges/sunnylands-summit/").status_code, 200)
        self.assertEqual(self.client.get("/api/v1/people/wang-yi/").status_code, 200)
        self.assertEqual(self.client.get("/api/v1/exchanges/").status_code, 200)
        # An unknown format keeps its own message, naming the formats.
        response = self.client.get("/api/v1/exchanges/sunnylands-summit/?format=csv")
        self.assertEqual(response.status_code, 404)
        self.assertIn("/exchanges.csv", response.json()["detail"])
