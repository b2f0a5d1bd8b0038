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


def people(exchange):
    return list(
        exchange.person_links.order_by("position").values_list(
            "person__name", "person__chinese_name", "title"
        )
    )


class PersonTests(TestCase):
    def test_a_chinese_name_with_its_title_in_brackets_is_the_persons_chinese_name(self):
        exchange = make_exchange(participants="President Xi Jinping (习近平主席)")
        self.assertEqual(people(exchange), [("Xi Jinping", "习近平", "President 主席")])

    def test_people_with_titles_and_forms_of_address_in_one_chinese_phrase_are_each_linked(self):
        exchange = make_exchange(participants="习近平主席和彭丽媛女士\n王明博士")
        self.assertEqual(
            people(exchange),
            [("习近平", "习近平", "主席"), ("彭丽媛", "彭丽媛", "女士"), ("王明", "王明", "博士")],
        )
