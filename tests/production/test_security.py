"""HTTPS, HSTS, cookies and the Content-Security-Policy, from the environment."""

import re
import subprocess
import sys

from django.test import SimpleTestCase, TestCase

from tests.config.test_settings import start_django

from .servers import BASE_DIR, documented_environment


def check_deploy(**overrides):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=documented_environment(**overrides),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


class DeployCheckTests(SimpleTestCase):
    def test_check_deploy_is_clean_under_the_documented_production_environment(self):
        result = check_deploy()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)
        self.assertNotIn("WARNING", result.stdout + result.stderr)

    def test_check_deploy_names_what_is_missing_without_https(self):
        result = check_deploy(HTTPS="false")
        self.assertNotEqual(result.returncode, 0)
        for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
            self.assertIn(warning, result.stderr)

    def test_check_deploy_refuses_a_short_secret_key(self):
        result = check_deploy(SECRET_KEY="short")
        self.assertIn("security.W009", result.stderr)


class HttpsSettingsTests(SimpleTestCase):
    show = (
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)"
    )

    def test_plain_http_is_the_default_so_make_run_works(self):
        result = start_django(show=self.show, SECRET_KEY="k", HTTPS="", BEHIND_PROXY="")
        self.assertEqual(result.stdout.split(), ["False", "False", "False", "0", "None"])

    def test_https_turns_on_the_redirect_secure_cookies_and_a_year_of_hsts(self):
        result = start_django(show=self.show, SECRET_KEY="k", HTTPS="true", BEHIND_PROXY="")
        self.assertEqual(result.stdout.split(), ["True", "True", "True", "31536000", "None"])

    def test_behind_proxy_trusts_x_forwarded_proto(self):
        result = start_django(show=self.show, SECRET_KEY="k", HTTPS="true", BEHIND_PROXY="true")
        self.assertIn("('HTTP_X_FORWARDED_PROTO', 'https')", result.stdout)

    def test_a_malformed_https_value_is_refused(self):
        result = start_django(SECRET_KEY="k", HTTPS="yes")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("HTTPS", result.stderr.splitlines()[-1])


class ResponseHeaderTests(TestCase):
    def test_pages_forbid_inline_script_and_style(self):
        policy = self.client.get("/about/").headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        self.assertEqual(directives["default-src"], "'self'")
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertNotIn("unsafe", policy)

    def test_pages_say_nosniff_and_limit_the_referrer(self):
        headers = self.client.get("/about/").headers
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(headers["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(headers["X-Frame-Options"], "DENY")


class TemplatesWithoutInlineCodeTests(SimpleTestCase):
    """The policy above blocks inline script and style: none may be written."""

    inline = {
        "a style attribute": re.compile(r"\sstyle\s*=", re.I),
        "a <style> element": re.compile(r"<style[\s>]", re.I),
        # JSON-LD is data for search engines, never executed, so the policy does not apply to it.
        "an inline <script>": re.compile(
            r"<script(?![^>]*\ssrc=)(?![^>]*\stype=\"application/ld\+json\")[^>]*>", re.I
        ),
        "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    }

    def test_no_template_holds_inline_script_or_style(self):
        templates = sorted((BASE_DIR / "templates").rglob("*.html"))
        self.assertGreater(len(templates), 5)
        found = [
            f"{path.relative_to(BASE_DIR)}: {what}"
            for path in templates
            for what, pattern in self.inline.items()
            if pattern.search(path.read_text())
        ]
        self.assertEqual(found, [])
