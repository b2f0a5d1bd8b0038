"""A client that sends back what it was given (ETag, Last-Modified) gets 304 Not Modified while the
answer holds, with the page cache off (the default without Redis) as with it on: a feed reader
polling every hour does not download the whole feed each time."""

import datetime
import time
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from entities.merge import merge
from entities.models import ENTITY_MODELS, DeletedEntity, Organisation, Person, Place
from exchanges.models import Exchange
from opendata.feeds import latest_catalogue_change
from opendata.models import Withdrawal
from tests.entities.factories import make_organisation
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
            # The collections and the schema: a client generated from the schema revalidates it too.
            "/api/v1/",
            "/api/v1/schema/",
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

    def test_every_answer_is_asked_for_again_before_it_is_reused(self):
        # A Last-Modified without Cache-Control lets a browser or a proxy reuse the answer unasked
        # for a tenth of its age (RFC 9111, 4.2.2): a feed last changed ten days ago was served a
        # day old, without the exchanges published since. The page cache says max-age=0 too.
        for url in self.urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertIn("max-age=0", response.get("Cache-Control", ""))

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


def back_dated(exchange, hours):
    """The exchange as if published and last changed `hours` ago: a change made now is then in a
    later second than the feed's date, which is all an HTTP date can tell apart."""
    moment = timezone.now() - datetime.timedelta(hours=hours)
    Exchange.objects.filter(pk=exchange.pk).update(published=moment, updated=moment)


@override_settings(PAGE_CACHE=False)
class FeedLastModifiedTests(TestCase):
    """A feed reader that sends back If-Modified-Since alone (many do) gets the feed again after any
    change to what it shows, not only after a new entry."""

    @classmethod
    def setUpTestData(cls):
        cls.older = make_exchange(title="Sunnylands summit", type="education")
        cls.newest = make_exchange(title="Mar-a-Lago visit", type="education")
        back_dated(cls.older, hours=2)
        back_dated(cls.newest, hours=1)

    def revalidated(self, url, first):
        return self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    def test_an_unchanged_feed_is_304(self):
        for url in ["/exchanges/feed/", "/exchanges/feed/?type=education"]:
            with self.subTest(url):
                first = self.client.get(url)
                self.assertEqual(self.revalidated(url, first).status_code, 304)

    def test_a_feed_of_a_search_that_finds_nothing_yet_is_dated_by_the_catalogue(self):
        """Followed before its first match, a feed has no entry to be dated by: dated by the moment
        it was drawn, its ETag and Last-Modified changed with every request, and a reader polling
        it downloaded it every time."""
        url = "/exchanges/feed/?q=Chengdu"
        first = self.client.get(url)
        self.assertNotContains(first, "<entry>")
        self.assertEqual(first["Last-Modified"], http_date(latest_catalogue_change().timestamp()))
        self.assertEqual(self.client.get(url, headers={"If-None-Match": first["ETag"]}).status_code, 304)
        # Sent again once it has something to show.
        make_exchange(title="Chengdu panda base")
        again = self.revalidated(url, first)
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "Chengdu panda base")

    def test_a_feed_of_a_catalogue_whose_exchanges_are_all_withdrawn_is_dated_by_the_last_withdrawal(self):
        """With nothing published any more, the catalogue's latest change was read as none and the
        empty feed dated by the moment it was drawn: a new ETag and Last-Modified at every poll."""
        Exchange.objects.all().delete()
        Withdrawal.objects.update(withdrawn_at=timezone.now() - datetime.timedelta(minutes=30))
        last_withdrawal = Withdrawal.objects.latest("withdrawn_at").withdrawn_at
        for url in ["/exchanges/feed/", "/exchanges/feed/?type=education"]:
            with self.subTest(url):
                first = self.client.get(url)
                self.assertNotContains(first, "<entry>")
                self.assertEqual(first["Last-Modified"], http_date(last_withdrawal.timestamp()))
                self.assertEqual(self.revalidated(url, first).status_code, 304)
                self.assertEqual(
                    self.client.get(url, headers={"If-None-Match": first["ETag"]}).status_code, 304
                )

    def test_a_feed_is_sent_again_without_an_exchange_deleted_from_it(self):
        first = self.client.get("/exchanges/feed/")
        self.assertContains(first, "Sunnylands summit")
        Exchange.objects.get(pk=self.older.pk).delete()
        again = self.revalidated("/exchanges/feed/", first)
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Sunnylands summit")
        self.assertEqual(self.revalidated("/exchanges/feed/", again).status_code, 304)

    def test_a_feed_is_sent_again_without_an_exchange_unpublished(self):
        first = self.client.get("/exchanges/feed/")
        older = Exchange.objects.get(pk=self.older.pk)
        older.status = Exchange.Status.DRAFT
        older.save()
        again = self.revalidated("/exchanges/feed/", first)
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Sunnylands summit")

    def test_a_feed_is_sent_again_without_an_exchange_edited_out_of_its_search(self):
        url = "/exchanges/feed/?type=education"
        first = self.client.get(url)
        older = Exchange.objects.get(pk=self.older.pk)
        older.type = Exchange.Type.BUSINESS
        older.save()
        again = self.revalidated(url, first)
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Sunnylands summit")

    def test_a_corrected_title_is_sent_again(self):
        first = self.client.get("/exchanges/feed/")
        older = Exchange.objects.get(pk=self.older.pk)
        older.title = "Sunnylands summit of 2013"
        older.save()
        self.assertContains(self.revalidated("/exchanges/feed/", first), "Sunnylands summit of 2013")


