"""A gunicorn worker's warm-up (config/warmup.py): what its first requests would load, loaded first."""

import threading
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.template import engines
from django.test import TestCase

from config import warmup
from entities.models import Person
from exchanges import search
from exchanges.cache import code_version


def cached_templates():
    """The names the cached template loader holds compiled."""
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] for key in loader.get_template_cache}


def site_templates():
    folder = Path(settings.BASE_DIR) / "templates"
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")}
    return {name for name in names if not name.startswith("admin/")}


class WarmUpTests(TestCase):
    def setUp(self):
        engines["django"].engine.template_loaders[0].reset()
        search.forget_synonyms()
        self.addCleanup(search.forget_synonyms)

    def test_every_site_template_is_compiled_before_a_request(self):
        self.assertNotIn("exchanges/detail.html", cached_templates())
        compiled = warmup.compile_templates()
        self.assertEqual(compiled, len(site_templates()))
        self.assertGreaterEqual(compiled, 20)
        self.assertLessEqual(site_templates(), cached_templates())
        self.assertNotIn("admin/base_site.html", cached_templates())

    def test_the_synonyms_are_read_with_the_entities_names(self):
        Person.objects.create(name="Wang Yi", chinese_name="王毅")
        self.assertIsNone(search._synonyms)
        warmup.read_synonyms()
        self.assertIn(("wang", "yi"), search._synonyms.by_words)

    def test_a_database_that_does_not_answer_leaves_the_synonyms_to_the_first_search(self):
        # Read without the entities' names, they would be kept for minutes.
        refused = OperationalError("connection refused")
        with (
            mock.patch("config.warmup.connection.ensure_connection", side_effect=refused),
            self.assertLogs("config.warmup", "WARNING") as logged,
        ):
            warmup.read_synonyms()
        self.assertIsNone(search._synonyms)
        self.assertIn("did not answer", logged.output[0])

    def test_the_synonyms_are_read_in_a_thread_of_their_own(self):
        read_in = []

        def read():
            read_in.append(threading.current_thread().name)

        with mock.patch("config.warmup.read_synonyms", read):
            thread = warmup.warm_up()
            thread.join(timeout=10)
        self.assertEqual(read_in, ["warm-up"])
        self.assertTrue(thread.daemon)
        self.assertIn("exchanges/list.html", cached_templates())

    def test_the_codes_version_is_read_before_a_request(self):
        code_version.cache_clear()
        self.addCleanup(code_version.cache_clear)
        with mock.patch("config.warmup.read_synonyms"):
            warmup.warm_up().join(timeout=10)
        self.assertEqual(code_version.cache_info().currsize, 1)

    def test_a_failure_is_logged_and_the_worker_starts_anyway(self):
        with (
            mock.patch("config.warmup.compile_templates", side_effect=RuntimeError("broken")),
            mock.patch("config.warmup.read_synonyms") as read,
            self.assertLogs("config.warmup", "WARNING") as logged,
        ):
            warmup.warm_up().join(timeout=10)
        self.assertIn("warm-up failed", logged.output[0])
        read.assert_called_once_with()


class ReadOnceTests(TestCase):
    """A search while the warm-up reads the synonyms waits for them rather than reading them too."""

    def setUp(self):
        search.forget_synonyms()
        self.addCleanup(search.forget_synonyms)

    def test_two_threads_asking_at_once_read_them_once(self):
        built, real_build = [], search.build_synonyms

        def slow_build(sets):
            built.append(threading.current_thread().name)
            time.sleep(0.3)
            return real_build(sets)

        results = {}

        def ask(name):
            results[name] = search.synonyms()

        with (
            # Nothing from the database: each thread would have a connection of its own.
            mock.patch("exchanges.search.entity_synonym_sets", return_value=[]),
            mock.patch("exchanges.search.names_version", return_value=None),
            mock.patch("exchanges.search.build_synonyms", side_effect=slow_build),
        ):
            names = ("warm-up", "request")
            threads = [threading.Thread(target=ask, args=(name,), name=name) for name in names]
            for thread in threads:
                thread.start()
                time.sleep(0.05)
            for thread in threads:
                thread.join(timeout=10)
        self.assertEqual(built, ["warm-up"])
        self.assertIs(results["warm-up"], results["request"])
