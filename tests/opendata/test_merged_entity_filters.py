"""The downloads, the feed and the API read a merged entity's slug as the entity kept, as the list does.

Literal URLs: saved searches and scripts send them.
"""

import csv
import io
import json

import feedparser
from django.test import TestCase

from tests.exchanges.test_merged_entity_filters import MergedEntityData


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"), newline="")))


class MergedEntityOpenDataTests(MergedEntityData, TestCase):
    def test_the_csv_and_json_downloads_give_the_exchanges_of_the_entity_kept(self):
        response = self.client.get("/exchanges.csv?person=chou-en-lai")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(sorted(row["Title"] for row in csv_rows(response)), self.both)
        response = self.client.get("/exchanges.json?organisation=beijing-university")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(sorted(record["title"] for record in json.loads(body(response))), self.both)

    def test_the_feed_gives_them_under_the_name_kept(self):
        response = self.client.get("/exchanges/feed/?place=shenzhen")
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertEqual(sorted(entry.title for entry in feed.entries), self.both)
        self.assertIn("Place: Guangzhou", feed.feed.title)

    def test_the_api_list_gives_them(self):
        response = self.client.get("/api/v1/exchanges/?person=chou-en-lai&person=henry-kissinger")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            sorted(record["title"] for record in response.json()["results"]),
            sorted([*self.both, "Kissinger in Beijing"]),
        )

    def test_the_api_names_each_old_slug_with_the_slug_read_in_its_place(self):
        """As the site's list says "“chou-en-lai” is now Zhou Enlai.", every page of the API's answer
        says it to a program, which can then send the slug kept."""
        for url in [
            "/api/v1/exchanges/?person=chou-en-lai&person=henry-kissinger&organisation=beijing-university",
            "/api/v1/exchanges/?person=chou-en-lai&person=henry-kissinger&organisation=beijing-university"
            "&q=Zhou&sort=relevance",
        ]:
            with self.subTest(url=url):
                answer = self.client.get(url).json()
                self.assertEqual(
                    answer["former_slugs"],
                    {
                        "person": {"chou-en-lai": "zhou-enlai"},
                        "organisation": {"beijing-university": "peking-university"},
                    },
                )
        # The next page says it too: its address carries the slug as sent.
        answer = self.client.get("/api/v1/exchanges/?person=chou-en-lai&page_size=1").json()
        following = self.client.get(answer["next"]).json()
        self.assertEqual(following["former_slugs"], {"person": {"chou-en-lai": "zhou-enlai"}})
        self.assertEqual(len(following["results"]), 1)

    def test_live_and_unknown_slugs_name_nothing(self):
        for url in [
            "/api/v1/exchanges/?person=zhou-enlai",
            "/api/v1/exchanges/?person=nobody-at-all",
            "/api/v1/exchanges/?place=chou-en-lai",
            "/api/v1/exchanges/",
            "/api/v1/exchanges/?q=Zhou&sort=relevance",
        ]:
            with self.subTest(url=url):
                answer = self.client.get(url).json()
                self.assertIn("former_slugs", answer)
                self.assertIsNone(answer["former_slugs"])

    def test_the_schema_documents_it(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        page = schema["components"]["schemas"]["PaginatedExchangeList"]["properties"]
        self.assertIn("merged into another", page["former_slugs"]["description"])
        described = schema["paths"]["/api/v1/exchanges/"]["get"]["description"]
        self.assertIn("former_slugs", described)

    def test_a_slug_no_entity_ever_had_still_matches_nothing(self):
        response = self.client.get("/api/v1/exchanges/?person=nobody-at-all")
        self.assertEqual(response.json()["results"], [])
        # Beside a former slug, it adds nothing to the exchanges of the entity kept.
        response = self.client.get("/api/v1/exchanges/?person=nobody-at-all&person=chou-en-lai")
        self.assertEqual(sorted(record["title"] for record in response.json()["results"]), self.both)
        # An old address of a person is no address of a place.
        self.assertEqual(csv_rows(self.client.get("/exchanges.csv?place=chou-en-lai")), [])

    def test_a_former_slug_costs_one_query_more_than_a_live_one(self):
        # The download: 1: the person named; 2: the one kept (a former slug only); 3: the
        # catalogue's latest change (its Last-Modified); 4: the exchanges; 5: their sources.
        for query, count in (("person=zhou-enlai", 4), ("person=chou-en-lai", 5)):
            with self.subTest(query=query), self.assertNumQueries(count):
                self.assertEqual(len(csv_rows(self.client.get(f"/exchanges.csv?{query}"))), 2)
        # The API: 1, 2 as above; 3: the page; 4: its sources; 5, 6, 7: its organisations, people
        # and places.
        for query, count in (("person=zhou-enlai", 6), ("person=chou-en-lai", 7)):
            with self.subTest(query=query), self.assertNumQueries(count):
                self.assertEqual(len(self.client.get(f"/api/v1/exchanges/?{query}").json()["results"]), 2)
        # The feed: 1, 2 as above; 3: its entries; 4: when the catalogue last changed.
        for query, count in (("person=zhou-enlai", 3), ("person=chou-en-lai", 4)):
            with self.subTest(query=query), self.assertNumQueries(count):
                self.assertEqual(
                    len(feedparser.parse(self.client.get(f"/exchanges/feed/?{query}").content).entries), 2
                )
