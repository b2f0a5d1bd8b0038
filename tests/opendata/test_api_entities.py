import datetime
import json
from urllib.parse import urlsplit

from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.http import http_date

from entities.merge import merge
from entities.models import Organisation, Person
from exchanges.models import Exchange, ExchangePerson
from tests.entities.factories import make_organisation, make_person, make_place
from tests.factories import make_exchange

D = datetime.date


def local(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


class EntityData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moe = make_organisation(
            "Ministry of Education", aliases=["MOE", "教育部"], chinese_name="中华人民共和国教育部"
        )
        make_person("Wang Yi", aliases=["Wang, Yi"], chinese_name="王毅")
        # Partner and sponsor of the same exchange: counted once.
        cls.pact = make_exchange(
            title="Education pact",
            title_zh="教育协议",
            summary_zh="双方签署协议。",
            partners="Ministry of Education\nPeking University",
            sponsors="Ministry of Education",
            participants="Wang Yi",
            location="Rancho Mirage, California",
            date=D(2014, 4, 1),
        )
        ExchangePerson.objects.filter(exchange=cls.pact).update(title="Foreign Minister")
        make_exchange(title="Ministers meet", partners="Ministry of Education", date=D(2015, 1, 1))
        make_exchange(title="Draft visit", partners="Ministry of Education", status=Exchange.Status.DRAFT)
        for number in range(3):
            make_organisation(f"Zoo number {number}")


class OrganisationListTests(EntityData):
    def test_it_lists_organisations_by_name_with_names_aliases_and_counts(self):
        response = self.client.get("/api/v1/organisations/")
        self.assertEqual(response.status_code, 200)
        results = response.json()["results"]
        names = [each["name"] for each in results]
        self.assertEqual(names, sorted(names))
        moe = next(each for each in results if each["slug"] == "ministry-of-education")
        self.assertEqual(moe["chinese_name"], "中华人民共和国教育部")
        self.assertEqual(sorted(moe["aliases"]), ["MOE", "教育部"])
        self.assertTrue(moe["url"].endswith("/organisations/ministry-of-education/"))
        # Two published exchanges: the draft is not counted, nor the sponsor link twice.
        self.assertEqual(moe["exchange_count"], 2)
        self.assertEqual(
            next(each for each in results if each["slug"] == "zoo-number-0")["exchange_count"], 0
        )

    def test_the_exchanges_link_lists_as_many_exchanges_as_the_count(self):
        moe = self.client.get("/api/v1/organisations/ministry-of-education/").json()
        self.assertTrue(moe["exchanges"].endswith("/api/v1/exchanges/?organisation=ministry-of-education"))
        exchanges = self.client.get(local(moe["exchanges"])).json()["results"]
        self.assertEqual(len(exchanges), moe["exchange_count"])
        self.assertEqual({each["title"] for each in exchanges}, {"Education pact", "Ministers meet"})

    def test_q_finds_by_the_beginning_of_a_name_or_alias_in_any_case(self):
        for q, slug in [
            ("minis", "ministry-of-education"),
            ("moe", "ministry-of-education"),
            ("教育", "ministry-of-education"),
            ("PEKING", "peking-university"),
        ]:
            with self.subTest(q=q):
                slugs = [
                    each["slug"]
                    for each in self.client.get("/api/v1/organisations/", {"q": q}).json()["results"]
                ]
                self.assertEqual(slugs, [slug])
        self.assertEqual(self.client.get("/api/v1/organisations/?q=nothing-like-it").json()["results"], [])

    def test_q_leaves_out_the_invisible_characters_a_pasted_name_brings(self):
        # As the exchanges' `q` does: a soft hyphen or a zero-width space found nothing, and one alone
        # was a name that matched nothing rather than no name at all.
        for q in ["Minis\u00adtry", "\u200bministry\ufeff"]:
            with self.subTest(q=q):
                response = self.client.get("/api/v1/organisations/", {"q": q})
                self.assertEqual(
                    [each["slug"] for each in response.json()["results"]], ["ministry-of-education"]
                )
        everything = len(self.client.get("/api/v1/organisations/").json()["results"])
        response = self.client.get("/api/v1/organisations/", {"q": "\u200b"})
        self.assertEqual(len(response.json()["results"]), everything)

    def test_the_cursor_follows_every_organisation_once(self):
        url, seen = "/api/v1/organisations/?page_size=2", []
        while url:
            page = self.client.get(url).json()
            seen += [each["slug"] for each in page["results"]]
            url = page["next"] and local(page["next"])
        self.assertEqual(
            seen, list(Organisation.objects.order_by("name", "id").values_list("slug", flat=True))
        )

    def test_modified_after_returns_what_changed_since(self):
        later = timezone.now() + datetime.timedelta(hours=1)
        Organisation.objects.filter(slug="zoo-number-1").update(updated=later + datetime.timedelta(minutes=1))
        response = self.client.get("/api/v1/organisations/", {"modified_after": later.isoformat()})
        self.assertEqual([each["slug"] for each in response.json()["results"]], ["zoo-number-1"])

    def test_bad_parameters_are_400_with_json(self):
        for query in ["modified_after=yesterday", "q=" + "x" * 201, "page_size=2&modified_after=2026-13-01"]:
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/organisations/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertTrue(set(response.json()) & {"q", "modified_after"})
        response = self.client.get("/api/v1/places/?kind=planet&country=mars")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"kind", "country"})

    def test_a_page_number_is_400_naming_it_as_on_the_exchanges_list(self):
        # The lists are read with a cursor: a number was ignored, the first page given as if it were
        # that one, and carried into `next`. Left empty, it is as if absent.
        for address in [
            "/api/v1/organisations/?page=2",
            "/api/v1/people/?page=2&page_size=1",
            "/api/v1/places/?page=last",
            "/api/v1/withdrawn/?page=2",
            "/api/v1/withdrawn/organisations/?page=2",
        ]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), ["page"])
                self.assertIn("follow `next`", response.json()["page"][0])
        response = self.client.get("/api/v1/organisations/?page=&page_size=2")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()["results"]), 2)

    def test_list_query_count_is_pinned(self):
        # 1. the page of organisations with their published exchange counts; 2. their aliases.
        with self.assertNumQueries(2):
            self.assertEqual(self.client.get("/api/v1/organisations/?page_size=50&q=m").status_code, 200)

    def test_list_answers_304_when_unchanged(self):
        first = self.client.get("/api/v1/organisations/")
        again = self.client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        make_exchange(title="Another", partners="Zoo number 2")
        self.assertEqual(
            self.client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 200
        )

    @override_settings(API_ANON_RATE="2/min")
    def test_anonymous_clients_are_throttled(self):
        statuses = [
            self.client.get(url).status_code
            for url in ["/api/v1/people/", "/api/v1/places/", "/api/v1/organisations/"]
        ]
        self.assertEqual(statuses, [200, 200, 429])

    def test_writes_are_refused(self):
        self.assertEqual(self.client.post("/api/v1/people/", {}).status_code, 405)


