"""An exchange's record lists the organisations, people and places linked to it, by slug and name: a
rename, a merge or a deletion of one of them changes the record without any save of the exchange.
Its `updated` moves then, dated by the worker once the change commits, at the time it writes it
(here the tasks run at once, when the test's callbacks on commit are run), so that `modified_after`
gives it to a client keeping in sync and Last-Modified sends it again; before, a deleted entity left
the record answering 304 without it, and `modified_after` missed every record whose entity was
renamed, merged or deleted. The change's own transaction only reads which records list the entity:
dating them all at once took 40 s for the most linked organisation of a million exchanges."""

import datetime
import io
from unittest import mock

from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from entities.merge import merge
from entities.models import ENTITY_MODELS, Organisation, Place
from exchanges.models import Exchange
from tests.exchanges.test_tasks import DATABASE_QUEUE
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
                with self.captureOnCommitCallbacks(execute=True):
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
                with self.captureOnCommitCallbacks(execute=True):
                    entity.save()
                self.assertEqual(self.changed_since(since), ["Student exchange"])
                record = self.client.get(f"/api/v1/exchanges/{self.pact.slug}/").json()
                self.assertGreaterEqual(datetime.datetime.fromisoformat(record["updated"]), since)

    def test_an_edit_the_records_do_not_show_leaves_them_unchanged(self):
        for kind in ENTITY_MODELS:
            with self.subTest(kind):
                entity = self.entity(kind)
                since = timezone.now()
                entity.chinese_name = "新名"
                with self.captureOnCommitCallbacks(execute=True):
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
                with self.captureOnCommitCallbacks(execute=True):
                    merge(self.entity(kind, kept), self.entity(kind))
                # "Trade talks" named the one kept already: its record is as it was.
                self.assertEqual(self.changed_since(since), ["Student exchange"])
                record = self.client.get(f"/api/v1/exchanges/{self.pact.slug}/").json()
                self.assertIn(kept, self.linked(record))


@override_settings(PAGE_CACHE=False)
class LinkedEntityChangeQueryTests(TestCase):
    """However many records list the entity (3 or 30), the change's transaction reads their ids in
    one query and dates none of them: the worker does, once it commits."""

    LISTED = {"Peking University": 3, "Tsinghua University": 30}

    @classmethod
    def setUpTestData(cls):
        for number in range(30):
            partners = "Peking University\nTsinghua University" if number < 3 else "Tsinghua University"
            make_exchange(title=f"Visit {number}", partners=partners)
        make_exchange(title="Talks", partners="Beijing University")

    def datings(self, queries):
        return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "exchanges_exchange" ')]

    def readings(self, queries):
        return [
            query["sql"]
            for query in queries
            if query["sql"].startswith('SELECT "exchanges_exchangeorganisation"."exchange_id" AS')
        ]

    def test_a_rename_reads_the_records_in_one_query_however_many(self):
        for name, listing in self.LISTED.items():
            with self.subTest(listing=listing):
                university = Organisation.objects.get(name=name)
                university.name = f"{name} (renamed)"
                since = timezone.now()
                with self.captureOnCommitCallbacks() as callbacks:
                    # 1: its name and address as they were; 2: it, saved; 3: the ids of the records
                    # listing it.
                    with self.assertNumQueries(3):
                        university.save()
                self.assertFalse(Exchange.objects.filter(updated__gte=since).exists())
                for callback in callbacks:
                    callback()
                self.assertEqual(Exchange.objects.filter(updated__gte=since).count(), listing)
        # Saved again unchanged: nothing is read nor dated.
        with self.assertNumQueries(2):
            university.save()

    def test_a_deletion_reads_the_records_in_one_query_however_many(self):
        for name, listing in self.LISTED.items():
            with self.subTest(listing=listing):
                university = Organisation.objects.get(name=name)
                since = timezone.now()
                with self.captureOnCommitCallbacks(execute=True):
                    # 1-3: its aliases, former addresses and links, collected; 4: the ids of the
                    # records listing it; 5: its links deleted; 6: it, deleted; 7-12: its address
                    # remembered in savepoints (entities/signals.py), merged or not; 13: its counts
                    # forgotten.
                    with self.assertNumQueries(13):
                        university.delete()
                self.assertEqual(Exchange.objects.filter(updated__gte=since).count(), listing)

    def test_a_merge_reads_the_records_of_the_one_merged_in_one_query(self):
        Exchange.objects.update(updated=timezone.now() - HOUR_AGO)
        kept = Organisation.objects.get(name="Beijing University")
        merged = Organisation.objects.get(name="Peking University")
        since = timezone.now()
        with self.captureOnCommitCallbacks() as callbacks, CaptureQueriesContext(connection) as queries:
            merge(kept, merged)
        self.assertEqual(self.datings(queries), [])
        self.assertEqual(len(self.readings(queries)), 1)
        self.assertFalse(Exchange.objects.filter(updated__gte=since).exists())
        for callback in callbacks:
            callback()
        # Those of the one kept are as they were.
        self.assertEqual(
            sorted(Exchange.objects.filter(updated__gte=since).values_list("title", flat=True)),
            ["Visit 0", "Visit 1", "Visit 2"],
        )

    def test_a_rename_rolled_back_dates_nothing(self):
        university = Organisation.objects.get(name="Peking University")
        since = timezone.now()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with self.assertRaises(RuntimeError), transaction.atomic():
                university.name = "Peking University (PKU)"
                university.save()
                raise RuntimeError("the admin's request fails after the save")
        self.assertEqual(callbacks, [])
        self.assertFalse(Exchange.objects.filter(updated__gte=since).exists())

    def test_records_are_dated_when_the_worker_writes_and_never_back(self):
        # Dated at the change, a record dated by a worker that ran after a mirror's sync would carry
        # a time before that sync, and the mirror's next modified_after would never give it.
        university = Organisation.objects.get(name="Peking University")
        university.name = "Peking University (PKU)"
        with self.captureOnCommitCallbacks() as callbacks:
            university.save()
        ahead = timezone.now() + HOUR_AGO
        Exchange.objects.filter(title="Visit 1").update(updated=ahead)  # dated by a clock ahead
        synced = timezone.now()  # a mirror syncs before the worker runs
        for callback in callbacks:
            callback()
        self.assertEqual(
            sorted(Exchange.objects.filter(updated__gte=synced).values_list("title", flat=True)),
            ["Visit 0", "Visit 1", "Visit 2"],
        )
        self.assertEqual(Exchange.objects.get(title="Visit 1").updated, ahead)


