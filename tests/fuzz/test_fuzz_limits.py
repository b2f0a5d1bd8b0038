"""Oversized inputs, each refused with a clear message and nothing stored.

Every text field has a maximum length, the participant number a range and each
source line a length limit, in the form, the admin and the model: without them
these inputs were stored, or failed in the database with a 500.
"""

import random

from django.test import TestCase, override_settings

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import form_data, make_moderator, make_submission

from .inputs import LARGEST_COUNT, snapshot


def megabyte_of_words():
    # Distinct words, so that the full-text index of the text is as large as it can be.
    words = random.Random(9).choices("abcdefghijklmnopqrstuvwxyz", k=6 * 180_000)
    return " ".join("".join(words[i : i + 6]) for i in range(0, len(words), 6))[: 1024 * 1024]


@override_settings(CONTRIBUTION_RATE="100000/s")
class OversizedContributionTests(TestCase):
    def assertRefused(self, field, value):
        before = snapshot()
        response = self.client.post("/contribute/", form_data(**{field: value}))
        self.assertEqual(response.status_code, 200)
        self.assertIn(field, response.context["form"].errors)
        self.assertEqual(snapshot(), before)

    def test_the_largest_participant_number_is_stored(self):
        response = self.client.post("/contribute/", form_data(participant_number=str(LARGEST_COUNT)))
        self.assertRedirects(response, "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().participant_count, LARGEST_COUNT)

    def test_a_participant_number_beyond_the_integer_range_is_refused(self):
        self.assertRefused("participant_number", str(LARGEST_COUNT + 1))

    def test_a_one_megabyte_summary_is_refused(self):
        self.assertRefused("summary", megabyte_of_words())

    def test_a_citation_over_500_characters_is_refused(self):
        self.assertRefused("sources", "A" * 501 + " https://example.org/")

    def test_a_url_over_1000_characters_is_refused(self):
        self.assertRefused("sources", "Citation https://example.org/" + "x" * 1000)


class ApprovingOversizedSubmissionsTests(TestCase):
    """A stored submission too large for the catalogue is reported "not decided", never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def assertNotDecided(self, **fields):
        submission = make_submission(**fields)
        self.client.force_login(self.moderator)
        post = {"action": "approve_selected", "index": "0", "_selected_action": [submission.pk]}
        response = self.client.post("/admin/contributions/submission/", post, follow=True)
        self.assertContains(response, "was not decided")
        submission.refresh_from_db()
        self.assertEqual(submission.status, Submission.Status.PENDING)
        self.assertFalse(Exchange.objects.exists())

    def test_a_one_megabyte_summary(self):
        self.assertNotDecided(summary=megabyte_of_words())

    def test_a_citation_over_500_characters(self):
        self.assertNotDecided(sources="A" * 501 + " https://example.org/")

    def test_a_url_over_1000_characters(self):
        self.assertNotDecided(sources="Citation https://example.org/" + "x" * 1000)

    def test_the_decision_function_reports_rather_than_raises(self):
        submission = make_submission(title="")
        result = moderation.approve(submission.pk, self.moderator)
        self.assertEqual(result.outcome, moderation.Outcome.INVALID)
