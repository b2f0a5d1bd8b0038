"""A saved search or a citation that filters by a merged entity's slug: read as the entity kept.

Literal URLs: the addresses are what researchers save and cite.
"""

import datetime

from django.test import TestCase

from entities.merge import merge
from entities.models import Organisation, Person, Place
from tests.factories import make_exchange

D = datetime.date


def titles(response):
    return sorted(exchange.title for exchange in response.context["page"].object_list)


class MergedEntityData:
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Nixon meets Chou En-lai",
            date=D(1972, 2, 21),
            partners="Peking University",
            participants="Richard Nixon, Chou En-lai",
            location="Guangzhou",
        )
        make_exchange(
            title="Zhou Enlai in Geneva",
            date=D(1954, 4, 26),
            partners="Beijing University",
            participants="Zhou Enlai",
            location="Shenzhen",
        )
        make_exchange(title="Kissinger in Beijing", date=D(1971, 7, 9), participants="Henry Kissinger")
        cls.zhou = Person.objects.get(slug="zhou-enlai")
        merge(cls.zhou, Person.objects.get(slug="chou-en-lai"))
        merge(
            Organisation.objects.get(slug="peking-university"),
            Organisation.objects.get(slug="beijing-university"),
        )
        merge(Place.objects.get(slug="guangzhou"), Place.objects.get(slug="shenzhen"))
        cls.both = ["Nixon meets Chou En-lai", "Zhou Enlai in Geneva"]


class MergedEntityFilterTests(MergedEntityData, TestCase):
    def test_a_merged_persons_slug_lists_the_exchanges_of_the_person_kept(self):
        response = self.client.get("/exchanges/?person=chou-en-lai")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), self.both)
        self.assertNotContains(response, "Nothing is known")
        self.assertContains(response, "Participant: “chou-en-lai” is now Zhou Enlai.")

    def test_merged_organisations_and_places_are_read_as_the_ones_kept(self):
        response = self.client.get("/exchanges/?organisation=beijing-university")
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“beijing-university” is now Peking University.")
        response = self.client.get("/exchanges/?place=shenzhen")
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“shenzhen” is now Guangzhou.")

    def test_the_filter_in_force_names_the_entity_kept(self):
        response = self.client.get("/exchanges/?person=chou-en-lai&type=diplomatic")
        active = dict(response.context["filter"].active_filters())
        self.assertEqual(active["Participant: Zhou Enlai"], "type=diplomatic")

    def test_the_facet_ticks_the_entity_kept_once_by_its_own_slug(self):
        response = self.client.get("/exchanges/?person=chou-en-lai")
        (people,) = [
            shown for kind, _label, shown, _more in response.context["entity_facets"] if kind == "person"
        ]
        zhou = [facet for facet in people if facet[1] == "Zhou Enlai"]
        self.assertEqual(zhou, [("zhou-enlai", "Zhou Enlai", 2, True)])

    def test_live_and_former_slugs_together(self):
        response = self.client.get("/exchanges/?person=chou-en-lai&person=henry-kissinger")
        self.assertEqual(titles(response), sorted([*self.both, "Kissinger in Beijing"]))
        self.assertContains(response, "“chou-en-lai” is now Zhou Enlai.")
        self.assertNotContains(response, "“henry-kissinger” is now")
        # The same person twice, by its old and its own slug, is one filter.
        response = self.client.get("/exchanges/?person=chou-en-lai&person=zhou-enlai")
        self.assertEqual(titles(response), self.both)
        # Named once among the filters in force, and dropped with both its slugs.
        self.assertEqual(response.context["filter"].active_filters(), [("Participant: Zhou Enlai", "")])
        # Two kinds at once, one of them old: the exchanges naming both.
        response = self.client.get(
            "/exchanges/?person=chou-en-lai&place=shenzhen&organisation=peking-university"
        )
        self.assertEqual(titles(response), self.both)

    def test_a_slug_no_entity_ever_had_is_still_unknown(self):
        response = self.client.get("/exchanges/?person=chou-en-lai&person=nobody-at-all")
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "Participant: Nothing is known as “nobody-at-all”.")
        # An old address of a person is no address of an organisation or a place.
        response = self.client.get("/exchanges/?place=chou-en-lai")
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Place: Nothing is known as “chou-en-lai”.")

    def test_a_merged_slug_on_another_entitys_page(self):
        response = self.client.get("/places/guangzhou/?person=chou-en-lai")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“chou-en-lai” is now Zhou Enlai.")
        response = self.client.get("/people/henry-kissinger/?place=shenzhen")
        self.assertEqual(titles(response), [])
        self.assertContains(response, "“shenzhen” is now Guangzhou.")


class MergedEntityQueryCountTests(MergedEntityData, TestCase):
    def test_a_live_slug_costs_no_query_for_former_ones(self):
        # 1: the person named; 2: the first results, with the values the facets count; 3: the
        # organisation facet over them; 4: the person facet, from the people's own counts; 5: the
        # place facet and 6: countries, over the first results; 7: the page, by id.
        with self.assertNumQueries(7):
            self.client.get("/exchanges/?person=zhou-enlai")

    def test_a_former_slug_costs_one_query_more(self):
        # 1: no person has the slug; 2: the person kept, by it; then 2 to 7 above.
        with self.assertNumQueries(8):
            response = self.client.get("/exchanges/?person=chou-en-lai")
        self.assertEqual(titles(response), self.both)

    def test_former_slugs_of_two_kinds_cost_one_query_each(self):
        # 1: the people named, one of them found; 2: the one kept for the other slug; 3, 4: the same
        # for the place; 5: the first results; 6: the organisation facet; 7: the first results
        # without the person filter, for 8: the person facet; 9, 10: the same for the place facet;
        # 11: countries; 12: the page. With live slugs, 2 and 4 are not asked (10).
        with self.assertNumQueries(10):
            self.client.get("/exchanges/?person=zhou-enlai&person=henry-kissinger&place=guangzhou")
        with self.assertNumQueries(12):
            response = self.client.get("/exchanges/?person=chou-en-lai&person=henry-kissinger&place=shenzhen")
        self.assertEqual(titles(response), self.both)

    def test_on_another_entitys_page_a_former_slug_costs_one_query_more(self):
        # 1, 2: the place and its aliases; 3: the person named, 4: the one kept (a former slug
        # only); 5: the first results; 6: the organisation facet; 7: the first results without the
        # person filter, for 8: the person facet; 9: countries; 10: the page; 11: the place's parents.
        with self.assertNumQueries(10):
            self.client.get("/places/guangzhou/?person=zhou-enlai")
        with self.assertNumQueries(11):
            self.client.get("/places/guangzhou/?person=chou-en-lai")
