"""OPTIONS on one record of the API answers as GET does when there is no such record: 404 with the
API's JSON, and the CORS headers, where it answered 200 with the description of a record that does
not exist, so a client probing an address was told it was there. An entity's former address leads
to the one kept, as GET's does. A browser's preflight (OPTIONS with Access-Control-Request-Method) is
answered before any view, whatever the address: the request it clears then gets the 404."""

from django.test import TestCase

from entities.merge import merge
from entities.models import Person
from exchanges.models import Exchange
from tests.entities.factories import make_organisation, make_person, make_place
from tests.factories import make_exchange

ORIGIN = "https://elsewhere.example"


class RecordOptionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Sunnylands summit",
            partners="Ministry of Education",
            participants="Wang Yi",
            location="Chengdu",
        )
        make_exchange(title="Draft visit", status=Exchange.Status.DRAFT)
        merge(Person.objects.get(slug="wang-yi"), make_person("Wang I"))

    def options(self, url, **headers):
        return self.client.options(url, headers={"origin": ORIGIN, **headers})

    def test_no_such_record_is_404_json_with_the_cors_headers(self):
        for url in [
            "/api/v1/exchanges/no-such-slug/",
            "/api/v1/exchanges/draft-visit/",
            "/api/v1/organisations/no-such-slug/",
            "/api/v1/people/no-such-slug/",
            "/api/v1/places/no-such-slug/",
        ]:
            with self.subTest(url):
                response = self.options(url)
                self.assertEqual(response.status_code, 404)
                # What GET says of it ("No person has the slug “no-such-slug”. …").
                self.assertEqual(response.json(), self.client.get(url).json())
                self.assertIn("has the slug", response.json()["detail"])
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_a_record_that_exists_is_described_as_before(self):
        for url in [
            "/api/v1/exchanges/sunnylands-summit/",
            "/api/v1/organisations/ministry-of-education/",
            "/api/v1/people/wang-yi/",
            "/api/v1/places/chengdu/",
            "/api/v1/exchanges/",
            "/api/v1/people/",
        ]:
            with self.subTest(url):
                response = self.options(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")
                self.assertIn("name", response.json())

    def test_an_entitys_former_address_leads_to_the_one_kept_as_get_does(self):
        response = self.options("/api/v1/people/wang-i/?format=json")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"], self.client.get("/api/v1/people/wang-i/?format=json")["Location"]
        )
        self.assertEqual(response["Location"], "/api/v1/people/wang-yi/?format=json")

    def test_a_browsers_preflight_is_still_answered_before_any_view(self):
        response = self.options("/api/v1/exchanges/no-such-slug/", access_control_request_method="GET")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_options_reads_whether_the_record_exists_in_one_query(self):
        make_organisation("Peking University")
        make_place("Xi'an")
        for url in ["/api/v1/exchanges/sunnylands-summit/", "/api/v1/exchanges/no-such-slug/"]:
            with self.subTest(url), self.assertNumQueries(1):
                self.options(url)
        # 1: no person has the slug; 2: the person kept, by the old address (as GET).
        with self.assertNumQueries(2):
            self.options("/api/v1/people/wang-i/")
