import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.models import Exchange
from opendata.feeds import ExchangeSearchFeed, latest_catalogue_change
from opendata.filtering import catalogue_filter
from tests.factories import make_exchange

D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"
# A feed links the site's permanent addresses (tests/opendata/test_feed_addresses.py).
SITE = settings.SITE_URL.rstrip("/")


class SearchFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="California Jiangsu education pact", type="education", levels=["state"], date=D(2014, 4, 1)
        )
        make_exchange(
            title="University exchange programme", type="education", government=False, date=D(2014, 9, 1)
        )
        make_exchange(title="Obama Xi call", date=D(2014, 7, 14))
        make_exchange(title="Education summit", type="education", date=D(2016, 5, 2))
        make_exchange(title="Draft education visit", type="education", status=Exchange.Status.DRAFT)

    def read(self, query):
        response = self.client.get(f"/exchanges/feed/{query}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        return feed

    def test_it_gives_the_exchanges_of_the_search(self):
        query = "?type=education&date_after=2014&date_before=2014"
        feed = self.read(query)
        page = self.client.get(f"/exchanges/{query}")
        on_screen = {exchange.title for exchange in page.context["page"].object_list}
        self.assertEqual({entry.title for entry in feed.entries}, on_screen)
        self.assertEqual(len(feed.entries), 2)

    def test_newest_publications_come_first_and_link_to_their_page(self):
        feed = self.read("")
        self.assertEqual(feed.entries[0].title, "Education summit")
        self.assertEqual(feed.entries[0].link, f"{SITE}/exchanges/education-summit/")
        self.assertIn("Type of exchange: Education", self.read("?type=education").feed.title)

    def test_a_feed_of_an_address_no_entity_has_says_so_and_is_not_titled_as_every_exchange(self):
        # Titled "New exchanges" as the whole catalogue's feed, a reader subscribed to an address
        # mistyped in a script saw the catalogue's name and never an entry.
        feed = self.read("?person=nobody-known&type=education")
        self.assertEqual(feed.entries, [])
        self.assertIn("Participant: nobody-known", feed.feed.title)
        self.assertIn("Type of exchange: Education", feed.feed.title)
        self.assertIn("Nothing is known as “nobody-known”", feed.feed.subtitle)
        self.assertNotIn("nobody", self.read("?type=education").feed.subtitle)

    def test_a_draft_made_long_ago_and_published_now_comes_first_dated_by_its_publication(self):
        """Its row was made long before the others (a draft prepared in the admin, or imported as
        one): a reader of the feed sees it when it is published, as the newest entry."""
        draft = make_exchange(title="Long-prepared visit", type="education", status=Exchange.Status.DRAFT)
        long_ago = timezone.now() - datetime.timedelta(days=60)
        Exchange.objects.filter(pk=draft.pk).update(created=long_ago)
        draft.refresh_from_db()
        draft.status = Exchange.Status.PUBLISHED
        draft.save()
        for query in ["", "?type=education"]:
            with self.subTest(query=query):
                entry = self.read(query).entries[0]
                self.assertEqual(entry.title, "Long-prepared visit")
                self.assertEqual(entry.published, draft.published.isoformat())
                self.assertEqual(entry.updated, draft.updated.isoformat())

    def test_an_exchange_published_again_keeps_its_place_among_the_first_publications(self):
        first = Exchange.objects.get(title="California Jiangsu education pact")
        order = [entry.title for entry in self.read("").entries]
        first.status = Exchange.Status.DRAFT
        first.save()
        self.assertNotIn(first.title, [entry.title for entry in self.read("").entries])
        first.status = Exchange.Status.PUBLISHED
        first.save()
        self.assertEqual([entry.title for entry in self.read("").entries], order)

    def test_a_feed_reads_the_database_a_fixed_number_of_times(self):
        for number in range(8):
            make_exchange(title=f"More education {number}", type="education")
        # Last, the latest change to a published exchange and the latest withdrawal: the feed's date.
        queries = {
            # The feed's exchanges, newest publications first; its date.
            "": 2,
            "?type=education": 2,
            # Whether the words find a few exchanges (else a spelling is offered), the feed's exchanges,
            # its date.
            "?q=education&type=education": 3,
        }
        for query in queries:
            self.read(query)  # the names the search reads as entities, read once a process
        for query, count in queries.items():
            with self.subTest(query=query), self.assertNumQueries(count):
                self.read(query)

    def test_a_search_with_words_is_a_feed_too(self):
        self.assertEqual(
            [entry.title for entry in self.read("?q=Jiangsu").entries], ["California Jiangsu education pact"]
        )

    def test_followed_from_a_page_by_relevance_it_still_brings_every_new_match(self):
        """A page by relevance ranks only the COUNT_CAP newest matches by date; an exchange of long
        ago published now is a new match all the same."""
        make_exchange(title="Education mission of 1979", type="education", date=D(1979, 1, 31))
        with self.settings(COUNT_CAP=1):
            feed = self.read("?q=education&sort=relevance")
        self.assertEqual(feed.entries[0].title, "Education mission of 1979")
        self.assertEqual(len(feed.entries), 3)

    def test_a_search_typed_with_a_control_character_is_a_feed_named_without_it(self):
        feed = self.read("?q=Jiangsu%0C")
        self.assertEqual([entry.title for entry in feed.entries], ["California Jiangsu education pact"])
        self.assertNotIn("\x0c", feed.feed.title)

    def test_search_words_of_only_spaces_or_invisible_characters_are_no_search(self):
        # A zero-width space was a feed titled "New exchanges: Search: " with no entry.
        unsearched = self.read("?q=")
        for q in ["%20", "%09%09", "%E2%80%8B", "%E2%80%8B%20%EF%BB%BF"]:
            with self.subTest(q=q):
                feed = self.read(f"?q={q}")
                self.assertEqual(feed.feed.title, unsearched.feed.title)
                self.assertEqual(feed.feed.subtitle, unsearched.feed.subtitle)
                self.assertEqual([entry.link for entry in feed.entries], [e.link for e in unsearched.entries])

    def test_bad_parameters_are_a_clear_400(self):
        response = self.client.get("/exchanges/feed/?date_before=soon")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "To: Enter a day", status_code=400)

    def test_a_parameter_that_cannot_be_read_is_a_plain_400_naming_it(self):
        """A NUL in a parameter, or more parameters than are read, is refused before the feed's view:
        in plain text, as a wrong filter is, not the site's HTML 400 page a feed reader cannot show."""
        client = Client(raise_request_exception=False)
        query = "&".join(["type=diplomatic"] * 1001)
        for url, said in [
            ("/exchanges/feed/?q=%00", "q: This value holds a NUL character"),
            (f"/exchanges/feed/?{query}", "more than 1,000 parameters"),
        ]:
            with self.subTest(said=said):
                response = client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
                self.assertIn(said, response.content.decode())

    def test_the_results_page_announces_and_offers_the_feed(self):
        response = self.client.get("/exchanges/?type=education&page=2")
        self.assertContains(
            response,
            '<link rel="alternate" type="application/atom+xml" title="New exchanges matching this search" '
            'href="/exchanges/feed/?type=education">',
        )
        self.assertContains(response, "Follow this search")


