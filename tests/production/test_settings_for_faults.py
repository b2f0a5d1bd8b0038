"""What the settings make of the environment for faults: the database's timeouts in web
processes only, a cache that may fail, and the trusted proxies checked at start-up."""

import json

import pytest
from django.db import connection
from django.test import SimpleTestCase, TestCase

from tests.config.test_settings import start_django

DATABASE = "postgres://u:p@db.example.org:5432/exchanges"
SHOW_DATABASE = "__import__('json').dumps({k: str(v) for k, v in settings.DATABASES['default'].items()})"


def database(**env):
    result = start_django(show=SHOW_DATABASE, **{"SECRET_KEY": "k", "DATABASE_URL": DATABASE, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class DatabaseTimeoutTests(SimpleTestCase):
    def test_a_web_process_gets_keepalives_a_statement_timeout_and_the_watchdog(self):
        config = database(WEB_PROCESS="true")
        options = config["OPTIONS"]
        for expected in ["'keepalives': 1", "'keepalives_idle': 30", "'tcp_user_timeout': 10000"]:
            self.assertIn(expected, options)
        self.assertIn("'options': '-c jit=off -c work_mem=16MB -c statement_timeout=5000'", options)
        self.assertEqual(config["ENGINE"], "config.postgresql")
        self.assertEqual(config["ANSWER_WITHIN"], "7")

    def test_the_statement_timeout_is_configurable_and_can_be_turned_off(self):
        self.assertIn(
            "statement_timeout=2000", database(WEB_PROCESS="true", DATABASE_STATEMENT_TIMEOUT="2")["OPTIONS"]
        )
        config = database(WEB_PROCESS="true", DATABASE_STATEMENT_TIMEOUT="0")
        self.assertNotIn("statement_timeout", config["OPTIONS"])
        self.assertEqual(config["ENGINE"], "django.db.backends.postgresql")

    def test_migrations_imports_and_the_worker_have_no_statement_timeout(self):
        config = database()
        self.assertNotIn("statement_timeout", config["OPTIONS"])
        self.assertIn("'keepalives': 1", config["OPTIONS"])
        self.assertEqual(config["ENGINE"], "django.db.backends.postgresql")


class PlannerSettingsTests(SimpleTestCase):
    def test_every_process_gets_exact_bitmaps_and_no_jit(self):
        for env in ({}, {"WEB_PROCESS": "true"}):
            with self.subTest(**env):
                self.assertIn("'options': '-c jit=off -c work_mem=16MB", database(**env)["OPTIONS"])

    def test_work_mem_is_configurable_and_can_be_left_to_the_server(self):
        options = database(DATABASE_WORK_MEM="64MB")["OPTIONS"]
        self.assertIn("'options': '-c jit=off -c work_mem=64MB'", options)
        self.assertIn("'options': '-c jit=off'", database(DATABASE_WORK_MEM="")["OPTIONS"])

    def test_options_in_the_url_are_kept(self):
        config = database(DATABASE_URL=f"{DATABASE}?options=-c%20search_path%3Darchive")
        self.assertIn("'options': '-c search_path=archive'", config["OPTIONS"])

    def test_a_size_postgresql_would_refuse_stops_start_up_by_name(self):
        for value in ("lots", "16 MB -c statement_timeout=0", "16mb"):
            with self.subTest(value=value):
                result = start_django(SECRET_KEY="k", DATABASE_URL=DATABASE, DATABASE_WORK_MEM=value)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("DATABASE_WORK_MEM", result.stderr.splitlines()[-1])


@pytest.mark.postgres
class PlannerSettingsOnTheServerTests(TestCase):
    def test_the_connection_runs_with_them(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('work_mem'), current_setting('jit')")
            self.assertEqual(cursor.fetchone(), ("16MB", "off"))


class CacheAndProxySettingsTests(SimpleTestCase):
    def test_with_redis_down_the_cache_misses_instead_of_failing(self):
        result = start_django(
            show="(lambda cache: (cache.set('k', 1), cache.get('k'), "
            "__import__('config.health').health.cache_answers()))"
            "(__import__('django.core.cache').core.cache.cache)",
            SECRET_KEY="k",
            REDIS_URL="redis://127.0.0.1:1/0",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip().splitlines()[-1], "(None, None, False)")

    def test_a_malformed_trusted_proxy_stops_start_up_by_name(self):
        result = start_django(SECRET_KEY="k", TRUSTED_PROXIES="127.0.0.1,nginx")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("TRUSTED_PROXIES", result.stderr.splitlines()[-1])
        self.assertIn("'nginx'", result.stderr.splitlines()[-1])
