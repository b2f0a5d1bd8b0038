"""Names as real sources write them, read into one entity each: an organisation with its Chinese
name and abbreviation on one line, a person with a title in Chinese, people in one Chinese phrase,
a place written from the province down in Chinese."""

from django.test import TestCase

from entities.models import Organisation, Person
from exchanges.links import names_to_review
from tests.entities.factories import make_organisation
from tests.factories import make_exchange, make_submission


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

    def test_names_side_by_side_of_a_known_organisation_given_its_chinese_name_by_the_vocabulary(self):
        peking = make_organisation("Peking University")
        exchange = make_exchange(partners="北京大学 Peking University (PKU)")
        self.assertEqual(organisations(exchange), ["Peking University"])
        peking.refresh_from_db()
        self.assertEqual(peking.chinese_name, "北京大学")

    def test_names_side_by_side_of_two_organisations_are_neither_alone(self):
        make_organisation("Peking University", chinese_name="北京大学")
        exchange = make_exchange(partners="北京大学 Yale University")
        self.assertEqual(organisations(exchange), ["北京大学 Yale University"])

    def test_an_abbreviation_before_the_chinese_name_is_an_alias(self):
        line = (
            "Chinese People's Association for Friendship with Foreign Countries (CPAFFC) 中国人民对外友好协会"
        )
        exchange = make_exchange(partners=line)
        self.assertEqual(
            organisations(exchange), ["Chinese People's Association for Friendship with Foreign Countries"]
        )
        self.assertIn("CPAFFC", Organisation.objects.get().aliases.values_list("name", flat=True))


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

    def test_a_foreign_family_name_in_chinese_alone_is_the_person_whose_chinese_name_ends_with_it(self):
        # Brzezinski is not in chinese_names.csv, and the row of Kurt Campbell gives no alias.
        make_exchange(participants="Zbigniew Brzezinski (兹比格涅夫·布热津斯基), Kurt Campbell")
        exchange = make_exchange(participants="布热津斯基、坎贝尔博士")
        self.assertEqual(
            people(exchange),
            [
                ("Zbigniew Brzezinski", "兹比格涅夫·布热津斯基", ""),
                ("Kurt Campbell", "库尔特·坎贝尔", "博士"),
            ],
        )
        self.assertEqual(Person.objects.count(), 2)

    def test_a_family_name_two_people_share_is_neither_of_theirs(self):
        make_exchange(participants="Tom Smith (汤姆·史密斯), Jane Smith (简·史密斯)")
        self.assertEqual(people(make_exchange(participants="史密斯")), [])


class PlaceTests(TestCase):
    def test_a_chinese_address_links_its_smallest_place_and_those_it_lies_in(self):
        exchange = make_exchange(location="浙江省杭州市")
        linked = exchange.place_links.order_by("-direct", "place__name").values_list("place__name", "direct")
        self.assertEqual(list(linked), [("Hangzhou", True), ("Zhejiang", False)])


class OrganisationSpellingTests(TestCase):
    def test_other_ways_of_writing_a_known_ministry_are_that_ministry(self):
        lines = [
            "Ministry of Foreign Affairs of the People's Republic of China",
            "PRC Ministry of Foreign Affairs",
            "Ministry of Foreign Affairs, PRC",
            "Chinese Ministry of Foreign Affairs",
        ]
        linked = [organisations(make_exchange(partners=line)) for line in lines]
        self.assertEqual(linked, [["Ministry of Foreign Affairs of the People's Republic of China"]] * 4)
        self.assertEqual(Organisation.objects.count(), 1)

    def test_an_alias_of_the_vocabulary_is_the_organisation_it_names(self):
        self.assertEqual(
            organisations(make_exchange(partners="State Department")), ["U.S. Department of State"]
        )
        self.assertEqual(
            organisations(make_exchange(partners="U.S. Department of State")), ["U.S. Department of State"]
        )
        self.assertEqual(Organisation.objects.get().chinese_name, "美国国务院")

    def test_the_moderator_sees_the_organisation_it_will_link_to(self):
        state = make_organisation("U.S. Department of State")
        mfa = make_organisation("Ministry of Foreign Affairs of the People's Republic of China")
        submission = make_submission(partners="State Department\nPRC Ministry of Foreign Affairs")
        self.assertEqual([name.known for name in names_to_review(submission)], [state, mfa])
