"""The home page leads to every way of reading the catalogue, not only the list."""

from django.test import TestCase

from tests.factories import make_exchange


class HomePageTests(TestCase):
    def test_it_leads_to_the_organisations_people_and_places(self):
        make_exchange()
        # Reachable before only from under "N more" among the list's filters.
        with self.assertNumQueries(2):
            response = self.client.get("/")
        self.assertContains(
            response,
            '<p class="browse-by">Or browse by <a href="/organisations/">organisation</a>, '
            '<a href="/people/">person</a> or <a href="/places/">place</a>.</p>',
            html=True,
        )
