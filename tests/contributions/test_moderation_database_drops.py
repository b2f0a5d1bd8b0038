"""Moderation while the database drops in the middle of the request, at each statement in turn:
the moderator gets the site's 503 page, never a traceback, and the decision is made whole or not
at all."""

import datetime

from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.test import TestCase

from contributions.models import Submission
from tests.contributions.helpers import change_form_data
from tests.factories import make_exchange, make_moderator, make_submission
from tests.faults import as_in_production, each_drop

QUEUE = "/admin/contributions/submission/"


def database_state():
    """Every row a decision may touch, without what differs from one run to the next: the times of
    day, and the ids of new rows (PostgreSQL's sequences do not go back when a transaction is undone)."""
    models = [
        *apps.get_app_config("contributions").get_models(),
        *apps.get_app_config("exchanges").get_models(),
        *apps.get_app_config("entities").get_models(),
        LogEntry,
    ]
    return {
        model._meta.label: [
            {
                name: value
                for name, value in row.items()
                if not isinstance(value, datetime.datetime) and name != "id" and not name.endswith("_id")
            }
            for row in model.objects.order_by("pk").values()
        ]
        for model in models
    }


class ModerationDropTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange(title="Strategic dialogue", location="Washington, DC", sources=2)
        cls.new = make_submission(title="Sister-city agreement between Houston and Shenzhen")
        cls.other = make_submission(title="Governors' forum in Des Moines")
        cls.change = make_submission(
            kind=Submission.Kind.CHANGE,
            exchange=cls.exchange,
            **{
                name: getattr(cls.exchange, name)
                for name in ["title", "summary", "government", "type", "levels", "date", "partners"]
            },
            location="Beijing",
            sources="State Department transcript https://example.org/transcript",
        )

    def setUp(self):
        self.client.force_login(self.moderator)

    def post(self, url, data):
        return lambda: as_in_production(self.client).post(url, data)

    def assert_whole_or_nothing(self, request):
        before = database_state()
        outcomes = list(each_drop(request, database_state))
        *dropped, (_answered, full, after) = outcomes
        self.assertIn(full.status_code, (200, 302))
        self.assertNotEqual(after, before, "the request changes something")
        self.assertGreater(len(dropped), 3)
        for answered, response, state in dropped:
            with self.subTest(answered=answered):
                self.assertIn(response.status_code, (200, 302, 503))
                if response.status_code == 503:
                    self.assertContains(response, "out of reach", status_code=503)
                changed = sorted(label for label, rows in state.items() if rows != before[label])
                self.assertTrue(state in (before, after), f"a change made in part, to {changed}")

    def on_its_page(self, submission, **fields):
        return self.post(f"{QUEUE}{submission.pk}/change/", change_form_data(submission, **fields))

    def test_approving_a_new_exchange(self):
        self.assert_whole_or_nothing(self.on_its_page(self.new, _approve="1", location="Houston"))

    def test_approving_a_change(self):
        self.assert_whole_or_nothing(self.on_its_page(self.change, _approve="1"))

    def test_rejecting(self):
        self.assert_whole_or_nothing(self.on_its_page(self.new, _reject="1", rejection_reason="No source."))

    def test_marking_a_duplicate(self):
        self.assert_whole_or_nothing(
            self.on_its_page(self.new, _duplicate="1", duplicate_of=self.exchange.pk)
        )

    def test_saving_corrections(self):
        self.assert_whole_or_nothing(self.on_its_page(self.new, location="Houston, Texas"))

    def selected(self, action, **fields):
        return self.post(
            QUEUE, {"action": action, ACTION_CHECKBOX_NAME: [self.new.pk, self.other.pk], **fields}
        )

    def test_approving_the_selected(self):
        self.assert_whole_or_nothing(self.selected("approve_selected"))

    def test_rejecting_the_selected(self):
        self.assert_whole_or_nothing(self.selected("reject_selected", apply="1", reason="No source."))

    def test_marking_the_selected_as_duplicates(self):
        self.assert_whole_or_nothing(
            self.selected("mark_duplicate_selected", apply="1", exchange=self.exchange.pk)
        )
