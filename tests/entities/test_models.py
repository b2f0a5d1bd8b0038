"""The entity models: slugs, name keys, finding by any name, places' countries."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from entities.models import Organisation, Person, Place

from .factories import make_organisation, make_person, make_place


class SlugTests(TestCase):
    def test_a_slug_is_made_from_the_name(self):
        self.assertEqual(make_person("Antony Blinken").slug, "antony-blinken")

    def test_a_repeated_name_gets_a_numbered_slug(self):
        make_person("Li Peng")
        self.assertEqual(make_person("Li Peng").slug, "li-peng-2")
        self.assertEqual(make_person("LI PENG").slug, "li-peng-3")

    def test_numbering_skips_numbers_taken(self):
        make_person("Li Peng")
        make_person("Li Peng 3")
        self.assertEqual(make_person("Li Peng").slug, "li-peng-2")
        self.assertEqual(make_person("Li Peng").slug, "li-peng-4")

    def test_each_kind_numbers_its_own_slugs(self):
        make_place("Washington", country="US")
        self.assertEqual(make_person("Washington").slug, "washington")

    def test_a_chinese_name_gives_a_unicode_slug(self):
        self.assertEqual(make_organisation("教育部").slug, "教育部")

    def test_a_name_without_letters_gives_the_kind_as_slug(self):
        self.assertEqual(make_organisation("!!!").slug, "organisation")
        self.assertEqual(make_place("???", kind="city").slug, "place")

    def test_the_slug_stays_when_the_name_changes(self):
        person = make_person("Anthony Blinken")
        person.name = "Antony Blinken"
        person.save()
        person.refresh_from_db()
        self.assertEqual(person.slug, "anthony-blinken")
        self.assertEqual(person.key, "antony blinken")

    def test_the_database_refuses_two_entities_with_one_slug(self):
        make_person("Wang Yi")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Person(name="Wang Yi", slug="wang-yi").save()

    def test_get_absolute_url_names_the_catalogue_page(self):
        person = make_person("Wang Yi")
        self.assertEqual(person.get_absolute_url(), "/people/wang-yi/")
        self.assertEqual(Person.url_name, "entities:person")
        self.assertEqual(Organisation.url_name, "entities:organisation")
        self.assertEqual(Place.url_name, "entities:place")


class MatchingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moe = make_organisation(
            "Ministry of Education of the People's Republic of China",
            chinese_name="中华人民共和国教育部",
            aliases=["PRC Ministry of Education", "MOE", "教育部"],
        )
        cls.state = make_organisation("U.S. Department of State", aliases=["State Department"])
        cls.wang = make_person("Wang Yi", chinese_name="王毅")
        cls.wang_other = make_person("Wang Yi", chinese_name="王逸")

    def test_it_finds_an_entity_by_its_name_in_any_spelling(self):
        for spelling in [
            "US Department of State",
            "United States Department of State",
            "u.s. department of state",
        ]:
            self.assertQuerySetEqual(Organisation.objects.matching(spelling), [self.state])

    def test_it_finds_an_entity_by_any_alias_or_its_chinese_name(self):
        for spelling in [
            "People's Republic of China Ministry of Education",
            "moe",
            "M.O.E.",
            "教育部",
            "中国教育部",
        ]:
            self.assertQuerySetEqual(Organisation.objects.matching(spelling), [self.moe], msg=spelling)

    def test_it_finds_every_entity_of_one_name_once(self):
        make_person("Someone else", aliases=["Wang Yi"])
        self.assertEqual(Person.objects.matching("WANG YI").count(), 3)
        self.assertQuerySetEqual(Person.objects.matching("王毅"), [self.wang])

    def test_it_finds_nothing_for_an_empty_or_unknown_name(self):
        self.assertFalse(Organisation.objects.matching("").exists())
        self.assertFalse(Organisation.objects.matching("...").exists())
        self.assertFalse(Organisation.objects.matching("Ministry of Commerce").exists())

    def test_starting_with_puts_names_beginning_with_the_text_first(self):
        make_organisation("Institute of International Education")
        make_organisation("Education USA")
        make_organisation("Reeducation Camp Survivors")
        found = list(Organisation.objects.starting_with("educ").values_list("name", flat=True))
        # The name itself begins with it; then a word of the name does.
        self.assertEqual(found[0], "Education USA")
        self.assertEqual(
            found[1:],
            [
                "Institute of International Education",
                "Ministry of Education of the People's Republic of China",
            ],
        )

    def test_starting_with_reads_aliases_and_chinese_names(self):
        self.assertQuerySetEqual(Organisation.objects.starting_with("state dep"), [self.state])
        self.assertQuerySetEqual(Organisation.objects.starting_with("教育"), [self.moe])
        self.assertQuerySetEqual(Person.objects.starting_with("王"), [self.wang, self.wang_other])


class AliasTests(TestCase):
    def test_an_alias_is_stored_with_its_key(self):
        alias = make_organisation("Asia Society").aliases.create(name="The Asia Society, N.Y.")
        self.assertEqual(alias.key, "asia society ny")

    def test_one_entity_cannot_have_one_alias_twice(self):
        organisation = make_organisation("Asia Society", aliases=["AS"])
        with self.assertRaises(IntegrityError), transaction.atomic():
            organisation.aliases.create(name="A.S.")

    def test_an_alias_needs_a_letter(self):
        alias = make_person("Wang Yi").aliases.model(name="—", entity=Person.objects.get())
        with self.assertRaises(ValidationError):
            alias.full_clean()


class PlaceTests(TestCase):
    def test_a_place_of_another_country_must_name_it(self):
        place = Place(name="Kyoto", kind=Place.Kind.CITY, country=Place.Country.OTHER)
        with self.assertRaisesMessage(ValidationError, "Name the other country"):
            place.full_clean()
        place.country_name = "Japan"
        place.full_clean()

    def test_only_another_country_is_named(self):
        place = Place(name="Beijing", kind=Place.Kind.CITY, country=Place.Country.CHINA, country_name="China")
        with self.assertRaises(ValidationError):
            place.full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            place.save()

    def test_the_country_may_be_unknown(self):
        place = Place(name="Somewhere", kind=Place.Kind.OTHER)
        place.full_clean()
        self.assertEqual(place.get_country_display(), "Not known")

    def test_a_place_cannot_lie_inside_itself(self):
        california = make_place("California", kind="province", country="US")
        los_angeles = make_place("Los Angeles", country="US", parent=california)
        california.parent = los_angeles
        with self.assertRaisesMessage(ValidationError, "cannot lie in itself"):
            california.full_clean()

    def test_the_label_says_where_a_place_lies(self):
        california = make_place("California", chinese_name="加利福尼亚州", kind="province", country="US")
        rancho = make_place("Rancho Mirage", country="US", parent=california)
        kyoto = make_place("Kyoto", country="other", country_name="Japan")
        self.assertEqual(california.label, "California (加利福尼亚州), United States")
        self.assertEqual(rancho.label, "Rancho Mirage, California, United States")
        self.assertEqual(kyoto.label, "Kyoto, Japan")
        self.assertEqual(make_place("Nowhere", country="").label, "Nowhere")