def back_dated_entity(entity, hours):
    """The entity as if last changed `hours` ago, as back_dated does for an exchange."""
    moment = timezone.now() - datetime.timedelta(hours=hours)
    type(entity).objects.filter(pk=entity.pk).update(created=moment, updated=moment)


@override_settings(PAGE_CACHE=False)
class EmptyCatalogueFeedTests(TestCase):
    def test_a_feed_of_a_catalogue_that_never_had_an_exchange_is_not_dated_by_each_request(self):
        """No exchange, withdrawal or entity to date it by: dated by the moment it was drawn, the
        feed was new at every poll; it is dated by the making of the catalogue, until a first
        exchange is published."""
        # As on a site set up an hour ago (the test database was made moments ago).
        made = timezone.now() - datetime.timedelta(hours=1)
        MigrationRecorder(connection).migration_qs.filter(app="exchanges").update(applied=made)
        first = self.client.get("/exchanges/feed/")
        self.assertNotContains(first, "<entry>")
        self.assertLess(parse_http_date(first["Last-Modified"]), time.time() - 60)
        self.assertEqual(self.client.get("/exchanges/feed/")["ETag"], first["ETag"])
        self.assertEqual(
            self.client.get(
                "/exchanges/feed/", headers={"If-Modified-Since": first["Last-Modified"]}
            ).status_code,
            304,
        )
        make_exchange(title="Ping-pong diplomacy")
        again = self.client.get("/exchanges/feed/", headers={"If-Modified-Since": first["Last-Modified"]})
        self.assertContains(again, "Ping-pong diplomacy")

    def test_the_feed_of_an_empty_catalogue_reads_the_database_as_often_as_one_with_exchanges(self):
        """With nothing published, each other change was read in a query of its own, and the
        making of the catalogue in one more: 7 or 8 queries where a catalogue with exchanges costs 2."""
        cases = {
            "never had anything": lambda: None,
            "an organisation only": lambda: make_organisation("Peking University"),
            "every exchange withdrawn": lambda: make_exchange(title="Ping-pong diplomacy").delete(),
        }
        for case, arrange in cases.items():
            with self.subTest(case):
                arrange()
                # The feed's exchanges (none); the catalogue's latest change, read with the moment
                # it was made, from the table of applied migrations.
                with self.assertNumQueries(2):
                    response = self.client.get("/exchanges/feed/")
                self.assertNotContains(response, "<entry>")
                self.assertEqual(
                    parse_http_date(response["Last-Modified"]), int(latest_catalogue_change().timestamp())
                )


