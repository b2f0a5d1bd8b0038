import csv
import datetime
import io
import json
import re
from pathlib import Path

from django.conf import settings
from django.test import Client, TestCase, override_settings

from exchanges.models import Exchange
from exchanges.rows import exchange_row, read_row, unquote_cell
from opendata.rows import CSV_COLUMNS, csv_cells, excel_safe
from tests.factories import make_exchange

D = datetime.date


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"), newline="")))


def page_titles(client, query):
    response = client.get(f"/exchanges/{query}")
    return [exchange.title for exchange in response.context["page"].object_list]


class DownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pact = make_exchange(
            title="California Jiangsu education pact",
            type="education",
            levels=["state"],
            date=D(2014, 4, 1),
            date_precision="month",
            partners="California Department of Education\nJiangsu Education Department",
            sponsors='=HYPERLINK("http://evil")',
            participant_count=40,
            continuing=True,
            location="Nanjing",
            sources=2,
        )
        make_exchange(
            title="University exchange programme",
            type="education",
            government=False,
            date=D(2014, 9, 1),
            date_precision="year",
            summary="-1 students; 中文 summary",
        )
        make_exchange(title="Obama Xi call", date=D(2014, 7, 14))
        make_exchange(title="Education summit of 2016", type="education", date=D(2016, 5, 2))
        make_exchange(title="Draft education visit", type="education", status=Exchange.Status.DRAFT)

    def test_csv_has_the_import_columns_and_the_rows_on_screen(self):
        query = "?type=education&date_after=2014&date_before=2014"
        response = self.client.get(f"/exchanges.csv{query}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        rows = csv_rows(self.client.get(f"/exchanges.csv{query}"))
        self.assertEqual([row["Title"] for row in rows], page_titles(self.client, query))
        self.assertEqual(len(rows), 2)
        self.assertEqual(list(rows[0].keys()), CSV_COLUMNS)

    def test_csv_is_utf8_without_a_byte_order_mark(self):
        content = body(self.client.get("/exchanges.csv"))
        self.assertTrue(content.startswith(b"Title,Summary,"))
        self.assertIn("中文".encode(), content)

    def test_csv_for_excel_is_the_same_file_after_a_byte_order_mark(self):
        plain = body(self.client.get("/exchanges.csv?type=education"))
        for_excel = body(self.client.get("/exchanges.csv?type=education&excel=1"))
        self.assertEqual(for_excel, b"\xef\xbb\xbf" + plain)
        self.assertIn("中文".encode(), for_excel)
        # As the import reads it back: the mark is not part of the first heading.
        self.assertEqual(
            list(csv.DictReader(io.StringIO(for_excel.decode("utf-8-sig"))))[0].keys(), set(CSV_COLUMNS)
        )

    def test_the_csv_for_excel_is_saved_under_a_name_of_its_own(self):
        """Both were saved as exchanges.csv: downloading one after the other wrote over the first, or
        gave "exchanges (1).csv", and a reader could not tell which file Excel would read right."""
        plain = self.client.get("/exchanges.csv?type=education")
        for_excel = self.client.get("/exchanges.csv?type=education&excel=1")
        self.assertEqual(plain["Content-Disposition"], 'attachment; filename="exchanges.csv"')
        # The name the releases give their copy for Excel (opendata/releases.py, SPREADSHEET_COPY).
        self.assertEqual(for_excel["Content-Disposition"], 'attachment; filename="exchanges-for-excel.csv"')
        self.assertEqual(
            self.client.head("/exchanges.csv?excel=yes")["Content-Disposition"],
            'attachment; filename="exchanges-for-excel.csv"',
        )

    def test_excel_takes_yes_or_no_in_the_catalogues_words_and_refuses_others_with_a_clear_400(self):
        """`excel=true` gave the plain file without a word, which Excel then garbled."""
        plain = body(self.client.get("/exchanges.csv?type=education"))
        for value in ["1", "yes", "true", "TRUE"]:
            with self.subTest(value):
                self.assertEqual(
                    body(self.client.get(f"/exchanges.csv?type=education&excel={value}")),
                    b"\xef\xbb\xbf" + plain,
                )
        for value in ["0", "no", "false", ""]:
            with self.subTest(value):
                self.assertEqual(body(self.client.get(f"/exchanges.csv?type=education&excel={value}")), plain)
        for value in ["2", "excel", "oui"]:
            with self.subTest(value):
                response = self.client.get(f"/exchanges.csv?type=education&excel={value}")
                self.assertContains(response, "could not be used", status_code=400)
                self.assertContains(response, f"For Excel: “{value}” is not yes or no", status_code=400)

    def test_the_results_and_data_pages_link_the_csv_for_excel(self):
        response = self.client.get("/exchanges/?type=education")
        self.assertContains(response, 'href="/exchanges.csv?type=education&amp;excel=1"')
        self.assertContains(self.client.get("/exchanges/"), 'href="/exchanges.csv?excel=1"')
        self.assertContains(self.client.get("/data/"), 'href="/exchanges.csv?excel=1"')

    def test_multi_valued_fields_are_one_cell_with_line_breaks(self):
        row = next(
            row for row in csv_rows(self.client.get("/exchanges.csv")) if row["Title"].startswith("Calif")
        )
        self.assertEqual(row["Partners"], "California Department of Education\nJiangsu Education Department")
        self.assertEqual(row["Source URL"], "Source 1 https://example.org/\nSource 2 https://example.org/")
        self.assertEqual(row["Exchange Date"], "April 2014")
        self.assertEqual(row["Government?"], "Yes")
        self.assertEqual(row["Continuing"], "Yes")
        self.assertEqual(row["Level of Government"], "State / provincial")
        self.assertEqual(row["Number of Participants"], "40")

    def test_cells_that_look_like_formulas_are_text(self):
        rows = {row["Title"]: row for row in csv_rows(self.client.get("/exchanges.csv"))}
        self.assertEqual(rows["California Jiangsu education pact"]["Sponsors"], '\'=HYPERLINK("http://evil")')
        self.assertEqual(rows["University exchange programme"]["Summary"], "'-1 students; 中文 summary")
        for start in ["=", "+", "-", "@", "\t", "\r"]:
            self.assertEqual(excel_safe(start + "1"), "'" + start + "1")
        self.assertEqual(excel_safe("Plain"), "Plain")

    def test_the_import_reads_a_protected_cell_back_as_written(self):
        for text in ["-1 talks", "=cmd", "'=cmd", "''+x", "'Tis the season", "@home", "Plain", "", "'"]:
            self.assertEqual(unquote_cell(excel_safe(text)), text, text)
        self.assertEqual(unquote_cell("'Tis"), "'Tis")

    def test_json_is_an_array_of_the_same_exchanges(self):
        query = "?type=education&date_after=2014&date_before=2014&sort=title"
        response = self.client.get(f"/exchanges.json{query}")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        records = json.loads(body(response))
        self.assertEqual([record["title"] for record in records], page_titles(self.client, query))
        pact = records[0]
        self.assertEqual(pact["slug"], self.pact.slug)
        self.assertEqual(
            pact["partners"], ["California Department of Education", "Jiangsu Education Department"]
        )
        self.assertEqual(len(pact["sources"]), 2)

    def test_json_records_are_the_apis_records(self):
        [downloaded] = json.loads(body(self.client.get("/exchanges.json?q=Jiangsu")))
        [from_api] = self.client.get("/api/v1/exchanges/?q=Jiangsu").json()["results"]
        self.assertEqual(downloaded, from_api)

    def test_json_records_say_when_they_were_first_published(self):
        first = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
        Exchange.objects.filter(pk=self.pact.pk).update(published=first)
        [downloaded] = json.loads(body(self.client.get("/exchanges.json?q=Jiangsu")))
        self.assertEqual(downloaded["first_published"], "2026-03-04T05:06:07Z")
        [from_api] = self.client.get("/api/v1/exchanges/?q=Jiangsu").json()["results"]
        self.assertEqual(downloaded, from_api)

    def test_empty_result_is_an_empty_array_and_a_header(self):
        self.assertEqual(json.loads(body(self.client.get("/exchanges.json?q=nothingmatchesthis"))), [])
        self.assertEqual(csv_rows(self.client.get("/exchanges.csv?q=nothingmatchesthis")), [])

    def test_it_downloads_the_whole_result_not_one_page(self):
        with override_settings(EXCHANGES_PER_PAGE=2):
            self.assertEqual(len(json.loads(body(self.client.get("/exchanges.json")))), 4)

    def test_bad_parameters_are_a_clear_400(self):
        for url in ["/exchanges.csv?date_after=June", "/exchanges.json?type=unknown&sort=relevance"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertContains(response, "could not be used", status_code=400)
        self.assertContains(
            self.client.get("/exchanges.csv?date_after=June"), "From: Enter a day", status_code=400
        )

    def test_an_empty_choice_is_no_choice_and_a_wrong_one_still_400(self):
        everything = csv_rows(self.client.get("/exchanges.csv"))
        for url in ["/exchanges.csv?country=", "/exchanges.csv?type=&level=&country=&government="]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(csv_rows(response), everything)
        self.assertContains(
            self.client.get("/exchanges.csv?country=moon"), "Country: Select a valid choice", status_code=400
        )

    def test_search_words_of_only_spaces_or_invisible_characters_are_no_search(self):
        # A zero-width space searched for nothing and downloaded nothing; spaces already were none.
        everything = csv_rows(self.client.get("/exchanges.csv?q="))
        as_json = json.loads(body(self.client.get("/exchanges.json?q=")))
        for q in [" ", "\t\t", "\u200b", "\u200b \ufeff"]:
            with self.subTest(q=q):
                self.assertEqual(csv_rows(self.client.get("/exchanges.csv", {"q": q})), everything)
                self.assertEqual(json.loads(body(self.client.get("/exchanges.json", {"q": q}))), as_json)

    def test_the_readme_lists_the_columns_of_the_file(self):
        readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
        listed = re.search(r"Its (\d+ )?columns: (.*?)\.\n", readme, re.DOTALL)
        header = next(csv.reader(io.StringIO(body(self.client.get("/exchanges.csv")).decode())))
        self.assertEqual(" ".join(listed[2].split()).split(", "), header)
        self.assertEqual(listed[1], f"{len(header)} ")

    @override_settings(DOWNLOAD_CHUNK_SIZE=2)
    def test_sources_are_fetched_per_chunk_not_per_row(self):
        for number in range(6):
            make_exchange(title=f"More {number}", sources=2)
        # One query for the catalogue's latest change (the Last-Modified), one for the exchanges
        # (with their address and times), read through a cursor two rows at a time, and one for the
        # sources of each chunk of two: 1 + 1 + 10 / 2.
        with self.assertNumQueries(7):
            rows = csv_rows(self.client.get("/exchanges.csv"))
        self.assertEqual(len(rows), 10)

    def test_json_links_are_fetched_per_chunk_not_per_row(self):
        for number in range(6):
            make_exchange(title=f"More {number}", sources=2)
        # One query for the catalogue's latest change (the Last-Modified), one for the exchanges, two
        # rows at a time, and for each chunk of two one for its sources and one per kind of entity
        # link: 1 + 1 + 5 * 4.
        with self.settings(DOWNLOAD_CHUNK_SIZE=2), self.assertNumQueries(22):
            records = json.loads(body(self.client.get("/exchanges.json")))
        self.assertEqual(len(records), 10)

    def test_each_csv_line_is_what_the_exchange_itself_gives(self):
        """The download reads plain values, not model instances: its lines must be the model's."""
        make_exchange(title="Circa visit", date=D(1985, 1, 1), date_precision="year", circa=True)
        make_exchange(
            title="Span of days",
            date=D(2014, 7, 9),
            end_date=D(2014, 7, 10),
            government=None,
            continuing=None,
        )
        downloaded = csv_rows(self.client.get("/exchanges.csv"))
        expected = [
            dict(zip(CSV_COLUMNS, csv_cells(exchange), strict=True))
            for exchange in Exchange.objects.published().prefetch_related("sources")
        ]
        self.assertEqual(downloaded, expected)

    def test_json_urls_are_the_pages_addresses_under_the_sites_address(self):
        chinese = make_exchange(title="乒乓外交 visit", date=D(1971, 4, 10))
        for site in ("https://exchanges.example.org", "http://127.0.0.1:8011/"):
            with self.settings(SITE_URL=site):
                records = {
                    record["slug"]: record["url"]
                    for record in json.loads(body(self.client.get("/exchanges.json")))
                }
            self.assertEqual(records[chinese.slug], site.rstrip("/") + chinese.get_absolute_url())
            self.assertEqual(records[self.pact.slug], site.rstrip("/") + self.pact.get_absolute_url())

    def test_csv_lines_end_with_the_records_address_and_times_as_the_json_gives_them(self):
        chinese = make_exchange(title="乒乓外交 visit", date=D(1971, 4, 10))
        Exchange.objects.filter(pk=self.pact.pk).update(
            published=datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
            updated=datetime.datetime(2026, 5, 6, 7, 8, 9, 120000, tzinfo=datetime.UTC),
        )
        Exchange.objects.filter(pk=chinese.pk).update(published=None)
        with self.settings(SITE_URL="https://exchanges.example.org/"):
            rows = {row["Title"]: row for row in csv_rows(self.client.get("/exchanges.csv"))}
            records = {
                record["title"]: record for record in json.loads(body(self.client.get("/exchanges.json")))
            }
        self.assertEqual(list(rows[self.pact.title])[-3:], ["Record URL", "First published", "Last updated"])
        pact = rows[self.pact.title]
        self.assertEqual(pact["Record URL"], "https://exchanges.example.org" + self.pact.get_absolute_url())
        self.assertEqual(pact["First published"], "2026-03-04T05:06:07Z")
        self.assertEqual(pact["Last updated"], "2026-05-06T07:08:09.120000Z")
        self.assertEqual(rows[chinese.title]["First published"], "")
        self.assertEqual(
            rows[chinese.title]["Record URL"], "https://exchanges.example.org" + chinese.get_absolute_url()
        )
        self.assertEqual(len(rows), len(records))
        for title, record in records.items():
            with self.subTest(title=title):
                self.assertEqual(
                    [rows[title]["Record URL"], rows[title]["First published"], rows[title]["Last updated"]],
                    [record["url"], record["first_published"] or "", record["updated"]],
                )

    def test_the_results_page_links_the_downloads_with_its_filters(self):
        response = self.client.get("/exchanges/?type=education&date_after=2014&page=1")
        self.assertContains(response, 'href="/exchanges.csv?type=education&amp;date_after=2014"')
        self.assertContains(response, 'href="/exchanges.json?type=education&amp;date_after=2014"')

    def test_the_links_leave_out_what_the_page_reported_as_unusable(self):
        response = self.client.get("/exchanges/?date_after=notadate&type=education&utm=x&sort=relevance")
        self.assertContains(response, "could not be used")
        self.assertContains(response, 'href="/exchanges.csv?type=education"')
        self.assertContains(response, 'href="/exchanges/feed/?type=education"')

    @override_settings(COUNT_CAP=1)
    def test_sorted_by_relevance_every_match_is_downloaded(self):
        """A page ranks the COUNT_CAP newest matches only and says so; a download holds every one."""
        by_date = csv_rows(self.client.get("/exchanges.csv?q=education"))
        self.assertEqual(len(by_date), 2)
        by_relevance = csv_rows(self.client.get("/exchanges.csv?q=education&sort=relevance"))
        self.assertCountEqual([row["Title"] for row in by_relevance], [row["Title"] for row in by_date])
        records = json.loads(body(self.client.get("/exchanges.json?q=education&sort=relevance")))
        self.assertEqual(len(records), 2)

    def test_an_entity_pages_links_leave_out_what_it_reported_as_unusable(self):
        response = self.client.get("/places/nanjing/?date_after=notadate&type=education&sort=relevance")
        self.assertContains(response, "could not be used")
        self.assertEqual(page_titles(self.client, "?type=education&place=nanjing"), [self.pact.title])
        links = re.findall(r'href="(/exchanges(?:\.csv|\.json|/feed/|/)\?[^"]*)"', response.content.decode())
        self.assertIn("/exchanges.csv?type=education&amp;place=nanjing", links)
        self.assertIn("/exchanges/?type=education&amp;place=nanjing", links)
        for link in links:
            with self.subTest(link=link):
                self.assertEqual(self.client.get(link.replace("&amp;", "&")).status_code, 200)
        downloaded = csv_rows(self.client.get("/exchanges.csv?type=education&place=nanjing"))
        self.assertEqual([row["Title"] for row in downloaded], [self.pact.title])

    def test_a_csv_line_is_the_import_formats_row_made_excel_safe(self):
        exchange = Exchange.objects.prefetch_related("sources").get(pk=self.pact.pk)
        cells = dict(zip(CSV_COLUMNS, csv_cells(exchange), strict=True))
        self.assertEqual(cells["Type of Exchange"], "Education")
        self.assertEqual(cells["Sponsors"], excel_safe(exchange_row(exchange)["Sponsors"]))
        row = read_row(cells)
        self.assertEqual(row.errors, [])
        self.assertEqual(row.values["sponsors"], '=HYPERLINK("http://evil")')
        self.assertEqual(row.values["levels"], ["state"])
        self.assertEqual(row.values["date_precision"], "month")


class UnreadableParameterTests(TestCase):
    """A parameter the site cannot read at all (a NUL in it, more of them than are read) is refused
    before the download's view, in plain text naming it as a wrong filter is: the site's HTML 400
    page was no answer a script reading CSV or JSON could read."""

    def setUp(self):
        # As in production: a 400 is the page Django's bad-request handler gives, not a test failure.
        self.client = Client(raise_request_exception=False)

    def assertPlainBadRequest(self, response, text):
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn(text, response.content.decode())

    def test_a_nul_in_a_parameter_is_a_plain_400_naming_it(self):
        for url in ["/exchanges.csv?q=%00", "/exchanges.json?type=diplomatic&q=Xi%00Biden"]:
            with self.subTest(url=url):
                self.assertPlainBadRequest(self.client.get(url), "q: This value holds a NUL character")

    def test_more_parameters_than_are_read_is_a_plain_400(self):
        query = "&".join(["type=diplomatic"] * 1001)
        for url in ["/exchanges.csv", "/exchanges.json"]:
            with self.subTest(url=url):
                self.assertPlainBadRequest(self.client.get(f"{url}?{query}"), "more than 1,000 parameters")
