"""A moderator edits an entity's names in the admin: aliases that are one spelling, and a rename,
which must leave the exchanges that name it by its old name linked to it when they are published
again."""

from django.test import TestCase

from entities.models import Organisation, Person
from exchanges.links import link_entities
from tests.factories import make_exchange, make_moderator

from .factories import make_organisation


def names_form(entity, name, chinese_name="", new_aliases=()):
    """The change form as the admin posts it: the entity's aliases as they are, then new ones."""
    existing = list(entity.aliases.all())
    data = {
        "name": name,
        "chinese_name": chinese_name,
        "aliases-TOTAL_FORMS": str(len(existing) + len(new_aliases)),
        "aliases-INITIAL_FORMS": str(len(existing)),
    }
    for number, alias in enumerate(existing):
        data |= {
            f"aliases-{number}-id": alias.pk,
            f"aliases-{number}-entity": entity.pk,
            f"aliases-{number}-name": alias.name,
        }
    for number, alias in enumerate(new_aliases, len(existing)):
        data[f"aliases-{number}-name"] = alias
    return data


class AliasTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.csc = make_organisation("China Scholarship Council", aliases=["CSC"])

    def setUp(self):
        self.client.force_login(self.moderator)

    def change(self, **form):
        url = f"/admin/entities/organisation/{self.csc.pk}/change/"
        return self.client.post(url, names_form(self.csc, **form))

    def test_an_alias_spelt_like_one_it_has_is_refused_with_a_reason(self):
        response = self.change(name="China Scholarship Council", new_aliases=["C.S.C."])
        self.assertContains(response, "“C.S.C.” is the same name as “CSC”", status_code=200)
        self.assertEqual(list(self.csc.aliases.values_list("name", flat=True)), ["CSC"])

    def test_two_new_aliases_spelt_alike_are_refused_with_a_reason(self):
        response = self.change(
            name="China Scholarship Council", new_aliases=["Liuxue Jijinwei", "liuxue jijinwei"]
        )
        self.assertContains(response, "“liuxue jijinwei” is the same name as “Liuxue Jijinwei”")
        self.assertEqual(list(self.csc.aliases.values_list("name", flat=True)), ["CSC"])

    def test_an_alias_that_is_the_name_itself_is_refused(self):
        response = self.change(name="China Scholarship Council", new_aliases=["china scholarship council"])
        self.assertContains(response, "“china scholarship council” is the organisation’s own name")
        self.assertEqual(list(self.csc.aliases.values_list("name", flat=True)), ["CSC"])


class RenameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange(partners="Peking University", participants="Premier Zhou Enlai (周恩来)")
        cls.university = Organisation.objects.get(name="Peking University")
        cls.zhou = Person.objects.get(name="Zhou Enlai")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_a_renamed_organisation_keeps_its_old_name_as_an_alias(self):
        response = self.client.post(
            f"/admin/entities/organisation/{self.university.pk}/change/",
            names_form(self.university, "Peking University, Beijing", chinese_name="北京大学"),
            follow=True,
        )
        self.assertContains(response, "“Peking University” is kept as an alias")
        self.assertEqual(list(self.university.aliases.values_list("name", flat=True)), ["Peking University"])
        # Published again (an edit, an approval), the exchange still names the renamed organisation.
        link_entities(self.exchange)
        self.assertEqual(
            list(Organisation.objects.values_list("name", "exchange_count")),
            [("Peking University, Beijing", 1)],
        )

    def test_a_new_chinese_name_keeps_the_old_one_as_an_alias(self):
        self.client.post(
            f"/admin/entities/person/{self.zhou.pk}/change/", names_form(self.zhou, "Zhou Enlai", "周總理")
        )
        self.assertEqual(list(self.zhou.aliases.values_list("name", flat=True)), ["周恩来"])
        link_entities(self.exchange)
        self.assertEqual(list(Person.objects.values_list("name", "exchange_count")), [("Zhou Enlai", 1)])

    def test_a_name_changed_only_in_case_adds_no_alias(self):
        self.client.post(
            f"/admin/entities/organisation/{self.university.pk}/change/",
            # The Chinese name as the form shows it (北京大学, which linking gave it: chinese_names.csv).
            names_form(self.university, "PEKING UNIVERSITY", self.university.chinese_name),
        )
        self.university.refresh_from_db()
        self.assertEqual(self.university.name, "PEKING UNIVERSITY")
        self.assertFalse(self.university.aliases.exists())


class SameNameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.university = make_organisation("Peking University", chinese_name="北京大学")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_a_name_another_entity_has_is_saved_with_a_warning_naming_it(self):
        # Linking gives a name to the oldest entity called so: the new one would never be linked.
        response = self.client.post(
            "/admin/entities/organisation/add/",
            {
                "name": "PEKING UNIVERSITY",
                "chinese_name": "",
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
            },
            follow=True,
        )
        self.assertContains(response, "“Peking University” is called so too")
        self.assertContains(response, f"/admin/entities/organisation/{self.university.pk}/change/")
        self.assertEqual(Organisation.objects.count(), 2)

    def test_a_chinese_name_another_entity_has_is_saved_with_a_warning_too(self):
        other = make_organisation("Beijing University")
        response = self.client.post(
            f"/admin/entities/organisation/{other.pk}/change/",
            names_form(other, "Beijing University", "北京大学"),
            follow=True,
        )
        self.assertContains(response, "“Peking University” is called so too")

    def test_no_warning_for_a_name_of_its_own(self):
        response = self.client.post(
            f"/admin/entities/organisation/{self.university.pk}/change/",
            names_form(self.university, "Peking University", "北京大学", new_aliases=["PKU"]),
            follow=True,
        )
        self.assertNotContains(response, "is called so too")


class FamilyNameAliasTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.person = Person.objects.create(name="Zbigniew Brzezinski")

    def setUp(self):
        self.client.force_login(self.moderator)

    def change(self, **form):
        url = f"/admin/entities/person/{self.person.pk}/change/"
        return self.client.post(url, names_form(self.person, "Zbigniew Brzezinski", **form), follow=True)

    def test_a_foreign_name_in_chinese_makes_its_family_name_an_alias(self):
        response = self.change(chinese_name="兹比格涅夫·布热津斯基")
        self.assertContains(
            response, "“布热津斯基”, the family name in “兹比格涅夫·布热津斯基”, is now an alias"
        )
        self.assertEqual(list(self.person.aliases.values_list("name", flat=True)), ["布热津斯基"])
        exchange = make_exchange(participants="布热津斯基")
        self.assertEqual(list(exchange.person_links.values_list("person", flat=True)), [self.person.pk])

    def test_the_family_name_typed_as_an_alias_too_is_kept_once(self):
        response = self.change(chinese_name="兹比格涅夫·布热津斯基", new_aliases=["布热津斯基"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(self.person.aliases.values_list("name", flat=True)), ["布热津斯基"])

    def test_an_alias_deleted_stays_deleted_when_the_person_is_saved_again(self):
        self.change(chinese_name="兹比格涅夫·布热津斯基")
        self.person.aliases.all().delete()
        self.change(chinese_name="兹比格涅夫·布热津斯基")
        self.assertFalse(self.person.aliases.exists())
