"""A suggested change applies only what its contributor changed, measured against the exchange as
they saw it; an edit made to the exchange since stays, or, where both changed one field, the
moderator is shown it before approving."""

import re

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Source
from tests.contributions.helpers import change_form_data
from tests.contributions.test_suggest import published_form_data
from tests.factories import make_exchange, make_moderator

QUEUE = "/admin/contributions/submission/"


def shown_on(page):
    """The signed copy of the exchange that the suggestion form carries."""
    form = page.context["form"]
    return form["shown"].value() if "shown" in form.fields else ""


class StartingPointTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.exchange = make_exchange(
            title="Strategic dialogue",
            summary="Officials met to talk.",
            location="Washington, DC",
            participant_count=40,
        )
        self.suggest = f"/exchanges/{self.exchange.slug}/suggest/"

    def send(self, **fields):
        """The contributor opens the form, then sends it with `fields` changed; the submission."""
        shown = shown_on(self.client.get(self.suggest))
        self.exchange.refresh_from_db()
        self.client.post(self.suggest, published_form_data(self.exchange, shown=shown, **fields))
        return Submission.objects.latest("id")

    def send_after(self, edit, **fields):
        """As send(), with `edit` made to the exchange while the contributor is typing."""
        shown = shown_on(self.client.get(self.suggest))
        form = published_form_data(self.exchange, shown=shown, **fields)
        edit()
        self.client.post(self.suggest, form)
        return Submission.objects.latest("id")

    def edit_exchange(self, **fields):
        for name, value in fields.items():
            setattr(self.exchange, name, value)
        self.exchange.save()

    def review(self, submission):
        self.client.force_login(self.moderator)
        return self.client.get(f"{QUEUE}{submission.pk}/change/")

    def approve_on_its_page(self, submission):
        page = self.review(submission).content.decode()
        seen = re.search(r'name="_exchange_seen" value="([^"]+)"', page).group(1)
        submission.refresh_from_db()
        return self.client.post(
            f"{QUEUE}{submission.pk}/change/",
            change_form_data(submission, _approve="1", _exchange_seen=seen),
        )

    def test_approving_keeps_an_edit_made_to_the_exchange_since(self):
        submission = self.send(participant_number="120")
        self.edit_exchange(summary="Officials met to talk about trade.")
        page = self.review(submission)
        rows = re.findall(r'<th scope="row">([^<]+)</th>', page.content.decode())
        self.assertEqual(rows, ["Number of participants"], "only what the contributor changed")
        self.assertRedirects(self.approve_on_its_page(submission), QUEUE)
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.participant_count, 120)
        self.assertEqual(self.exchange.summary, "Officials met to talk about trade.")
        self.assertEqual(self.exchange.sources.count(), 1, "sources the contributor left stay")

    def test_two_suggestions_do_not_undo_each_other(self):
        more = self.send(participant_number="120")
        moved = self.send(location="Beijing")
        self.assertTrue(moderation.approve(more.pk, self.moderator).done)
        self.assertTrue(moderation.approve(moved.pk, self.moderator).done)
        self.exchange.refresh_from_db()
        self.assertEqual((self.exchange.participant_count, self.exchange.location), (120, "Beijing"))

    def test_an_edit_made_while_the_contributor_typed_is_not_taken_for_theirs(self):
        submission = self.send_after(lambda: self.edit_exchange(summary="Edited."), location="Beijing")
        self.assertTrue(moderation.approve(submission.pk, self.moderator).done)
        self.exchange.refresh_from_db()
        self.assertEqual((self.exchange.summary, self.exchange.location), ("Edited.", "Beijing"))

    def test_a_page_copy_signed_for_another_exchange_is_not_a_starting_point(self):
        other = make_exchange(summary="Another summary.")
        shown = shown_on(self.client.get(f"/exchanges/{other.slug}/suggest/"))
        self.client.post(self.suggest, published_form_data(self.exchange, shown=shown, location="Beijing"))
        self.assertEqual(Submission.objects.get().started_from["summary"], "Officials met to talk.")

    def test_a_sources_edit_made_since_stays(self):
        submission = self.send(location="Beijing")
        Source.objects.create(exchange=self.exchange, citation="Added by an editor", position=5)
        self.assertTrue(moderation.approve(submission.pk, self.moderator).done)
        self.assertEqual(self.exchange.sources.count(), 2)

    def test_a_field_both_changed_is_shown_and_not_approved_unseen(self):
        submission = self.send(summary="Officials met to talk about climate.")
        self.edit_exchange(summary="Officials met to talk about trade.")
        page = self.review(submission)
        self.assertContains(page, "Changed in the exchange since this suggestion was sent: Summary.")
        self.assertContains(page, "Changed since it was suggested; it was:</strong> Officials met to talk.")
        # The bulk action shows nothing: it refuses, and says where to look.
        response = self.client.post(
            QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [submission.pk]}, follow=True
        )
        self.assertContains(response, "The exchange’s Summary changed since this suggestion was sent.")
        submission.refresh_from_db()
        self.assertTrue(submission.is_pending)
        # Seen on its page, it is the moderator's choice.
        self.assertRedirects(self.approve_on_its_page(submission), QUEUE)
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.summary, "Officials met to talk about climate.")

    def test_a_page_opened_before_the_exchange_changed_does_not_approve_over_it(self):
        submission = self.send(summary="Officials met to talk about climate.")
        page = self.review(submission).content.decode()
        seen = re.search(r'name="_exchange_seen" value="([^"]+)"', page).group(1)
        self.edit_exchange(summary="Officials met to talk about trade.")
        response = self.client.post(
            f"{QUEUE}{submission.pk}/change/",
            change_form_data(submission, _approve="1", _exchange_seen=seen),
            follow=True,
        )
        self.assertContains(response, "The exchange was changed after this page was opened.")
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.summary, "Officials met to talk about trade.")
