"""Every way an exchange is written keeps the catalogue's counts exact.

After each path (publishing a new exchange, changing one, approving a
submission, importing with --publish, seeding, editing in the admin,
withdrawing, deleting, changing its status in the admin, merging entities),
the summary table and every entity's count must equal a recount from scratch:
a path that forgets them fails here.
"""

import datetime
import io
from collections import defaultdict
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.db.models import F
from django.test import TestCase, override_settings

from contributions import moderation
from entities.merge import merge
from entities.models import Organisation, Person, Place
from exchanges.counts import (
    ENTITY_LINKS,
    entity_summary_expected,
    kept_entity_summary,
    kept_summary,
    published_count,
    summary_from_scratch,
)
from exchanges.models import Exchange, ExchangePerson, ExchangePlace
from exchanges.publishing import publish
from tests.factories import make_moderator, make_submission

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_exchanges.csv"
EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"


def values(**fields):
    return {
        "title": "Blinken meets Wang Yi in Beijing",
        "summary": "The Secretary of State met China's top diplomat.",
        "government": True,
        "type": Exchange.Type.DIPLOMATIC,
        "levels": [Exchange.Level.NATIONAL],
        "partners": "U.S. Department of State\nMinistry of Foreign Affairs",
        "sponsors": "U.S. Department of State",
        "participants": "Secretary of State Antony Blinken, Foreign Minister Wang Yi",
        "location": "Beijing",
        "date": datetime.date(2023, 6, 18),
        **fields,
    }


SOURCES = [{"citation": "State Department readout", "url": "https://example.org/readout"}]


