"""Readers' pages from the cache (exchanges/cache.py): kept until the catalogue changes, not for staff."""

import contextlib
import datetime
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.utils.functional import Promise

from config.cache import redis_cache
from entities.merge import merge
from entities.models import Organisation
from exchanges.cache import (
    PageCacheMiddleware,
    catalogue_models,
    catalogue_version,
    check_shared_cache,
    code_paths,
    files_digest,
)
from exchanges.models import CatalogueCount, EntityCount, Exchange
from exchanges.publishing import publish
from tests.config.test_settings import start_django
from tests.factories import make_exchange, make_moderator, make_submission

# A cache that is down: nothing listens on port 1. As in production, django-redis ignores its errors.
REDIS_DOWN = {"default": redis_cache("redis://127.0.0.1:1/0", retry_after=10)}
# A cache whose errors are not ignored: the pages must still be served.
REDIS_DOWN_RAISING = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


@override_settings(PAGE_CACHE=True)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Panda loan to the National Zoo", summary="The zoo met officials.")
        cls.moderator = make_moderator()

    def assertServedFromCache(self, url, **headers):
        # A page from the cache runs no query and has no template context.
        with self.assertNumQueries(0):
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context)
        return response

    def test_a_readers_second_request_is_served_from_the_cache(self):
        for url in [
            "/",
            "/exchanges/",
            "/exchanges/?type=diplomatic&q=panda",
            f"/exchanges/{self.exchange.slug}/",
            "/organisations/",
            "/exchanges/feed/",
            "/api/v1/exchanges/",
        ]:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                second = self.assertServedFromCache(url)
                self.assertEqual(second.content, first.content)

    def test_each_address_and_query_is_its_own_page(self):
        self.client.get("/exchanges/?type=diplomatic")
        response = self.client.get("/exchanges/?type=cultural")
        self.assertIsNotNone(response.context)
        self.assertNotContains(response, "Panda loan")

    @override_settings(LANGUAGES=[("en", "English"), ("zh-hans", "Chinese")])
    def test_each_language_is_its_own_page(self):
        english = self.client.get("/exchanges/", headers={"accept-language": "en"})
        chinese = self.client.get("/exchanges/", headers={"accept-language": "zh-hans"})
        self.assertIsNotNone(chinese.context)
        self.assertEqual(english["Content-Language"], "en")
        self.assertEqual(chinese["Content-Language"], "zh-hans")

    def test_public_pages_say_how_long_a_front_cache_may_keep_them(self):
        for response in (self.client.get("/exchanges/"), self.client.get("/exchanges/")):
            # Browsers ask again every time (a change shows on the next page); a front cache keeps it.
            self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=60")
            vary = {value.strip().lower() for value in response["Vary"].split(",")}
            self.assertLessEqual({"cookie", "accept-language"}, vary)
            self.assertTrue(response["ETag"])
            self.assertTrue(response["Last-Modified"])

    def test_pages_cached_by_other_code_are_not_served(self):
        # An upgrade: the catalogue has not changed, the code has. Its pages could name static
        # files the new code no longer has.
        with mock.patch("exchanges.cache.code_version", return_value="before"):
            self.client.get("/exchanges/")
            self.assertServedFromCache("/exchanges/")
        with mock.patch("exchanges.cache.code_version", return_value="after"):
            self.assertIsNotNone(self.client.get("/exchanges/").context)
            self.assertServedFromCache("/exchanges/")

    def test_a_reader_whose_copy_still_holds_gets_304(self):
        first = self.client.get("/exchanges/")
        by_etag = self.client.get("/exchanges/", headers={"if-none-match": first["ETag"]})
        self.assertEqual(by_etag.status_code, 304)
        by_date = self.client.get("/exchanges/", headers={"if-modified-since": first["Last-Modified"]})
        self.assertEqual(by_date.status_code, 304)

    def test_a_copy_from_before_a_change_is_sent_again_in_full(self):
        first = self.client.get("/exchanges/")
        make_exchange(title="Governors' forum in Houston")
        response = self.client.get("/exchanges/", headers={"if-none-match": first["ETag"]})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Governors&#x27; forum in Houston")

    def test_publishing_shows_the_exchange_on_the_next_list(self):
        self.client.get("/exchanges/")
        self.client.get("/")
        values = {
            "title": "Trade mission to Shenzhen",
            "summary": "Officials met.",
            "government": True,
            "type": Exchange.Type.BUSINESS,
            "levels": [Exchange.Level.STATE],
            "date": datetime.date(2021, 3, 4),
            "date_precision": Exchange.Precision.DAY,
        }
        publish(values, [{"citation": "A paper", "url": ""}])
        self.assertContains(self.client.get("/exchanges/"), "Trade mission to Shenzhen")
        self.assertContains(self.client.get("/"), "Trade mission to Shenzhen")

    def test_approving_in_the_admin_shows_the_exchange_on_the_next_list(self):
        reader = self.client
        self.assertNotContains(reader.get("/exchanges/"), "Governors&#x27; forum in Houston")
        submission = make_submission()
        moderator = Client()
        moderator.force_login(self.moderator)
        moderator.post(
            "/admin/contributions/submission/",
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [submission.pk]},
        )
        self.assertTrue(Exchange.objects.filter(title="Governors' forum in Houston").exists())
        self.assertContains(reader.get("/exchanges/"), "Governors&#x27; forum in Houston")

    def test_a_changed_exchange_shows_at_once(self):
        self.client.get(f"/exchanges/{self.exchange.slug}/")
        self.exchange.summary = "A pair of pandas went to Washington."
        self.exchange.save()
        self.assertContains(self.client.get(f"/exchanges/{self.exchange.slug}/"), "A pair of pandas")

    def test_a_withdrawn_exchange_leaves_the_list_at_once(self):
        self.assertContains(self.client.get("/exchanges/"), "Panda loan")
        self.exchange.status = Exchange.Status.DRAFT
        self.exchange.save()
        self.assertNotContains(self.client.get("/exchanges/"), "Panda loan")
        self.assertEqual(self.client.get(f"/exchanges/{self.exchange.slug}/").status_code, 410)

    def test_a_deleted_exchange_leaves_the_list_at_once(self):
        self.assertContains(self.client.get("/exchanges/"), "Panda loan")
        self.exchange.delete()
        self.assertNotContains(self.client.get("/exchanges/"), "Panda loan")

    def test_a_renamed_entity_shows_at_once(self):
        zoo = Organisation.objects.create(name="Smithsonian National Zoo")
        self.assertContains(self.client.get("/organisations/"), "Smithsonian National Zoo")
        zoo.name = "National Zoo and Conservation Biology Institute"
        zoo.save()
        renamed = self.client.get("/organisations/")
        self.assertContains(renamed, "National Zoo and Conservation Biology Institute")

    def test_a_merged_entity_leaves_the_index_at_once(self):
        kept = Organisation.objects.create(name="Smithsonian National Zoo")
        merged = Organisation.objects.create(name="Smithsonian Zoo")
        self.assertContains(self.client.get("/organisations/"), "Smithsonian Zoo<")
        merge(kept, merged)
        self.assertNotContains(self.client.get("/organisations/"), "Smithsonian Zoo<")

    def test_counts_rebuilt_after_a_write_outside_django_show_at_once(self):
        # An update() sends no signal, as a COPY or SQL by hand would not: the cached list keeps the
        # old counts until rebuild_counts, which the README says to run after such a write.
        self.assertContains(self.client.get("/exchanges/?type=diplomatic"), "1 exchange")
        Exchange.objects.filter(pk=self.exchange.pk).update(type=Exchange.Type.EDUCATION)
        self.assertContains(self.client.get("/exchanges/?type=diplomatic"), "1 exchange")
        call_command("rebuild_counts", stdout=open("/dev/null", "w"))
        self.assertContains(self.client.get("/exchanges/?type=diplomatic"), "0 exchanges")

    def test_a_logged_in_moderator_is_never_served_a_cached_page(self):
        self.client.get("/exchanges/")
        self.client.force_login(self.moderator)
        for _ in range(2):
            response = self.client.get("/exchanges/")
            self.assertIsNotNone(response.context)
            self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_a_moderators_list_is_rendered_but_its_counts_come_from_the_cache(self):
        for number in range(3):
            make_exchange(title=f"Trade mission {number}", type="business")
        self.client.force_login(self.moderator)
        url = "/exchanges/?q=trade+mission&type=business"
        first = self.client.get(url)
        with self.assertNumQueries(3):  # the search words read, the page's rows and their snippets
            again = self.client.get(url + "&sort=title")
        self.assertIsNotNone(again.context)
        self.assertEqual(again.context["total"].count, first.context["total"].count)
        self.assertEqual(again.context["type_facets"], first.context["type_facets"])
        # Under structured filters only, the summary of counts is not read again either.
        # 1: the page's rows; 0 for a list the kept counts say is empty.
        for structured, queries in (
            ("/exchanges/?type=business", 1),
            ("/exchanges/?type=business&government=no", 0),
        ):
            with self.subTest(structured):
                self.client.get(structured)
                with self.assertNumQueries(queries):
                    self.client.get(structured + "&sort=title")
        # A change to the catalogue counts afresh at once.
        make_exchange(title="Trade mission 4", type="business")
        self.assertEqual(self.client.get(url).context["total"].count, 4)

    def test_a_moderators_list_draws_what_an_uncached_list_draws(self):
        """The entity facets and the timeline are kept as drawn, under the counts' key: the page
        must be the one drawn from scratch, for each order (the timeline's links carry it)."""
        make_exchange(title="Trade mission", type="business", partners="U.S. Department of Commerce")
        self.client.force_login(self.moderator)
        for url in ["/exchanges/?type=business", "/exchanges/?type=business&sort=title"]:
            with self.subTest(url=url):
                self.client.get(url)
                kept = self.client.get(url)
                with self.settings(PAGE_CACHE=False):
                    drawn = self.client.get(url)
                self.assertIn("counts_key", kept.context)
                self.assertNotIn("counts_key", drawn.context)
                self.assertEqual(kept.content, drawn.content)
                self.assertContains(kept, "U.S. Department of Commerce")
        self.assertContains(kept, "sort=title&amp;year=")

    @override_settings(LINK_FACET_SAMPLE=1)
    def test_oldest_first_draws_the_facets_of_its_own_first_results(self):
        """A large list's partner, participant, place and country facets count its first results in
        the page's date order: oldest first, they are not those counted newest first."""
        make_exchange(title="Old mission", type="business", date=datetime.date(1985, 5, 1), partners="Iowa")
        make_exchange(title="New mission", type="business", date=datetime.date(2020, 5, 1), partners="Ohio")
        self.assertContains(self.client.get("/exchanges/?type=business"), 'value="ohio"')
        kept = self.client.get("/exchanges/?type=business&sort=date")
        with self.settings(PAGE_CACHE=False):
            drawn = self.client.get("/exchanges/?type=business&sort=date")
        self.assertContains(drawn, 'value="iowa"')
        self.assertEqual(kept.content, drawn.content)

    def test_a_moderators_list_draws_new_facets_and_years_after_a_change(self):
        self.client.force_login(self.moderator)
        self.client.get("/exchanges/")
        make_exchange(title="Trade mission", date=datetime.date(1985, 5, 1), partners="Iowa Sister States")
        response = self.client.get("/exchanges/")
        self.assertContains(response, "Iowa Sister States")
        self.assertContains(response, "1985: 1 exchange")

    def test_a_moderators_list_is_drawn_afresh_by_other_code(self):
        # The counts and the timeline kept by the code before an upgrade are not the new code's.
        make_exchange(title="Trade mission", type="business", date=datetime.date(1985, 5, 1))
        self.client.force_login(self.moderator)
        with mock.patch("exchanges.cache.code_version", return_value="before"):
            self.client.get("/exchanges/?type=business")
            with self.assertNumQueries(1):  # the page's rows; the counts and the timeline kept
                self.client.get("/exchanges/?type=business")
        with (
            mock.patch("exchanges.cache.code_version", return_value="after"),
            mock.patch("exchanges.timeline.ngettext", return_value="%(year)s: %(count)s, redrawn"),
        ):
            self.assertContains(self.client.get("/exchanges/?type=business"), "1985: 1, redrawn")

    def test_the_kept_counts_hold_plain_text(self):
        """A lazy translation in the kept counts is unpickled by building a class each time: it
        cost a fifth of a moderator's list."""

        def lazy_parts(value):
            if isinstance(value, Promise):
                yield value
            elif isinstance(value, dict):
                for item in value.values():
                    yield from lazy_parts(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    yield from lazy_parts(item)

        self.client.force_login(self.moderator)
        response = self.client.get("/exchanges/?q=panda")
        counts = {name: response.context[name] for name in ("type_facets", "level_facets", "country_facets")}
        self.assertTrue(counts["type_facets"])
        self.assertEqual(list(lazy_parts(counts)), [])

    def test_each_list_keeps_its_own_counts(self):
        make_exchange(title="Trade mission", type="business")
        first = self.client.get("/exchanges/?type=business").context["total"].count
        self.client.force_login(self.moderator)
        self.assertEqual(self.client.get("/exchanges/?type=business").context["total"].count, first)
        self.assertEqual(self.client.get("/exchanges/?type=cultural").context["total"].count, 0)
        self.assertEqual(self.client.get("/exchanges/").context["total"].count, 2)

    @override_settings(PAGE_CACHE=False)
    def test_without_the_page_cache_the_counts_are_counted_every_time(self):
        self.client.force_login(self.moderator)
        url = "/exchanges/?q=panda&type=business"
        self.assertEqual(self.client.get(url).context["total"].count, 0)
        # Written past the signals, so the catalogue's version stays: only a fresh count sees it.
        Exchange.objects.filter(pk=self.exchange.pk).update(type="business")
        self.assertEqual(self.client.get(url).context["total"].count, 1)

    def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(self):
        self.client.get("/exchanges/")
        self.client.cookies["messages"] = "something"
        self.assertIsNotNone(self.client.get("/exchanges/").context)

    def test_forms_and_the_admin_are_never_cached(self):
        for url in ["/contribute/", f"/exchanges/{self.exchange.slug}/suggest/"]:
            with self.subTest(url=url):
                self.client.get(url)
                self.assertIsNotNone(self.client.get(url).context)

    def test_a_host_the_site_does_not_serve_is_refused_even_when_the_page_is_cached(self):
        self.client.get("/exchanges/")
        self.assertEqual(self.client.get("/exchanges/", headers={"host": "evil.example"}).status_code, 400)

    def test_the_key_is_bounded_whatever_the_address(self):
        request = self.client.get("/exchanges/").wsgi_request
        request.META["QUERY_STRING"] = "q=" + "panda " * 5000
        self.assertLess(len(PageCacheMiddleware.key(request, "1-abc")), 100)

    @override_settings(CACHES=REDIS_DOWN)
    def test_pages_are_served_when_the_cache_is_down(self):
        for _ in range(2):
            response = self.client.get("/exchanges/")
            self.assertContains(response, "Panda loan")
            self.assertIsNotNone(response.context)
        make_exchange(title="Governors' forum in Houston")
        self.assertContains(self.client.get("/exchanges/"), "Governors&#x27; forum in Houston")

    @override_settings(CACHES=REDIS_DOWN_RAISING)
    def test_pages_are_served_when_the_cache_raises(self):
        make_exchange(title="Governors' forum in Houston")
        self.assertContains(self.client.get("/exchanges/"), "Governors&#x27; forum in Houston")


class CodeVersionTests(SimpleTestCase):
    def test_the_digest_follows_each_files_name_and_content_not_byte_code(self):
        with tempfile.TemporaryDirectory() as folder:
            app = Path(folder) / "app"
            (app / "templates").mkdir(parents=True)
            page = app / "templates" / "home.html"
            page.write_text("<p>An open record of 1000000 exchanges</p>")
            first = files_digest([app])
            self.assertEqual(files_digest([app]), first)
            (app / "__pycache__").mkdir()
            (app / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00")
            self.assertEqual(files_digest([app]), first)
            page.write_text("<p>An open record of 1,000,000 exchanges</p>")
            changed = files_digest([app])
            self.assertNotEqual(changed, first)
            page.rename(app / "templates" / "index.html")
            self.assertNotEqual(files_digest([app]), changed)

    def test_the_projects_own_code_is_read_not_the_libraries(self):
        base = Path(settings.BASE_DIR)
        paths = code_paths()
        names = ["config", "contributions", "entities", "exchanges", "opendata", "templates", "static"]
        for name in [*names, "requirements.txt"]:
            self.assertIn(base / name, paths)
        self.assertEqual([path for path in paths if path.is_relative_to(sys.prefix)], [])
        self.assertEqual([path for path in paths if not path.is_relative_to(base)], [])


class CatalogueModelsTests(TestCase):
    """What retires the pages: a save, delete or m2m change of any row readers see, and not the
    summaries of counts, which are written within such a change."""

    def test_every_row_readers_see_retires_the_pages(self):
        models = catalogue_models()
        self.assertGreaterEqual(len(models), 10)
        for model in models:
            for signal in (post_save, post_delete, m2m_changed):
                with self.subTest(model=model._meta.label, signal=signal):
                    before = catalogue_version()
                    # Robust: the other receivers want a real row; only the version is looked at.
                    signal.send_robust(sender=model, instance=None)
                    self.assertNotEqual(catalogue_version(), before)

    def test_the_summaries_of_counts_send_nothing_and_are_deleted_in_one_statement(self):
        self.assertNotIn(EntityCount, catalogue_models())
        self.assertNotIn(CatalogueCount, catalogue_models())
        EntityCount.objects.bulk_create(
            EntityCount(
                kind="organisation",
                entity_id=1,
                government="yes",
                continuing="no",
                year=year,
                last_year=year,
                count=1,
            )
            for year in range(1980, 2020)
        )
        # With a receiver, Django would read the 40 rows first and delete them by primary key.
        with self.assertNumQueries(1):
            EntityCount.objects.filter(kind="organisation", entity_id=1).delete()
        self.assertFalse(EntityCount.objects.exists())


class BumpAtCommitTests(TestCase):
    """However many rows a transaction writes, the version is bumped once when it commits (and once
    for each row before, for what the transaction itself reads)."""

    def bumps_at_commit(self, write):
        """How many times the version is written by the transaction's callbacks at commit."""
        with self.captureOnCommitCallbacks() as callbacks:
            write()
        before = catalogue_version()
        versions = []
        for callback in callbacks:
            callback()
            if catalogue_version() != before:
                versions.append(before := catalogue_version())
        return len(versions)

    def test_an_import_of_many_rows_bumps_once_at_commit(self):
        def import_rows():
            for number in range(20):
                make_exchange(title=f"Delegation number {number}", sources=2)

        self.assertEqual(self.bumps_at_commit(import_rows), 1)

    def test_each_row_bumps_before_the_commit_too(self):
        before = catalogue_version()
        make_exchange(title="Governors' forum in Houston")
        self.assertNotEqual(catalogue_version(), before)

    def test_a_savepoint_rolled_back_takes_its_bump_and_a_later_change_makes_one(self):
        def rolled_back_then_written():
            with contextlib.suppress(RuntimeError), transaction.atomic():
                make_exchange(title="Rolled back")
                raise RuntimeError
            make_exchange(title="Kept")

        self.assertEqual(self.bumps_at_commit(rolled_back_then_written), 1)

    def test_a_change_in_a_savepoint_rolled_back_after_one_outside_keeps_the_bump(self):
        def written_then_rolled_back():
            make_exchange(title="Kept")
            with contextlib.suppress(RuntimeError), transaction.atomic():
                make_exchange(title="Rolled back")
                raise RuntimeError

        self.assertEqual(self.bumps_at_commit(written_then_rolled_back), 1)


class SharedCacheTests(SimpleTestCase):
    """The page cache is on by default only with a cache every process shares: in a process's own
    memory, a change made in another process (a worker, a command) never retires its pages."""

    def page_cache_by_default(self, **env):
        result = start_django(show="settings.PAGE_CACHE", SECRET_KEY="k", PAGE_CACHE="", **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def test_on_with_redis_and_off_without(self):
        self.assertEqual(self.page_cache_by_default(REDIS_URL="redis://127.0.0.1:6379/15"), "True")
        self.assertEqual(self.page_cache_by_default(REDIS_URL=""), "False")

    def test_asked_for_in_each_process_memory_it_is_warned_of(self):
        for page_cache, backend, warned in [
            (True, "django.core.cache.backends.locmem.LocMemCache", True),
            (False, "django.core.cache.backends.locmem.LocMemCache", False),
            (True, "django_redis.cache.RedisCache", False),
        ]:
            with (
                self.subTest(page_cache=page_cache, backend=backend),
                override_settings(
                    PAGE_CACHE=page_cache,
                    CACHES={"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:1/0"}},
                ),
            ):
                found = [message.id for message in check_shared_cache(None)]
                self.assertEqual(found, ["exchanges.W001"] if warned else [])
