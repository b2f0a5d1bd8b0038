import datetime
import json
import re
import shutil
import tempfile
from pathlib import Path

import bibtexparser
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from exchanges.citations import bibtex_key, chicago
from exchanges.models import Exchange
from opendata.releases import make_release
from tests.factories import make_exchange

UPDATED = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC)


class EventJsonLd:
    """The schema.org Event of an exchange's page, as search engines read it."""

    def json_ld(self, exchange):
        content = self.client.get(f"/exchanges/{exchange.slug}/").content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.DOTALL)
        return next(data for data in map(json.loads, blocks) if data["@type"] == "Event")


class CitationTests(EventJsonLd, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Obama & Xi {informal} summit at 100% — Sunnylands_2013")
        Exchange.objects.filter(pk=cls.exchange.pk).update(updated=UPDATED)
        cls.url = f"http://127.0.0.1:8000/exchanges/{cls.exchange.slug}/"

    def test_the_page_has_a_cite_box_with_apa_and_chicago(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/")
        self.assertContains(response, "Cite this exchange")
        self.assertContains(
            response,
            "Obama &amp; Xi {informal} summit at 100% — Sunnylands_2013. (2026, March 4). "
            f"In <i>U.S.-China Exchange Database</i>. {self.url}",
        )
        self.assertContains(
            response,
            "“Obama &amp; Xi {informal} summit at 100% — Sunnylands_2013.” U.S.-China Exchange Database. "
            f"Last modified March 4, 2026. {self.url}.",
        )
        for extension in ["bib", "ris", "json"]:
            self.assertContains(response, f'href="/exchanges/{self.exchange.slug}/cite.{extension}"')

    def test_a_title_ending_with_a_question_takes_no_period_and_inner_quotes_turn_single(self):
        exchange = make_exchange(title='Who owns the "panda" loans?')
        Exchange.objects.filter(pk=exchange.pk).update(updated=UPDATED)
        response = self.client.get(f"/exchanges/{exchange.slug}/")
        self.assertContains(response, "Who owns the &quot;panda&quot; loans? (2026, March 4). In <i>")
        self.assertContains(response, "“Who owns the ‘panda’ loans?” U.S.-China Exchange Database.")

    def test_chicago_turns_straight_and_curly_inner_quotes_alike_into_curly_single_ones(self):
        for title in ['"Ping-pong" and the "panda" (“loans”)', "“Ping-pong” and the “panda” (“loans”)"]:
            with self.subTest(title):
                exchange = make_exchange(title=title)
                self.assertTrue(chicago(exchange).startswith("“‘Ping-pong’ and the ‘panda’ (‘loans’).”"))

    def test_chicago_pairs_straight_quotes_in_order_whatever_stands_before_them(self):
        # A quote was taken to open only after a space or a bracket: after a dash, a comma or a
        # Chinese character it turned closing, and "中美"乒乓外交"" read 中美’乒乓外交’.
        for title, cited in [
            ('中美"乒乓外交"', "“中美‘乒乓外交’.”"),
            ('Xi—"a new era" begins', "“Xi—‘a new era’ begins.”"),
            ('Talks on "trade","tariffs" and more', "“Talks on ‘trade’,‘tariffs’ and more.”"),
            # An odd one is no pair: an inch mark stays closing, as before.
            ('A 12" record', "“A 12’ record.”"),
        ]:
            with self.subTest(title):
                self.assertTrue(chicago(make_exchange(title=title)).startswith(cited))

    def test_a_bibtex_key_leaves_one_hyphen_where_characters_are_left_out(self):
        exchange = make_exchange(title="Ping-pong 乒乓外交 diplomacy")
        self.assertEqual(bibtex_key(exchange), f"usce{exchange.pk}-ping-pong-diplomacy")
        chinese = make_exchange(title="乒乓外交")
        self.assertEqual(bibtex_key(chinese), f"usce{chinese.pk}")
        ascii_only = make_exchange(title="Ping-pong diplomacy")
        self.assertEqual(bibtex_key(ascii_only), "usce-ping-pong-diplomacy")

    def test_slugs_that_differ_only_in_letters_left_out_have_keys_of_their_own(self):
        """BibTeX keys are ASCII: a key cut down to a slug's ASCII letters named every exchange whose
        slug differs only in the others ("中美乒乓外交-1971", "尼克松访华-1971", and "1971" itself),
        and the record's number alone ("乒乓外交") the exchange whose slug is that number. BibTeX keeps
        one entry of a key and citeproc one CSL-JSON item of an id."""
        exchanges = [
            make_exchange(title="中美乒乓外交 1971"),
            make_exchange(title="尼克松访华 1971"),
            make_exchange(title="1971"),
            make_exchange(title="Ping-pong 乒乓 diplomacy"),
            make_exchange(title="Ping-pong diplomacy"),
        ]
        chinese = make_exchange(title="乒乓外交")
        exchanges += [chinese, make_exchange(title=str(chinese.pk))]
        keys = [bibtex_key(exchange) for exchange in exchanges]
        self.assertEqual(len(set(keys)), len(keys), keys)
        ids = [
            json.loads(self.client.get(f"/exchanges/{exchange.slug}/cite.json").content)[0]["id"]
            for exchange in exchanges
        ]
        self.assertEqual(ids, keys)
        for key in keys:
            self.assertRegex(key, r"^usce[0-9]*-?[a-z0-9_-]*$")

    def test_two_exchanges_of_one_long_title_have_keys_of_their_own(self):
        """A recurring event keeps its title; the second slug ends "-2" past the key's first 60
        letters. One key for both: BibTeX keeps the first entry of a key and drops the other, and
        citeproc takes two CSL-JSON items of one id for one."""
        title = "Annual U.S.-China Strategic and Economic Dialogue meets in Washington for two days"
        first, second = make_exchange(title=title), make_exchange(title=title)
        self.assertNotEqual(first.slug, second.slug)
        keys = [bibtex_key(first), bibtex_key(second)]
        self.assertEqual(len(set(keys)), 2, keys)
        ids = [
            json.loads(self.client.get(f"/exchanges/{e.slug}/cite.json").content)[0]["id"]
            for e in (first, second)
        ]
        self.assertEqual(len(set(ids)), 2, ids)

    def test_bibtex_month_is_the_month_the_styles_name(self):
        """`month = {mar}` is the text "mar", which BibTeX's standard styles print as written
        ("mar 2026"); the bare abbreviation `mar` is their predefined macro ("March 2026")."""
        response = self.client.get(f"/exchanges/{self.exchange.slug}/cite.bib")
        # As written, without the parser's own reading of braces and macros.
        library = bibtexparser.parse_string(response.content.decode(), parse_stack=[])
        self.assertEqual(library.failed_blocks, [])
        self.assertEqual(library.entries[0]["month"], "mar")

    def test_a_lone_brace_in_a_title_leaves_the_bibtex_balanced(self):
        """BibTeX counts every brace of a field, a backslash before it or not: "\\{" alone left the
        title open, and it swallowed the entries pasted after it."""
        exchange = make_exchange(title="Talks on {the panda loans, part 2")
        text = self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
        depth = 0
        for char in text:
            depth += {"{": 1, "}": -1}.get(char, 0)
            self.assertGreaterEqual(depth, 0, text)
        self.assertEqual(depth, 0, text)
        library = bibtexparser.parse_string(text + "\n" + text.replace(bibtex_key(exchange), "next"))
        self.assertEqual(len(library.entries), 2)

    def test_bibtex_writes_the_signs_latexs_default_font_draws_as_others_by_name(self):
        """In LaTeX's default font encoding (OT1, pdfLaTeX without fontenc) "<" is printed "¡", ">"
        "¿" and "|" "—": "Tariffs < 10% | talks" came out as "Tariffs ¡ 10% — talks"."""
        exchange = make_exchange(title="Tariffs < 10% | talks > none")
        text = self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
        title = bibtexparser.parse_string(text).entries[0]["title"]
        self.assertEqual(title, "{Tariffs \\textless{} 10\\% \\textbar{} talks \\textgreater{} none}")

    def test_bibtex_parses(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/cite.bib")
        self.assertEqual(response.status_code, 200)
        library = bibtexparser.parse_string(response.content.decode())
        self.assertEqual(library.failed_blocks, [])
        self.assertEqual(len(library.entries), 1)
        entry = library.entries[0]
        self.assertEqual(entry.entry_type, "misc")
        self.assertEqual(entry["url"], self.url)
        self.assertEqual(entry["year"], "2026")
        # The whole title in braces of its own, so that no style lower-cases "Obama"; its own
        # braces and TeX's special characters escaped inside them.
        self.assertEqual(
            entry["title"],
            "{Obama \\& Xi \\textbraceleft{}informal\\textbraceright{} summit at 100\\% — Sunnylands\\_2013}",
        )

    def test_the_bibtex_url_of_a_slug_in_other_letters_has_no_percent_escapes(self):
        """A `%` is where TeX's comments begin: in a .bbl read by classic BibTeX styles that pass the
        url in another command's argument, `…/pe%C3%B1a…` cut the entry short. biblatex reads `url` as
        a verbatim field and escapes an address without `%` itself (RFC 3987), where `\\%` would be
        a backslash in the link: the field is the address with its letters as written."""
        for title, letters in [("Peña Nieto visit", "peña-nieto-visit"), ("中美 dialogue", "中美-dialogue")]:
            with self.subTest(title=title):
                exchange = make_exchange(title=title)
                self.assertEqual(exchange.slug, letters)
                text = self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
                [entry] = bibtexparser.parse_string(text).entries
                self.assertEqual(entry["url"], f"http://127.0.0.1:8000/exchanges/{letters}/")
                self.assertNotIn("%", text)
                # The other formats are not read by TeX: their address stays escaped, as the page's.
                escaped = iri_to_uri(entry["url"])
                self.assertIn("%", escaped)
                ris = self.client.get(f"/exchanges/{exchange.slug}/cite.ris").content.decode()
                self.assertIn(f"UR  - {escaped}\r\n", ris)

    def test_ris_has_the_required_tags(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/cite.ris")
        lines = response.content.decode().split("\r\n")
        self.assertTrue(lines[0].startswith("TY  - "))
        self.assertEqual(lines[-2], "ER  - ")
        tags = {line[:2]: line[6:] for line in lines if line}
        self.assertEqual(tags["UR"], self.url)
        self.assertEqual(tags["DA"], "2026/03/04/")
        self.assertTrue(tags["TI"].startswith("Obama & Xi"))

    def test_ris_dates_follow_the_formats_grammar(self):
        """RIS (the 2011 specification): PY is the year, four digits; DA is `YYYY/MM/DD/other info`,
        each part optional but never its slash (`1972///`, `1972/06//`, `1972///Spring`). DA was
        `2026/03/04`, without the slash before the other info, which a strict reader refuses."""
        date = re.compile(r"(?P<year>\d{4})/(?P<month>\d{2})?/(?P<day>\d{2})?/(?P<other>[A-Za-z -]*)")
        for updated in [
            datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
            datetime.datetime(1999, 1, 2, tzinfo=datetime.UTC),
        ]:
            with self.subTest(updated=updated):
                Exchange.objects.filter(pk=self.exchange.pk).update(updated=updated)
                text = self.client.get(f"/exchanges/{self.exchange.slug}/cite.ris").content.decode()
                tags = {line[:2]: line[6:] for line in text.split("\r\n") if line}
                self.assertRegex(tags["PY"], r"^\d{4}$")
                found = date.fullmatch(tags["DA"])
                self.assertIsNotNone(found, tags["DA"])
                self.assertEqual(
                    (int(found["year"]), int(found["month"]), int(found["day"])),
                    (updated.year, updated.month, updated.day),
                )
                self.assertEqual(tags["PY"], found["year"])

    def test_the_author_is_the_database_kept_whole_as_one_corporate_name_in_every_format(self):
        """The record's organisations are no authors. The database is, as a name no reader splits
        into a last and a first name: RIS readers (Zotero's, as it writes a one-field name) read
        "AU  - X, Y" as "X" and "Y", so the line holds no comma; BibTeX's is braced twice and
        CSL-JSON's a literal."""
        exchange = make_exchange(
            title="Berkeley delegation", partners="University of California, Berkeley\nPeking University"
        )
        ris = self.client.get(f"/exchanges/{exchange.slug}/cite.ris").content.decode()
        authors = [line[6:] for line in ris.split("\r\n") if line.startswith("AU  - ")]
        self.assertEqual(authors, ["U.S.-China Exchange Database"])
        self.assertNotIn(",", authors[0])
        [entry] = bibtexparser.parse_string(
            self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
        ).entries
        self.assertEqual(entry["author"], "{U.S.-China Exchange Database}")
        [item] = json.loads(self.client.get(f"/exchanges/{exchange.slug}/cite.json").content)
        self.assertEqual(item["author"], [{"literal": "U.S.-China Exchange Database"}])

    def test_csl_json_names_the_version(self):
        items = json.loads(self.client.get(f"/exchanges/{self.exchange.slug}/cite.json").content)
        self.assertEqual(items[0]["URL"], self.url)
        self.assertEqual(items[0]["issued"], {"date-parts": [[2026, 3, 4]]})
        self.assertEqual(items[0]["version"], "2026-03-04")

    def test_a_record_without_a_summary_has_no_empty_abstract_in_any_format(self):
        """RIS wrote "AB  - " and CSL-JSON "abstract": "", which reference managers import as an
        empty abstract; the page's JSON-LD gave the event an empty description."""
        for summary in ["", "  \n "]:
            with self.subTest(summary=summary):
                exchange = make_exchange(title="Quiet visit", summary=summary)
                ris = self.client.get(f"/exchanges/{exchange.slug}/cite.ris").content.decode()
                lines = ris.split("\r\n")
                self.assertFalse([line for line in lines[:-2] if line.endswith("  - ")], ris)
                self.assertEqual(lines[-2], "ER  - ")
                [item] = json.loads(self.client.get(f"/exchanges/{exchange.slug}/cite.json").content)
                self.assertNotIn("abstract", item)
                self.assertNotIn("", item.values())
                [entry] = bibtexparser.parse_string(
                    self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
                ).entries
                self.assertNotIn("{}", [field.value for field in entry.fields])
                self.assertNotIn("description", self.json_ld(exchange))

    def test_a_summary_is_the_abstract_in_ris_and_csl_json(self):
        exchange = make_exchange(title="Talks", summary="Officials  met\nto talk.")
        ris = self.client.get(f"/exchanges/{exchange.slug}/cite.ris").content.decode()
        self.assertIn("AB  - Officials met to talk.\r\n", ris)
        [item] = json.loads(self.client.get(f"/exchanges/{exchange.slug}/cite.json").content)
        self.assertEqual(item["abstract"], "Officials  met\nto talk.")

    def test_drafts_have_no_citation(self):
        draft = make_exchange(title="Draft", status=Exchange.Status.DRAFT)
        self.assertEqual(self.client.get(f"/exchanges/{draft.slug}/cite.bib").status_code, 404)

    def test_about_page_cites_the_dataset(self):
        response = self.client.get("/about/")
        self.assertContains(response, "How to cite the database")
        self.assertContains(response, f"U.S.-China Exchange Database. ({timezone.localdate().year}). <i>")
        self.assertContains(response, "[Data set]. http://127.0.0.1:8000/data/")

    def test_about_page_dates_the_release_it_cites_in_every_style(self):
        # Chicago's citation of a release named its version alone, with no date at all, where a data
        # set is dated as any other work: the day the release was made, which its name gives.
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        make_release(folder, today=datetime.date(2025, 12, 2))
        make_release(folder, today=datetime.date(2025, 12, 2))
        with override_settings(RELEASES_DIR=folder):
            response = self.client.get("/about/")
        self.assertContains(
            response,
            "U.S.-China Exchange Database. (2025). <i>U.S.-China Exchange Database</i> "
            "(Version 2025.12.02.2) [Data set]. http://127.0.0.1:8000/data/",
        )
        self.assertContains(
            response,
            "U.S.-China Exchange Database. <i>U.S.-China Exchange Database</i>. Version 2025.12.02.2. "
            "December 2, 2025. Dataset. http://127.0.0.1:8000/data/.",
        )


class CitedDateTests(EventJsonLd, TestCase):
    """The exchange's own date goes into each format at the precision the record knows it."""

    @classmethod
    def setUpTestData(cls):
        D = datetime.date
        cls.day = make_exchange(title="Call", date=D(2014, 7, 14))
        cls.month = make_exchange(title="Pact", date=D(2014, 4, 9), date_precision="month")
        cls.circa = make_exchange(title="Tour", date=D(1985, 1, 1), date_precision="year", circa=True)
        cls.span = make_exchange(
            title="Programme", date=D(2013, 1, 1), date_precision="year", end_date=D(2016, 12, 31)
        )

    def test_json_ld_event_dates_are_never_more_exact_than_the_record(self):
        self.assertEqual(self.json_ld(self.day)["startDate"], "2014-07-14")
        self.assertEqual(self.json_ld(self.month)["startDate"], "2014-04")
        span = self.json_ld(self.span)
        self.assertEqual((span["startDate"], span["endDate"]), ("2013", "2016"))
        circa = self.json_ld(self.circa)
        self.assertEqual(circa["startDate"], "1985")
        self.assertEqual(circa["disambiguatingDescription"], "Date: c. 1985")
        self.assertNotIn("disambiguatingDescription", self.json_ld(self.day))

    def test_csl_json_has_the_event_date_with_circa(self):
        def event_date(exchange):
            response = self.client.get(f"/exchanges/{exchange.slug}/cite.json")
            return json.loads(response.content)[0]["event-date"]

        self.assertEqual(event_date(self.day), {"date-parts": [[2014, 7, 14]]})
        self.assertEqual(event_date(self.month), {"date-parts": [[2014, 4]]})
        self.assertEqual(event_date(self.circa), {"date-parts": [[1985]], "circa": True})
        self.assertEqual(event_date(self.span), {"date-parts": [[2013], [2016]]})

    def test_bibtex_has_the_event_date_as_biblatex_reads_it(self):
        def eventdate(exchange):
            library = bibtexparser.parse_string(
                self.client.get(f"/exchanges/{exchange.slug}/cite.bib").content.decode()
            )
            self.assertEqual(library.failed_blocks, [])
            return library.entries[0]["eventdate"]

        self.assertEqual(eventdate(self.day), "2014-07-14")
        self.assertEqual(eventdate(self.month), "2014-04")
        self.assertEqual(eventdate(self.circa), "1985~")
        self.assertEqual(eventdate(self.span), "2013/2016")

    def test_ris_notes_the_exchange_date_as_the_page_shows_it(self):
        lines = self.client.get(f"/exchanges/{self.circa.slug}/cite.ris").content.decode().split("\r\n")
        self.assertIn("N1  - Exchange date: c. 1985", lines)
        lines = self.client.get(f"/exchanges/{self.month.slug}/cite.ris").content.decode().split("\r\n")
        self.assertIn("N1  - Exchange date: April 2014", lines)
