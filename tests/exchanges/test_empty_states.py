"""A list with nothing in it says why: no filter to clear is offered when none is in force (the
button led back to the very same empty page)."""

from django.test import TestCase

from tests.entities.factories import make_person
from tests.factories import make_exchange


def empty_state(response):
    html = response.content.decode()
    return html.split('<div class="empty-state">')[1].split("</div>")[0]


class EmptyEntityPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Named only by a draft: the person has a page, and no published exchange to list.
        cls.person = make_person("Ada Nobody")
        make_exchange(participants="Ada Nobody", status="draft")

    def test_a_person_no_published_exchange_names_is_said_so(self):
        state = empty_state(self.client.get("/people/ada-nobody/"))
        self.assertIn("No published exchange names Ada Nobody yet.", state)
        self.assertNotIn("these filters", state)
        self.assertNotIn("Clear the filters", state)
        self.assertIn('href="/contribute/"', state)

    def test_filters_that_leave_nothing_still_offer_to_clear_them(self):
        state = empty_state(self.client.get("/people/ada-nobody/?type=military"))
        self.assertIn("No exchanges match these filters.", state)
        self.assertIn('href="/people/ada-nobody/">Clear the filters</a>', state)


class EmptyCatalogueTests(TestCase):
    def test_a_catalogue_with_nothing_published_says_so(self):
        state = empty_state(self.client.get("/exchanges/"))
        self.assertIn("No exchanges have been published yet.", state)
        self.assertNotIn("Clear the filters", state)

    def test_filters_over_an_empty_catalogue_offer_to_clear_them(self):
        state = empty_state(self.client.get("/exchanges/?government=yes"))
        self.assertIn("No exchanges match these filters.", state)
        self.assertIn("Clear the filters", state)
