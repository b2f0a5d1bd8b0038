"""A place that linking makes from a gazetteer row (entities/vocabularies/places.csv) has the row's
aliases, as `manage.py load_places` gives them: the index, the autocomplete, the hints and the
search know Beijing as "Peking" and Guangzhou as "Canton" on a catalogue never given load_places."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Place, PlaceAlias
from entities.names import known_places
from tests.factories import make_exchange


def row(name):
    return next(row for row in known_places() if row.name == name)


def aliases(name):
    return set(Place.objects.get(name=name).aliases.values_list("name", flat=True))


class GazetteerAliasesTests(TestCase):
    def test_a_place_made_from_the_gazetteer_has_its_aliases(self):
        make_exchange(location="Beijing")
        self.assertEqual(aliases("Beijing"), set(row("Beijing").aliases))
        self.assertIn("Peking", aliases("Beijing"))

    def test_the_places_it_lies_in_have_theirs(self):
        make_exchange(location="Guangzhou")
        self.assertIn("Canton", aliases("Guangzhou"))
        self.assertEqual(aliases("Guangdong"), set(row("Guangdong").aliases))

    def test_a_place_of_another_country_has_them_too(self):
        make_exchange(location="Taipei")
        self.assertEqual(aliases("Taipei"), set(row("Taipei").aliases))

    def test_they_are_those_load_places_gives(self):
        make_exchange(location="Beijing; Guangzhou; Sunnylands, Rancho Mirage, California")
        linked = list(Place.objects.all())

        def their_aliases():
            return sorted(PlaceAlias.objects.filter(entity__in=linked).values_list("entity__name", "name"))

        before = their_aliases()
        call_command("load_places", stdout=StringIO())
        self.assertEqual(their_aliases(), before)

    def test_the_index_and_the_autocomplete_find_it_by_them(self):
        make_exchange(location="Beijing")
        self.assertContains(self.client.get("/places/?q=Peking"), 'href="/places/beijing/"')
        self.assertEqual(
            [place["slug"] for place in self.client.get("/entities/suggest/?kind=place&q=peking").json()],
            ["beijing"],
        )

    def test_a_place_not_in_the_gazetteer_has_none(self):
        make_exchange(location="Shanghai Exhibition Centre, Shanghai")
        self.assertEqual(aliases("Shanghai Exhibition Centre"), set())

    def test_the_aliases_cost_one_query_when_the_place_is_made_and_none_after(self):
        def alias_inserts(queries):
            return [
                query
                for query in queries
                if query["sql"].startswith(f'INSERT INTO "{PlaceAlias._meta.db_table}"')
            ]

        with CaptureQueriesContext(connection) as made:
            make_exchange(location="Beijing")
        with CaptureQueriesContext(connection) as found:
            make_exchange(title="Again", location="Beijing")
        self.assertEqual(len(alias_inserts(made.captured_queries)), 1)
        self.assertEqual(alias_inserts(found.captured_queries), [])