class EntityDetailTests(EntityData):
    def test_a_person_by_slug(self):
        response = self.client.get("/api/v1/people/wang-yi/")
        self.assertEqual(response.status_code, 200)
        person = response.json()
        self.assertEqual(person["chinese_name"], "王毅")
        self.assertEqual(person["aliases"], ["Wang, Yi"])
        self.assertEqual(person["exchange_count"], 1)
        self.assertTrue(person["exchanges"].endswith("/api/v1/exchanges/?person=wang-yi"))

    def test_a_place_says_its_kind_country_and_what_it_lies_in(self):
        place = self.client.get("/api/v1/places/rancho-mirage/").json()
        self.assertEqual((place["kind"], place["country"], place["parent"]), ("city", "US", "california"))
        california = self.client.get("/api/v1/places/california/").json()
        self.assertIsNone(california["parent"])
        # The exchanges of a place include those of the places within it, as ?place= finds them.
        self.assertEqual(california["exchange_count"], 1)
        self.assertEqual(len(self.client.get(local(california["exchanges"])).json()["results"]), 1)

    def test_places_filter_by_kind_and_country(self):
        slugs = [
            each["slug"]
            for each in self.client.get("/api/v1/places/?kind=province&country=US").json()["results"]
        ]
        self.assertEqual(slugs, ["california"])

    def test_a_places_country_is_read_in_any_case_as_the_exchanges_filter_reads_it(self):
        # The exchanges' filter writes the countries in lower case (?country=us); a client that
        # passes the same value to the places was refused ("us is not one of the available choices").
        for country in ("US", "us", "Us"):
            response = self.client.get(f"/api/v1/places/?kind=province&country={country}")
            self.assertEqual(response.status_code, 200, response.content)
            self.assertEqual([each["slug"] for each in response.json()["results"]], ["california"])
        self.assertEqual(self.client.get("/api/v1/places/?country=OTHER").status_code, 200)
        self.assertEqual(self.client.get("/api/v1/places/?country=mars").status_code, 400)

    def test_unknown_slugs_are_404_json(self):
        for url in ["/api/v1/organisations/no-such/", "/api/v1/people/no-such/", "/api/v1/places/no-such/"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404)
            self.assertIn("detail", response.json())

    def test_detail_query_counts_are_pinned(self):
        # 1. the organisation with its published exchange count; 2. its aliases.
        with self.assertNumQueries(2):
            self.client.get("/api/v1/organisations/ministry-of-education/")
        # 1. the place with its count and the place it lies in (one join); 2. its aliases.
        with self.assertNumQueries(2):
            self.client.get("/api/v1/places/rancho-mirage/")

    def test_a_client_sending_back_a_date_gets_the_entity_again_after_a_change_its_date_does_not_show(self):
        """An entity's `updated` moves when it is saved, not when it gains an alias or a published
        exchange (exchange_count): its record changed under a Last-Modified that did not, and a
        client sending it back as If-Modified-Since was told 304 and kept the old record. Its ETag,
        a hash of the record, says whether it changed: the record has no date to give."""
        url = "/api/v1/people/wang-yi/"
        first = self.client.get(url)
        self.assertNotIn("Last-Modified", first)
        since = http_date(timezone.now().timestamp() + 60)
        Person.objects.get(slug="wang-yi").aliases.create(name="Wang I")
        again = self.client.get(url, headers={"If-Modified-Since": since})
        self.assertEqual(again.status_code, 200)
        self.assertIn("Wang I", again.json()["aliases"])
        make_exchange(title="Wang Yi visits", participants="Wang Yi")
        latest = self.client.get(url, headers={"If-Modified-Since": since, "If-None-Match": again["ETag"]})
        self.assertEqual((latest.status_code, latest.json()["exchange_count"]), (200, 2))
        unchanged = self.client.get(url, headers={"If-None-Match": latest["ETag"]})
        self.assertEqual(unchanged.status_code, 304)

    def test_etag_revalidates(self):
        first = self.client.get("/api/v1/people/wang-yi/")
        self.assertEqual(
            self.client.get("/api/v1/people/wang-yi/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 304
        )
        Person.objects.get(slug="wang-yi").aliases.create(name="Wang I")
        self.assertEqual(
            self.client.get("/api/v1/people/wang-yi/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 200
        )


class MergedEntityDetailTests(EntityData):
    """The address of an entity merged into another leads, for good, to the one kept."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.wang = Person.objects.get(slug="wang-yi")
        merge(cls.wang, make_person("Wang I"))

    def assertLeadsTo(self, url, expected):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 301, url)
        self.assertEqual(response["Location"], expected)

    def test_a_merged_persons_address_leads_to_the_person_kept_with_its_query(self):
        self.assertLeadsTo("/api/v1/people/wang-i/", "/api/v1/people/wang-yi/")
        self.assertLeadsTo("/api/v1/people/wang-i/?format=json", "/api/v1/people/wang-yi/?format=json")
        person = self.client.get("/api/v1/people/wang-i/", follow=True).json()
        self.assertEqual((person["slug"], person["exchange_count"]), ("wang-yi", 1))

    def test_organisations_and_places_lead_to_the_one_kept_too(self):
        merge(self.moe, make_organisation("Jiaoyubu"))
        self.assertLeadsTo("/api/v1/organisations/jiaoyubu/", "/api/v1/organisations/ministry-of-education/")
        merge(make_place("Guangzhou"), make_place("Canton"))
        self.assertLeadsTo("/api/v1/places/canton/", "/api/v1/places/guangzhou/")

    def test_an_address_follows_every_later_merge_to_the_newest_entity(self):
        merge(make_person("Foreign Minister Wang Yi"), self.wang)
        self.assertLeadsTo("/api/v1/people/wang-i/", "/api/v1/people/foreign-minister-wang-yi/")
        self.assertLeadsTo("/api/v1/people/wang-yi/", "/api/v1/people/foreign-minister-wang-yi/")

    def test_an_entity_living_at_the_address_is_answered_rather_than_the_one_kept(self):
        namesake = make_person("Wang I", chinese_name="王逸")
        self.assertEqual(namesake.slug, "wang-i")
        response = self.client.get("/api/v1/people/wang-i/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["chinese_name"], "王逸")

    def test_an_address_no_entity_ever_had_is_still_404_json(self):
        for url in [
            "/api/v1/people/nobody-at-all/",
            "/api/v1/organisations/wang-i/",
            "/api/v1/places/wang-i/",
        ]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertIn("detail", response.json())

    def test_an_old_address_takes_two_queries(self):
        # 1: no person has the slug; 2: the person kept, by the old address.
        with self.assertNumQueries(2):
            self.client.get("/api/v1/people/wang-i/")


class ExchangeEntitiesTests(EntityData):
    EXPECTED = {
        "title_zh": "教育协议",
        "summary_zh": "双方签署协议。",
        "organisations": [
            {"slug": "ministry-of-education", "name": "Ministry of Education", "role": "partner"},
            {"slug": "peking-university", "name": "Peking University", "role": "partner"},
            {"slug": "ministry-of-education", "name": "Ministry of Education", "role": "sponsor"},
        ],
        "people": [{"slug": "wang-yi", "name": "Wang Yi", "title": "Foreign Minister"}],
        # Only the place the record names, not California it lies in.
        "places": [{"slug": "rancho-mirage", "name": "Rancho Mirage"}],
    }

    def test_an_exchange_carries_its_chinese_texts_and_linked_entities(self):
        record = self.client.get("/api/v1/exchanges/education-pact/").json()
        self.assertEqual({key: record[key] for key in self.EXPECTED}, self.EXPECTED)
        listed = next(
            each
            for each in self.client.get("/api/v1/exchanges/").json()["results"]
            if each["slug"] == "education-pact"
        )
        self.assertEqual({key: listed[key] for key in self.EXPECTED}, self.EXPECTED)

    def test_the_json_download_carries_the_same(self):
        response = self.client.get("/exchanges.json?q=pact")
        [record] = json.loads(b"".join(response.streaming_content))
        self.assertEqual({key: record[key] for key in self.EXPECTED}, self.EXPECTED)

    @override_settings(DOWNLOAD_CHUNK_SIZE=2)
    def test_the_json_download_fetches_links_per_chunk_not_per_row(self):
        make_exchange(title="A third one", partners="Peking University")
        # 1. the catalogue's latest change (the Last-Modified); 2. the exchanges, through a cursor;
        # then per chunk of two (two chunks for three exchanges): 3. sources, 4. organisation links,
        # 5. people links, 6. place links.
        with self.assertNumQueries(2 + 2 * 4):
            b"".join(self.client.get("/exchanges.json").streaming_content)

    def test_the_schema_documents_the_entities(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        for path in ["/api/v1/organisations/", "/api/v1/people/{slug}/", "/api/v1/places/"]:
            self.assertIn(path, schema["paths"])
        exchange = schema["components"]["schemas"]["Exchange"]["properties"]
        self.assertLessEqual({"title_zh", "summary_zh", "organisations", "people", "places"}, set(exchange))
        place = schema["components"]["schemas"]["Place"]["properties"]
        self.assertLessEqual(
            {"kind", "country", "parent", "aliases", "exchange_count", "exchanges"}, set(place)
        )
        parameters = {p["name"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
        self.assertLessEqual({"q", "modified_after", "cursor", "page_size"}, parameters)


class EntityOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for name in ["CCTV America", "California Department of Education", "cbs News", "Beijing Review"]:
            make_organisation(name)

    def test_entities_are_listed_by_name_whatever_the_case_as_on_the_site(self):
        on_site = [each.name for each in self.client.get("/organisations/").context["page"].object_list]
        self.assertEqual(
            on_site, ["Beijing Review", "California Department of Education", "cbs News", "CCTV America"]
        )
        listed, url = [], "/api/v1/organisations/?page_size=1"
        while url:
            answer = self.client.get(url).json()
            listed += [each["name"] for each in answer["results"]]
            url = answer["next"] and local(answer["next"])
        self.assertEqual(listed, on_site)
        # And back again from the last page.
        previous = self.client.get(url or local(answer["previous"])).json()
        self.assertEqual([each["name"] for each in previous["results"]], ["cbs News"])


class EntityOtherSpellingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_person("Zhou Enlai")
        make_person("Chou Wen-chung")
        make_organisation("Peking University")

    def test_q_finds_a_name_by_another_spelling_the_search_knows_by_name(self):
        for url, slugs in [
            ("/api/v1/people/?q=Chou", ["chou-wen-chung", "zhou-enlai"]),
            ("/api/v1/people/?q=Chou En-lai", ["zhou-enlai"]),
            ("/api/v1/organisations/?q=Beijing University", ["peking-university"]),
        ]:
            with self.subTest(url=url):
                self.assertEqual([each["slug"] for each in self.client.get(url).json()["results"]], slugs)

    def test_the_query_count_stays_pinned(self):
        # 1. the page of people; 2. their aliases.
        with self.assertNumQueries(2):
            self.assertEqual(self.client.get("/api/v1/people/?q=Chou").status_code, 200)
