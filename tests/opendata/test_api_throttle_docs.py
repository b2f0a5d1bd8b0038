"""The API's documentation and its schema are not counted against the rate limit: a reader
browsing the docs page (which loads the schema, and again on each reload) would otherwise use up
the quota their scripts need, and neither reads the catalogue."""

from django.test import TestCase, override_settings


@override_settings(API_ANON_RATE="2/min")
class DocumentsNotThrottledTests(TestCase):
    def test_the_docs_page_and_the_schema_are_not_counted(self):
        for url in ("/api/v1/docs/", "/api/v1/docs/?script=", "/api/v1/schema/"):
            with self.subTest(url):
                statuses = {self.client.get(url).status_code for _ in range(4)}
                self.assertEqual(statuses, {200})

    def test_reading_them_leaves_the_quota_for_the_data(self):
        for _ in range(3):
            self.client.get("/api/v1/docs/")
            self.client.get("/api/v1/schema/")
        statuses = [self.client.get("/api/v1/exchanges/").status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])