@override_settings(PAGE_CACHE=False)
class FeedLastModifiedAfterEntityChangesTests(TestCase):
    """A feed filtered by an entity names it in its title: renaming or merging the entity changes
    the feed without changing any of its entries."""

    URL = "/exchanges/feed/?organisation=peking-university"

    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Student exchange", partners="Peking University")
        back_dated(cls.exchange, hours=1)
        cls.university = Organisation.objects.get(name="Peking University")
        back_dated_entity(cls.university, hours=1)

    def assert_sent_again(self, first, name):
        for headers in (
            {"If-Modified-Since": first["Last-Modified"]},
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"], "If-None-Match": first["ETag"]},
        ):
            with self.subTest(headers=list(headers)):
                again = self.client.get(self.URL, headers=headers)
                self.assertEqual(again.status_code, 200)
                self.assertContains(again, f"New exchanges: Partner or sponsor: {name}")
        again = self.client.get(self.URL)
        self.assertEqual(
            self.client.get(self.URL, headers={"If-Modified-Since": again["Last-Modified"]}).status_code, 304
        )

    def test_a_feed_is_sent_again_after_its_entity_is_renamed(self):
        first = self.client.get(self.URL)
        self.assertContains(first, "New exchanges: Partner or sponsor: Peking University")
        self.university.name = "Peking University (PKU)"
        self.university.save()
        self.assert_sent_again(first, "Peking University (PKU)")

    def test_an_exchange_of_the_api_is_sent_again_after_an_entity_it_names_is_renamed(self):
        # Its record lists the organisations linked, by name.
        url = f"/api/v1/exchanges/{self.exchange.slug}/"
        first = self.client.get(url)
        self.assertEqual(first.json()["organisations"][0]["name"], "Peking University")
        self.university.name = "Peking University (PKU)"
        self.university.save()
        again = self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["organisations"][0]["name"], "Peking University (PKU)")
        self.assertEqual(
            self.client.get(url, headers={"If-Modified-Since": again["Last-Modified"]}).status_code, 304
        )

    def test_a_feed_is_sent_again_after_its_entity_is_merged_into_another(self):
        kept = make_organisation("Beijing University")
        back_dated_entity(kept, hours=1)
        first = self.client.get(self.URL)
        self.assertContains(first, "New exchanges: Partner or sponsor: Peking University")
        merge(kept, self.university)
        # The old address reads as the entity kept (its former slug).
        self.assert_sent_again(first, "Beijing University")


