"""An organisation's, person's or place's `updated` moves whenever its API record changes, so that a
mirror reading /api/v1/organisations/?modified_after=… (and people, places) gets it again: its
names and a place's kind and country (saved with it), its aliases, its `exchange_count` and, for a
place, the place it lies in. Before, only a save of the entity itself moved it: the count moved by
publishing, withdrawing, deleting or relinking an exchange, an alias added by a publish, by the
gazetteer or by `add_alias`, a Chinese name filled by a publish, a parent merged or deleted, and a
recount by `rebuild_counts` all left a mirror with the old record. Each is dated in the transaction
of the change, in the UPDATE that moves the count where there is one, else in one UPDATE of the
entities changed."""

import datetime
import io

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import moderation
from entities.merge import merge
from entities.models import ENTITY_MODELS, Organisation, Person, Place
from entities.places import load_known_places
from exchanges.links import relink_places_lain_in
from exchanges.models import Exchange
from exchanges.publishing import publish
from tests.entities.factories import make_organisation, make_person, make_place
from tests.exchanges.test_counts_write_paths import SOURCES
from tests.exchanges.test_counts_write_paths import values as record_values
from tests.factories import make_exchange, make_moderator, make_submission

HOUR_AGO = datetime.timedelta(hours=1)
PLURALS = {"organisation": "organisations", "person": "people", "place": "places"}


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def values(**fields):
    """A record naming the entities of EntityDates: Peking University, Wang Yi, Chengdu."""
    named = {
        "partners": "Peking University",
        "sponsors": "",
        "participants": "Wang Yi",
        "location": "Chengdu",
    }
    return record_values(**{**named, **fields})


def entity_updates(queries):
    """The UPDATE statements of the entity tables among `queries`."""
    tables = tuple(f'UPDATE "entities_{kind}" ' for kind in ENTITY_MODELS)
    return [query["sql"] for query in queries if query["sql"].startswith(tables)]


