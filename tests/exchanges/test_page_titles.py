"""The title of a list or an entity's page names what it shows: the search, the filters, the page.

Tabs, the history and bookmarks show the title alone; two pages of one list, or one list under
two filters, were told apart by nothing there."""

from datetime import date as D

from django.test import TestCase, override_settings

from tests.factories import make_exchange


def title(response):
    page = response.content.decode()
    return page[page.index("<title>") + len("<title>") : page.index("</title>")]


def heading(response):
    page = response.content.decode()
    return page[page.index("<h1") : page.index("</h1>")]


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
class TitleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Two pages of Kerry's diplomatic meetings, and more people than an index shows on a page.
        for number in range(60):
            make_exchange(
                title=f"Meeting {number:02}",
                type="diplomatic" if number % 2 else "cultural",
                government=True,
                levels=["national"],
                date=D(2014, 1 + number % 12, 1),
                participants=f"Secretary of State John Kerry\nAmbassador Wang Number{number:02}",
                location="Beijing",
            )

    def test_the_list_names_its_filters_after_the_search_words(self):
        response = self.client.get("/exchanges/?q=meeting&type=diplomatic&level=national&year=2014&page=2")
        self.assertEqual(
            title(response).split(" · ")[:4],
            ["“meeting”", "Diplomatic, National, 2014", "Browse exchanges", "page 2"],
        )

    def test_a_value_that_says_nothing_alone_goes_with_its_label(self):
        response = self.client.get("/exchanges/?government=yes&date_after=2014&type=none")
        self.assertTrue(
            title(response).startswith(
                "Type of exchange: Not recorded, Government?: Yes, From: 2014 · Browse exchanges · "
            ),
            title(response),
        )

    def test_an_entity_filter_is_named_by_the_entity(self):
        response = self.client.get("/exchanges/?person=john-kerry")
        self.assertTrue(title(response).startswith("John Kerry · Browse exchanges · "), title(response))

    def test_an_entitys_page_names_the_search_the_filters_and_the_page(self):
        response = self.client.get("/people/john-kerry/?q=meeting&type=diplomatic&page=2")
        self.assertEqual(
            title(response).split(" · ")[:4], ["“meeting”", "Diplomatic", "John Kerry", "page 2"]
        )

    def test_an_entitys_first_page_unfiltered_is_named_by_the_entity_alone(self):
        self.assertTrue(title(self.client.get("/people/john-kerry/")).startswith("John Kerry · "))

    def test_an_index_names_the_name_searched_for_and_the_page(self):
        response = self.client.get("/people/?q=wang&page=1")
        self.assertTrue(title(response).startswith("“wang” · People · "), title(response))
        self.assertIn("“wang”", heading(response))
        response = self.client.get("/people/?page=2&sort=count")
        self.assertTrue(title(response).startswith("People · page 2 · "), title(response))
        self.assertIn("page 2", heading(response))

    def test_an_index_unsearched_on_its_first_page_is_named_by_its_kind(self):
        response = self.client.get("/organisations/")
        self.assertTrue(title(response).startswith("Organisations · "), title(response))