@override_settings(TASKS=DATABASE_QUEUE, PAGE_CACHE=False)
class DatingByTheWorkerTests(TestCase):
    """Through the database queue the site uses in production: the change queues the dating, in
    pieces, and `manage.py db_worker` does it."""

    @classmethod
    def setUpTestData(cls):
        for number in range(3):
            make_exchange(title=f"Visit {number}", partners="Peking University", location="Chengdu")
        make_exchange(title="Talks", partners="Beijing University", location="Sichuan")
        Exchange.objects.update(updated=timezone.now() - HOUR_AGO)

    def run_worker(self):
        # The worker drops a connection that is not in autocommit between tasks, as this test's
        # transaction keeps it; a real worker has a connection of its own.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
            )

    def dated(self, since):
        return sorted(Exchange.objects.filter(updated__gte=since).values_list("title", flat=True))

    def test_a_rename_queues_the_dating_in_pieces_and_the_worker_does_it(self):
        university = Organisation.objects.get(name="Peking University")
        university.name = "Peking University (PKU)"
        since = timezone.now()
        with (
            mock.patch("exchanges.entity_changes.DATING_BATCH", 2),
            self.captureOnCommitCallbacks(execute=True),
        ):
            university.save()
        tasks = DBTaskResult.objects.order_by("enqueued_at", "id")
        self.assertEqual([task.task_path for task in tasks], ["exchanges.tasks.date_records"] * 2)
        self.assertEqual([len(task.args_kwargs["kwargs"]["exchange_ids"]) for task in tasks], [2, 1])
        # Until the worker has run, the records keep their dates.
        self.assertEqual(self.dated(since), [])
        self.run_worker()
        self.assertEqual([task.status for task in tasks.all()], ["SUCCESSFUL"] * 2)
        self.assertEqual(sorted(task.return_value for task in tasks.all()), [1, 2])
        self.assertEqual(self.dated(since), ["Visit 0", "Visit 1", "Visit 2"])

    def test_a_place_dates_the_records_naming_it_not_those_lying_in_it(self):
        sichuan = Place.objects.get(name="Sichuan")
        sichuan.name = "Sichuan Province"
        since = timezone.now()
        with self.captureOnCommitCallbacks(execute=True):
            sichuan.save()
        self.run_worker()
        # Chengdu lies in Sichuan: its records list Chengdu, not Sichuan.
        self.assertEqual(self.dated(since), ["Talks"])

    def test_a_rename_rolled_back_queues_nothing(self):
        university = Organisation.objects.get(name="Peking University")
        with self.captureOnCommitCallbacks(execute=True):
            with self.assertRaises(RuntimeError), transaction.atomic():
                university.name = "Peking University (PKU)"
                university.save()
                raise RuntimeError("the admin's request fails after the save")
        self.assertFalse(DBTaskResult.objects.exists())

    @override_settings(PAGE_CACHE=True)
    def test_the_worker_retires_the_cached_pages_that_show_the_old_dates(self):
        university = Organisation.objects.get(name="Peking University")
        university.name = "Peking University (PKU)"
        since = timezone.now()
        with self.captureOnCommitCallbacks(execute=True):
            university.save()
        url = f"/api/v1/exchanges/{Exchange.objects.get(title='Visit 0').slug}/"
        # Read (and kept by the page cache) before the worker has run.
        before = self.client.get(url).json()["updated"]
        self.assertLess(datetime.datetime.fromisoformat(before), since)
        self.run_worker()
        after = self.client.get(url).json()["updated"]
        self.assertGreaterEqual(datetime.datetime.fromisoformat(after), since)
