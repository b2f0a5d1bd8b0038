"""The <time> marks of an exchange's date say no more than the record knows: "2020" for a year,
"2013-04" for a month, never the first day that stands for them in the database."""

import datetime

from django.test import TestCase

from tests.entities.factories import make_organisation
from tests.factories import make_exchange


class MachineDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.year = make_exchange(
            title="Nanjing sends masks", date=datetime.date(2020, 1, 1), date_precision="year"
        )
        cls.month = make_exchange(
            title="Governors meet", date=datetime.date(2013, 4, 1), date_precision="month"
        )
        cls.day = make_exchange(title="Leaders call", date=datetime.date(2014, 7, 14))
        cls.span = make_exchange(
            title="State visit",
            date=datetime.date(2015, 9, 1),
            date_precision="month",
            end_date=datetime.date(2015, 10, 31),
        )

    def test_an_exchange_page_marks_its_date_at_the_precision_known(self):
        for exchange, mark, shown in [
            (self.year, "2020", "2020"),
            (self.month, "2013-04", "April 2013"),
            (self.day, "2014-07-14", "July 14, 2014"),
            (self.span, "2015-09", "September–October 2015"),
        ]:
            with self.subTest(shown=shown):
                response = self.client.get(exchange.get_absolute_url())
                self.assertContains(response, f'<time datetime="{mark}">{shown}</time>', html=True)
                if exchange.date_precision != "day":
                    self.assertNotContains(response, f'datetime="{exchange.date.isoformat()}"')

    def test_the_lists_mark_each_date_at_the_precision_known(self):
        for address in ["/", "/exchanges/"]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertContains(response, '<time datetime="2020">2020</time>', html=True)
                self.assertContains(response, '<time datetime="2013-04">April 2013</time>', html=True)
                self.assertContains(response, '<time datetime="2014-07-14">July 14, 2014</time>', html=True)
                self.assertNotContains(response, 'datetime="2020-01-01"')
                self.assertNotContains(response, 'datetime="2013-04-01"')

    def test_related_exchanges_mark_their_dates_at_the_precision_known(self):
        make_organisation("Acme Trade Council")
        first = make_exchange(
            partners="Acme Trade Council", date=datetime.date(1985, 1, 1), date_precision="year"
        )
        second = make_exchange(
            partners="Acme Trade Council", date=datetime.date(1986, 3, 1), date_precision="month"
        )
        response = self.client.get(first.get_absolute_url())
        self.assertEqual([item.exchange for item in response.context["related"]], [second])
        self.assertContains(
            response, '<time class="text-nowrap" datetime="1986-03">March 1986</time>', html=True
        )
