"""Names as real sources write them, read into one entity each: an organisation with its Chinese
name and abbreviation on one line, a person with a title in Chinese, people in one Chinese phrase,
a place written from the province down in Chinese."""

from django.test import TestCase

from entities.models import Organisation
from tests.factories import make_exchange


def organisations(exchange):
    return list(exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True))


class OrganisationTests(TestCase):
    def test_names_in_two_scripts_and_an_abbreviation_on_one_line_are_one_organisation(self):
        first = make_exchange(partners="Tsinghua University 清华大学 (THU)")
        self.assertEqual(organisations(first), ["Tsinghua University"])
        tsinghua = Organisation.objects.get()
        self.assertEqual(
            (tsinghua.chinese_name, list(tsinghua.aliases.values_list("name", flat=True))),
            ("清华大学", ["THU"]),
        )
        for line in ("Tsinghua University", "清华大学", "THU", "清华大学 Tsinghua University"):
            self.assertEqual(organisations(make_exchange(partners=line)), ["Tsinghua University"], line)
        self.assertEqual(Organisation.objects.count(), 1)
