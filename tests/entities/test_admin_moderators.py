"""A moderator, a staff member of the Moderators group and no superuser, does in the entities'
admin what the README asks of moderators: teach linking a new spelling as an alias, and merge
duplicates."""

from django.test import TestCase

from entities.models import Organisation
from tests.factories import make_moderator

from .factories import make_organisation, make_person, make_place


class ModeratorEntitiesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.csc = make_organisation("China Scholarship Council")
        cls.twin = make_organisation("China Scholarship Council (CSC)")
        cls.person = make_person("Wang Yi", aliases=["Wang I"])
        cls.place = make_place("Xi'an")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_a_moderator_opens_the_lists_and_pages_of_organisations_people_and_places(self):
        for url in [
            "/admin/entities/organisation/",
            "/admin/entities/organisation/?same=brackets",
            f"/admin/entities/organisation/{self.csc.pk}/change/",
            "/admin/entities/person/",
            f"/admin/entities/person/{self.person.pk}/change/",
            "/admin/entities/place/",
            f"/admin/entities/place/{self.place.pk}/change/",
            "/admin/entities/place/add/",
        ]:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertContains(self.client.get("/admin/entities/organisation/"), "merge_selected")

    def test_a_moderator_adds_a_new_spelling_as_an_alias(self):
        response = self.client.post(
            f"/admin/entities/organisation/{self.csc.pk}/change/",
            {
                "name": "China Scholarship Council",
                "chinese_name": "",
                "aliases-TOTAL_FORMS": "1",
                "aliases-INITIAL_FORMS": "0",
                "aliases-0-name": "CSC",
            },
        )
        self.assertRedirects(response, "/admin/entities/organisation/")
        self.assertEqual(list(self.csc.aliases.values_list("name", "key")), [("CSC", "csc")])
        self.assertEqual(list(Organisation.objects.matching("CSC")), [self.csc])

    def test_a_moderator_merges_two_organisations(self):
        response = self.client.post(
            "/admin/entities/organisation/",
            {
                "action": "merge_selected",
                "_selected_action": [self.csc.pk, self.twin.pk],
                "confirm": "yes",
                "keep": self.csc.pk,
            },
            follow=True,
        )
        self.assertContains(response, "Merged 1 into “China Scholarship Council”")
        self.assertEqual(list(Organisation.objects.all()), [self.csc])
        self.assertEqual(
            list(self.csc.aliases.values_list("name", flat=True)), ["China Scholarship Council (CSC)"]
        )

    def test_a_moderator_still_cannot_delete_exchanges_or_manage_users(self):
        for permission in [
            "exchanges.delete_exchange",
            "contributions.delete_submission",
            "auth.change_user",
        ]:
            self.assertFalse(self.moderator.has_perm(permission), permission)
