"""The contributor's email address, as people type or paste it into the form."""

from django.test import TestCase

from contributions.emails import received
from contributions.models import Submission
from tests.factories import form_data


class ContributorEmailTests(TestCase):
    def send(self, address):
        return self.client.post("/contribute/", form_data(contributor_email=address))

    def test_an_address_pasted_as_a_mail_program_or_a_link_writes_it_is_the_address(self):
        # Copied from a mail program's "From" line or from a link ("mailto:"), the address was refused
        # with "Enter a valid email address." though it was there to read.
        for pasted in [
            "Jane Doe <jane@example.org>",
            '"Doe, Jane" <jane@example.org>',
            "<jane@example.org>",
            "mailto:jane@example.org",
            "MAILTO:jane@example.org",
        ]:
            with self.subTest(pasted=pasted):
                Submission.objects.all().delete()
                self.assertRedirects(self.send(pasted), "/contribute/thanks/")
                self.assertEqual(Submission.objects.get().contributor_email, "jane@example.org")

    def test_an_address_in_quotation_marks_or_from_a_list_of_recipients_is_the_address(self):
        # Copied from a document (Word makes its quotes curly) or a mail program's "To" line: refused
        # with "Enter a valid email address.", or told "letters other than a to z before the @ (““jane”)".
        for pasted in [
            '"jane@example.org"',
            "“jane@example.org”",
            "‘jane@example.org’",
            "« jane@example.org »",
            "jane@example.org;",
            "Jane Doe <jane@example.org>; ",
            "“jane@example.org”,",
        ]:
            with self.subTest(pasted=pasted):
                Submission.objects.all().delete()
                self.assertRedirects(self.send(pasted), "/contribute/thanks/")
                self.assertEqual(Submission.objects.get().contributor_email, "jane@example.org")

    def test_an_address_typed_in_full_width_letters_is_the_address(self):
        # A Chinese or Japanese input method left in full-width mode types "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ".
        self.assertRedirects(self.send("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ"), "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().contributor_email, "jane@example.org")

    def test_an_address_with_a_plus_or_a_domain_in_other_letters_is_kept_and_written_to(self):
        for address, to in [
            ("jane+exchanges@example.org", "jane+exchanges@example.org"),
            ("jane@exämple.org", "jane@xn--exmple-cua.org"),
            ("jane@例子.中国", "jane@xn--fsqu00a.xn--fiqs8s"),
        ]:
            with self.subTest(address=address):
                Submission.objects.all().delete()
                self.assertRedirects(self.send(address), "/contribute/thanks/")
                submission = Submission.objects.get()
                self.assertEqual(submission.contributor_email, address)
                self.assertIn(f"To: {to}", received(submission).message().as_string())

    def test_an_address_with_letters_beyond_a_to_z_before_the_at_sign_is_refused_saying_why(self):
        # Mail servers seldom take such an address, and the site's cannot write to it; the message
        # was "Enter a valid email address.", which the contributor knew it to be.
        response = self.send("zoë@example.org")
        self.assertEqual(
            response.context["form"].errors["contributor_email"],
            [
                "We cannot send email to an address with letters other than a to z before the @ "
                "(“zoë”). Please give another address of yours."
            ],
        )
        self.assertContains(response, 'value="zoë@example.org"')
        self.assertFalse(Submission.objects.exists())

    def test_something_that_is_no_address_is_still_refused(self):
        for text in [
            "jane",
            "Jane Doe <jane>",
            "mailto:jane",
            "jane@example.org, john@example.org",
            "jane@example.org; john@example.org;",
            '"jane"',
        ]:
            with self.subTest(text=text):
                response = self.send(text)
                self.assertEqual(
                    response.context["form"].errors["contributor_email"], ["Enter a valid email address."]
                )
        self.assertFalse(Submission.objects.exists())