def admin_form(exchange, **fields):
    """The admin's change form for an exchange, as a browser posts it."""
    data = {
        "title": exchange.title,
        "status": exchange.status,
        "summary": exchange.summary,
        "government": "" if exchange.government is None else str(exchange.government),
        "type": exchange.type,
        "levels": exchange.levels,
        "continuing": "" if exchange.continuing is None else str(exchange.continuing),
        "partners": exchange.partners,
        "sponsors": exchange.sponsors,
        "participants": exchange.participants,
        "location": exchange.location,
        "date": exchange.display_date,
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "submissions-TOTAL_FORMS": "0",
        "submissions-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def place_form(place, **fields):
    """The admin's change form for a place, as a browser posts it."""
    return {
        "name": place.name,
        "chinese_name": place.chinese_name,
        "slug": place.slug,
        "kind": place.kind,
        "country": place.country,
        "country_name": place.country_name,
        "parent": place.parent_id or "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        **fields,
    }


class WritePathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator(is_superuser=True)
        call_command("seed_exchanges", file=str(SEED), stdout=io.StringIO())

    def assert_counts_exact(self):
        self.assertEqual(kept_summary(), summary_from_scratch())
        # The summaries of the entities with ENTITY_SUMMARY_MIN published exchanges or more, and no others.
        self.assertEqual(kept_entity_summary(), entity_summary_expected())
        self.assertEqual(sum(kept_summary().values()), Exchange.objects.published().count())
        for model, link, field in ENTITY_LINKS:
            wrong = model.objects.annotate(expected=published_count(link, field)).exclude(
                exchange_count=F("expected")
            )
            self.assertEqual(
                list(wrong.values_list("name", "exchange_count", "expected")), [], model.__name__
            )
            # Each link holds its exchange's date while the exchange is published, else nothing.
            undated = link.objects.filter(exchange__status=Exchange.Status.PUBLISHED).exclude(
                published_date=F("exchange__date")
            )
            stale = link.objects.exclude(exchange__status=Exchange.Status.PUBLISHED).exclude(
                published_date=None
            )
            self.assertEqual(
                list(undated.values_list("exchange__title", "published_date")), [], link.__name__
            )
            self.assertEqual(list(stale.values_list("exchange__title", "published_date")), [], link.__name__)
        # Each place link holds its place's country (what the country filter reads).
        elsewhere = ExchangePlace.objects.exclude(country=F("place__country"))
        self.assertEqual(list(elsewhere.values_list("place__name", "country", "place__country")), [])
        self.assert_places_lain_in()

    def assert_places_lain_in(self):
        """Each exchange is linked to the places its named places lie in, as their parents say now."""
        parents = dict(Place.objects.values_list("pk", "parent_id"))
        named, lain_in = defaultdict(set), defaultdict(set)
        for exchange, place, direct in ExchangePlace.objects.values_list("exchange_id", "place_id", "direct"):
            (named if direct else lain_in)[exchange].add(place)
        wrong = []
        for exchange in named.keys() | lain_in.keys():
            expected = set()
            for place in named[exchange]:
                seen = {place}
                while parents.get(place) and parents[place] not in seen:
                    place = parents[place]
                    seen.add(place)
                    expected.add(place)
            if expected - named[exchange] != lain_in[exchange]:
                wrong.append((exchange, sorted(expected - named[exchange]), sorted(lain_in[exchange])))
        self.assertEqual(wrong, [])

    def test_seeding_counts_every_exchange_and_entity(self):
        self.assertGreaterEqual(Exchange.objects.published().count(), 10)
        self.assertGreater(Organisation.objects.filter(exchange_count__gt=1).count(), 0)
        self.assert_counts_exact()

    def test_publishing_a_new_exchange_and_changing_it_through_publish(self):
        exchange = publish(values(), SOURCES)
        state = Organisation.objects.get(key="united states department of state")
        before = state.exchange_count
        self.assert_counts_exact()
        # Partner and sponsor of it: counted once.
        self.assertEqual(state.exchange_links.filter(exchange=exchange).count(), 2)
        publish(
            values(
                type=Exchange.Type.MILITARY,
                levels=[Exchange.Level.STATE, Exchange.Level.LOCAL],
                government=None,
                date=datetime.date(1999, 1, 1),
                partners="Pentagon",
                sponsors="",
                participants="Foreign Minister Wang Yi",
                location="Shanghai",
            ),
            SOURCES,
            exchange=exchange,
        )
        self.assert_counts_exact()
        self.assertEqual(Organisation.objects.get(pk=state.pk).exchange_count, before - 1)

    def test_approving_a_submission(self):
        submission = make_submission(participants="Governor Jerry Brown", location="Sacramento, California")
        moderation.approve(submission.pk, self.moderator)
        self.assertTrue(Exchange.objects.filter(title=submission.title).exists())
        self.assert_counts_exact()

    def test_importing_with_publish(self):
        # Rows the example cannot publish (one has no date) are reported, and the command says so.
        with self.assertRaises(CommandError):
            call_command(
                "import_exchanges", str(EXAMPLE), "--publish", stdout=io.StringIO(), stderr=io.StringIO()
            )
        self.assertTrue(Exchange.objects.filter(title="US calls on China for cooperation").exists())
        self.assert_counts_exact()

    def test_withdrawing_and_publishing_again(self):
        exchange = Exchange.objects.published().filter(person_links__isnull=False).first()
        exchange.status = Exchange.Status.DRAFT
        exchange.save()
        self.assert_counts_exact()
        exchange.status = Exchange.Status.PUBLISHED
        exchange.save()
        self.assert_counts_exact()

    def test_a_save_of_some_fields_only(self):
        exchange = Exchange.objects.published().first()
        exchange.type = Exchange.Type.SPORTS
        exchange.levels = []
        exchange.save(update_fields=["type"])
        self.assert_counts_exact()

    def test_deleting_published_and_draft_exchanges(self):
        published = Exchange.objects.published().filter(organisation_links__isnull=False).first()
        published.delete()
        self.assert_counts_exact()
        draft = publish(values(), SOURCES)
        draft.status = Exchange.Status.DRAFT
        draft.save()
        Exchange.objects.filter(pk=draft.pk).delete()
        self.assert_counts_exact()

    def test_editing_in_the_admin_and_changing_the_status(self):
        self.client.force_login(self.moderator)
        exchange = Exchange.objects.published().filter(place_links__isnull=False).first()
        url = f"/admin/exchanges/exchange/{exchange.pk}/change/"
        response = self.client.post(
            url,
            admin_form(exchange, type="education", date="1985", partners="A new partner", location="Tianjin"),
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assert_counts_exact()
        exchange.refresh_from_db()
        response = self.client.post(url, admin_form(exchange, status="draft"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Exchange.objects.get(pk=exchange.pk).status, "draft")
        self.assert_counts_exact()
        response = self.client.post(url, admin_form(exchange, status="published"))
        self.assert_counts_exact()

    def test_deleting_in_the_admin(self):
        self.client.force_login(self.moderator)
        exchange = Exchange.objects.published().filter(person_links__isnull=False).first()
        response = self.client.post(f"/admin/exchanges/exchange/{exchange.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Exchange.objects.filter(pk=exchange.pk).exists())
        self.assert_counts_exact()

    def test_merging_entities_that_share_exchanges(self):
        publish(values(partners="U.S. Department of State\nState Dept."), SOURCES)
        kept = Organisation.objects.get(key="united states department of state")
        merged = Organisation.objects.get(name="State Dept.")
        merge(kept, merged)
        self.assert_counts_exact()
        people = list(Person.objects.filter(exchange_count__gt=0).order_by("-exchange_count")[:2])
        merge(people[0], people[1])
        places = list(Place.objects.filter(exchange_count__gt=0).order_by("-exchange_count")[:2])
        # The merged place's exchanges lie where the kept one does: linked again by the worker.
        with self.captureOnCommitCallbacks(execute=True):
            merge(places[0], places[1])
        self.assert_counts_exact()
        # A place merged into one of another country: its links now hold the kept one's.
        chinese = Place.objects.filter(country="CN", exchange_count__gt=0).exclude(pk=places[0].pk).first()
        american = Place.objects.filter(country="US").exclude(pk=places[0].pk).first()
        moved = set(chinese.exchange_links.values_list("pk", flat=True))
        self.assertTrue(moved)
        with self.captureOnCommitCallbacks(execute=True):
            merge(american, chinese)
        self.assertEqual(
            set(ExchangePlace.objects.filter(pk__in=moved).values_list("country", flat=True)), {"US"}
        )
        self.assert_counts_exact()

    def test_a_place_given_another_country_in_the_admin(self):
        place = Place.objects.filter(country="CN", exchange_count__gt=0).first()
        linked = set(place.exchange_links.values_list("exchange_id", flat=True))
        self.client.force_login(self.moderator)
        response = self.client.post(
            f"/admin/entities/place/{place.pk}/change/",
            place_form(place, country="other", country_name="Japan"),
        )
        self.assertEqual(response.status_code, 302)
        self.assert_counts_exact()
        found = set(
            Exchange.objects.filter(place_links__country="other", place_links__place=place).values_list(
                "pk", flat=True
            )
        )
        self.assertEqual(found, linked)

    def test_a_place_given_another_parent_in_the_admin(self):
        # Sunnylands lies in Rancho Mirage, in California; Rancho Mirage is moved to Nevada.
        town = Place.objects.get(slug="rancho-mirage")
        nevada = Place.objects.create(
            name="Nevada", key="nevada", slug="nevada", kind="province", country="US"
        )
        california = Place.objects.get(slug="california")
        exchanges = set(town.exchange_links.values_list("exchange__slug", flat=True))
        self.assertTrue(exchanges)
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/entities/place/{town.pk}/change/", place_form(town, parent=nevada.pk)
            )
        self.assertEqual(response.status_code, 302)
        self.assert_counts_exact()
        listed = self.client.get("/exchanges/?place=nevada").context["page"].object_list
        self.assertEqual({exchange.slug for exchange in listed}, exchanges)
        listed = self.client.get("/exchanges/?place=california").context["page"].object_list
        self.assertFalse({exchange.slug for exchange in listed} & exchanges)
        self.assertEqual(Place.objects.get(pk=nevada.pk).exchange_count, len(exchanges))
        self.assertEqual(Place.objects.get(pk=california.pk).exchange_count, california.exchange_count - 1)

    def test_a_place_deleted_in_the_admin(self):
        # Rancho Mirage goes: Sunnylands, which lay in it, lies nowhere now, and its exchanges are
        # no longer in California.
        town = Place.objects.get(slug="rancho-mirage")
        california = Place.objects.get(slug="california")
        exchanges = set(town.exchange_links.values_list("exchange_id", flat=True))
        self.assertTrue(exchanges)
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/entities/place/{town.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(Place.objects.get(slug="sunnylands").parent_id)
        self.assert_counts_exact()
        self.assertFalse(ExchangePlace.objects.filter(exchange_id__in=exchanges, place=california).exists())
        self.assertEqual(Place.objects.get(pk=california.pk).exchange_count, california.exchange_count - 1)

    def test_a_place_moved_while_an_exchange_naming_it_is_published(self):
        # The publish links Sunnylands in Rancho Mirage in California, as it reads the parents; Rancho
        # Mirage is then moved to Nevada, and that move's own relinking has already been and gone
        # (the update below queues none). Once the publish commits, it sees the move and relinks.
        nevada = Place.objects.create(
            name="Nevada", key="nevada", slug="nevada", kind="province", country="US"
        )
        california = Place.objects.get(slug="california")
        with self.captureOnCommitCallbacks(execute=True):
            exchange = publish(values(location="Sunnylands"), SOURCES)
            Place.objects.filter(slug="rancho-mirage").update(parent=nevada)
        lain_in = ExchangePlace.objects.filter(exchange=exchange, direct=False)
        self.assertEqual(set(lain_in.values_list("place__slug", flat=True)), {"rancho-mirage", "nevada"})
        self.assertEqual(Place.objects.get(pk=nevada.pk).exchange_count, 1)
        self.assertEqual(Place.objects.get(pk=california.pk).exchange_count, california.exchange_count)
        listed = self.client.get("/exchanges/?place=nevada").context["page"].object_list
        self.assertEqual([each.pk for each in listed], [exchange.pk])

    def test_a_publish_with_the_parents_unchanged_relinks_nothing(self):
        with self.captureOnCommitCallbacks() as callbacks:
            publish(values(location="Sunnylands"), SOURCES)
        # At the commit: the parents of Sunnylands, Rancho Mirage and California, read in one query.
        with mock.patch("exchanges.links.relink_places_lain_in") as relink, self.assertNumQueries(1):
            for callback in callbacks:
                callback()
        relink.assert_not_called()
        self.assert_counts_exact()

    def test_a_failed_relinking_after_the_commit_leaves_the_publish_done(self):
        nevada = Place.objects.create(
            name="Nevada", key="nevada", slug="nevada", kind="province", country="US"
        )
        with (
            mock.patch("exchanges.links.relink_places_lain_in", side_effect=DatabaseError("gone")),
            # A robust callback's failure, logged by the tests' runner of callbacks under its own
            # logger (by the site's under django.db.backends.base).
            self.assertLogs("django.test", "ERROR") as logged,
            self.captureOnCommitCallbacks(execute=True),
        ):
            exchange = publish(values(location="Sunnylands"), SOURCES)
            Place.objects.filter(slug="rancho-mirage").update(parent=nevada)
        self.assertIn("link_entities", logged.output[0])
        self.assertIn("gone", logged.output[0])
        self.assertTrue(Exchange.objects.published().filter(pk=exchange.pk).exists())

    def test_an_entity_edited_from_an_old_copy_keeps_its_count(self):
        state = Organisation.objects.get(key="united states department of state")
        stale = Organisation.objects.get(pk=state.pk)
        publish(values(), SOURCES)
        stale.chinese_name = "美国国务院"
        stale.save()
        self.assert_counts_exact()

    def test_rebuild_counts_after_writing_outside_django(self):
        Exchange.objects.filter(pk=Exchange.objects.published().first().pk).update(status="draft")
        Organisation.objects.update(exchange_count=0)
        ExchangePerson.objects.update(published_date=None)
        # A link to a place lain in, gone, and one to a place not lain in, made.
        lain_in = ExchangePlace.objects.filter(direct=False).order_by("pk").first()
        ExchangePlace.objects.filter(pk=lain_in.pk).delete()
        elsewhere = (
            Exchange.objects.exclude(pk=lain_in.exchange_id).exclude(place_links__place=lain_in.place).first()
        )
        ExchangePlace.objects.create(exchange=elsewhere, place=lain_in.place, direct=False)
        ExchangePlace.objects.update(published_date=datetime.date(1900, 1, 1), country="other")
        output = io.StringIO()
        call_command("rebuild_counts", stdout=output)
        self.assertIn("Linked 2 exchanges again to the places they lie in.", output.getvalue())
        self.assert_counts_exact()


@override_settings(ENTITY_SUMMARY_MIN=2)
class WritePathsWithEntitySummariesTests(WritePathTests):
    """The same paths with every entity of two published exchanges or more summarised (EntityCount):
    the seeded entities cross that line both ways as exchanges are published, withdrawn, relinked,
    deleted and merged."""

    def test_seeding_counts_every_exchange_and_entity(self):
        super().test_seeding_counts_every_exchange_and_entity()
        # Both kinds are here: some entities summarised, some not.
        summarised = {(kind, pk) for kind, pk, _key in kept_entity_summary()}
        self.assertGreater(len({kind for kind, _pk in summarised}), 2)
        self.assertTrue(Organisation.objects.filter(exchange_count=1).exists())
