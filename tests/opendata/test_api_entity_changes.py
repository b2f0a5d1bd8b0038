"""An exchange's record lists the organisations, people and places linked to it, by slug and name: a
rename, a merge or a deletion of one of them changes the record without any save of the exchange.
Its `updated` moves then, in the same transaction, so that `modified_after` gives it to a client
keeping in sync and Last-Modified sends it again; before, a deleted entity left the record answering
304 without it, and `modified_after` missed every record whose entity was renamed, merged or deleted."""

import datetime

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entities.merge import merge
from entities.models import ENTITY_MODELS, Organisation
from exchanges.models import Exchange
from tests.factories import make_exchange

HOUR_AGO = datetime.timedelta(hours=1)


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@override_settings(PAGE_CACHE=False)
class LinkedEntityChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pact = make_exchange(
            title="Student exchange",
            partners="Peking University",
            participants="Foreign Minister Wang Yi",
            location="Chengdu",
        )
        cls.other = make_exchange(
            title="Trade talks", partners="Beijing University", participants="Li Keqiang", location="Xi'an"
        )
        before = timezone.now() - HOUR_AGO
        Exchange.objects.update(updated=before)
        for model in ENTITY_MODELS.values():
            model.objects.update(updated=before)

    def entity(self, kind, name=None):
        names = {"organisation": "Peking University", "person": "Wang Yi", "place": "Chengdu"}
        return ENTITY_MODELS[kind].objects.get(name=name or names[kind])

    def changed_since(self, moment):
        response = self.client.get(f"/api/v1/exchanges/?modified_after={stamp(moment)}")
        self.assertEqual(response.status_code, 200, response.content)
        return [record["title"] for record in response.json()["results"]]

    def linked(self, record):
        return [linked["name"] for key in ("organisations", "people", "places") for linked in record[key]]

    def test_a_deleted_entity_sends_the_records_that_listed_it_again_and_to_modified_after(self):
        url = f"/api/v1/exchanges/{self.pact.slug}/"
        for kind in ENTITY_MODELS:
            with self.subTest(kind):
                # Changed an hour ago: an HTTP date tells apart only changes a second apart.
                Exchange.objects.update(updated=timezone.now() - HOUR_AGO)
                entity = self.entity(kind)
                first = self.client.get(url)
                self.assertIn(entity.name, self.linked(first.json()))
                since = timezone.now()
                entity.delete()
                again = self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
                self.assertEqual(again.status_code, 200)
                self.assertNotIn(entity.name, self.linked(again.json()))
                self.assertGreaterEqual(datetime.datetime.fromisoformat(again.json()["updated"]), since)
                # The other exchange's record did not change.
                self.assertEqual(self.changed_since(since), ["Student exchange"])
                self.assertEqual(
                    self.client.get(url, headers={"If-Modified-Since": again["Last-Modified"]}).status_code,
                    304,
                )

    def test_a_renamed_entity_gives_the_records_that_list_it_to_modified_after(self):
        for kind, field, value in [
            ("organisation", "name", "Peking University (PKU)"),
            ("person", "slug", "wang-yi-minister"),
            ("place", "name", "Chengdu City"),
        ]:
            with self.subTest(kind):
                entity = ENTITY_MODELS[kind].objects.get(pk=self.entity(kind).pk)
                since = timezone.now()
                setattr(entity, field, value)
                entity.save()
                self.assertEqual(self.changed_since(since), ["Student exchange"])
                record = self.client.get(f"/api/v1/exchanges/{self.pact.slug}/").json()
                self.assertEqual(datetime.datetime.fromisoformat(record["updated"]), entity.updated)

    def test_an_edit_the_records_do_not_show_leaves_them_unchanged(self):
        for kind in ENTITY_MODELS:
            with self.subTest(kind):
                entity = self.entity(kind)
                since = timezone.now()
                entity.chinese_name = "新名"
                entity.save()
                self.assertEqual(self.changed_since(since), [])

    def test_a_merge_gives_the_records_of_the_one_merged_to_modified_after_not_those_of_the_one_kept(self):
        for kind, kept in [
            ("organisation", "Beijing University"),
            ("person", "Li Keqiang"),
            ("place", "Xi'an"),
        ]:
            with self.subTest(kind):
                since = timezone.now()
                merge(self.entity(kind, kept), self.entity(kind))
                # "Trade talks" named the one kept already: its record is as it was.
                self.assertEqual(self.changed_since(since), ["Student exchange"])
                record = self.client.get(f"/api/v1/exchanges/{self.pact.slug}/").json()
                self.assertIn(kept, self.linked(record))


@override_settings(PAGE_CACHE=False)
class LinkedEntityChangeQueryTests(TestCase):
    """However many records list the entity, they are dated in one UPDATE."""

    @classmethod
    def setUpTestData(cls):
        for number in range(3):
            make_exchange(title=f"Visit {number}", partners="Peking University\nTsinghua University")
        make_exchange(title="Talks", partners="Beijing University")

    def datings(self, queries):
        return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "exchanges_exchange"')]

    def test_a_rename_dates_the_records_in_one_query(self):
        university = Organisation.objects.get(name="Peking University")
        university.name = "Peking University (PKU)"
        # 1: its name and address as they were; 2: it, saved; 3: the three records listing it, dated.
        with self.assertNumQueries(3):
            university.save()
        # Saved again unchanged: nothing is dated.
        with self.assertNumQueries(2):
            university.save()
        self.assertEqual(Exchange.objects.filter(updated=university.updated).count(), 0)

    def test_a_deletion_dates_the_records_in_one_query(self):
        university = Organisation.objects.get(name="Peking University")
        with CaptureQueriesContext(connection) as queries:
            university.delete()
        self.assertEqual(len(self.datings(queries)), 1)
        # 1-3: its aliases, former addresses and links, collected; 4: the records listing it, dated;
        # 5: its links deleted; 6: it, deleted; 7: whether it was merged, and 8-13: its address
        # remembered in savepoints (entities/signals.py); 14: its counts forgotten.
        other = Organisation.objects.get(name="Tsinghua University")
        with self.assertNumQueries(14):
            other.delete()

    def test_a_merge_dates_the_records_of_the_one_merged_in_one_query(self):
        Exchange.objects.update(updated=timezone.now() - HOUR_AGO)
        since = timezone.now()
        with CaptureQueriesContext(connection) as queries:
            merge(
                Organisation.objects.get(name="Beijing University"),
                Organisation.objects.get(name="Peking University"),
            )
        self.assertEqual(len(self.datings(queries)), 1)
        # Those of the one kept are as they were.
        self.assertEqual(
            sorted(Exchange.objects.filter(updated__gte=since).values_list("title", flat=True)),
            ["Visit 0", "Visit 1", "Visit 2"],
        )
