from django.contrib.auth.models import User
from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange


class ExchangeAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("editor", "editor@example.org", "pw")
        cls.exchange = make_exchange(title="Panda loan to the National Zoo", type="cultural")

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_changelist_filters_searches_and_has_a_date_hierarchy(self):
        make_exchange(title="Trade fair", type="business")
        response = self.client.get("/admin/exchanges/exchange/?type__exact=cultural&q=panda")
        self.assertContains(response, "Panda loan to the National Zoo")
        self.assertNotContains(response, "Trade fair")
        self.assertContains(response, "By type of exchange")
        self.assertContains(response, '<nav class="toplinks">')  # the date hierarchy

    def test_staff_add_an_exchange_with_its_sources(self):
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Governors' forum",
                "status": "published",
                "summary": "Governors and provincial leaders met.",
                "government": "on",
                "type": "diplomatic",
                "level": "state",
                "date": "2011-07-16",
                "date_precision": "day",
                "sources-TOTAL_FORMS": "1",
                "sources-INITIAL_FORMS": "0",
                "sources-0-citation": "Forum programme",
                "sources-0-url": "https://example.org/forum",
                "sources-0-position": "0",
                # The read-only list of submissions the exchange came from.
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        exchange = Exchange.objects.get(title="Governors' forum")
        self.assertEqual(exchange.slug, "governors-forum")
        self.assertEqual(exchange.sources.get().url, "https://example.org/forum")
        self.assertEqual(self.client.get("/exchanges/governors-forum/").status_code, 200)

    def test_the_level_rule_is_shown_beside_the_field(self):
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Bad",
                "status": "draft",
                "summary": "S",
                "type": "civic",
                "level": "state",
                "date": "2011-07-16",
                "date_precision": "day",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Leave the level of government empty")
        self.assertFalse(Exchange.objects.filter(title="Bad").exists())

    def test_the_change_page_shows_whole_titles(self):
        response = self.client.get(f"/admin/exchanges/exchange/{self.exchange.pk}/change/")
        self.assertContains(response, "css/admin-fields.css")
