"""Organisations listed with the full-width semicolon a Chinese keyboard types ("；") are each
linked, as with the ASCII one: the form's help and the import both say "separated by semicolons"."""

from django.test import TestCase

from entities.models import Organisation
from exchanges.links import names_to_review
from tests.factories import make_exchange


def organisations(exchange):
    return list(exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True))


class ChineseSemicolonTests(TestCase):
    def test_a_partners_line_parted_by_a_full_width_semicolon_links_each_organisation(self):
        exchange = make_exchange(partners="清华大学；北京大学", sponsors="Ford Foundation； Luce Foundation")
        self.assertEqual(
            organisations(exchange), ["清华大学", "北京大学", "Ford Foundation", "Luce Foundation"]
        )
        # No organisation is named by the whole line, with a page of its own.
        self.assertFalse(Organisation.objects.filter(name__contains="；").exists())

    def test_the_moderator_sees_each_organisation_before_approving(self):
        exchange = make_exchange(partners="清华大学；北京大学", status="draft")
        self.assertEqual(
            [(entry.kind, entry.name) for entry in names_to_review(exchange)],
            [("organisation", "清华大学"), ("organisation", "北京大学")],
        )
