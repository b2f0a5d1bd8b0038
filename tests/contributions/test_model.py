"""Submission's own rules, which the public form, the admin form and approval all apply."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from contributions.models import Submission
from tests.factories import form_data, submission_values


class SubmissionRulesTests(TestCase):
    def errors(self, **fields):
        submission = Submission(**submission_values(**fields))
        with self.assertRaises(ValidationError) as raised:
            submission.full_clean()
        return raised.exception.message_dict

    def test_a_valid_submission_passes(self):
        Submission(**submission_values()).full_clean()

    def test_the_exchange_rules_apply(self):
        self.assertIn("end_date", self.errors(end_date=datetime.date(2000, 1, 1)))
        self.assertIn("summary", self.errors(summary="x" * 10_001))
        self.assertIn("participant_count", self.errors(participant_count=2_147_483_648))

    def test_unknown_answers_and_a_missing_date_are_allowed_for_a_moderator_to_complete(self):
        Submission(
            **submission_values(government=None, type="", levels=[], continuing=None, date=None)
        ).full_clean()

    def test_each_source_line_is_checked_and_named(self):
        errors = self.errors(sources="Fine https://example.org/\n" + "c" * 501 + "\nBad http://exa mple")
        self.assertIn("Source line 2: the citation is longer than 500 characters.", errors["sources"])
        long_url = "https://example.org/" + "a" * 990
        errors = self.errors(sources=f"Report {long_url}")
        self.assertEqual(
            errors["sources"], ["Source line 1: the web address is longer than 1000 characters."]
        )

    def test_sources_of_blank_lines_are_no_sources(self):
        self.assertEqual(
            self.errors(sources=" \n\t\n")["sources"],
            ["Give at least one source: a citation, a URL, or both."],
        )

    def test_an_empty_sources_box_is_refused_on_the_form_but_kept_from_an_import(self):
        Submission(**submission_values(sources="")).full_clean()
        response = self.client.post("/contribute/", form_data(sources=""))
        self.assertEqual(
            response.context["form"].errors["sources"],
            ["Give at least one source: a citation, a URL, or both."],
        )

    def test_a_date_more_than_a_year_ahead_is_refused(self):
        self.assertIn("date", self.errors(date=timezone.localdate() + datetime.timedelta(days=400)))

    def test_a_suggested_change_needs_its_exchange(self):
        self.assertIn("exchange", self.errors(kind=Submission.Kind.CHANGE, exchange=None))

    def test_references_are_unique_and_readable(self):
        references = {Submission.objects.create(**submission_values()).reference for _ in range(20)}
        self.assertEqual(len(references), 20)
        for reference in references:
            self.assertRegex(reference, r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
