"""The interface is ready for a Chinese translation: under a small catalogue built here, the public
pages speak it, say so in <html lang>, and write their dates in its order.

A string on these pages left out of gettext stays English here, and the test fails."""

import datetime
import struct
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from entities.models import Organisation, OrganisationAlias
from exchanges import dates
from tests.factories import make_exchange

# A few of the strings the pages show, one or two a page, as a translator would write them.
CATALOGUE = {
    "Latest exchanges": "最新交流",
    "Browse exchanges": "浏览交流",
    "Sort by:": "排序：",
    "%(label)s: %(value)s": "%(label)s：%(value)s",
    "Type of exchange": "交流类型",
    "Also written:": "又作：",
    "Summary in Chinese": "中文摘要",
    "%(start)s–%(end_day)s, %(year)s": "%(year)s年%(start)s至%(end_day)s日",
    "About the database": "关于本数据库",
    "Tell us about an exchange": "告诉我们一次交流",
    "We cannot find that page": "找不到该页面",
    "Data and API": "数据与接口",
    ("%(shown)s exchange", "%(shown)s exchanges"): ("%(shown)s 次交流",),
}


def write_mo(path, catalogue):
    """`catalogue` as a GNU .mo file, as msgfmt writes it (without the optional hash table)."""
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n"
    entries = {"": header}
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple):
            msgid, msgstr = "\0".join(msgid), "\0".join(msgstr)
        entries[msgid] = msgstr
    ids, strs = zip(*sorted((key.encode(), value.encode()) for key, value in entries.items()), strict=True)
    count = len(ids)
    start = 7 * 4 + 2 * count * 8
    id_table, offset = [], start
    for text in ids:
        id_table += [len(text), offset]
        offset += len(text) + 1
    str_table = []
    for text in strs:
        str_table += [len(text), offset]
        offset += len(text) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
        + struct.pack(f"<{4 * count}I", *id_table, *str_table)
        + b"".join(text + b"\0" for text in ids)
        + b"".join(text + b"\0" for text in strs)
    )


class TranslationReadyTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.locale = tempfile.TemporaryDirectory()
        write_mo(Path(cls.locale.name) / "zh_Hans" / "LC_MESSAGES" / "django.mo", CATALOGUE)
        cls.enterClassContext(
            override_settings(
                LANGUAGES=[("en", "English"), ("zh-hans", "简体中文")], LOCALE_PATHS=[cls.locale.name]
            )
        )
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.locale.cleanup()

    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Governors meet in Des Moines",
            summary_zh="州长们会面。",
            date=datetime.date(2023, 6, 18),
            end_date=datetime.date(2023, 6, 19),
            partners="State of Iowa",
        )
        cls.organisation = Organisation.objects.get(name="State of Iowa")
        OrganisationAlias.objects.create(entity=cls.organisation, name="Iowa")

    def setUp(self):
        # Dates are remembered per language; those of another test's catalogue must not answer.
        dates._formatted.cache_clear()
        self.addCleanup(dates._formatted.cache_clear)

    def page(self, url, language="zh-hans"):
        return self.client.get(url, headers={"accept-language": language}).content.decode()

    def test_every_public_page_speaks_the_translation(self):
        for url, english, chinese in [
            ("/", "Latest exchanges", "最新交流"),
            ("/exchanges/", "Sort by:", "排序："),
            ("/exchanges/", "1 exchange\n", "1 次交流\n"),
            ("/exchanges/?type=diplomatic", "Type of exchange: Diplomatic", "交流类型：Diplomatic"),
            ("/exchanges/?type=bogus", "<li>Type of exchange: ", "<li>交流类型："),
            (f"/organisations/{self.organisation.slug}/", "Also written:", "又作："),
            (self.exchange.get_absolute_url(), "Summary in Chinese", "中文摘要"),
            ("/about/", "About the database", "关于本数据库"),
            ("/contribute/", "Tell us about an exchange", "告诉我们一次交流"),
            ("/data/", "Data and API", "数据与接口"),
            ("/no-such-page/", "We cannot find that page", "找不到该页面"),
        ]:
            with self.subTest(url=url, english=english):
                self.assertIn(english, self.page(url, "en"))
                translated = self.page(url)
                self.assertIn(chinese, translated)
                self.assertNotIn(english, translated)

    def test_the_page_says_its_language(self):
        self.assertIn('<html lang="en">', self.page("/", "en"))
        self.assertIn('<html lang="zh-hans">', self.page("/"))

    def test_dates_follow_the_language(self):
        # Django's own formats for zh-Hans give the day ("m月j日"); the catalogue orders the span.
        self.assertIn("June 18–19, 2023", self.page(self.exchange.get_absolute_url(), "en"))
        self.assertIn("2023年06月18日至19日", self.page(self.exchange.get_absolute_url()))