@override_settings(PAGE_CACHE=False)
class FeedLastModifiedAfterEntityDeletionTests(TestCase):
    """Deleting an organisation, person or place in the admin changes the feeds filtered by it (the
    entity is no longer known, its exchanges no longer found by it) and the exchanges' records that
    named it, without changing any entry's date: before, a reader sending back If-Modified-Since
    was told 304 and kept the old feed."""

    FEEDS = {
        "organisation": "/exchanges/feed/?organisation=peking-university",
        "person": "/exchanges/feed/?person=wang-yi",
        "place": "/exchanges/feed/?place=chengdu",
    }

    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("editor", "editor@example.org", "pw")
        cls.exchange = make_exchange(
            title="Student exchange",
            partners="Peking University",
            participants="Foreign Minister Wang Yi",
            location="Chengdu",
        )
        back_dated(cls.exchange, hours=1)
        for model in (Organisation, Person, Place):
            for entity in model.objects.all():
                back_dated_entity(entity, hours=1)

    def test_the_feeds_of_a_deleted_entity_are_sent_again_and_say_it_is_no_longer_known(self):
        self.client.force_login(self.staff)
        for kind, url in self.FEEDS.items():
            with self.subTest(kind):
                model = ENTITY_MODELS[kind]
                entity = model.objects.get(slug=url.rsplit("=", 1)[1])
                first = self.client.get(url)
                catalogue = self.client.get("/exchanges/feed/")
                self.assertContains(first, "Student exchange")
                response = self.client.post(f"/admin/entities/{kind}/{entity.pk}/delete/", {"post": "yes"})
                self.assertEqual(response.status_code, 302)
                self.assertFalse(model.objects.filter(pk=entity.pk).exists())
                again = self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
                self.assertEqual(again.status_code, 200)
                self.assertNotContains(again, "<entry>")
                self.assertContains(again, f"Nothing is known as “{entity.slug}”.")
                # The catalogue's feed too, whose entry named it, and then both are 304 again.
                catalogue_again = self.client.get(
                    "/exchanges/feed/", headers={"If-Modified-Since": catalogue["Last-Modified"]}
                )
                self.assertEqual(catalogue_again.status_code, 200)
                for feed, response in ((url, again), ("/exchanges/feed/", catalogue_again)):
                    unchanged = self.client.get(
                        feed, headers={"If-Modified-Since": response["Last-Modified"]}
                    )
                    self.assertEqual(unchanged.status_code, 304)
                # The deletion dated the exchange's record too, which no longer lists the entity.
                back_dated_deletions(hours=1)
                back_dated(self.exchange, hours=1)

    def test_a_deletion_is_remembered_once_an_address(self):
        university = Organisation.objects.get(slug="peking-university")
        university.delete()
        deleted = DeletedEntity.objects.get()
        self.assertEqual(
            (deleted.kind, deleted.slug, deleted.name),
            ("organisation", "peking-university", "Peking University"),
        )
        # A new entity given the address and deleted in turn: the same address, deleted later.
        make_organisation("Peking University").delete()
        self.assertEqual(DeletedEntity.objects.get().slug, "peking-university")
        self.assertGreater(DeletedEntity.objects.get().deleted_at, deleted.deleted_at)

    def test_an_entity_merged_into_another_is_remembered_with_the_one_kept(self):
        # A mirror of the entities drops it too (/api/v1/withdrawn/organisations/); its address
        # leads to the one kept, so its feed is the one kept's, not "Nothing is known as …".
        merge(make_organisation("Beijing University"), Organisation.objects.get(slug="peking-university"))
        deleted = DeletedEntity.objects.gone(Organisation).get()
        self.assertEqual((deleted.slug, deleted.merged_into), ("peking-university", "beijing-university"))
        feed = self.client.get("/exchanges/feed/?organisation=peking-university")
        self.assertContains(feed, "Student exchange")
        self.assertNotContains(feed, "Nothing is known as")


def back_dated_deletions(hours):
    moment = timezone.now() - datetime.timedelta(hours=hours)
    DeletedEntity.objects.update(deleted_at=moment)


@override_settings(PAGE_CACHE=True)
class FeedLastModifiedWithThePageCacheTests(TestCase):
    """The page cache dates a page by the catalogue's version, which a withdrawal bumps."""

    @classmethod
    def setUpTestData(cls):
        cls.older = make_exchange(title="Sunnylands summit")
        make_exchange(title="Mar-a-Lago visit")

    def test_a_feed_is_sent_again_without_a_withdrawn_exchange_and_then_is_304(self):
        first = self.client.get("/exchanges/feed/")
        self.assertContains(first, "Sunnylands summit")
        # The withdrawal a minute later: an HTTP date counts whole seconds.
        later = time.time_ns() + 60 * 1_000_000_000
        with mock.patch("exchanges.cache._new_version", return_value=f"{later}-0000abcd"):
            Exchange.objects.get(pk=self.older.pk).delete()
        again = self.client.get("/exchanges/feed/", headers={"If-Modified-Since": first["Last-Modified"]})
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Sunnylands summit")
        unchanged = self.client.get("/exchanges/feed/", headers={"If-Modified-Since": again["Last-Modified"]})
        self.assertEqual(unchanged.status_code, 304)
