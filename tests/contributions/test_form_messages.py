"""What the contribution form says when a box holds something it cannot take: the mistake named."""

from django.test import TestCase

from contributions.models import Submission
from tests.factories import form_data

BACKWARDS = "The span ends before it begins."


class FormMessageTests(TestCase):
    def errors(self, **fields):
        response = self.client.post("/contribute/", form_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        return response.context["form"].errors

    def test_a_span_of_years_backwards_with_a_hyphen_says_it_ends_before_it_begins(self):
        # "1990 - 1985" and "1990–1985" said so; "1990-1985" had the general "Enter a day…".
        for text in ["1990-1985", "1990 - 1985", "1990–1985", "March 1990-1985", "1990-March 1985"]:
            with self.subTest(text=text):
                self.assertEqual(self.errors(date=text)["date"], [BACKWARDS])
