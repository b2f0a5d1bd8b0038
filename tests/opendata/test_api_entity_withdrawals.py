"""/api/v1/withdrawn/organisations/, /people/ and /places/: the addresses of the entities deleted or
merged into another, as /api/v1/withdrawn/ gives the exchanges withdrawn, so that a client mirroring
the entities (their lists' `modified_after`) learns which to delete, and what a merged one became
(`merged_into`, the slug of the one kept). Before, nothing told it: a deleted or merged entity
simply stopped being listed, and a mirror kept it for ever."""

import datetime

from django.test import TestCase

from entities.merge import merge
from entities.models import Person
from tests.entities.factories import make_organisation, make_person, make_place

HOUR_AGO = datetime.timedelta(hours=1)


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class EntityWithdrawalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.wang = make_person("Wang Yi")
        make_person("Li Keqiang").delete()
        merge(cls.wang, make_person("Wang I"))
        make_person("Still here")

    def withdrawn(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def pairs(self, url="/api/v1/withdrawn/people/"):
        return [(record["slug"], record["merged_into"]) for record in self.withdrawn(url)["results"]]

    def test_it_lists_the_people_deleted_and_merged_newest_first_with_the_one_kept(self):
        page = self.withdrawn("/api/v1/withdrawn/people/")
        self.assertEqual(
            [(record["slug"], record["merged_into"]) for record in page["results"]],
            [("wang-i", "wang-yi"), ("li-keqiang", None)],
        )
        self.assertEqual(set(page["results"][0]), {"slug", "withdrawn_at", "merged_into"})
        self.assertIsNone(page["next"])

    def test_each_kind_lists_its_own(self):
        merge(make_organisation("Ministry of Education"), make_organisation("MOE"))
        make_place("Canton").delete()
        self.assertEqual(self.pairs("/api/v1/withdrawn/organisations/"), [("moe", "ministry-of-education")])
        self.assertEqual(self.pairs("/api/v1/withdrawn/places/"), [("canton", None)])
        self.assertNotIn("moe", [slug for slug, _kept in self.pairs()])

    def test_an_address_follows_later_merges_to_the_newest_entity_kept(self):
        merge(make_person("Foreign Minister Wang Yi"), self.wang)
        self.assertEqual(
            self.pairs()[:2],
            [("wang-yi", "foreign-minister-wang-yi"), ("wang-i", "foreign-minister-wang-yi")],
        )

    def test_an_address_an_entity_has_again_is_not_withdrawn_until_it_goes_again(self):
        again = make_person("Li Keqiang")
        self.assertEqual(again.slug, "li-keqiang")
        make_person("Wang I")
        self.assertEqual(self.pairs(), [])
        # Deleted in turn: withdrawn again, dated anew; the merged address leads on to the one kept.
        since = datetime.datetime.now(datetime.UTC)
        again.delete()
        Person.objects.get(slug="wang-i").delete()
        self.assertEqual(
            self.pairs(f"/api/v1/withdrawn/people/?withdrawn_after={stamp(since)}"),
            [("wang-i", "wang-yi"), ("li-keqiang", None)],
        )

    def test_withdrawn_after_narrows_and_validates(self):
        since = datetime.datetime.now(datetime.UTC)
        self.assertEqual(self.pairs(f"/api/v1/withdrawn/people/?withdrawn_after={stamp(since)}"), [])
        make_person("Zhou Enlai").delete()
        self.assertEqual(
            self.pairs(f"/api/v1/withdrawn/people/?withdrawn_after={stamp(since)}"), [("zhou-enlai", None)]
        )
        response = self.client.get("/api/v1/withdrawn/people/?withdrawn_after=soon")
        self.assertEqual(response.status_code, 400)
        self.assertIn("withdrawn_after", response.json())

    def test_the_pages_are_read_with_a_cursor(self):
        url, slugs = "/api/v1/withdrawn/people/?page_size=1", []
        while url:
            page = self.withdrawn(url)
            slugs += [record["slug"] for record in page["results"]]
            url = page["next"]
        self.assertEqual(slugs, ["wang-i", "li-keqiang"])

    def test_a_page_is_one_query_for_one_address_or_several(self):
        # 1: the addresses of the kind that no entity has now, each with the slug of the one kept.
        with self.assertNumQueries(1):
            self.assertEqual(len(self.withdrawn("/api/v1/withdrawn/people/?page_size=1")["results"]), 1)
        for number in range(5):
            merge(self.wang, make_person(f"Wang Yi {number}"))
            make_person(f"Gone {number}").delete()
        with self.assertNumQueries(1):
            self.assertEqual(len(self.withdrawn("/api/v1/withdrawn/people/")["results"]), 12)

    def test_a_mirror_of_the_people_kept_in_sync_holds_what_the_list_holds(self):
        mirror = {record["slug"]: record["name"] for record in self.withdrawn("/api/v1/people/")["results"]}
        since = datetime.datetime.now(datetime.UTC)
        merge(make_person("Zhou Enlai"), Person.objects.get(slug="still-here"))
        make_person("Deng Xiaoping")
        Person.objects.get(slug="wang-yi").delete()
        for record in self.withdrawn(f"/api/v1/people/?modified_after={stamp(since)}")["results"]:
            mirror[record["slug"]] = record["name"]
        for record in self.withdrawn(f"/api/v1/withdrawn/people/?withdrawn_after={stamp(since)}")["results"]:
            mirror.pop(record["slug"], None)
        listed = {record["slug"]: record["name"] for record in self.withdrawn("/api/v1/people/")["results"]}
        self.assertEqual(mirror, listed)
        self.assertEqual(sorted(listed), ["deng-xiaoping", "zhou-enlai"])

    def test_an_unchanged_list_is_304_and_a_deletion_sends_it_again(self):
        url = "/api/v1/withdrawn/people/"
        first = self.client.head(url)
        self.assertEqual(self.client.get(url, headers={"If-None-Match": first["ETag"]}).status_code, 304)
        make_person("Zhou Enlai").delete()
        again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["results"][0]["slug"], "zhou-enlai")

    def test_the_root_names_the_collections(self):
        links = self.client.get("/api/v1/").json()
        for kind in ("organisations", "people", "places"):
            self.assertTrue(links[f"withdrawn/{kind}"].endswith(f"/api/v1/withdrawn/{kind}/"))
