"""A place, an organisation or a person written with its Chinese and its English name together, as
bilingual sources write it ("北京 Beijing, China", "Ministry of Education / 教育部", "习近平 Xi
Jinping"), links to the one entity both name; two different entities, or one known and one not, stay
as they were read before."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place
from exchanges.links import link_entities, names_to_review
from exchanges.recorded import linked_participants
from tests.entities.factories import make_organisation, make_person, make_place
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

    def test_a_country_in_both_scripts_places_a_place_in_it(self):
        exchange = make_exchange(location="Fudan Guesthouse, China (中国)")
        self.assertEqual(places(exchange), ["Fudan Guesthouse"])
        self.assertEqual(Place.objects.get(name="Fudan Guesthouse").country, Place.Country.CHINA)

    def test_a_state_by_its_chinese_name_without_its_administrative_word(self):
        self.assertEqual(places(make_exchange(location="加利福尼亚 California")), ["California"])
        self.assertEqual(places(make_exchange(location="Des Moines, Iowa [艾奥瓦]")), ["Des Moines"])

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

    def test_the_chinese_name_in_square_brackets_is_given(self):
        make_exchange(partners="Peking University [北京大学]\n清华大学【Tsinghua University】")
        self.assertEqual(
            sorted(Organisation.objects.values_list("name", "chinese_name")),
            [("Peking University", "北京大学"), ("Tsinghua University", "清华大学")],
        )

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


def people(exchange):
    return list(exchange.person_links.order_by("position").values_list("person", "title"))


class PersonTests(TestCase):
    def test_a_person_called_by_both_is_that_one(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        lines = {
            "习近平 Xi Jinping": "",
            "Xi Jinping 习近平": "",
            "President 习近平 Xi Jinping": "President",
            "国家主席习近平 Xi Jinping": "国家主席",
            "习近平 Xi Jinping (President)": "(President)",
            "Xi Jinping (习近平)": "",
        }
        for line, title in lines.items():
            with self.subTest(line):
                self.assertEqual(people(make_exchange(participants=line)), [(xi.pk, title)])
        self.assertEqual(Person.objects.count(), 1, "no one new")

    def test_by_an_alias_on_either_side_and_its_chinese_name_filled(self):
        li = make_person("Li Keqiang", aliases=["李克强"])
        self.assertEqual(
            people(make_exchange(participants="李克强 Li Keqiang (Premier)")), [(li.pk, "(Premier)")]
        )
        li.refresh_from_db()
        self.assertEqual(li.chinese_name, "李克强")
        self.assertEqual(li.chinese_key, "李克强")

    def test_by_the_standard_chinese_name_of_the_vocabulary(self):
        # entities/vocabularies/chinese_names.csv: John Kerry is 约翰·克里 (or 克里) in Chinese.
        kerry = make_person("John Kerry")
        exchange = make_exchange(participants="Secretary of State John Kerry 约翰·克里, 克里 John Kerry")
        self.assertEqual(people(exchange), [(kerry.pk, "Secretary of State")])
        kerry.refresh_from_db()
        self.assertEqual(kerry.chinese_name, "约翰·克里")
        # One not yet in the catalogue is made with both, as "John Kerry (约翰·克里)" makes him.
        Person.objects.all().delete()
        make_exchange(participants="约翰·克里 John Kerry")
        self.assertEqual(
            list(Person.objects.values_list("name", "chinese_name")), [("John Kerry", "约翰·克里")]
        )

    def test_two_people_or_an_unknown_chinese_name_are_not_linked(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        obama = make_person("Barack Obama")
        make_person("Li Keqiang")
        exchange = make_exchange(participants="习近平 Barack Obama, 王小明 Li Keqiang, 李克强 Wang Xiaoming")
        self.assertEqual(people(exchange), [])
        self.assertEqual(Person.objects.count(), 3, "no one new")
        self.assertEqual(set(Person.objects.values_list("chinese_name", flat=True)), {"习近平", ""})
        # Those beside them still are.
        exchange = make_exchange(participants="习近平 Barack Obama, Xi Jinping, 奥巴马 Barack Obama")
        self.assertEqual(people(exchange), [(xi.pk, ""), (obama.pk, "")])

    def test_the_page_links_the_name_in_place(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        obama = make_person("Barack Obama")
        exchange = make_exchange(participants="王小明 Barack Obama, President 习近平 Xi Jinping")
        pieces = linked_participants(exchange).pieces
        self.assertEqual(
            [(piece.text, piece.entity) for piece in pieces],
            [("王小明 Barack Obama, President 习近平 ", None), ("Xi Jinping", xi)],
        )
        self.assertNotIn(obama, [piece.entity for piece in pieces])

    def test_the_moderator_sees_the_one_it_will_link_to_and_not_the_names_it_will_not(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        make_person("Barack Obama")
        submission = make_submission(
            partners="", location="", participants="习近平 Xi Jinping, 习近平 Barack Obama"
        )
        self.assertEqual(
            [(name.name, name.known) for name in names_to_review(submission)], [("Xi Jinping", xi)]
        )

    def test_the_moderator_sees_a_person_named_again_in_both_scripts_once(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        for participants in ("Xi Jinping, 习近平 Xi Jinping", "习近平 Xi Jinping, Xi Jinping"):
            with self.subTest(participants):
                submission = make_submission(partners="", location="", participants=participants)
                review = [(name.name, name.known) for name in names_to_review(submission)]
                self.assertEqual(review, [("Xi Jinping", xi)])

    def test_family_name_first_with_the_chinese_name_is_the_person_both_name(self):
        kerry = make_person("John Kerry", chinese_name="约翰·克里")
        make_person("Xi Jinping", chinese_name="习近平")
        exchange = make_exchange(participants="Kerry, John (约翰·克里), Jinping, Obama (习近平)")
        self.assertEqual(people(exchange), [(kerry.pk, "")])
        self.assertEqual(Person.objects.count(), 2, "no one new")
        # The text does not hold the name as the catalogue writes it: the link is listed after it.
        self.assertEqual(linked_participants(exchange).apart, list(exchange.person_links.all()))

    def test_the_chinese_name_costs_one_query_more_than_in_brackets(self):
        make_person("Xi Jinping", chinese_name="习近平")
        counts = []
        for participants in ("Xi Jinping (习近平)", "习近平 Xi Jinping"):
            exchange = make_exchange(participants=participants, status="draft")
            with CaptureQueriesContext(connection) as queries:
                link_entities(exchange)
            counts.append(len(queries))
        self.assertEqual(counts[1], counts[0] + 1)
        for participants in ("Xi Jinping (习近平)", "习近平 Xi Jinping"):
            submission = make_submission(partners="", location="", participants=participants)
            with self.assertNumQueries(2):  # the candidates, their aliases
                names_to_review(submission)

    def test_a_title_in_both_scripts_is_the_role_of_the_person_before_it(self):
        wang = make_person("Wang Yi", chinese_name="王毅")
        exchange = make_exchange(participants="Wang Yi, 外交部长 Foreign Minister")
        self.assertEqual(people(exchange), [(wang.pk, "外交部长 Foreign Minister")])
        self.assertEqual(Person.objects.count(), 1, "no one called Foreign Minister")

    def test_a_chinese_name_with_spaces_round_its_dot_is_given(self):
        # One chinese_names.csv does not know: the line alone gives it.
        make_exchange(participants="Jane Doe (简 · 多伊)")
        self.assertEqual(list(Person.objects.values_list("name", "chinese_name")), [("Jane Doe", "简·多伊")])

    def test_a_foreign_name_in_chinese_with_its_chinese_title_is_the_person_both_name(self):
        obama = make_person("Barack Obama", chinese_name="奥巴马", aliases=["Obama"])
        blinken = make_person("Antony Blinken", chinese_name="布林肯", aliases=["Blinken"])
        exchange = make_exchange(participants="奥巴马总统 President Obama, Secretary Blinken 布林肯国务卿")
        self.assertEqual(people(exchange), [(obama.pk, "President 总统"), (blinken.pk, "Secretary 国务卿")])
        self.assertEqual(Person.objects.count(), 2, "no one called President Obama")

    def test_a_chinese_title_after_the_name_in_both_scripts_is_the_role(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        self.assertEqual(people(make_exchange(participants="习近平 Xi Jinping 主席")), [(xi.pk, "主席")])
        self.assertEqual(Person.objects.count(), 1, "no one new")

    def test_a_name_in_square_brackets_is_the_persons_chinese_name(self):
        xi = make_person("Xi Jinping", chinese_name="习近平")
        self.assertEqual(
            people(make_exchange(participants="Xi Jinping [习近平], Wang Yi【王毅】")),
            [
                (xi.pk, ""),
                (Person.objects.get(name="Wang Yi").pk, ""),
            ],
        )
        self.assertEqual(Person.objects.get(name="Wang Yi").chinese_name, "王毅")
        self.assertFalse(Person.objects.filter(name__contains="[").exists())

    def test_a_note_in_chinese_in_brackets_is_kept_in_the_title(self):
        peng = make_person("Peng Liyuan", chinese_name="彭丽媛")
        exchange = make_exchange(participants="彭丽媛 Peng Liyuan (习近平夫人)")
        self.assertEqual(people(exchange), [(peng.pk, "(习近平夫人)")])

    def test_a_family_name_after_a_title_beside_the_chinese_name_is_that_persons(self):
        obama = make_person("Barack Obama", chinese_name="奥巴马")
        make_person("Michelle Obama", chinese_name="米歇尔·奥巴马")
        exchange = make_exchange(participants="奥巴马总统 President Obama, 米歇尔 Mrs. Obama, Obama 王毅")
        self.assertEqual(people(exchange), [(obama.pk, "President 总统")])
        self.assertEqual(Person.objects.count(), 2, "no one called Obama")
        pieces = linked_participants(exchange).pieces
        self.assertIn(("Obama", obama), [(piece.text, piece.entity) for piece in pieces])
        submission = make_submission(partners="", location="", participants="奥巴马总统 President Obama")
        self.assertEqual(
            [(name.name, name.known) for name in names_to_review(submission)], [("Obama", obama)]
        )
