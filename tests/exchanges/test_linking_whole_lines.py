"""A line that lists organisations by "and" or a slash stays whole when an organisation is
called by the whole of it: how a moderator overrules the split for one organisation's name."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation
from exchanges.links import names_to_review
from tests.entities.factories import make_organisation
from tests.factories import make_exchange

LINE = "Johns Hopkins University and Nanjing University Center"


def organisations(exchange):
    return list(exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True))


class WholeLineTests(TestCase):
    def test_a_line_is_parted_when_no_organisation_is_called_by_the_whole_of_it(self):
        exchange = make_exchange(partners=LINE)
        self.assertEqual(organisations(exchange), ["Johns Hopkins University", "Nanjing University Center"])

    def test_an_alias_of_the_whole_line_keeps_it_whole(self):
        make_organisation("Hopkins-Nanjing Center", aliases=[LINE])
        exchange = make_exchange(
            partners=f"{LINE}\nAsia Society", sponsors="Ford Foundation / Luce Foundation"
        )
        self.assertEqual(
            organisations(exchange),
            ["Hopkins-Nanjing Center", "Asia Society", "Ford Foundation", "Luce Foundation"],
        )
        self.assertFalse(Organisation.objects.filter(name="Johns Hopkins University").exists())
        # Other lines are parted as ever.
        self.assertEqual(
            list(
                exchange.organisation_links.filter(role="sponsor").values_list(
                    "organisation__name", flat=True
                )
            ),
            ["Ford Foundation", "Luce Foundation"],
        )

    def test_an_organisation_named_by_the_whole_line_keeps_it_whole_and_its_chinese_name_aside(self):
        make_organisation(LINE)
        exchange = make_exchange(sponsors=f"{LINE} (中美文化研究中心)")
        self.assertEqual(organisations(exchange), [LINE])

    def test_the_moderator_sees_the_line_whole_before_approving(self):
        center = make_organisation("Hopkins-Nanjing Center", aliases=[LINE])
        exchange = make_exchange(partners=LINE, status="draft")
        review = names_to_review(exchange)
        self.assertEqual(
            [(entry.kind, entry.name, entry.known) for entry in review], [("organisation", LINE, center)]
        )

    def test_a_parted_line_costs_the_names_to_review_one_query_and_a_whole_one_none(self):
        make_organisation("Hopkins-Nanjing Center", aliases=[LINE])
        # 1: whether an organisation is called by the parted line whole; 2, 3: the organisations'
        # candidates and their aliases, as for any names.
        parted = make_exchange(partners=LINE, status="draft")
        with CaptureQueriesContext(connection) as queries:
            names_to_review(parted)
        self.assertEqual(len(queries), 3)
        plain = make_exchange(partners="Asia Society", status="draft")
        with CaptureQueriesContext(connection) as queries:
            names_to_review(plain)
        self.assertEqual(len(queries), 2)
