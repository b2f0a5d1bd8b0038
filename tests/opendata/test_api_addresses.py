"""Which of the API's addresses are permanent and which are for navigation: a record's `url` is its
page under SITE_URL, whatever host was asked; `next`, `previous` and an entity's `exchanges` are on
the host the request was sent to, so that a client following them stays on the server it asked."""

from django.test import TestCase, override_settings

from tests.factories import make_exchange

SITE_URL = "https://exchanges.example.org"


@override_settings(SITE_URL=SITE_URL, ALLOWED_HOSTS=["mirror.example.net", "testserver"])
class AddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit", partners="Ford Foundation")
        make_exchange(title="Education pact", partners="Ford Foundation")

    def get(self, path):
        return self.client.get(path, HTTP_HOST="mirror.example.net").json()

    def test_a_records_url_is_permanent_and_the_links_to_follow_are_on_the_host_asked(self):
        page = self.get("/api/v1/exchanges/?page_size=1")
        self.assertEqual(page["results"][0]["url"], f"{SITE_URL}/exchanges/{page['results'][0]['slug']}/")
        self.assertTrue(page["next"].startswith("http://mirror.example.net/api/v1/exchanges/?"), page["next"])
        organisation = self.get("/api/v1/organisations/ford-foundation/")
        self.assertEqual(organisation["url"], f"{SITE_URL}/organisations/ford-foundation/")
        self.assertEqual(
            organisation["exchanges"],
            "http://mirror.example.net/api/v1/exchanges/?organisation=ford-foundation",
        )

    def test_the_documentation_says_so(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        said = schema["info"]["description"]
        self.assertIn("`url` is its permanent address, under the site's public address", said)
        self.assertIn("`next`, `previous` and an entity's `exchanges` are on the host", said)
        components = schema["components"]["schemas"]
        self.assertIn("permanent address", components["Exchange"]["properties"]["url"]["description"])
        self.assertIn("permanent address", components["Organisation"]["properties"]["url"]["description"])
        self.assertIn(
            "on the host the request was sent to",
            components["Organisation"]["properties"]["exchanges"]["description"],
        )
