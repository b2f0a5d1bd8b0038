import datetime
import re

from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext

from exchanges.admin import SourceInline
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

    def test_the_search_is_the_catalogues_drafts_included(self):
        make_exchange(
            title="Trade mission to Shenzhen",
            title_zh="深圳贸易代表团",
            participants="Governor Jerry Brown",
            status=Exchange.Status.DRAFT,
        )
        make_exchange(title="Pandas return to Chengdu", status=Exchange.Status.DRAFT)
        for term, found in [
            ("panda", ["Panda loan to the National Zoo", "Pandas return to Chengdu"]),
            ("Shenzh", ["Trade mission to Shenzhen"]),  # a word being typed
            ("深圳", ["Trade mission to Shenzhen"]),
            ("Jerry Brown", ["Trade mission to Shenzhen"]),
            ("pandas -Chengdu", ["Panda loan to the National Zoo"]),
            ('"loan to the zoo"', []),
            ("zoo OR mission", ["Panda loan to the National Zoo", "Trade mission to Shenzhen"]),
        ]:
            with self.subTest(term=term):
                response = self.client.get("/admin/exchanges/exchange/", {"q": term})
                self.assertEqual(
                    sorted(exchange.title for exchange in response.context["cl"].result_list), found
                )

    def test_the_search_reads_the_full_text_index_not_every_row(self):
        with CaptureQueriesContext(connection) as captured:
            self.assertContains(
                self.client.get("/admin/exchanges/exchange/", {"q": "panda loan"}), "Panda loan"
            )
        searched = [
            query["sql"] for query in captured.captured_queries if "exchanges_exchange" in query["sql"]
        ]
        self.assertTrue(searched)
        for sql in searched:
            self.assertNotIn("LIKE", sql.upper())

    def test_whatever_is_typed_in_the_search_the_changelist_answers(self):
        for term in ['"', "*", "-", "OR", "- -x", '"unclosed', "a" * 3000, r"x\y", "'); drop", "   "]:
            with self.subTest(term=term[:20]):
                response = self.client.get("/admin/exchanges/exchange/", {"q": term})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_the_date_drill_down_offers_the_catalogues_years_without_reading_the_list(self):
        make_exchange(title="Trade fair", date=datetime.date(1999, 5, 1))
        make_exchange(title="Draft visit", date=datetime.date(1985, 2, 1), status=Exchange.Status.DRAFT)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get("/admin/exchanges/exchange/", {"q": "fair"})
        self.assertEqual([exchange.title for exchange in response.context["cl"].result_list], ["Trade fair"])
        offered = sorted({int(year) for year in re.findall(r"date__year=(\d+)", response.content.decode())})
        every_year = sorted(day.year for day in Exchange.objects.dates("date", "year"))
        self.assertEqual(offered, every_year)
        self.assertIn(1985, offered)  # a draft's year too
        for sql in (query["sql"] for query in captured.captured_queries):
            # The years of the drafts only, not of the exchanges listed; no first and last day.
            if "DATE_TRUNC" in sql.upper():
                self.assertIn("= 'draft'", sql)
                self.assertNotIn("search", sql.lower())
            self.assertNotIn("MIN(", sql.upper())
        # A year offers its twelve months, a month its days; each narrows the list.
        year = self.client.get("/admin/exchanges/exchange/", {"date__year": "1999"})
        self.assertEqual(len(set(re.findall(r"date__month=(\d+)", year.content.decode()))), 12)
        self.assertEqual([exchange.title for exchange in year.context["cl"].result_list], ["Trade fair"])
        month = self.client.get("/admin/exchanges/exchange/", {"date__year": "1999", "date__month": "5"})
        self.assertEqual(len(set(re.findall(r"date__day=(\d+)", month.content.decode()))), 31)
        self.assertEqual([exchange.title for exchange in month.context["cl"].result_list], ["Trade fair"])

    def test_the_changelist_makes_a_fixed_number_of_queries_however_many_exchanges(self):
        for number in range(30):
            make_exchange(title=f"Trade fair {number}", date=datetime.date(1990 + number, 1, 1), sources=0)
        make_exchange(title="Draft fair", status=Exchange.Status.DRAFT)
        for params, queries in [
            # The session, the user, the count, the page, the years of the published and of the drafts.
            ({}, 6),
            # And the catalogue's words that begin with the last word, which is taken as a prefix.
            ({"q": "trade fair"}, 7),
            # A year's months need no query.
            ({"date__year": "2001"}, 4),
            ({"status__exact": "draft", "q": "fair"}, 7),
        ]:
            with self.subTest(params):
                self.client.get("/admin/exchanges/exchange/", params)  # the search's synonyms, read once
                with self.assertNumQueries(queries):
                    self.assertEqual(self.client.get("/admin/exchanges/exchange/", params).status_code, 200)

    def test_staff_add_an_exchange_with_its_sources(self):
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Governors' forum",
                "status": "published",
                "summary": "Governors and provincial leaders met.",
                "government": "True",
                "type": "diplomatic",
                "levels": ["state", "national"],
                "date": "July 16–17, 2011",
                "participants": "Governor Terry Branstad",
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
        self.assertEqual(
            (exchange.levels, exchange.display_date), (["national", "state"], "July 16–17, 2011")
        )
        self.assertEqual(exchange.sources.get().url, "https://example.org/forum")
        self.assertEqual(self.client.get("/exchanges/governors-forum/").status_code, 200)
        # Linked to the people its texts name, as a published exchange is.
        self.assertEqual(
            list(exchange.person_links.values_list("person__name", "title")), [("Terry Branstad", "Governor")]
        )

    def test_a_drafts_names_are_made_public_only_when_it_is_published(self):
        form = {
            "title": "Quimby trade visit",
            "status": "draft",
            "summary": "Not yet checked.",
            "date": "2020",
            "partners": "Zzyzx Holding Company",
            "participants": "Governor Ada Quimby",
            "location": "Quimbyville, Nevada",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "submissions-TOTAL_FORMS": "0",
            "submissions-INITIAL_FORMS": "0",
        }
        self.assertEqual(self.client.post("/admin/exchanges/exchange/add/", form).status_code, 302)
        exchange = Exchange.objects.get(title="Quimby trade visit")
        reader = Client()
        public = {
            "/organisations/?q=zzyzx": "Zzyzx",
            "/people/?q=quimby": "Quimby",
            "/places/?q=quimbyville": "Quimbyville",
            "/api/v1/organisations/?q=zzyzx": "Zzyzx",
            "/entities/suggest/?kind=person&q=quimby": "Quimby",
        }
        for url, name in public.items():
            with self.subTest(url=url):
                self.assertNotContains(reader.get(url), name)
        form["status"] = "published"
        url = f"/admin/exchanges/exchange/{exchange.pk}/change/"
        self.assertEqual(self.client.post(url, form).status_code, 302)
        for url, name in public.items():
            with self.subTest(url=url):
                self.assertContains(reader.get(url), name)
        self.assertEqual(reader.get("/exchanges/?person=ada-quimby").context["total"].count, 1)

    def test_a_level_without_government_is_saved_with_a_warning_for_moderators(self):
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Odd",
                "status": "draft",
                "summary": "S",
                "type": "civic",
                "government": "False",
                "levels": ["state"],
                "date": "about 1985",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        exchange = Exchange.objects.get(title="Odd")
        self.assertEqual((exchange.display_date, exchange.circa), ("c. 1985", True))
        response = self.client.get(f"/admin/exchanges/exchange/{exchange.pk}/change/")
        self.assertContains(response, "says governments were not a party")
        self.assertContains(response, 'value="c. 1985"')

    def test_a_date_that_cannot_be_read_or_too_long_a_text_is_refused_beside_the_field(self):
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Bad",
                "status": "draft",
                "summary": "S" * 10_001,
                "participant_count": "2147483648",
                "date": "Spring 2014",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "does not say which days")
        self.assertEqual(
            set(response.context["adminform"].form.errors), {"date", "summary", "participant_count"}
        )
        self.assertFalse(Exchange.objects.filter(title="Bad").exists())

    def test_the_number_of_participants_is_read_with_its_thousands_grouped(self):
        form = {
            "title": "Grouped",
            "status": "draft",
            "summary": "S",
            "date": "1980",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "submissions-TOTAL_FORMS": "0",
            "submissions-INITIAL_FORMS": "0",
        }
        for number in ["12.50", "1.5", "1,20"]:
            with self.subTest(number=number):
                response = self.client.post(
                    "/admin/exchanges/exchange/add/", {**form, "participant_count": number}
                )
                self.assertIn(
                    "whole number", response.context["adminform"].form.errors["participant_count"][0]
                )
        self.assertFalse(Exchange.objects.filter(title="Grouped").exists())
        for number in ["1,200", "1 200", "1\u202f200", "1.200"]:
            with self.subTest(number=number):
                response = self.client.post(
                    "/admin/exchanges/exchange/add/", {**form, "participant_count": number}
                )
                self.assertEqual(response.status_code, 302)
                self.assertEqual(Exchange.objects.get(title="Grouped").participant_count, 1200)
                Exchange.objects.filter(title="Grouped").delete()

    def test_the_change_page_shows_whole_titles(self):
        response = self.client.get(f"/admin/exchanges/exchange/{self.exchange.pk}/change/")
        self.assertContains(response, "css/admin-fields.css")


class SourceFormTests(TestCase):
    """An exchange's source on its admin page is checked as the contribution form checks it."""

    def form(self, url):
        # The admin's own, as the inline of an exchange's page builds it.
        request = RequestFactory().get("/admin/exchanges/exchange/add/")
        request.user = User(is_superuser=True, is_staff=True)
        form_class = SourceInline(Exchange, admin.site).get_formset(request).form
        return form_class(data={"citation": "Xinhua", "url": url, "position": 0})

    def test_an_address_no_reader_can_open_or_a_port_past_65535_is_refused(self):
        for url, message in [
            ("http://localhost/", "on the reader's own computer or a private network"),
            ("http://[::1]/", "on the reader's own computer or a private network"),
            ("http://10.0.0.1/x", "on the reader's own computer or a private network"),
            ("http://example.org:99999/", "not valid"),
        ]:
            with self.subTest(url=url):
                form = self.form(url)
                self.assertFalse(form.is_valid())
                self.assertIn(message, " ".join(form.errors["url"]))

    def test_a_public_address_is_accepted(self):
        form = self.form("http://8.8.8.8/report")
        self.assertTrue(form.is_valid(), form.errors)
