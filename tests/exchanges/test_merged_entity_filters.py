"""A saved search or a citation that filters by a merged entity's slug: read as the entity kept.

Literal URLs: the addresses are what researchers save and cite.
"""

import datetime
from urllib.parse import parse_qs

from django.test import TestCase, override_settings

from entities.merge import merge
from entities.models import Organisation, Person, Place
from tests.entities.factories import make_person
from tests.factories import make_exchange

D = datetime.date


def titles(response):
    return sorted(exchange.title for exchange in response.context["page"].object_list)


class MergedEntityData:
    @classmethod
    def setUpTestData(cls):
        # Two people of one person's two spellings, as a catalogue linked before linking read the
        # synonyms' spellings holds them (each line now finds the one of its name).
        make_person("Chou En-lai")
        make_person("Zhou Enlai")
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
    def assertLeadsTo(self, url, expected):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 301, url)
        self.assertEqual(response["Location"], expected)

    def test_a_merged_persons_slug_leads_to_the_same_search_by_the_slug_kept(self):
        response = self.client.get("/exchanges/?person=chou-en-lai", follow=True)
        self.assertEqual(response.redirect_chain, [("/exchanges/?person=zhou-enlai", 301)])
        self.assertEqual(titles(response), self.both)
        self.assertNotContains(response, "Nothing is known")
        # Said once, on the page it leads to.
        self.assertContains(response, "Participant: “chou-en-lai” is now Zhou Enlai.", count=1)
        self.assertNotContains(self.client.get("/exchanges/?person=zhou-enlai"), "is now Zhou Enlai")

    def test_what_the_page_links_to_names_the_entity_kept(self):
        """The address shared, the canonical one, the downloads, the feed, the paging: the entity's own."""
        with self.settings(EXCHANGES_PER_PAGE=1):
            response = self.client.get("/exchanges/?person=chou-en-lai&sort=date", follow=True)
        page = response.content.decode()
        self.assertEqual(response.redirect_chain, [("/exchanges/?person=zhou-enlai&sort=date", 301)])
        self.assertRegex(
            page, r'<link rel="canonical" href="[^"]*/exchanges/\?person=zhou-enlai&amp;sort=date">'
        )
        self.assertIn('href="/exchanges.csv?person=zhou-enlai&amp;sort=date"', page)
        self.assertIn('href="/exchanges/feed/?person=zhou-enlai&amp;sort=date"', page)
        self.assertIn('href="?person=zhou-enlai&amp;sort=date&amp;page=', page)
        # Only the note says the old slug.
        self.assertEqual(page.count("chou-en-lai"), 1)

    def test_the_other_parameters_are_kept_as_sent(self):
        self.assertLeadsTo(
            "/exchanges/?type=diplomatic&person=chou-en-lai&year=not+a+year&page=2",
            "/exchanges/?type=diplomatic&person=zhou-enlai&year=not+a+year&page=2",
        )

    def test_merged_organisations_and_places_are_read_as_the_ones_kept(self):
        self.assertLeadsTo(
            "/exchanges/?organisation=beijing-university", "/exchanges/?organisation=peking-university"
        )
        response = self.client.get("/exchanges/?organisation=beijing-university", follow=True)
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“beijing-university” is now Peking University.")
        response = self.client.get("/exchanges/?place=shenzhen", follow=True)
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“shenzhen” is now Guangzhou.")

    def test_the_filter_in_force_names_the_entity_kept(self):
        response = self.client.get("/exchanges/?person=chou-en-lai&type=diplomatic", follow=True)
        active = dict(response.context["filter"].active_filters())
        self.assertEqual(active["Participant: Zhou Enlai"], "type=diplomatic")

    def test_the_facet_ticks_the_entity_kept_once_by_its_own_slug(self):
        response = self.client.get("/exchanges/?person=chou-en-lai", follow=True)
        (people,) = [
            shown for kind, _label, shown, _more in response.context["entity_facets"] if kind == "person"
        ]
        zhou = [facet for facet in people if facet[1] == "Zhou Enlai"]
        self.assertEqual(zhou, [("zhou-enlai", "Zhou Enlai", 2, True)])

    def test_live_and_former_slugs_together(self):
        self.assertLeadsTo(
            "/exchanges/?person=chou-en-lai&person=henry-kissinger",
            "/exchanges/?person=zhou-enlai&person=henry-kissinger",
        )
        response = self.client.get("/exchanges/?person=chou-en-lai&person=henry-kissinger", follow=True)
        self.assertEqual(titles(response), sorted([*self.both, "Kissinger in Beijing"]))
        self.assertContains(response, "“chou-en-lai” is now Zhou Enlai.")
        self.assertNotContains(response, "“henry-kissinger” is now")
        # The same person twice, by its old and its own slug, is one filter, named once.
        self.assertLeadsTo(
            "/exchanges/?person=chou-en-lai&person=zhou-enlai", "/exchanges/?person=zhou-enlai"
        )
        self.assertLeadsTo(
            "/exchanges/?person=zhou-enlai&person=+chou-en-lai", "/exchanges/?person=zhou-enlai"
        )
        # Two kinds at once, one of them old: the exchanges naming both.
        response = self.client.get(
            "/exchanges/?person=chou-en-lai&place=shenzhen&organisation=peking-university", follow=True
        )
        self.assertEqual(
            response.redirect_chain,
            [("/exchanges/?person=zhou-enlai&place=guangzhou&organisation=peking-university", 301)],
        )
        self.assertEqual(titles(response), self.both)

    def test_a_slug_no_entity_ever_had_is_still_unknown(self):
        self.assertLeadsTo(
            "/exchanges/?person=chou-en-lai&person=nobody-at-all",
            "/exchanges/?person=zhou-enlai&person=nobody-at-all",
        )
        response = self.client.get("/exchanges/?person=chou-en-lai&person=nobody-at-all", follow=True)
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "Participant: Nothing is known as “nobody-at-all”.")
        # An old address of a person is no address of an organisation or a place.
        response = self.client.get("/exchanges/?place=chou-en-lai")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Place: Nothing is known as “chou-en-lai”.")

    def test_a_filter_that_does_not_validate_is_not_led_anywhere(self):
        # Twenty-one people are too many: the filter is ignored, old slug and all, and said so.
        many = "&".join(f"person=someone-{n}" for n in range(20))
        response = self.client.get(f"/exchanges/?person=chou-en-lai&{many}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "At most 20 at once.")

    def test_a_merged_slug_on_another_entitys_page(self):
        self.assertLeadsTo("/places/guangzhou/?person=chou-en-lai", "/places/guangzhou/?person=zhou-enlai")
        response = self.client.get("/places/guangzhou/?person=chou-en-lai", follow=True)
        self.assertEqual(titles(response), self.both)
        self.assertContains(response, "“chou-en-lai” is now Zhou Enlai.")
        self.assertEqual(parse_qs(response.context["catalogue_query"])["person"], ["zhou-enlai"])
        response = self.client.get("/people/henry-kissinger/?place=shenzhen", follow=True)
        self.assertEqual(response.redirect_chain, [("/people/henry-kissinger/?place=guangzhou", 301)])
        self.assertEqual(titles(response), [])
        self.assertContains(response, "“shenzhen” is now Guangzhou.")

    def test_on_the_entitys_own_page_its_former_slug_is_its_own(self):
        """Not another entity of the page's kind, which would be left out: the page's own, under an
        old address (a catalogue link copied before the merge, with `/people/zhou-enlai/` after it)."""
        response = self.client.get("/people/zhou-enlai/?person=chou-en-lai&type=diplomatic", follow=True)
        self.assertEqual(
            response.redirect_chain, [("/people/zhou-enlai/?person=zhou-enlai&type=diplomatic", 301)]
        )
        self.assertNotContains(response, "left out")
        self.assertContains(response, "Participant: “chou-en-lai” is now Zhou Enlai.", count=1)
        self.assertEqual(titles(response), self.both)
        self.assertEqual(parse_qs(response.context["catalogue_query"])["person"], ["zhou-enlai"])
        # So on an organisation's and a place's own page.
        response = self.client.get(
            "/organisations/peking-university/?organisation=beijing-university", follow=True
        )
        self.assertEqual(
            response.redirect_chain,
            [("/organisations/peking-university/?organisation=peking-university", 301)],
        )
        self.assertEqual(titles(response), self.both)
        response = self.client.get("/places/guangzhou/?place=shenzhen", follow=True)
        self.assertEqual(response.redirect_chain, [("/places/guangzhou/?place=guangzhou", 301)])
        self.assertNotContains(response, "left out")

    def test_on_another_entitys_page_of_its_kind_a_former_slug_is_left_out_as_a_live_one_is(self):
        response = self.client.get("/people/henry-kissinger/?person=chou-en-lai")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "“chou-en-lai” was left out: this page lists the exchanges of Henry Kissinger."
        )
        self.assertEqual(titles(response), ["Kissinger in Beijing"])


