"""When each process reads the entities' names again for its search synonyms (exchanges/search.py).

With a cache every process shares, a change to a name or alias anywhere makes a new token there,
and a process reads the names again only when the token moved: reading a million-exchange
catalogue's names takes 2 s, which a reader's search paid every five minutes in each worker.
Without one, a process cannot see another's changes and reads them again after a while.
"""

from unittest import mock

from django.core.cache import cache
from django.test import TestCase, override_settings

from entities.models import Person
from exchanges import search

REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/12",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


class Clock:
    """time.monotonic as the synonyms read it, moved on by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class RefreshTests(TestCase):
    def setUp(self):
        self.clock = Clock()
        patcher = mock.patch("exchanges.search.time.monotonic", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)
        search.forget_synonyms()
        self.addCleanup(search.forget_synonyms)

    def read(self):
        return search.synonyms().generation

    @override_settings(CACHES=REDIS)
    def test_with_a_shared_cache_unchanged_names_are_kept_however_long(self):
        cache.clear()
        first = self.read()
        self.clock.now += 10 * search.ENTITY_SYNONYMS_SECONDS
        with self.assertNumQueries(0):
            self.assertEqual(self.read(), first)

    @override_settings(CACHES=REDIS)
    def test_with_a_shared_cache_a_change_in_another_process_is_read_at_the_next_check(self):
        cache.clear()
        first = self.read()
        # What forget_synonyms does in the process that saved a name, the synonyms held here untouched.
        search.bump_shared_version(search.NAMES_VERSION_KEY)
        self.assertEqual(self.read(), first)  # looked at most every NAMES_CHECK_SECONDS
        self.clock.now += search.NAMES_CHECK_SECONDS
        self.assertGreater(self.read(), first)

    @override_settings(CACHES=REDIS)
    def test_saving_a_name_moves_the_shared_token(self):
        cache.clear()
        before = search.names_version()
        with self.captureOnCommitCallbacks(execute=True):
            Person.objects.create(name="Wang Yi", chinese_name="王毅")
        self.assertNotEqual(search.names_version(), before)

    def test_without_a_shared_cache_the_names_are_read_again_after_a_while(self):
        self.assertIsNone(search.names_version())
        first = self.read()
        self.clock.now += search.ENTITY_SYNONYMS_SECONDS - 1
        self.assertEqual(self.read(), first)
        self.clock.now += 2
        self.assertGreater(self.read(), first)

    @override_settings(
        CACHES={"default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {}}}
    )
    def test_with_the_shared_cache_down_the_names_are_read_again_after_a_while(self):
        with mock.patch("django_redis.client.DefaultClient.get", side_effect=ConnectionError):
            self.assertIsNone(search.names_version())
            first = self.read()
            self.clock.now += search.ENTITY_SYNONYMS_SECONDS + 1
            self.assertGreater(self.read(), first)


class SharedSynonymsTests(TestCase):
    """With a shared cache, the synonyms one process built serve every other under the same token."""

    def setUp(self):
        search.forget_synonyms()
        self.addCleanup(search.forget_synonyms)
        Person.objects.create(name="Wang Yi", chinese_name="王毅")
        Person.objects.create(name="Antony Blinken", chinese_name="布林肯")

    def another_process(self):
        """What a process that has not read the synonyms yet finds: the cache shared, nothing held."""
        search._synonyms = None
        return search.synonyms()

    @override_settings(CACHES=REDIS)
    def test_another_process_takes_them_from_the_cache_without_reading_the_names(self):
        cache.clear()
        first = search.synonyms()
        self.assertIn(("wang", "yi"), first.by_words)
        with (
            mock.patch("exchanges.search.entity_synonym_sets", side_effect=AssertionError("names read")),
            self.assertNumQueries(0),
        ):
            taken = self.another_process()
        self.assertEqual(taken.by_words, first.by_words)
        self.assertEqual(taken.words, first.words)
        self.assertEqual(taken.names_version, first.names_version)

    @override_settings(CACHES=REDIS)
    def test_after_a_name_changes_they_are_built_again(self):
        cache.clear()
        search.synonyms()
        with self.captureOnCommitCallbacks(execute=True):
            Person.objects.create(name="Wang Huning", chinese_name="王沪宁")
        search._synonyms = None
        taken = self.another_process()
        self.assertIn(("wang", "huning"), taken.by_words)

    @override_settings(CACHES=REDIS)
    def test_those_of_another_format_are_not_taken(self):
        cache.clear()
        search.synonyms()
        with (
            mock.patch.object(search, "SYNONYMS_FORMAT", search.SYNONYMS_FORMAT + 1),
            mock.patch("exchanges.search.entity_synonym_sets", wraps=search.entity_synonym_sets) as read,
        ):
            self.another_process()
        read.assert_called_once()

    @override_settings(CACHES=REDIS)
    def test_when_the_cache_cannot_keep_them_they_are_built_all_the_same(self):
        cache.clear()
        with (
            mock.patch("django_redis.cache.RedisCache.set", side_effect=ConnectionError),
            self.assertLogs("exchanges.search", "WARNING"),
        ):
            built = search.synonyms()
        self.assertIn(("wang", "yi"), built.by_words)

    def test_without_a_shared_cache_nothing_is_kept_there(self):
        search.synonyms()
        self.assertFalse([key for key in cache._cache if "search:synonyms" in key])
