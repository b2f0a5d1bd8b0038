"""A web address pasted into Partners or Sponsors (the organisation's site, or a source put in the
wrong box) stays in the record's text but names no organisation: it would get a page of its own."""

from django.test import TestCase

from entities.models import Organisation
from exchanges.links import names_to_review
from tests.factories import make_exchange


class WebAddressTests(TestCase):
    def test_a_web_address_in_partners_or_sponsors_is_no_organisation(self):
        exchange = make_exchange(
            partners="U.S. Department of State\nhttps://www.state.gov/briefings/x?utm_source=mail",
            sponsors="www.fmprc.gov.cn; Ford Foundation",
        )
        self.assertEqual(
            list(Organisation.objects.order_by("name").values_list("name", flat=True)),
            ["Ford Foundation", "U.S. Department of State"],
        )
        self.assertIn("https://www.state.gov/briefings/x?utm_source=mail", exchange.partners)

    def test_the_moderator_is_not_offered_it_as_a_name(self):
        exchange = make_exchange(partners="HTTP://Example.org/about\nAsia Society", status="draft")
        self.assertEqual([entry.name for entry in names_to_review(exchange)], ["Asia Society"])

    def test_a_name_with_a_dot_com_stays_an_organisation(self):
        make_exchange(partners="Amazon.com, Inc.")
        self.assertTrue(Organisation.objects.filter(name="Amazon.com, Inc.").exists())

    def test_a_bare_host_and_path_is_no_organisation(self):
        exchange = make_exchange(
            partners="history.state.gov/milestones/1969-1976\nPeking University / Tsinghua University",
            sponsors="State.gov/r/pa/ei; U.S. Dept. of State\nVol. 2/3",
        )
        self.assertEqual(
            list(Organisation.objects.order_by("name").values_list("name", flat=True)),
            ["Peking University", "Tsinghua University", "U.S. Dept. of State", "Vol. 2/3"],
        )
        self.assertIn("history.state.gov/milestones/1969-1976", exchange.partners)
        self.assertIn("State.gov/r/pa/ei", exchange.sponsors)