@override_settings(PAGE_CACHE=True)
class MergedEntityPageCacheTests(MergedEntityData, TestCase):
    def test_the_page_led_to_says_what_the_old_slug_names_though_it_is_kept_in_the_cache(self):
        self.client.get("/exchanges/?person=zhou-enlai")  # kept
        response = self.client.get("/exchanges/?person=chou-en-lai", follow=True)
        self.assertEqual(response.redirect_chain, [("/exchanges/?person=zhou-enlai", 301)])
        # Drawn for the visitor with the message waiting, not served from the cache, and not kept.
        self.assertIsNotNone(response.context)
        self.assertContains(response, "Participant: “chou-en-lai” is now Zhou Enlai.", count=1)
        # The message shown, its cookie is deleted (Max-Age=0), which the test client does not do itself.
        self.assertEqual(response.cookies["messages"]["max-age"], 0)
        del self.client.cookies["messages"]
        with self.assertNumQueries(0):
            again = self.client.get("/exchanges/?person=zhou-enlai")
        self.assertNotContains(again, "is now Zhou Enlai")


class MergedEntityQueryCountTests(MergedEntityData, TestCase):
    """An old slug leads to the search by the slugs kept, whose page then costs what any does: the
    lead costs the queries that read the slugs, one more only for a kind that sends an old one."""

    def test_a_live_slug_costs_no_query_for_former_ones(self):
        # 1: the person named; 2: the first results, with the values the facets count; 3: the
        # organisation facet over them; 4: the person facet, from the people's own counts; 5: the
        # place facet and 6: countries, over the first results; 7: the page, by id.
        with self.assertNumQueries(7):
            self.client.get("/exchanges/?person=zhou-enlai")

    def test_a_former_slug_costs_two_queries_to_lead_to_the_live_one(self):
        # 1: no person has the slug; 2: the person kept, by it. Nothing is counted.
        with self.assertNumQueries(2):
            response = self.client.get("/exchanges/?person=chou-en-lai")
        self.assertEqual(response.status_code, 301)

    def test_former_slugs_of_two_kinds_cost_two_queries_each(self):
        # 1: the people named, one of them found; 2: the one kept for the other slug; 3, 4: the same
        # for the place.
        with self.assertNumQueries(4):
            response = self.client.get("/exchanges/?person=chou-en-lai&person=henry-kissinger&place=shenzhen")
        self.assertEqual(
            response["Location"], "/exchanges/?person=zhou-enlai&person=henry-kissinger&place=guangzhou"
        )

    def test_on_another_entitys_page_a_former_slug_costs_four_queries_to_lead_on(self):
        # 1, 2: the place and its aliases; 3: the person named, 4: the one kept.
        with self.assertNumQueries(4):
            response = self.client.get("/places/guangzhou/?person=chou-en-lai")
        self.assertEqual(response.status_code, 301)

    def test_on_the_entitys_own_page_its_former_slug_costs_five_queries_to_lead_on(self):
        # 1, 2: the person and its aliases; 3: which of the other slugs of its kind are its own
        # former ones (asked only when another is sent); 4: no person has the slug; 5: the person
        # kept, by it.
        with self.assertNumQueries(5):
            response = self.client.get("/people/zhou-enlai/?person=chou-en-lai")
        self.assertEqual(response.status_code, 301)
