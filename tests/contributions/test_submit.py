"""/contribute/: the public form for a new exchange, and the thank-you page."""

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import form_data

LABELS = [
    "Title",
    "Summary",
    "Outcomes",
    "Government?",
    "Type of exchange",
    "Level of government",
    "Partners",
    "Sponsors",
    "Participants (types)",
    "Number of participants",
    "Exchange date",
    "How exact is the date? (day / month / year)",
    "End date",
    "Continuing",
    "Location",
    "Sources",
    "Your name",
    "Your email",
    "Note to the moderators",
]


class FormPageTests(TestCase):
    def test_it_shows_every_field_under_its_label(self):
        response = self.client.get("/contribute/")
        self.assertEqual(response.status_code, 200)
        page = re.sub(r">\s+", ">", response.content.decode())
        labels = {field.label for field in response.context["form"].visible_fields()}
        self.assertEqual(labels - {"Leave this field empty"}, set(LABELS))
        positions = [page.find(f">{label}") for label in LABELS]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions), "labels appear in the order the issue lists them")

    def test_help_texts_give_examples(self):
        form = self.client.get("/contribute/").context["form"]
        for name in ["title", "summary", "partners", "date", "sources", "participant_number"]:
            self.assertIn("e.g.", form.fields[name].help_text, name)

    def test_it_says_the_email_is_never_shown_publicly(self):
        self.assertContains(self.client.get("/contribute/"), "Never shown publicly")

    def test_it_is_linked_from_every_page(self):
        self.assertContains(self.client.get("/"), 'href="/contribute/"')

    def test_the_empty_form_needs_no_query(self):
        with self.assertNumQueries(0):
            self.client.get("/contribute/")


class SubmitTests(TestCase):
    def test_a_valid_submission_is_stored_as_pending_and_thanked(self):
        response = self.client.post("/contribute/", form_data(participant_number="1,200"))
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(submission.status, Submission.Status.PENDING)
        self.assertEqual(submission.kind, Submission.Kind.NEW)
        self.assertEqual(submission.title, "Governors' forum in Houston")
        self.assertEqual(submission.participant_count, 1200)
        self.assertEqual(submission.submitter_ip, "127.0.0.1")
        self.assertRegex(submission.reference, r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")
        thanks = self.client.get("/contribute/thanks/")
        self.assertContains(thanks, submission.reference)
        self.assertContains(thanks, "What happens next")

    def test_a_worded_number_of_participants_is_kept_as_worded(self):
        self.client.post("/contribute/", form_data(participant_number="About 40 mayors"))
        submission = Submission.objects.get()
        self.assertIsNone(submission.participant_count)
        self.assertEqual(submission.participant_count_note, "About 40 mayors")

    def test_nothing_submitted_is_public(self):
        self.client.post("/contribute/", form_data(title="Secret forum of governors"))
        self.assertEqual(Submission.objects.count(), 1)
        self.assertFalse(Exchange.objects.exists())
        self.assertNotContains(self.client.get("/exchanges/?q=secret"), "Secret forum")
        self.assertNotContains(self.client.get("/"), "Secret forum")

    def test_a_valid_submission_costs_a_bounded_number_of_queries(self):
        with self.assertNumQueries(8):
            # SAVEPOINT, INSERT the submission, INSERT its two emails (for the worker),
            # RELEASE SAVEPOINT; then the new session
            # that carries its reference: SELECT (is the key free?), SAVEPOINT, INSERT, RELEASE.
            self.client.post("/contribute/", form_data())

    def test_an_invalid_form_costs_no_query(self):
        with self.assertNumQueries(0):
            self.client.post("/contribute/", form_data(title=""))


class ThanksPageTests(TestCase):
    def test_without_a_submission_it_leads_to_the_form(self):
        self.assertRedirects(self.client.get("/contribute/thanks/"), "/contribute/")

    def test_it_shows_only_this_browsers_reference(self):
        self.client.post("/contribute/", form_data())
        mine = Submission.objects.get().reference
        other = self.client_class()
        other.post("/contribute/", form_data(title="Another one"))
        theirs = Submission.objects.exclude(reference=mine).get().reference
        page = self.client.get("/contribute/thanks/")
        self.assertContains(page, mine)
        self.assertNotContains(page, theirs)
        self.assertNotContains(page, "Another one")


class ValidationTests(TestCase):
    """The model's rules hold on the form; errors sit beside their fields; what was typed is kept."""

    def post_invalid(self, **fields):
        response = self.client.post("/contribute/", form_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        return response

    def assert_error_beside(self, response, field, message):
        form = response.context["form"]
        self.assertIn(message, " ".join(form.errors[field]))
        # crispy renders the message right under the field, tied to it by id.
        self.assertContains(response, f'id="error_1_id_{field}"')

    def test_level_is_required_for_a_government_exchange(self):
        response = self.post_invalid(government="True", level="")
        self.assert_error_beside(response, "level", "Choose the level of government")

    def test_level_must_be_empty_for_a_non_government_exchange(self):
        response = self.post_invalid(government="False", level="national")
        self.assert_error_beside(response, "level", "Leave the level of government empty")

    def test_the_end_cannot_come_before_the_start(self):
        response = self.post_invalid(date="2019-05-20", end_date="2019-05-19")
        self.assert_error_beside(response, "end_date", "cannot be before the exchange date")

    def test_at_least_one_source_is_needed(self):
        response = self.post_invalid(sources="  \r\n ")
        self.assert_error_beside(response, "sources", "at least one source")
        self.assertEqual(len(response.context["form"].errors["sources"]), 1)

    def test_the_date_is_at_most_a_year_ahead(self):
        too_late = timezone.localdate() + datetime.timedelta(days=367)
        response = self.post_invalid(date=too_late.isoformat())
        self.assert_error_beside(response, "date", "later than a year from today")

    def test_a_date_within_the_year_ahead_is_accepted(self):
        soon = timezone.localdate() + datetime.timedelta(days=300)
        self.client.post("/contribute/", form_data(date=soon.isoformat()))
        self.assertEqual(Submission.objects.get().date, soon)

    def test_required_fields_are_named(self):
        response = self.post_invalid(title="", summary="", type="", contributor_email="")
        for field in ["title", "summary", "type", "contributor_email"]:
            self.assert_error_beside(response, field, "required")

    def test_the_summary_links_each_mistake_to_its_field(self):
        response = self.post_invalid(government="", level="", end_date="2019-05-01")
        # A group of radio buttons is reached through its first one.
        self.assertContains(response, '<a href="#id_government_0">Government?</a> — This field is required.')
        self.assertContains(response, '<a href="#id_end_date">End date</a> — The end date cannot be before')
        self.assertContains(response, 'id="id_government_0"')

    def test_malformed_values_are_errors_not_crashes(self):
        response = self.post_invalid(
            date="20th of May", government="maybe", type="bogus", contributor_email="not-an-address"
        )
        self.assertEqual(
            set(response.context["form"].errors), {"date", "government", "type", "contributor_email"}
        )

    def test_everything_typed_is_kept(self):
        response = self.post_invalid(
            title="Kept title", partners="First partner\r\nSecond partner", end_date="2019-01-01"
        )
        self.assertContains(response, 'value="Kept title"')
        self.assertContains(response, "First partner\r\nSecond partner</textarea>")
        self.assertContains(response, 'value="2019-01-01"')
        self.assertContains(response, "Please correct the")
