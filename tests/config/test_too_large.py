"""A form sent larger than the site reads (DATA_UPLOAD_MAX_MEMORY_SIZE): a whole document pasted into
a box. The bare "Error 400" page blamed a control character and asked for the text to be retyped."""

from urllib.parse import urlencode

from django.conf import settings
from django.test import TestCase, override_settings

from contributions.models import Submission
from tests.factories import form_data


class TooLargeFormTests(TestCase):
    def test_it_says_the_form_was_too_large_and_that_going_back_keeps_what_was_typed(self):
        data = form_data(summary="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
        # As a browser sends the form, and as multipart data (a form that sends files too).
        for response in [
            self.client.post(
                "/contribute/", urlencode(data), content_type="application/x-www-form-urlencoded"
            ),
            self.client.post("/contribute/", data),
        ]:
            self.assertEqual(response.status_code, 413)
            self.assertContains(response, "What you sent is too large to read", status_code=413)
            self.assertContains(response, "more than the 2.5\xa0MB the site reads", status_code=413)
            self.assertContains(response, "Back button: what you typed is still in the form", status_code=413)
            self.assertNotContains(response, "control character", status_code=413)
        self.assertFalse(Submission.objects.exists())

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None)
    def test_without_a_limit_nothing_is_too_large(self):
        summary = "x" * 3_000_000
        response = self.client.post("/contribute/", form_data(summary=summary))
        self.assertEqual(response.status_code, 200)
        self.assertIn("summary", response.context["form"].errors)

    def test_a_form_within_the_limit_is_read(self):
        self.assertRedirects(self.client.post("/contribute/", form_data()), "/contribute/thanks/")