class FeedMarkupTests(TestCase):
    """What the feed says of itself and of each entry, read from its XML as a feed reader reads it."""

    def xml(self, query=""):
        response = self.client.get(f"/exchanges/feed/{query}")
        self.assertEqual(response.status_code, 200)
        return ElementTree.fromstring(response.content)

    def test_a_summary_is_its_text_escaped_with_its_line_breaks(self):
        make_exchange(title="Talks", summary="a<b & <img src=x onerror=alert(1)>\nsecond line\n\nNext")
        summary = self.xml().find(f"{ATOM}entry/{ATOM}summary")
        self.assertEqual(summary.get("type"), "html")
        # The HTML a reader draws: the text's own "<" and "&" are characters, its breaks breaks.
        self.assertEqual(
            summary.text,
            "<p>a&lt;b &amp; &lt;img src=x onerror=alert(1)&gt;<br>second line</p>\n\n<p>Next</p>",
        )

    def test_an_exchange_without_a_summary_is_an_entry_without_one(self):
        # Atom's summary is optional: the entry had an empty paragraph, "<p></p>", for one.
        for summary in ["", " \n "]:
            with self.subTest(summary=summary):
                Exchange.objects.all().delete()
                make_exchange(title="Quiet visit", summary=summary)
                entry = self.xml().find(f"{ATOM}entry")
                self.assertEqual(entry.findtext(f"{ATOM}title"), "Quiet visit")
                self.assertIsNone(entry.find(f"{ATOM}summary"))

    def test_an_exchange_stored_with_control_characters_is_an_entry_without_them(self):
        # Stored before records were made plain as they are validated (exchanges/text.py): XML
        # cannot carry a form feed at all, and one such exchange would fail every feed it is in.
        make_exchange(
            title="Goodwill\x0c visit\x01", summary="Page one.\x0cPage two.\x1b", type_as_recorded=""
        )
        entry = self.xml().find(f"{ATOM}entry")
        self.assertEqual(entry.findtext(f"{ATOM}title"), "Goodwill visit")
        self.assertEqual(entry.findtext(f"{ATOM}summary"), "<p>Page one.<br>Page two.</p>")

    def test_the_self_link_keeps_the_filters(self):
        feed = self.xml("?q=pact&type=education&page=2")
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        self.assertEqual(links["self"], f"{SITE}/exchanges/feed/?q=pact&type=education")
        self.assertEqual(links["alternate"], f"{SITE}/exchanges/?q=pact&type=education")
        self.assertEqual(self.xml().find(f"{ATOM}link[@rel='self']").get("href"), f"{SITE}/exchanges/feed/")

    def test_the_feed_has_an_author_as_atom_requires(self):
        make_exchange(title="Talks")
        feed = self.xml()
        self.assertEqual(feed.findtext(f"{ATOM}author/{ATOM}name"), "U.S.-China Exchange Database")
        self.assertIsNotNone(feed.find(f"{ATOM}entry"))


