"""The address of an entity merged into another: its page leads, for good, to the one kept.

Literal URLs: the addresses are what researchers cite.
"""

import datetime

from django.test import TestCase

from entities.merge import merge
from entities.models import Person
from tests.entities.factories import make_organisation, make_person, make_place
from tests.factories import make_exchange


class MergedEntityAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Nixon meets Chou En-lai",
            date=datetime.date(1972, 2, 21),
            participants="Richard Nixon, Chou En-lai",
            location="Shanghai",
        )
        cls.zhou = make_person("Zhou Enlai")
        merge(cls.zhou, Person.objects.get(slug="chou-en-lai"))

    def assertLeadsTo(self, url, expected):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 301, url)
        self.assertEqual(response["Location"], expected)

    def test_a_merged_persons_page_leads_to_the_person_kept(self):
        self.assertLeadsTo("/people/chou-en-lai/", "/people/zhou-enlai/")
        response = self.client.get("/people/chou-en-lai/", follow=True)
        self.assertEqual(response.context["entity"], self.zhou)
        self.assertContains(response, "Nixon meets Chou En-lai")

    def test_the_filters_of_the_old_address_are_kept(self):
        self.assertLeadsTo(
            "/people/chou-en-lai/?type=diplomatic&year=1972&place=shanghai",
            "/people/zhou-enlai/?type=diplomatic&year=1972&place=shanghai",
        )

    def test_the_old_slug_in_a_filter_of_the_old_address_is_led_to_the_slug_kept_at_once(self):
        # A catalogue link copied before the merge: one redirect, not one to the page kept and then
        # one more to the filter by its slug.
        response = self.client.get("/people/chou-en-lai/?person=chou-en-lai&type=diplomatic", follow=True)
        self.assertEqual(
            response.redirect_chain, [("/people/zhou-enlai/?person=zhou-enlai&type=diplomatic", 301)]
        )
        self.assertEqual(response.context["entity"], self.zhou)
        self.assertContains(response, "Participant: “chou-en-lai” is now Zhou Enlai.", count=1)
        self.assertContains(response, "Nixon meets Chou En-lai")
        self.assertLeadsTo("/people/chou-en-lai/?person=chou-en-lai", "/people/zhou-enlai/?person=zhou-enlai")

    def test_a_filter_the_page_kept_leaves_out_is_led_there_as_sent(self):
        # Another person on a person's page is left out there, and said so: the query is not rewritten.
        make_person("Henry Kissinger")
        self.assertLeadsTo(
            "/people/chou-en-lai/?person=henry-kissinger", "/people/zhou-enlai/?person=henry-kissinger"
        )

    def test_organisations_and_places_lead_to_the_one_kept_too(self):
        kept, merged = make_organisation("Peking University"), make_organisation("Beijing University")
        merge(kept, merged)
        self.assertLeadsTo("/organisations/beijing-university/", "/organisations/peking-university/")
        merge(make_place("Guangzhou"), make_place("Canton"))
        self.assertLeadsTo("/places/canton/", "/places/guangzhou/")

    def test_an_address_follows_every_later_merge_to_the_newest_entity(self):
        premier = make_person("Premier Zhou")
        merge(premier, self.zhou)
        self.assertLeadsTo("/people/chou-en-lai/", "/people/premier-zhou/")
        self.assertLeadsTo("/people/zhou-enlai/", "/people/premier-zhou/")

    def test_an_entity_living_at_the_address_is_shown_rather_than_the_one_kept(self):
        namesake = make_person("Chou En-lai")
        self.assertEqual(namesake.slug, "chou-en-lai")
        response = self.client.get("/people/chou-en-lai/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["entity"], namesake)

    def test_an_address_no_entity_ever_had_is_still_not_found(self):
        self.assertEqual(self.client.get("/people/nobody-at-all/").status_code, 404)
        # An old address of a person is no address of an organisation or a place.
        self.assertEqual(self.client.get("/organisations/chou-en-lai/").status_code, 404)
        self.assertEqual(self.client.get("/places/chou-en-lai/").status_code, 404)

    def test_an_old_address_takes_two_queries(self):
        # 1: no person has the slug; 2: the person kept, by the old address.
        with self.assertNumQueries(2):
            self.client.get("/people/chou-en-lai/?type=diplomatic")

    def test_an_old_address_with_its_old_slug_in_a_filter_takes_five_queries(self):
        # 1: no person has the slug; 2: the person kept, by the old address; 3: whether the slug
        # filtered by is a former one of the person kept (its own page's); 4: no person has it;
        # 5: the person kept, by it. Nothing is counted.
        with self.assertNumQueries(5):
            response = self.client.get("/people/chou-en-lai/?person=chou-en-lai")
        self.assertEqual(response["Location"], "/people/zhou-enlai/?person=zhou-enlai")
