"""A script that downloads a selection every night (`curl -z exchanges.csv -o exchanges.csv …`, a
mirror's job) sends back when its copy was made: the downloads had no Last-Modified and ignored
If-Modified-Since, so the whole selection was read and sent again each time, changed or not. They
are dated by the catalogue's latest change, as the feeds are, and answer 304 while it holds,
reading no record."""

import datetime

from django.test import TestCase
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from tests.factories import make_exchange

D = datetime.date


class DownloadRevalidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Panda research", date=D(2015, 3, 2))

    URLS = ["/exchanges.csv?q=panda", "/exchanges.csv?excel=1", "/exchanges.json"]

    def test_a_copy_as_recent_as_the_catalogue_gets_304_without_a_record_read(self):
        for url in self.URLS:
            with self.subTest(url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(
                    parse_http_date(first["Last-Modified"]), int(self.exchange.updated.timestamp())
                )
                self.assertIn("max-age=0", first["Cache-Control"])
                # One query: the catalogue's latest change. No exchange is read.
                with self.assertNumQueries(1):
                    again = self.client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again["Last-Modified"], first["Last-Modified"])
                head = self.client.head(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
                self.assertEqual(head.status_code, 304)

    def test_a_change_to_the_catalogue_sends_it_again(self):
        first = self.client.get("/exchanges.csv")
        later = timezone.now() + datetime.timedelta(minutes=5)
        type(self.exchange).objects.filter(pk=self.exchange.pk).update(title="Panda study", updated=later)
        again = self.client.get("/exchanges.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again["Last-Modified"], http_date(later.timestamp()))
        self.assertIn(b"Panda study", b"".join(again.streaming_content))

    def test_wrong_parameters_are_refused_whatever_the_copys_date(self):
        response = self.client.get(
            "/exchanges.csv?date_after=1972-02-30", HTTP_IF_MODIFIED_SINCE=http_date(4102444800)
        )
        self.assertContains(response, "February 1972 has no day 30", status_code=400)
