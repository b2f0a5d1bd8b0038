import socket
from unittest import mock

from django.db import InterfaceError, OperationalError, connection
from django.test import TestCase, override_settings

import config.cache
from contributions.models import Submission
from tests.factories import form_data


class HealthzTests(TestCase):
    def test_it_answers_200_with_json_when_the_database_answers(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "ok"})
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_it_answers_503_with_json_and_no_traceback_when_the_database_does_not(self):
        for error in [OperationalError("connection refused"), InterfaceError("connection already closed")]:
            with self.subTest(error=type(error).__name__):
                with mock.patch.object(connection, "cursor", side_effect=error):
                    response = self.client.get("/healthz")
                self.assertEqual(response.status_code, 503)
                self.assertEqual(
                    response.json(), {"status": "unavailable", "database": "unreachable", "cache": "ok"}
                )
                self.assertIn("no-store", response.headers["Cache-Control"])
                self.assertNotIn(b"refused", response.content)

    def test_it_logs_why_the_database_does_not_answer(self):
        with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
            with self.assertLogs("config.health", "WARNING") as logs:
                self.client.get("/healthz")
        self.assertIn("connection refused", logs.output[0])

    def test_the_trailing_slash_is_optional(self):
        self.assertEqual(self.client.get("/healthz/").status_code, 200)

    @override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["exchanges.example.org"])
    def test_a_checker_reaches_it_by_ip_over_plain_http(self):
        response = self.client.get("/healthz", headers={"host": "10.0.0.7:8000"})
        self.assertEqual(response.status_code, 200)
        # Everything else still goes to HTTPS on the site's own name.
        self.assertEqual(self.client.get("/", headers={"host": "exchanges.example.org"}).status_code, 301)
        self.assertEqual(self.client.get("/", headers={"host": "10.0.0.7:8000"}).status_code, 400)


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(url):
    """The cache as config/settings.py builds it from REDIS_URL."""
    return {"default": config.cache.redis_cache(url, retry_after=10)}


class CacheHealthTests(TestCase):
    def test_a_redis_that_is_down_is_reported_degraded_and_the_site_keeps_serving(self):
        down = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
        logged = {"DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS": True, "DJANGO_REDIS_LOGGER": "config.cache"}
        config.cache._breakers.clear()
        with override_settings(CACHES=down, **logged), self.assertLogs("config.cache", "ERROR") as cache_logs:
            with self.assertLogs("config.health", "WARNING") as logs:
                response = self.client.get("/healthz")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "degraded"})
            self.assertIn("Connection", logs.output[0])
            self.assertEqual(self.client.get("/exchanges/").status_code, 200)
            # The contribution rate limit counts in the cache: the contributor is still thanked.
            response = self.client.post("/contribute/", form_data())
            self.assertRedirects(response, "/contribute/thanks/")
            self.assertEqual(Submission.objects.count(), 1)
        # Once, not for each call the site then did not make (config/cache.py).
        self.assertEqual(
            [line for line in cache_logs.output if "does not answer" in line],
            ["ERROR:config.cache:The cache does not answer; it is not asked again for 10 s"],
        )
        config.cache._breakers.clear()

    def test_a_real_redis_is_reported_ok(self):
        with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/0")):
            response = self.client.get("/healthz")
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "ok"})