class FeedCategoryTests(TestCase):
    def test_the_category_is_the_type_or_the_words_of_the_source_and_none_when_not_recorded(self):
        make_exchange(title="Pact", type="education")
        make_exchange(title="Flight", type="other", type_as_recorded="Aviation")
        make_exchange(title="Unsaid", type="")
        feed = feedparser.parse(self.client.get("/exchanges/feed/").content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        terms = {entry.title: [tag.term for tag in entry.get("tags", [])] for entry in feed.entries}
        self.assertEqual(terms, {"Pact": ["Education"], "Flight": ["Aviation"], "Unsaid": []})


@pytest.mark.postgres
class FeedIndexTests(TestCase):
    def test_the_newest_publications_are_read_in_index_order_under_a_filter(self):
        for number in range(5):
            make_exchange(title=f"Exchange {number}", type="education")
        request = RequestFactory().get("/exchanges/feed/", {"type": "education"})
        items = ExchangeSearchFeed().items(catalogue_filter(request))
        sql, params = items.query.sql_with_params()
        with connection.cursor() as cursor:
            # Whether the rows can come in the feed's order without a sort, whatever the planner
            # would choose for a handful of rows (the table's statistics vary from run to run).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # Read newest first from the index and stopped at the feed's length: no sort of every match.
        self.assertIn("exchange_first_published", plan)
        self.assertNotIn("Sort", plan)


@pytest.mark.postgres
class FeedDateIndexTests(TestCase):
    def test_the_feeds_date_reads_one_entry_of_each_index(self):
        make_exchange(title="Talks").delete()
        make_exchange(title="More talks")
        with CaptureQueriesContext(connection) as captured:
            latest_catalogue_change()
        (query,) = captured.captured_queries
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("exchange_published_updated", plan)
        self.assertIn("withdrawal_withdrawn_at", plan)
        for index in ["organisation_updated", "person_updated", "place_updated", "deleted_entity_deleted_at"]:
            self.assertIn(index, plan)
        self.assertNotIn("Sort", plan)


class CorrectedSearchFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Kissinger's secret trip", summary="Henry Kissinger flew to Peking.")

    def test_a_feed_of_a_corrected_search_names_the_search_it_shows(self):
        feed = feedparser.parse(self.client.get("/exchanges/feed/?q=Henry Kisinger").content)
        self.assertEqual([entry.title for entry in feed.entries], ["Kissinger's secret trip"])
        self.assertIn("showing results for “Henry Kissinger”", feed.feed.subtitle)
        # Searched as typed, the feed says nothing of it.
        feed = feedparser.parse(self.client.get("/exchanges/feed/?q=Henry Kissinger").content)
        self.assertNotIn("showing results for", feed.feed.subtitle)

    def test_a_feed_of_a_corrected_search_is_titled_by_the_search_it_follows(self):
        # Its entries are "Henry Kissinger"'s: titled as typed, it would name a search it does not follow.
        # Worded as the list heads it ("1 exchange matching “Henry Kissinger”"), and as short.
        feed = feedparser.parse(self.client.get("/exchanges/feed/?q=Henry Kisinger").content)
        self.assertEqual(
            feed.feed.title, "New exchanges matching “Henry Kissinger” · U.S.-China Exchange Database"
        )
        feed = feedparser.parse(self.client.get("/exchanges/feed/?q=Henry Kisinger&type=diplomatic").content)
        self.assertEqual(
            feed.feed.title,
            "New exchanges matching “Henry Kissinger”: Type of exchange: Diplomatic"
            " · U.S.-China Exchange Database",
        )
        # Searched as typed, it is named as typed.
        feed = feedparser.parse(self.client.get("/exchanges/feed/?q=Henry Kissinger").content)
        self.assertEqual(
            feed.feed.title, "New exchanges matching “Henry Kissinger” · U.S.-China Exchange Database"
        )
