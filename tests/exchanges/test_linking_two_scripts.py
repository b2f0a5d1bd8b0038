"""A place or an organisation written with its Chinese and its English name together, as bilingual
sources write it ("北京 Beijing, China", "Ministry of Education / 教育部"), links to the one entity
both name; two different entities, or one known and one not, stay as they were read before."""

from django.test import TestCase

from entities.models import Organisation, Place
from exchanges.links import names_to_review
from tests.entities.factories import make_organisation, make_place
from tests.factories import make_exchange, make_submission


def places(exchange):
    return list(exchange.place_links.filter(direct=True).values_list("place__name", flat=True))


def organisations(exchange):
    return list(exchange.organisation_links.order_by("position").values_list("organisation", flat=True))


class PlaceTests(TestCase):
    def test_a_place_side_by_side_in_both_scripts_is_the_known_place(self):
        make_exchange(location="Beijing")
        exchange = make_exchange(location="北京 Beijing, China")
        self.assertEqual(places(exchange), ["Beijing"])
        self.assertEqual(places(make_exchange(location="Beijing 北京")), ["Beijing"])
        self.assertEqual(Place.objects.filter(name__contains="北京").count(), 0, "no place named with both")

    def test_two_places_side_by_side_are_not_linked_on_the_chinese_one(self):
        exchange = make_exchange(location="上海 Beijing, China")
        self.assertEqual(places(exchange), ["上海 Beijing"])

    def test_a_place_with_its_other_name_in_brackets_is_the_known_place(self):
        lines = ["Beijing (北京)", "Beijing（北京）, China", "北京 (Beijing)", "Shanghai (上海), China"]
        linked = [places(make_exchange(location=line)) for line in lines]
        self.assertEqual(linked, [["Beijing"], ["Beijing"], ["Beijing"], ["Shanghai"]])
        self.assertFalse(Place.objects.filter(name__regex=r"[()（）]").exists(), "no place named with both")

    def test_two_places_in_brackets_are_neither(self):
        self.assertEqual(places(make_exchange(location="上海 (Beijing)")), [])
        self.assertEqual(places(make_exchange(location="上海 (Beijing), China")), ["上海 (Beijing)"])


class SlashTests(TestCase):
    def test_an_organisation_known_by_both_names_is_one(self):
        education = make_organisation("Ministry of Education", chinese_name="教育部")
        for line in ("Ministry of Education / 教育部", "教育部 / Ministry of Education"):
            with self.subTest(line):
                self.assertEqual(organisations(make_exchange(partners=line)), [education.pk])
        self.assertEqual(Organisation.objects.count(), 1, "no one new")

    def test_by_an_alias_on_either_side(self):
        education = make_organisation("Ministry of Education", aliases=["MOE", "中华人民共和国教育部"])
        exchange = make_exchange(partners="MOE / 中华人民共和国教育部")
        self.assertEqual(organisations(exchange), [education.pk])

    def test_one_known_chinese_name_of_the_english_is_one_with_it(self):
        # entities/vocabularies/chinese_names.csv gives the ministry its Chinese names, 教育部 too.
        line = "Ministry of Education of the People's Republic of China / 教育部"
        exchange = make_exchange(partners=line)
        education = Organisation.objects.get()
        self.assertEqual(organisations(exchange), [education.pk])
        # As "Ministry of Education of the People's Republic of China (教育部)" is.
        self.assertEqual(education.name, "Ministry of Education of the People's Republic of China")
        self.assertEqual(education.chinese_name, "教育部")

    def test_two_organisations_stay_two(self):
        virginia = make_organisation("University of Virginia")
        peking = make_organisation("Peking University", chinese_name="北京大学")
        exchange = make_exchange(partners="University of Virginia / 北京大学")
        self.assertEqual(organisations(exchange), [virginia.pk, peking.pk])
        virginia.refresh_from_db()
        self.assertEqual(virginia.chinese_name, "")

    def test_the_chinese_of_another_one_stays_apart(self):
        virginia = make_organisation("University of Virginia")
        make_exchange(partners="University of Virginia / 教育部")
        self.assertEqual(Organisation.objects.count(), 2)
        virginia.refresh_from_db()
        self.assertEqual(virginia.chinese_name, "")

    def test_the_moderator_sees_the_one_it_will_link_to(self):
        education = make_organisation("Ministry of Education", chinese_name="教育部")
        submission = make_submission(partners="Ministry of Education / 教育部")
        review = [name for name in names_to_review(submission) if name.kind == "organisation"]
        self.assertEqual([name.known for name in review], [education])


class SideBySideTests(TestCase):
    """Names the gazetteer does not know, of entities in the catalogue."""

    def test_an_organisation_called_by_both_is_that_one(self):
        peking = make_organisation("Peking University", chinese_name="北京大学")
        for line in ("北京大学 Peking University", "Peking University 北京大学"):
            with self.subTest(line):
                self.assertEqual(organisations(make_exchange(partners=line)), [peking.pk])
        self.assertEqual(Organisation.objects.count(), 1, "no one new")
        review = names_to_review(make_submission(partners="北京大学 Peking University"))
        self.assertEqual([name.known for name in review if name.kind == "organisation"], [peking])

    def test_a_place_called_by_both_is_that_one(self):
        hall = make_place("Blair House", chinese_name="布莱尔宫", country=Place.Country.UNITED_STATES)
        exchange = make_exchange(location="布莱尔宫 Blair House, United States")
        self.assertEqual(places(exchange), ["Blair House"])
        self.assertEqual(Place.objects.filter(pk=hall.pk).count(), Place.objects.count())

    def test_two_entities_or_one_unknown_stay_a_new_one(self):
        peking = make_organisation("Peking University", chinese_name="北京大学")
        make_organisation("Tsinghua University", chinese_name="清华大学")
        make_exchange(partners="北京大学 Tsinghua University\n北京大学 Yale University")
        self.assertEqual(
            set(
                Organisation.objects.exclude(chinese_name__in=["北京大学", "清华大学"]).values_list(
                    "name", flat=True
                )
            ),
            {"北京大学 Tsinghua University", "北京大学 Yale University"},
        )
        self.assertEqual(Organisation.objects.filter(pk=peking.pk).get().exchange_links.count(), 0)
