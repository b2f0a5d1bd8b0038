"""What a new user does with the open data, end to end: the same exchanges everywhere."""

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import feedparser
from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange

D = datetime.date
QUERY = "type=education&date_after=2014&date_before=2014"


class EducationIn2014Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="California Jiangsu education pact",
            type="education",
            levels=["state", "local"],
            date=D(2014, 4, 1),
            date_precision="month",
        )
        make_exchange(
            title="Teachers' tour, about 2014",
            type="education",
            government=None,
            continuing=None,
            date=D(2014, 1, 1),
            date_precision="year",
            circa=True,
        )
        make_exchange(title="Fulbright years", type="education", date=D(2013, 1, 1), end_date=D(2015, 6, 30))
        for number in range(3):
            make_exchange(title=f"Education week {number}", type="education", date=D(2014, 10, 1 + number))
        make_exchange(title="Obama Xi call", date=D(2014, 7, 14))
        make_exchange(title="Education summit", type="education", date=D(2016, 5, 2))
        make_exchange(title="Draft education visit", type="education", status=Exchange.Status.DRAFT)

    def on_screen(self):
        response = self.client.get(f"/exchanges/?{QUERY}")
        return [exchange.slug for exchange in response.context["page"].object_list]

    def test_csv_json_api_and_feed_give_the_exchanges_on_screen(self):
        on_screen = self.on_screen()
        self.assertEqual(len(on_screen), 6)

        response = self.client.get(f"/exchanges.csv?{QUERY}")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
        titles = dict(Exchange.objects.values_list("slug", "title"))
        self.assertEqual([row["Title"] for row in rows], [titles[slug] for slug in on_screen])
        self.assertIn("c. 2014", [row["Exchange Date"] for row in rows])

        response = self.client.get(f"/exchanges.json?{QUERY}")
        records = json.loads(b"".join(response.streaming_content))
        self.assertEqual([record["slug"] for record in records], on_screen)

        api, url = [], f"/api/v1/exchanges/?{QUERY}&page_size=2"
        while url:
            page = self.client.get(url).json()
            api += page["results"]
            url = page["next"] and "{0.path}?{0.query}".format(urlsplit(page["next"]))
        self.assertEqual([record["slug"] for record in api], on_screen)
        self.assertEqual(api, records)

        feed = feedparser.parse(self.client.get(f"/exchanges/feed/?{QUERY}").content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(
            sorted(entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries), sorted(on_screen)
        )

    def test_the_bibtex_pasted_into_a_bib_file_parses(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(folder))
        path = folder / "references.bib"
        for slug in self.on_screen():
            with path.open("a", encoding="utf-8") as file:
                file.write(self.client.get(f"/exchanges/{slug}/cite.bib").content.decode() + "\n")
        library = bibtexparser.parse_file(str(path))
        self.assertEqual(library.failed_blocks, [])
        self.assertEqual(len(library.entries), 6)
        self.assertEqual(len({entry.key for entry in library.entries}), 6)
        self.assertIn("2014~", [entry["eventdate"] for entry in library.entries])
