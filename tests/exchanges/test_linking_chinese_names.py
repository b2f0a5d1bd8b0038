"""A person or an organisation that linking makes, named in entities/vocabularies/chinese_names.csv,
has the row's standard Chinese name and the other forms the press writes as aliases; a place of the
gazetteer, the sites too (the White House, the Great Hall of the People), has its row's. So their
pages show them and a search in Chinese finds their exchanges through them."""

from django.test import TestCase

from entities.models import Organisation, Person, Place
from entities.names import known_chinese_name, normalise
from tests.factories import make_exchange


def aliases(entity):
    return set(entity.aliases.values_list("name", flat=True))


class KnownChineseNameTests(TestCase):
    def test_a_person_made_by_linking_has_the_row_s_names(self):
        make_exchange(participants="Secretary of State John Kerry")
        kerry = Person.objects.get(name="John Kerry")
        self.assertEqual(kerry.chinese_name, "约翰·克里")
        self.assertEqual(kerry.chinese_key, normalise("约翰·克里"))
        self.assertEqual(aliases(kerry), {"克里"})

    def test_an_organisation_too(self):
        make_exchange(partners="U.S. Department of State\nThe New York Times")
        self.assertEqual(Organisation.objects.get(name="U.S. Department of State").chinese_name, "美国国务院")
        self.assertEqual(Organisation.objects.get(name="The New York Times").chinese_name, "纽约时报")

    def test_the_row_is_found_by_any_spelling_of_the_name(self):
        make_exchange(partners="US Department of State")
        self.assertEqual(Organisation.objects.get().chinese_name, "美国国务院")

    def test_a_family_name_of_two_people_is_an_alias_of_each(self):
        make_exchange(participants="President George W. Bush, former President George H. W. Bush")
        for name in ("George W. Bush", "George H. W. Bush"):
            with self.subTest(name=name):
                self.assertIn("布什", aliases(Person.objects.get(name=name)))
        # Written alone, it names neither: a moderator says which.
        exchange = make_exchange(title="Again", participants="布什")
        self.assertFalse(exchange.person_links.exists())

    def test_a_chinese_name_the_line_gives_comes_first(self):
        make_exchange(participants="Secretary of State John Kerry (克里)")
        kerry = Person.objects.get(name="John Kerry")
        self.assertEqual(kerry.chinese_name, "克里")
        self.assertEqual(aliases(kerry), set())

    def test_a_known_entity_without_one_gains_it_and_one_with_one_keeps_it(self):
        kerry = Person.objects.create(name="John Kerry")
        Organisation.objects.create(name="U.S. Department of State", chinese_name="美國國務院")
        make_exchange(participants="Secretary of State John Kerry", partners="U.S. Department of State")
        kerry.refresh_from_db()
        self.assertEqual((kerry.chinese_name, aliases(kerry)), ("约翰·克里", {"克里"}))
        self.assertEqual(Organisation.objects.get().chinese_name, "美國國務院")

    def test_a_name_not_in_the_file_has_none(self):
        self.assertIsNone(known_chinese_name("person", "Jay Mathews"))
        make_exchange(participants="Jay Mathews")
        self.assertEqual(Person.objects.get().chinese_name, "")

    def test_a_site_of_the_gazetteer_has_its_chinese_name(self):
        make_exchange(location="The White House, Washington, DC; Great Hall of the People, Beijing")
        self.assertEqual(Place.objects.get(name="White House").chinese_name, "白宫")
        self.assertEqual(Place.objects.get(name="Great Hall of the People").chinese_name, "人民大会堂")

    def test_the_entity_page_shows_it(self):
        make_exchange(participants="Secretary of State John Kerry")
        response = self.client.get("/people/john-kerry/")
        self.assertContains(response, "约翰·克里")
        self.assertContains(response, "克里")
