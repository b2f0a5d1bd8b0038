"""A person or organisation written in Chinese alone ("邓小平", "邓小平（副总理）", "北京大学") is
linked as "Deng Xiaoping (邓小平)" is: to the one whose Chinese name or a Chinese alias it is, or to
a new one with the Chinese as its name and Chinese name, which a moderator may romanise later."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person
from exchanges.links import link_entities, names_to_review
from tests.entities.factories import make_organisation, make_person
from tests.factories import make_exchange, make_submission


def people(exchange):
    return [
        (link.person.name, link.title)
        for link in exchange.person_links.order_by("position").select_related("person")
    ]


class KnownPeopleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.deng = make_person("Deng Xiaoping", chinese_name="邓小平")
        cls.xi = make_person("Xi Jinping", aliases=["习近平"])
        cls.nixon = make_person("Richard Nixon", chinese_name="尼克松")

    def test_a_name_in_chinese_alone_links_to_the_person_of_that_chinese_name_or_alias(self):
        exchange = make_exchange(participants="邓小平（副总理）\n习近平、尼克松")
        self.assertEqual(
            people(exchange), [("Deng Xiaoping", "副总理"), ("Xi Jinping", ""), ("Richard Nixon", "")]
        )
        self.assertEqual(Person.objects.count(), 3, "no one new")
        # Linked as the names written beside their romanisation are.
        other = make_exchange(participants="Deng Xiaoping (邓小平), 邓小平 (Deng Xiaoping)")
        self.assertEqual(people(other), [("Deng Xiaoping", "")])

    def test_a_chinese_alias_is_not_made_the_chinese_name(self):
        make_exchange(participants="习近平")
        self.xi.refresh_from_db()
        self.assertEqual(self.xi.chinese_name, "")

    def test_the_entity_page_lists_the_exchange(self):
        exchange = make_exchange(title="Reform and opening talks", participants="邓小平（副总理）")
        response = self.client.get("/people/deng-xiaoping/")
        self.assertContains(response, "Reform and opening talks")
        page = self.client.get(exchange.get_absolute_url())
        # The name as written, linked to the person it names.
        self.assertContains(
            page,
            '<a href="/people/deng-xiaoping/"><span lang="zh">邓小平</span></a>'
            '（<span lang="zh">副总理）</span>',
        )


class NewPeopleTests(TestCase):
    def test_a_name_in_chinese_alone_no_one_has_is_a_new_person_with_it_as_both_names(self):
        exchange = make_exchange(participants="习近平、李克强")
        self.assertEqual(people(exchange), [("习近平", ""), ("李克强", "")])
        xi = Person.objects.get(name="习近平")
        self.assertEqual((xi.chinese_name, xi.slug), ("习近平", "习近平"))
        # Named in English with the Chinese beside it later: the same person.
        other = make_exchange(participants="Xi Jinping (习近平)")
        self.assertEqual(people(other), [("习近平", "")])
        self.assertEqual(Person.objects.count(), 2)

    def test_a_moderator_romanising_it_keeps_it_linked_by_the_chinese(self):
        make_exchange(participants="李克强")
        li = Person.objects.get()
        li.name = "Li Keqiang"
        li.save()
        exchange = make_exchange(participants="李克强（总理）")
        self.assertEqual(people(exchange), [("Li Keqiang", "总理")])

    def test_its_pages_show_the_name_once_marked_as_chinese(self):
        exchange = make_exchange(title="Reform talks", participants="邓小平（副总理）")
        page = self.client.get(exchange.get_absolute_url())
        self.assertContains(
            page,
            '<a href="/people/%E9%82%93%E5%B0%8F%E5%B9%B3/"><span lang="zh">邓小平</span></a>'
            '（<span lang="zh">副总理）</span>',
        )
        self.assertContains(page, "邓小平", count=1)
        person = self.client.get("/people/邓小平/")
        self.assertContains(person, '<h1 class="h3 mb-1"><span lang="zh">邓小平</span></h1>')
        self.assertContains(person, "Reform talks")
        self.assertEqual(Person.objects.get().label, "邓小平")

    def test_chinese_that_names_no_one_stays_text(self):
        exchange = make_exchange(participants="中国代表团、学生代表")
        self.assertEqual(people(exchange), [])
        self.assertFalse(Person.objects.exists())


class OrganisationTests(TestCase):
    def test_an_organisation_in_chinese_alone_links_to_the_one_of_that_chinese_name(self):
        peking = make_organisation("Peking University", chinese_name="北京大学")
        exchange = make_exchange(partners="北京大学")
        self.assertEqual(
            list(exchange.organisation_links.values_list("organisation", flat=True)), [peking.pk]
        )

    def test_one_in_chinese_with_its_english_in_brackets_links_to_the_one_of_that_name(self):
        # As Chinese writers give both names: it was a new organisation, "北京大学 (Peking University)".
        peking = make_organisation("Peking University")
        education = make_organisation("Ministry of Education", chinese_name="教育部")
        exchange = make_exchange(partners="北京大学 (Peking University)\n教育部（Ministry of Education）")
        self.assertEqual(
            list(exchange.organisation_links.order_by("position").values_list("organisation", flat=True)),
            [peking.pk, education.pk],
        )
        self.assertEqual(Organisation.objects.count(), 2, "no one new")
        peking.refresh_from_db()
        self.assertEqual(peking.chinese_name, "北京大学")

    def test_a_new_one_in_chinese_alone_has_it_as_its_chinese_name_too(self):
        make_exchange(partners="中国人民对外友好协会")
        organisation = Organisation.objects.get()
        self.assertEqual(
            (organisation.name, organisation.chinese_name), ("中国人民对外友好协会", "中国人民对外友好协会")
        )


class ModeratorPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        make_person("Deng Xiaoping", chinese_name="邓小平")
        make_person("Richard Nixon", chinese_name="尼克松")

    def test_the_names_it_gives_show_the_person_each_chinese_name_links_to(self):
        submission = make_submission(
            partners="", location="", participants="邓小平（副总理）、尼克松、李克强"
        )
        review = {item.name: item for item in names_to_review(submission)}
        self.assertEqual(review["邓小平"].known.name, "Deng Xiaoping")
        self.assertEqual(review["尼克松"].known.name, "Richard Nixon")
        self.assertIsNone(review["李克强"].known)
        self.client.force_login(self.admin)
        response = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertContains(response, 'Linked to <a href="/people/deng-xiaoping/">')
        self.assertContains(response, 'Linked to <a href="/people/richard-nixon/">')
        self.assertContains(response, "New: becomes an entity.", count=1)
        # Each name as written is marked as Chinese, for a screen reader and the fonts.
        self.assertContains(response, '<td><span lang="zh">李克强</span></td>')

    def test_the_preview_looks_up_the_chinese_names_in_one_query_more_only_when_there_are_some(self):
        # The candidates and their aliases, and the names in Chinese a family name does not show.
        nixon, deng = (
            make_submission(partners="", location="", participants=name) for name in ("尼克松", "邓小平")
        )
        with self.assertNumQueries(3):
            names_to_review(nixon)
        with self.assertNumQueries(2):
            names_to_review(deng)

    def test_publishing_looks_the_chinese_names_up_in_one_query_more_only_when_there_are_some(self):
        # Both name a person known: the second in Chinese that no family name begins.
        counts = []
        for participants in ("Richard Nixon", "尼克松"):
            exchange = make_exchange(participants=participants, status="draft")
            with CaptureQueriesContext(connection) as queries:
                link_entities(exchange)
            self.assertEqual(people(exchange), [("Richard Nixon", "")])
            counts.append(len(queries))
        self.assertEqual(counts[1], counts[0] + 1)
