"""A client that sends back what it was given (ETag, Last-Modified) gets 304 Not Modified while the
answer holds, with the page cache off (the default without Redis) as with it on: a feed reader
polling every hour does not download the whole feed each time."""

from django.test import TestCase, override_settings

from tests.factories import make_exchange


@override_settings(PAGE_CACHE=False)
class RevalidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Sunnylands summit")

    def urls(self):
        slug = self.exchange.slug
        return [
            "/exchanges/feed/",
            "/exchanges/feed/?q=Sunnylands",
            f"/exchanges/{slug}/cite.bib",
            f"/exchanges/{slug}/cite.json",
            "/sitemap.xml",
            "/sitemap-exchanges.xml",
            "/api/v1/exchanges/",
            f"/api/v1/exchanges/{slug}/",
            "/api/v1/organisations/",
        ]

    def test_the_etag_sent_back_gets_304_for_get_and_head(self):
        for url in self.urls():
            with self.subTest(url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                self.assertTrue(first.has_header("ETag"))
                head = self.client.head(url)
                self.assertEqual(head["ETag"], first["ETag"])
                for ask in (self.client.get, self.client.head):
                    again = ask(url, headers={"If-None-Match": first["ETag"]})
                    self.assertEqual(again.status_code, 304)
                    self.assertEqual(again.content, b"")

    def test_last_modified_sent_back_gets_304(self):
        for url in ["/exchanges/feed/", "/sitemap-exchanges.xml", f"/api/v1/exchanges/{self.exchange.slug}/"]:
            with self.subTest(url):
                first = self.client.get(url)
                again = self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
                self.assertEqual(again.status_code, 304)

    def test_a_changed_answer_is_sent_whole(self):
        url = "/exchanges/feed/"
        first = self.client.get(url)
        make_exchange(title="Another summit")
        again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "Another summit")
        self.assertNotEqual(again["ETag"], first["ETag"])

    def test_an_answer_that_is_no_success_is_never_304(self):
        for url in ["/exchanges/feed/?type=nonsense", "/exchanges/no-such-exchange/cite.bib"]:
            with self.subTest(url):
                response = self.client.get(url, headers={"If-None-Match": "*"})
                self.assertIn(response.status_code, (400, 404))


@override_settings(PAGE_CACHE=True)
class WithThePageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit")

    def test_the_page_cache_still_keeps_the_page_and_answers_304_itself(self):
        from django.core.cache import cache

        for url in ["/exchanges/feed/", "/sitemap-exchanges.xml", "/api/v1/exchanges/"]:
            with self.subTest(url):
                first = self.client.get(url)
                cache.clear()  # a reader's copy outlives the cached page (a restart, an eviction)
                again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
                self.assertEqual(again.status_code, 304)
                # The page cache's own answer: the headers of a page any reader may be given.
                self.assertIn("public", again["Cache-Control"])
                # And the page was kept: the next reader is served from the cache, reading nothing.
                with self.assertNumQueries(0):
                    self.assertEqual(self.client.get(url).status_code, 200)
