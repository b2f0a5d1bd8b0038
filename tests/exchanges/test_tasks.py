"""The worker's relinking of a place's exchanges (exchanges/tasks.py), through the database queue the
site uses in production: the admin's change queues it, and `manage.py db_worker` runs it.

The paths that queue it, and the counts after it, are tested with the tasks run at once
(tests/exchanges/test_counts_write_paths.py)."""

import io
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from entities.models import Place
from exchanges.models import ExchangePlace
from tests.exchanges.test_counts_write_paths import place_form
from tests.factories import make_exchange, make_moderator

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def lain_in(exchange):
    return set(
        ExchangePlace.objects.filter(exchange=exchange, direct=False).values_list("place__slug", flat=True)
    )


@override_settings(TASKS=DATABASE_QUEUE)
class RelinkTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator(is_superuser=True)
        cls.exchange = make_exchange(title="Retreat at Sunnylands", location="Sunnylands")
        cls.nevada = Place.objects.create(
            name="Nevada", key="nevada", slug="nevada", kind="province", country="US"
        )

    def move(self, place, parent):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/entities/place/{place.pk}/change/", place_form(place, parent=parent.pk), follow=True
            )
        self.assertEqual(response.redirect_chain[0][1], 302)
        return response

    def test_a_moved_place_queues_its_relinking_and_the_worker_does_it(self):
        self.assertEqual(lain_in(self.exchange), {"rancho-mirage", "california"})
        response = self.move(Place.objects.get(slug="rancho-mirage"), self.nevada)
        self.assertContains(
            response, "The exchanges in “Rancho Mirage” are being linked to the places it now lies in"
        )
        task = DBTaskResult.objects.get()
        self.assertEqual(task.task_path, "exchanges.tasks.relink_places")
        self.assertEqual(
            task.args_kwargs["kwargs"]["place_ids"], [Place.objects.get(slug="rancho-mirage").pk]
        )
        # Until the worker has run, the links are the old ones.
        self.assertEqual(lain_in(self.exchange), {"rancho-mirage", "california"})
        # The worker drops a connection that is not in autocommit between tasks, as this test's
        # transaction keeps it; a real worker has a connection of its own.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
            )
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(task.return_value, 1)
        self.assertEqual(lain_in(self.exchange), {"rancho-mirage", "nevada"})
        self.assertEqual(Place.objects.get(slug="nevada").exchange_count, 1)
        self.assertEqual(Place.objects.get(slug="california").exchange_count, 0)

    def test_a_save_that_keeps_the_parent_queues_nothing(self):
        town = Place.objects.get(slug="rancho-mirage")
        response = self.move(town, town.parent)
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertNotContains(response, "are being linked")