class EntityDates(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sichuan = make_place("Sichuan", kind=Place.Kind.PROVINCE)
        cls.chengdu = make_place("Chengdu", parent=cls.sichuan)
        cls.pact = make_exchange(
            title="Student exchange", partners="Peking University", participants="Wang Yi", location="Chengdu"
        )
        make_organisation("Tsinghua University")
        make_person("Li Keqiang")

    def setUp(self):
        # Every entity as a mirror read it an hour ago.
        for model in ENTITY_MODELS.values():
            model.objects.update(updated=timezone.now() - HOUR_AGO)
        self.since = timezone.now()

    def changed(self):
        """{kind: [slugs]} of the entities each list gives to modified_after since the change began."""
        found = {}
        for kind, plural in PLURALS.items():
            response = self.client.get(f"/api/v1/{plural}/?modified_after={stamp(self.since)}&page_size=500")
            self.assertEqual(response.status_code, 200, response.content)
            slugs = sorted(record["slug"] for record in response.json()["results"])
            if slugs:
                found[kind] = slugs
        return found

    def record(self, kind, slug):
        return self.client.get(f"/api/v1/{PLURALS[kind]}/{slug}/").json()


@override_settings(PAGE_CACHE=False)
class ExchangeCountDateTests(EntityDates):
    """The count of published exchanges moves with a publish, a withdrawal, a deletion, a change of
    an exchange's links: the entities whose count moved are given, and only those."""

    def test_publishing_a_new_exchange_dates_the_entities_it_links(self):
        publish(values(partners="Tsinghua University", participants="Li Keqiang"), SOURCES)
        self.assertEqual(
            self.changed(),
            {
                "organisation": ["tsinghua-university"],
                "person": ["li-keqiang"],
                "place": ["chengdu", "sichuan"],
            },
        )
        self.assertEqual(self.record("person", "li-keqiang")["exchange_count"], 1)

    def test_approving_a_submission_dates_the_entities_it_links(self):
        submission = make_submission(partners="Tsinghua University", participants="", location="")
        with self.captureOnCommitCallbacks(execute=True):
            result = moderation.approve(submission.pk, make_moderator())
        self.assertEqual(result.outcome, moderation.Outcome.DONE, result.errors)
        self.assertEqual(self.changed(), {"organisation": ["tsinghua-university"]})

    def test_withdrawing_and_publishing_again_dates_its_entities(self):
        expected = {
            "organisation": ["peking-university"],
            "person": ["wang-yi"],
            "place": ["chengdu", "sichuan"],
        }
        self.pact.status = Exchange.Status.DRAFT
        self.pact.save()
        self.assertEqual(self.changed(), expected)
        self.assertEqual(self.record("organisation", "peking-university")["exchange_count"], 0)
        self.setUp()
        self.pact.status = Exchange.Status.PUBLISHED
        self.pact.save()
        self.assertEqual(self.changed(), expected)

    def test_deleting_a_published_exchange_dates_its_entities(self):
        self.pact.delete()
        self.assertEqual(
            self.changed(),
            {"organisation": ["peking-university"], "person": ["wang-yi"], "place": ["chengdu", "sichuan"]},
        )

    def test_changing_an_exchanges_links_dates_those_it_gains_and_loses_not_those_it_keeps(self):
        publish(
            values(
                title=self.pact.title,
                partners="Tsinghua University",
                participants="Wang Yi",
                location="Chengdu",
            ),
            None,
            exchange=self.pact,
        )
        self.assertEqual(self.changed(), {"organisation": ["peking-university", "tsinghua-university"]})
        self.assertEqual(self.record("organisation", "peking-university")["exchange_count"], 0)

    def test_a_change_of_an_exchange_that_keeps_its_links_dates_no_entity(self):
        publish(values(title="Student exchange, renamed", location="Chengdu"), None, exchange=self.pact)
        self.assertEqual(self.changed(), {})

    def test_a_draft_changed_dates_no_entity(self):
        draft = make_exchange(title="Draft", partners="Tsinghua University", status=Exchange.Status.DRAFT)
        self.setUp()
        publish(values(title="Draft", partners="Peking University"), None, exchange=draft)
        self.assertEqual(self.changed(), {})

    def test_publishing_dates_the_entities_in_the_update_that_counts_them(self):
        """However many entities an exchange names, the count and the date move in one UPDATE of
        each kind of entity; the ones an edit drops are dated in one more."""
        partners = "\n".join(f"University number {number}" for number in range(10))
        exchange = publish(values(partners=partners), SOURCES)
        with CaptureQueriesContext(connection) as queries:
            publish(values(partners=partners + "\nTsinghua University"), None, exchange=exchange)
        # Each kind: the count taken off the links it had, then added to those it has.
        self.assertEqual(len(entity_updates(queries)), 6)
        with CaptureQueriesContext(connection) as queries:
            publish(values(partners="Tsinghua University"), None, exchange=exchange)
        # And one for the ten organisations it no longer names.
        self.assertEqual(len(entity_updates(queries)), 7)
        self.assertEqual(len(self.changed()["organisation"]), 11)

    def test_a_place_given_another_parent_dates_the_places_whose_count_the_relinking_moves(self):
        guangdong = make_place("Guangdong", kind=Place.Kind.PROVINCE)
        Place.objects.filter(pk=self.chengdu.pk).update(parent=guangdong)
        self.setUp()
        relink_places_lain_in([self.pact.pk])
        self.assertEqual(self.changed(), {"place": ["guangdong", "sichuan"]})
        self.assertEqual(self.record("place", "sichuan")["exchange_count"], 0)

    def test_rebuild_counts_dates_the_entities_whose_count_it_corrects_alone(self):
        Organisation.objects.filter(slug="peking-university").update(exchange_count=7)
        Person.objects.filter(slug="li-keqiang").update(exchange_count=3)
        self.setUp()
        call_command("rebuild_counts", stdout=io.StringIO())
        self.assertEqual(self.changed(), {"organisation": ["peking-university"], "person": ["li-keqiang"]})
        self.assertEqual(self.record("organisation", "peking-university")["exchange_count"], 1)
        self.setUp()
        call_command("rebuild_counts", stdout=io.StringIO())
        self.assertEqual(self.changed(), {})


@override_settings(PAGE_CACHE=False)
class AliasAndNameDateTests(EntityDates):
    """Aliases and the names a publish or the gazetteer fills in."""

    def test_add_alias_dates_the_entity(self):
        Organisation.objects.get(slug="tsinghua-university").add_alias("THU")
        self.assertEqual(self.changed(), {"organisation": ["tsinghua-university"]})
        self.assertEqual(self.record("organisation", "tsinghua-university")["aliases"], ["THU"])

    def test_an_alias_already_there_dates_nothing(self):
        Organisation.objects.get(slug="tsinghua-university").add_alias("Tsinghua  university")
        self.assertEqual(self.changed(), {})

    def test_an_abbreviation_a_publish_reads_dates_the_organisation_it_gives_an_alias(self):
        # The exchange named Peking University already: its count does not move, its aliases do.
        publish(values(title=self.pact.title, partners="Peking University (PU)"), None, exchange=self.pact)
        self.assertEqual(self.changed(), {"organisation": ["peking-university"]})
        self.assertEqual(self.record("organisation", "peking-university")["aliases"], ["PU"])

    def test_an_abbreviation_in_a_draft_dates_the_organisation_too(self):
        make_exchange(title="Draft", partners="Tsinghua University (TU)", status=Exchange.Status.DRAFT)
        self.assertEqual(self.changed(), {"organisation": ["tsinghua-university"]})

    def test_a_chinese_name_a_publish_fills_in_dates_the_entity(self):
        make_exchange(title="Draft", partners="Tsinghua University (清华大学)", status=Exchange.Status.DRAFT)
        self.assertEqual(self.changed(), {"organisation": ["tsinghua-university"]})
        self.assertEqual(self.record("organisation", "tsinghua-university")["chinese_name"], "清华大学")

    def test_the_gazetteer_dates_the_places_it_gives_aliases(self):
        beijing = make_place("Beijing", kind=Place.Kind.CITY, chinese_name="北京")
        self.setUp()
        load_known_places()
        record = self.record("place", "beijing")
        self.assertIn("Peking", record["aliases"])
        self.assertIn("beijing", self.changed()["place"])
        self.assertEqual(beijing.pk, Place.objects.get(slug="beijing").pk)

    def test_aliases_edited_in_the_admin_date_the_entity(self):
        self.client.force_login(make_moderator(is_superuser=True))
        university = Organisation.objects.get(slug="tsinghua-university")
        response = self.client.post(
            f"/admin/entities/organisation/{university.pk}/change/",
            {
                "name": university.name,
                "chinese_name": "",
                "aliases-TOTAL_FORMS": "1",
                "aliases-INITIAL_FORMS": "0",
                "aliases-0-name": "THU",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertEqual(self.changed(), {"organisation": ["tsinghua-university"]})


@override_settings(PAGE_CACHE=False)
class ParentDateTests(EntityDates):
    """A place's record names the place it lies in."""

    def test_a_deleted_place_dates_the_places_that_lay_in_it(self):
        self.sichuan.delete()
        self.assertIn("chengdu", self.changed()["place"])
        self.assertIsNone(self.record("place", "chengdu")["parent"])

    def test_a_merge_dates_the_places_that_lay_in_the_one_merged(self):
        province = make_place("Sichuan Province", kind=Place.Kind.PROVINCE)
        self.setUp()
        merge(province, self.sichuan)
        self.assertEqual(self.record("place", "chengdu")["parent"], "sichuan-province")
        self.assertIn("chengdu", self.changed()["place"])

    def test_a_merge_dates_the_one_kept(self):
        merge(Person.objects.get(slug="wang-yi"), Person.objects.get(slug="li-keqiang"))
        self.assertEqual(self.changed(), {"person": ["wang-yi"]})


@override_settings(PAGE_CACHE=True)
class CachedEntityReadTests(EntityDates):
    """The entities' pages and the API's reads of them and of those withdrawn are kept in the page
    cache (exchanges/cache.py) until the catalogue changes: a change that dates an entity retires
    them, so a reader and a mirror get the new record at once."""

    URLS = [
        "/api/v1/organisations/",
        "/api/v1/organisations/peking-university/",
        "/api/v1/people/?q=wang",
        "/api/v1/people/wang-yi/",
        "/api/v1/places/?country=cn",
        "/api/v1/places/chengdu/",
        "/api/v1/withdrawn/organisations/",
        "/api/v1/withdrawn/people/",
        "/api/v1/withdrawn/places/",
    ]

    def test_the_api_reads_of_entities_and_of_those_withdrawn_are_served_from_the_cache(self):
        for url in self.URLS:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                with self.assertNumQueries(0):
                    again = self.client.get(url)
                self.assertEqual(again.content, first.content)
                self.assertEqual(again["Cache-Control"], "public, max-age=0, s-maxage=60")
                # When the catalogue last changed, as every cached page says.
                self.assertTrue(again["Last-Modified"])

    def test_a_publish_shows_in_the_cached_records_and_to_modified_after_at_once(self):
        url = "/api/v1/organisations/tsinghua-university/"
        since = stamp(self.since)
        self.assertEqual(self.client.get(url).json()["exchange_count"], 0)
        self.assertEqual(
            self.client.get(f"/api/v1/organisations/?modified_after={since}").json()["results"], []
        )
        self.client.get("/organisations/tsinghua-university/")
        publish(values(partners="Tsinghua University (TU)"), SOURCES)
        record = self.client.get(url).json()
        self.assertEqual((record["exchange_count"], record["aliases"]), (1, ["TU"]))
        listed = self.client.get(f"/api/v1/organisations/?modified_after={since}").json()["results"]
        self.assertEqual([each["slug"] for each in listed], ["tsinghua-university"])
        self.assertContains(
            self.client.get("/organisations/tsinghua-university/"), '<span class="alias">TU</span>'
        )

    def test_a_withdrawal_and_a_place_deleted_show_at_once(self):
        self.client.get("/api/v1/people/wang-yi/")
        self.client.get("/api/v1/places/chengdu/")
        self.client.get("/api/v1/withdrawn/places/")
        self.pact.status = Exchange.Status.DRAFT
        self.pact.save()
        self.assertEqual(self.client.get("/api/v1/people/wang-yi/").json()["exchange_count"], 0)
        self.sichuan.delete()
        self.assertIsNone(self.client.get("/api/v1/places/chengdu/").json()["parent"])
        withdrawn = self.client.get("/api/v1/withdrawn/places/").json()["results"]
        self.assertEqual([each["slug"] for each in withdrawn], ["sichuan"])
