"""Settings come from the environment, and a malformed value stops start-up by name."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase


def start_django(show="settings.DEBUG, settings.DATABASES['default']['ENGINE']", **env):
    """Import the settings in a fresh interpreter, as start-up does, and print `show`."""
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({show})",
        ],
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args, **env):
    """manage.py with `args`, in a fresh interpreter, with `env` for DEBUG and DATABASE_URL."""
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**environment, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ManageWithoutSettingsTests(SimpleTestCase):
    """A command run with a variable missing or malformed (`manage.py import_exchanges --help`
    without DEBUG=true or SECRET_KEY) printed a traceback of Django's start-up, ending in the
    message that says what to set."""

    def test_it_says_what_to_set_without_a_traceback(self):
        result = run_manage("import_exchanges", "--help", SECRET_KEY="")
        self.assertEqual(result.returncode, 1)
        self.assertNotIn("Traceback", result.stderr)
        self.assertEqual(
            result.stderr.strip(),
            "SECRET_KEY must be set when DEBUG is not 'true' (production refuses to start without it).",
        )

    def test_a_malformed_variable_is_named(self):
        result = run_manage("check", DEBUG="yes please")
        self.assertEqual(result.returncode, 1)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("DEBUG", result.stderr)

    def test_with_its_settings_the_command_answers(self):
        result = run_manage("import_exchanges", "--help", DEBUG="true")
        self.assertEqual(result.returncode, 0)
        self.assertIn("--dry-run", result.stdout)


class SettingsFromEnvironmentTests(SimpleTestCase):
    def assert_refused(self, variable, **env):
        result = start_django(**env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn(variable, result.stderr.splitlines()[-1])

    def test_debug_is_off_and_sqlite_is_used_unless_asked(self):
        result = start_django(SECRET_KEY="k")
        self.assertEqual(result.stdout.split(), ["False", "django.db.backends.sqlite3"])

    def test_production_refuses_to_start_without_a_secret_key(self):
        self.assert_refused("SECRET_KEY", SECRET_KEY="")

    def test_a_malformed_boolean_is_refused(self):
        self.assert_refused("DEBUG", DEBUG="yes please", SECRET_KEY="k")

    def test_a_malformed_number_is_refused(self):
        self.assert_refused(
            "CONN_MAX_AGE", CONN_MAX_AGE="forever", SECRET_KEY="k", DATABASE_URL="postgres://u@localhost/db"
        )

    def test_counting_limits_below_one_are_refused(self):
        self.assert_refused("COUNT_CAP", COUNT_CAP="0", SECRET_KEY="k")
        self.assert_refused("LINK_FACET_SAMPLE", LINK_FACET_SAMPLE="-5", SECRET_KEY="k")

    def test_an_api_page_size_below_one_is_refused(self):
        # 0 turned the API's paging off: every exchange in one answer, without `next`.
        self.assert_refused("API_PAGE_SIZE", API_PAGE_SIZE="0", SECRET_KEY="k")
        self.assert_refused("API_PAGE_SIZE", API_PAGE_SIZE="-5", SECRET_KEY="k")

    def test_a_site_url_that_is_no_web_address_is_refused(self):
        # The base of every permanent address: "exchanges.example.org" alone made citations and
        # downloads name "exchanges.example.org/exchanges/…", which no program follows.
        for value in [
            "exchanges.example.org",
            "ftp://exchanges.example.org",
            "https://",
            "https://x.org/?a=1",
        ]:
            with self.subTest(value):
                self.assert_refused("SITE_URL", SITE_URL=value, SECRET_KEY="k")
        result = start_django(
            show="settings.SITE_URL", SITE_URL="https://exchanges.example.org/", SECRET_KEY="k"
        )
        self.assertEqual(result.stdout.strip(), "https://exchanges.example.org/")

    def test_a_negative_or_malformed_rest_for_the_cache_is_refused(self):
        self.assert_refused("CACHE_RETRY_SECONDS", CACHE_RETRY_SECONDS="-1", SECRET_KEY="k")
        self.assert_refused("CACHE_RETRY_SECONDS", CACHE_RETRY_SECONDS="ten", SECRET_KEY="k")

    def test_a_malformed_database_url_is_refused(self):
        self.assert_refused("DATABASE_URL", DATABASE_URL="nonsense://what", SECRET_KEY="k")

    def test_database_url_selects_postgresql_with_persistent_healthy_connections(self):
        database = "settings.DATABASES['default']"
        result = start_django(
            show=f"{database}['ENGINE'], {database}['CONN_MAX_AGE'], {database}['CONN_HEALTH_CHECKS']",
            SECRET_KEY="k",
            DATABASE_URL="postgres://u@db.example:5432/x",
        )
        self.assertEqual(result.stdout.split(), ["django.db.backends.postgresql", "60", "True"])
