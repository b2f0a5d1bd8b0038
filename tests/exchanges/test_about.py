"""The About page says what a reader can do with the lists and how to read their dates."""

from django.test import TestCase


class AboutPageTests(TestCase):
    def test_it_names_every_way_the_lists_narrow(self):
        response = self.client.get("/about/")
        self.assertContains(
            response,
            "Every list can be filtered by type of exchange, government involvement, level of "
            "government, whether the exchange continues, organisation, person, place, country and "
            "date, and searched in full text.",
        )
        self.assertContains(response, '<a href="/people/">people</a>', html=True)

    def test_it_explains_approximate_dates_and_spans(self):
        response = self.client.get("/about/")
        # Each example whole on one line: "c." at a line's end and "1985" on the next read as two.
        self.assertContains(response, '<span class="text-nowrap">“c. 1985”</span> when it is approximate')
        self.assertContains(response, '<span class="text-nowrap">“September 22–28, 2015”</span> for a span')
