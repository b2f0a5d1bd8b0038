"""What the API answers an address or a format it does not have: JSON, as its other errors, saying
where to go instead."""

from django.test import Client, TestCase

from tests.factories import make_exchange


class UnknownAddressTests(TestCase):
    def setUp(self):
        # As in production: a 404 is the error page Django's handler gives, not a test failure.
        self.client = Client(raise_request_exception=False)

    def test_an_address_under_api_that_names_nothing_is_a_json_404(self):
        # They were the site's HTML page, which a client reading JSON cannot read.
        for url in ["/api/v1/nothing/", "/api/v2/", "/api/", "/api", "/api/v1/exchanges/a/b/"]:
            with self.subTest(url=url):
                # No query: nothing is read to say that nothing is there.
                with self.assertNumQueries(0):
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertIn("/api/v1/", response.json()["detail"])
                # Any method: a client that posts to the wrong address is told the same.
                self.assertEqual(self.client.post(url).status_code, 404)

    def test_a_record_that_is_not_there_is_still_named_as_such(self):
        response = self.client.get("/api/v1/exchanges/no-such-exchange/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("No published exchange has the slug “no-such-exchange”", response.json()["detail"])

    def test_the_sites_pages_keep_their_html_404_and_api_addresses_their_slash(self):
        for url in ["/no-such-page/", "/apis/", "/exchanges/no-such-exchange/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "We cannot find that page", status_code=404)
        # An address missing its last slash is still sent to the one with it.
        self.assertRedirects(self.client.get("/api/v1/exchanges"), "/api/v1/exchanges/", status_code=301)


class UnknownFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Obama Xi call")

    def test_an_unknown_format_names_the_formats_and_the_downloads(self):
        # `?format=csv` was `404 {"detail": "Not found."}`, as if the collection were not there.
        for url in [
            "/api/v1/exchanges/?format=csv",
            "/api/v1/exchanges/?q=Obama&format=csv",
            "/api/v1/exchanges.csv",
            "/api/v1/?format=xml",
            "/api/v1/organisations/?format=api",
        ]:
            with self.subTest(url=url):
                with self.assertNumQueries(0):
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
                detail = response.json()["detail"]
                self.assertIn("json", detail)
                self.assertIn("http://testserver/exchanges.csv", detail)
                self.assertIn("http://testserver/data/", detail)

    def test_a_media_type_it_does_not_answer_in_names_the_formats_and_the_downloads(self):
        # `Accept: text/csv` (a spreadsheet's or a script's) got 406 "Could not satisfy the request
        # Accept header.", with no word of the CSV downloads that `?format=csv` is told of.
        response = self.client.get("/api/v1/exchanges/?q=Obama", headers={"Accept": "text/csv"})
        self.assertEqual(response.status_code, 406)
        self.assertEqual(response["Content-Type"], "application/json")
        detail = response.json()["detail"]
        self.assertIn("application/json", detail)
        self.assertIn("http://testserver/exchanges.csv", detail)
        self.assertIn("http://testserver/data/", detail)

    def test_a_media_type_refused_with_q_0_is_not_answered_in(self):
        """`q=0` says "not acceptable" (RFC 9110, 12.4.2): a client refusing JSON was sent JSON."""
        for accept in [
            "application/json;q=0, text/html",
            "application/json; q=0",
            "*/*, application/json;q=0.0",
        ]:
            with self.subTest(accept=accept):
                response = self.client.get("/api/v1/exchanges/", headers={"Accept": accept})
                self.assertEqual(response.status_code, 406)
                self.assertIn("http://testserver/exchanges.csv", response.json()["detail"])
        for accept in ["application/json;q=0.5, text/html;q=0", "text/html;q=0, */*;q=0.1", "*/*"]:
            with self.subTest(accept=accept):
                response = self.client.get("/api/v1/exchanges/", headers={"Accept": accept})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/json")

    def test_the_schema_names_its_own_formats(self):
        response = self.client.get("/api/v1/schema/?format=csv")
        self.assertEqual(response.status_code, 404)
        self.assertIn("it answers in yaml, json", response.json()["detail"])
        self.assertEqual(self.client.get("/api/v1/schema/?format=json").status_code, 200)

    def test_an_address_that_answers_in_no_format_asked_for_says_why_in_json(self):
        # The API's errors are {"detail": message}. Those of the schema came in its first format,
        # YAML, with the message as a mapping ("detail:\n  string: …\n  code: not_found"), and the
        # documentation page's were the site's HTML 404 page or the bare words "406 Not Acceptable".
        for url, headers, status in [
            ("/api/v1/schema/?format=csv", {}, 404),
            ("/api/v1/schema/", {"Accept": "text/csv"}, 406),
            ("/api/v1/docs/?format=csv", {}, 404),
            ("/api/v1/docs/", {"Accept": "application/json"}, 406),
        ]:
            with self.subTest(url=url, headers=headers):
                response = self.client.get(url, headers=headers)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response["Content-Type"], "application/json")
                detail = response.json()["detail"]
                self.assertIsInstance(detail, str)
                self.assertIn("http://testserver/exchanges.csv", detail)

    def test_the_formats_it_has_are_answered(self):
        for url in ["/api/v1/exchanges/?format=json", "/api/v1/exchanges.json"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["results"][0]["title"], "Obama Xi call")


class UnreadableRequestTests(TestCase):
    def setUp(self):
        # As in production: a 400 is the page Django's bad-request handler gives, not a test failure.
        self.client = Client(raise_request_exception=False)

    def test_more_parameters_than_are_read_is_a_json_400_under_the_api(self):
        """Django reads at most DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) parameters and refuses the
        request past them: under /api/ that was the site's HTML 400 page, which a client reading JSON
        cannot read (1,001 `a=` fit in the request line gunicorn takes)."""
        query = "&".join(["type=diplomatic"] * 1001)
        for url in ["/api/v1/exchanges/", "/api/v1/people/", "/api/v1/nothing/"]:
            with self.subTest(url=url):
                with self.assertNumQueries(0):
                    response = self.client.get(f"{url}?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertIn("more than 1,000 parameters", response.json()["detail"])
        # The site's own pages keep the site's 400 page.
        response = self.client.get(f"/exchanges/?{query}")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response["Content-Type"].startswith("text/html"))
