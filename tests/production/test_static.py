"""collectstatic with WhiteNoise's compressed manifest storage: hashed names,
compressed variants and far-future cache headers."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import TestCase, override_settings

from tests.config.test_settings import start_django

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


class CollectedStaticFilesTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.static_root = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, cls.static_root)
        cls.enterClassContext(
            override_settings(
                STATIC_ROOT=cls.static_root,
                STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}},
            )
        )
        call_command("collectstatic", interactive=False, verbosity=0)

    def test_files_get_hashed_names_and_compressed_variants(self):
        url = static("css/site.css")
        self.assertRegex(url, r"^/static/css/site\.[0-9a-f]{12}\.css$")
        hashed = self.static_root / url.removeprefix("/static/")
        self.assertTrue(hashed.exists())
        self.assertTrue(hashed.with_name(hashed.name + ".gz").exists())

    def test_pages_link_the_hashed_names(self):
        page = self.client.get("/about/").content.decode()
        self.assertRegex(page, r'href="/static/css/site\.[0-9a-f]{12}\.css"')
        self.assertRegex(page, r'src="/static/vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js"')

    def test_hashed_files_are_cached_for_ever_and_plain_names_briefly(self):
        hashed = self.client.get(static("css/site.css"))
        self.assertEqual(hashed.status_code, 200)
        self.assertEqual(hashed.headers["Cache-Control"], "max-age=315360000, public, immutable")
        plain = self.client.get("/static/css/site.css")
        self.assertEqual(plain.headers["Cache-Control"], "max-age=60, public")

    def test_gzip_is_served_to_browsers_that_ask(self):
        response = self.client.get(static("css/site.css"), headers={"accept-encoding": "gzip"})
        self.assertEqual(response.headers["Content-Encoding"], "gzip")


class StorageChoiceTests(TestCase):
    def test_production_uses_the_manifest_and_debug_the_plain_files(self):
        show = "settings.STORAGES['staticfiles']['BACKEND']"
        self.assertEqual(start_django(show=show, SECRET_KEY="k").stdout.strip(), MANIFEST_STORAGE)
        self.assertEqual(
            start_django(show=show, DEBUG="true").stdout.strip(),
            "django.contrib.staticfiles.storage.StaticFilesStorage",
        )

    def test_static_root_comes_from_the_environment(self):
        result = start_django(show="settings.STATIC_ROOT", SECRET_KEY="k", STATIC_ROOT="/srv/static")
        self.assertEqual(result.stdout.strip(), "/srv/static")
        default = start_django(show="settings.STATIC_ROOT", SECRET_KEY="k", STATIC_ROOT="")
        self.assertEqual(default.stdout.strip(), str(settings.BASE_DIR / "staticfiles"))
