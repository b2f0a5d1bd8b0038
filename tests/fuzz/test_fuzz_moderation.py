"""The admin's moderation actions, whatever is posted: no 5xx, and nothing stored
changes but what a decision (or a moderator's saved correction) changes."""

import datetime

from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from contributions.models import Submission
from tests.factories import make_exchange, make_moderator, make_submission

from .inputs import flatten, holds_nul, small_value, snapshot

QUEUE = "/admin/contributions/submission/"
ACTIONS = ["approve_selected", "reject_selected", "mark_duplicate_selected", "delete_selected", "", "x"]
DECIDED = {"approved", "rejected", "duplicate"}
# The fields a moderator may correct on a pending submission's page.
EDITABLE = [
    "title",
    "summary",
    "outcomes",
    "government",
    "type",
    "type_as_recorded",
    "levels",
    "partners",
    "sponsors",
    "participants",
    "participant_count",
    "participant_count_note",
    "date",
    "continuing",
    "location",
    "notes",
    "sources",
    "rejection_reason",
    "duplicate_of",
    "contributor_name",
    "contributor_email",
    "note",
]
BUTTONS = ["_approve", "_reject", "_duplicate", "_save", "_continue", "_addanother", None]
filters = st.sampled_from(
    ["", "?status=all", "?status=approved", "?status=x", "?kind=change", "?q=Governors"]
)


def ids(known):
    """Ids as posted: real ones, any integer, or any text."""
    real = st.sampled_from([str(pk) for pk in known])
    return st.one_of(
        real,
        real,
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.text(max_size=8),
    )


def change_form(submission):
    """The submission's page as a browser posts it, unchanged."""
    return {
        "title": submission.title,
        "summary": submission.summary,
        "government": "True",
        "type": submission.type,
        "levels": submission.levels,
        "partners": submission.partners,
        "date": submission.display_date,
        "sources": submission.sources,
        "contributor_name": submission.contributor_name,
        "contributor_email": submission.contributor_email,
    }


class ModerationFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange(title="Governors' forum in Houston")
        cls.pending = make_submission()
        cls.change = make_submission(
            kind=Submission.Kind.CHANGE, exchange=cls.exchange, note="Date is wrong."
        )
        cls.invalid = make_submission(date=datetime.date(2019, 5, 20), end_date=datetime.date(2019, 5, 1))
        cls.approved = make_submission(status=Submission.Status.APPROVED, title="Already approved")
        cls.submissions = [cls.pending, cls.change, cls.invalid, cls.approved]

    def assertOnlyDecisionsChanged(self, before, after, editable=()):
        """Every change comes from a decision on a pending submission, or from a saved
        correction of one of `editable`; exchanges change only as an approval publishes."""
        self.assertEqual(after["Submission"].keys(), before["Submission"].keys())
        touched = set()
        for pk, was in before["Submission"].items():
            now = after["Submission"][pk]
            if now == was:
                continue
            hold = {"held_at": None, "held_for_exchange_id": None, "held_for_submission_id": None}
            if now["status"] == "pending" and {**now, **hold} == {**was, **hold}:
                # An action on the queue left it pending, and noted when and for which record: later
                # runs try it last while that record stands.
                self.assertIsNotNone(now["held_at"])
                event("held")
                continue
            if was["status"] != now["status"]:
                self.assertEqual(was["status"], "pending")
                self.assertIn(now["status"], DECIDED)
                self.assertEqual(now["decided_by_id"], self.moderator.pk)
                event(f"decided: {now['status']}")
                if now["status"] == "approved":
                    touched.add(now["published_exchange_id"])
            else:
                self.assertIn(pk, editable)
                event("corrected")
        self.assertLessEqual(before["Exchange"].keys(), after["Exchange"].keys())
        for pk in before["Exchange"].keys() | after["Exchange"].keys():
            if before["Exchange"].get(pk) != after["Exchange"].get(pk):
                self.assertIn(pk, touched)
        for table in ["Source"]:
            unchanged = {pk: row for pk, row in before[table].items() if row["exchange_id"] not in touched}
            self.assertEqual({pk: after[table].get(pk) for pk in unchanged}, unchanged)

    @given(st.data())
    def test_changelist_actions(self, data):
        known = [submission.pk for submission in self.submissions]
        post = {
            "action": data.draw(
                st.one_of(st.sampled_from(ACTIONS[:3]), st.sampled_from(ACTIONS), st.text()), "action"
            ),
            "_selected_action": data.draw(st.lists(ids(known), min_size=1, max_size=4), "selected"),
            "index": data.draw(st.sampled_from(["0", "1", "-1", "x"]), "index"),
        }
        for name, strategy in [
            ("select_across", st.sampled_from(["0", "1", "", "x"])),
            ("apply", st.just("1")),
            ("reason", small_value),
            ("exchange", st.one_of(ids([self.exchange.pk]), small_value)),
        ]:
            if data.draw(st.booleans(), f"with {name}"):
                post[name] = data.draw(strategy, name)
        url = QUEUE + data.draw(filters, "filter")
        self.client.force_login(self.moderator)
        before = snapshot()
        response = self.client.post(url, post)
        event(f"answered {response.status_code}")
        self.assertEqual(response.status_code, 400 if holds_nul(flatten(post)) else response.status_code)
        self.assertLess(response.status_code, 500)
        self.assertOnlyDecisionsChanged(before, snapshot())

    @given(st.data())
    def test_submission_page_buttons(self, data):
        target = data.draw(st.sampled_from([*self.submissions, None]), "submission")
        post = change_form(target or self.pending)
        changes = data.draw(st.dictionaries(st.sampled_from(EDITABLE), small_value, max_size=5), "changes")
        if "duplicate_of" not in changes and data.draw(st.booleans(), "a real duplicate_of"):
            changes["duplicate_of"] = str(self.exchange.pk)
        post.update(changes)
        button = data.draw(st.sampled_from(BUTTONS), "button")
        if button:
            post[button] = "1"
        pk = target.pk if target else 10**6
        self.client.force_login(self.moderator)
        before = snapshot()
        response = self.client.post(f"{QUEUE}{pk}/change/", post)
        event(f"{button}: answered {response.status_code}")
        if holds_nul(flatten(post)):
            self.assertEqual(response.status_code, 400)
        self.assertIn(response.status_code, {200, 302, 400})
        saved = response.status_code == 302 and target is not None and target.status == "pending"
        self.assertOnlyDecisionsChanged(before, snapshot(), editable=[pk] if saved else [])


