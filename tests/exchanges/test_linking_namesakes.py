"""Places of one name in two states or countries are two places: linking finds the one its line puts
where the line says ("Portland, Maine" is not Oregon's Portland), and makes it when there is none."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Place
from tests.factories import make_exchange


def places_of(exchange):
    """(name, country, the name of its parent) of each place the exchange names, in the line's order."""
    return [
        (link.place.name, link.place.country, link.place.parent.name if link.place.parent else "")
        for link in exchange.place_links.filter(direct=True)
        .select_related("place__parent")
        .order_by("position")
    ]


class NamesakeTests(TestCase):
    def test_a_town_of_a_known_name_in_another_state_is_another_place(self):
        oregon = make_exchange(location="Portland, Oregon")
        maine = make_exchange(location="Portland, Maine")
        self.assertEqual(places_of(oregon), [("Portland", "US", "Oregon")])
        self.assertEqual(places_of(maine), [("Portland", "US", "Maine")])
        self.assertEqual(Place.objects.filter(name="Portland").count(), 2)
        # Each line written again finds its own.
        self.assertEqual(places_of(make_exchange(location="Portland (Maine)")), [("Portland", "US", "Maine")])
        self.assertEqual(places_of(make_exchange(location="Portland")), [("Portland", "US", "Oregon")])
        self.assertEqual(Place.objects.filter(name="Portland").count(), 2)
        # The list filters by each: Maine's exchanges are not Oregon's.
        maine_place = Place.objects.get(name="Portland", parent__name="Maine")
        # A town, as Oregon's is.
        self.assertEqual(maine_place.kind, "city")
        self.assertEqual(maine_place.exchange_links.filter(direct=True).count(), 2)

    def test_the_known_town_is_found_when_the_other_was_made_first(self):
        make_exchange(location="Portland, Maine")
        oregon = make_exchange(location="Portland, Oregon")
        self.assertEqual(places_of(oregon), [("Portland", "US", "Oregon")])
        self.assertEqual(
            sorted(Place.objects.filter(name="Portland").values_list("parent__name", flat=True)),
            ["Maine", "Oregon"],
        )

    def test_towns_the_gazetteer_lacks_are_told_apart_by_their_states(self):
        illinois = make_exchange(location="Springfield, Illinois")
        massachusetts = make_exchange(location="Springfield, Massachusetts")
        self.assertEqual(places_of(illinois), [("Springfield", "US", "Illinois")])
        self.assertEqual(places_of(massachusetts), [("Springfield", "US", "Massachusetts")])

    def test_a_town_of_a_known_name_in_a_third_country_is_another_place(self):
        make_exchange(location="Cambridge, Massachusetts")
        england = make_exchange(location="Cambridge, UK")
        self.assertEqual(places_of(england), [("Cambridge", "other", "")])
        self.assertEqual(Place.objects.get(name="Cambridge", country="other").country_name, "United Kingdom")
        self.assertEqual(Place.objects.filter(name="Cambridge").count(), 2)

    def test_a_place_a_moderator_left_without_a_parent_is_still_found(self):
        # Where it lies was never known: it is the place of that name, as before.
        make_exchange(location="Springfield, USA")
        unplaced = Place.objects.get(name="Springfield")
        self.assertIsNone(unplaced.parent)
        self.assertEqual(places_of(make_exchange(location="Springfield, Illinois"))[0][0], "Springfield")
        self.assertEqual(Place.objects.filter(name="Springfield").count(), 1)

    def test_a_place_a_moderator_put_inside_another_in_the_state_is_still_found(self):
        make_exchange(location="Springfield, Illinois")
        springfield = Place.objects.get(name="Springfield")
        county = Place.objects.create(
            name="Sangamon County", key="sangamon county", slug="sangamon-county", parent=springfield.parent
        )
        springfield.parent = county
        springfield.save()
        self.assertEqual(
            places_of(make_exchange(location="Springfield, Illinois")),
            [("Springfield", "US", "Sangamon County")],
        )
        self.assertEqual(Place.objects.filter(name="Springfield").count(), 1)

    def test_the_places_lain_in_are_walked_once(self):
        make_exchange(location="Portland, Oregon")
        exchange = make_exchange(location="Beijing")
        exchange.location = "Portland, Oregon"
        with CaptureQueriesContext(connection) as walked:
            exchange.save()
            from exchanges.links import link_entities

            link_entities(exchange)
        # Portland's parent and Oregon's, each read once although Portland's place is checked too.
        reads = [query["sql"] for query in walked.captured_queries if 'FROM "entities_place"' in query["sql"]]
        by_pk = [sql for sql in reads if 'WHERE "entities_place"."id" =' in sql]
        self.assertEqual(len(by_pk), 1, reads)

    def test_a_place_of_a_name_taken_has_an_address_saying_where(self):
        make_exchange(location="Portland, Oregon; Cambridge, Massachusetts")
        make_exchange(location="Portland, Maine; Cambridge, UK")
        self.assertEqual(
            sorted(Place.objects.filter(name__in=["Portland", "Cambridge"]).values_list("slug", flat=True)),
            ["cambridge", "cambridge-united-kingdom", "portland", "portland-maine"],
        )

    def test_an_address_saying_where_that_is_taken_is_numbered(self):
        make_exchange(location="Portland, Oregon")
        Place.objects.create(name="Portland-Maine Ferry", key="portland maine ferry", slug="portland-maine")
        make_exchange(location="Portland, Maine")
        self.assertEqual(Place.objects.get(name="Portland", parent__name="Maine").slug, "portland-maine-2")


class NamesakeFacetTests(TestCase):
    def facet_labels(self, query=""):
        response = self.client.get(f"/exchanges/{query}")
        facets = {kind: shown + more for kind, _label, shown, more in response.context["entity_facets"]}
        return {slug: label for slug, label, _count, _checked in facets["place"]}

    def test_two_places_of_one_name_say_where_each_lies(self):
        make_exchange(location="Portland, Oregon", type="education")
        make_exchange(location="Portland, Maine", type="education")
        make_exchange(location="Beijing", type="education")
        for query in ("", "?type=education"):
            with self.subTest(query=query):
                labels = self.facet_labels(query)
                self.assertEqual(labels["portland"], "Portland · Oregon")
                self.assertEqual(labels["portland-maine"], "Portland · Maine")
                # A name no other place listed has stays alone.
                self.assertEqual(labels["beijing"], "Beijing")

    def test_a_name_of_one_place_costs_no_query_more(self):
        make_exchange(location="Portland, Oregon")
        with CaptureQueriesContext(connection) as alone:
            self.client.get("/exchanges/?type=diplomatic")
        make_exchange(location="Portland, Maine")
        with CaptureQueriesContext(connection) as two:
            self.client.get("/exchanges/?type=diplomatic")
        self.assertEqual(len(two), len(alone) + 1)