class UntrustedIdsTests(TestCase):
    """The inputs that gave a 500 before the admin checked its posted ids, one by one."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange()
        cls.pending = make_submission()

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_selected_ids_that_are_not_ids_select_nothing(self):
        for selected in ["abc", "", "1.5", "99999999999999999999", "-1"]:
            for action in ["approve_selected", "reject_selected", "mark_duplicate_selected"]:
                with self.subTest(selected=selected, action=action):
                    post = {"action": action, "index": "0", "_selected_action": [selected], "apply": "1"}
                    response = self.client.post(QUEUE, {**post, "reason": "No source.", "exchange": "abc"})
                    self.assertLess(response.status_code, 500)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, "pending")

    def test_a_real_id_beside_garbage_is_still_decided(self):
        post = {"action": "approve_selected", "index": "0", "_selected_action": ["abc", str(self.pending.pk)]}
        self.assertRedirects(self.client.post(QUEUE, post), QUEUE)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, "approved")

    def test_a_date_at_the_ends_of_the_calendar_still_shows_the_page(self):
        for day, end in [(datetime.date(1, 1, 1), None), (datetime.date(9999, 12, 31), None)]:
            with self.subTest(day=day):
                submission = make_submission(date=day, end_date=end)
                self.assertEqual(self.client.get(f"{QUEUE}{submission.pk}/change/").status_code, 200)

    def test_a_duplicate_of_that_is_not_an_id_is_a_form_error(self):
        for value in ["abc", "99999999999999999999", "-1", "1.5"]:
            with self.subTest(value=value):
                post = {**change_form(self.pending), "duplicate_of": value, "_duplicate": "1"}
                response = self.client.post(f"{QUEUE}{self.pending.pk}/change/", post)
                self.assertEqual(response.status_code, 200)
                self.assertIn("duplicate_of", response.context["adminform"].form.errors)
                post = {"action": "mark_duplicate_selected", "index": "0", "apply": "1"}
                response = self.client.post(
                    QUEUE, {**post, "_selected_action": [self.pending.pk], "exchange": value}
                )
                self.assertEqual(response.status_code, 200)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, "pending")
