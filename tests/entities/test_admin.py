"""The entities' admin: search by any name, and merging duplicates through the changelist's action."""

from unittest import mock

from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities import merge as merge_module
from entities.merge import MergeError, merge
from entities.models import Organisation, Person, Place

from .factories import make_organisation, make_person, make_place


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.staff)


class SearchTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.moe = make_organisation(
            "Ministry of Education", chinese_name="教育部", aliases=["MOE", "Jiaoyubu"]
        )
        cls.state = make_organisation("U.S. Department of State", aliases=["State Department"])
        cls.asia = make_organisation("Asia Society")

    def found(self, query):
        response = self.client.get("/admin/entities/organisation/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return set(response.context["cl"].result_list)

    def test_it_finds_an_organisation_by_name_chinese_name_or_any_alias(self):
        self.assertEqual(self.found("education"), {self.moe})
        self.assertEqual(self.found("教育"), {self.moe})
        self.assertEqual(self.found("jiaoyubu"), {self.moe})
        self.assertEqual(self.found("moe"), {self.moe})
        self.assertEqual(self.found("state department"), {self.state})

    def test_it_finds_other_spellings_of_a_name(self):
        self.assertEqual(self.found("US Department of State"), {self.state})
        self.assertEqual(self.found("United States Department"), {self.state})

    def test_an_entity_found_by_two_aliases_is_listed_once(self):
        self.moe.aliases.create(name="Ministry of Education of China")
        response = self.client.get("/admin/entities/organisation/", {"q": "ministry"})
        self.assertEqual(list(response.context["cl"].result_list), [self.moe])

    def test_the_list_shows_the_aliases_in_a_fixed_number_of_queries(self):
        for number in range(5):
            make_organisation(f"Organisation {number}", aliases=[f"O{number}", f"Org {number}"])
        # session, user, count, count of all, the page of organisations, their aliases
        with self.assertNumQueries(6):
            response = self.client.get("/admin/entities/organisation/")
        self.assertContains(response, "Jiaoyubu, MOE")

    def test_people_and_places_are_searched_by_alias_too(self):
        make_person("Wang Yi", chinese_name="王毅", aliases=["Wang I"])
        make_place("Xi'an", aliases=["Sian"])
        response = self.client.get("/admin/entities/person/", {"q": "wang i"})
        self.assertContains(response, "Wang Yi")
        response = self.client.get("/admin/entities/place/", {"q": "sian"})
        self.assertContains(response, "Xi&#x27;an")

    def test_a_place_page_opens_and_its_list_filters_by_country(self):
        beijing = make_place("Beijing")
        make_place("Boston", country="US")
        response = self.client.get("/admin/entities/place/", {"country__exact": "CN"})
        self.assertEqual(list(response.context["cl"].result_list), [beijing])
        response = self.client.get(f"/admin/entities/place/{beijing.pk}/change/")
        self.assertContains(response, "Lies in")
        self.assertContains(response, '<a href="/places/beijing/" class="viewsitelink">', html=False)


class EditTests(AdminTestCase):
    def add_place(self, **fields):
        data = {
            "name": "Kyoto",
            "chinese_name": "京都",
            "kind": "city",
            "country": "other",
            "country_name": "Japan",
            "parent": "",
            "aliases-TOTAL_FORMS": "2",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Kioto",
            "aliases-1-name": "",
            **fields,
        }
        return self.client.post("/admin/entities/place/add/", data)

    def test_staff_add_a_place_with_its_aliases(self):
        response = self.add_place()
        self.assertEqual(response.status_code, 302)
        place = Place.objects.get()
        self.assertEqual(
            (place.slug, place.country_name, place.label), ("kyoto", "Japan", "Kyoto (京都), Japan")
        )
        self.assertEqual(list(place.aliases.values_list("name", "key")), [("Kioto", "kioto")])

    def test_the_form_says_what_is_wrong_and_saves_nothing(self):
        response = self.add_place(country_name="")
        self.assertContains(response, "Name the other country.")
        response = self.add_place(country="CN")
        self.assertContains(response, "Name a country here only for “Another country”.")
        response = self.add_place(name="???")
        self.assertContains(response, "Write a name with at least one letter or digit.")
        self.assertFalse(Place.objects.exists())


class MergeTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kept = make_organisation("Ministry of Education", chinese_name="", aliases=["MOE"])
        cls.duplicate = make_organisation(
            "PRC Ministry of Education",
            chinese_name="教育部",
            aliases=["MOE", "Ministry of Education of China"],
        )
        cls.other = make_organisation("Asia Society")

    def post_action(self, *entities, **extra):
        data = {"action": "merge_selected", "_selected_action": [entity.pk for entity in entities], **extra}
        return self.client.post("/admin/entities/organisation/", data, follow="confirm" in extra)

    def test_the_action_asks_which_one_to_keep(self):
        response = self.post_action(self.kept, self.duplicate)
        self.assertTemplateUsed(response, "admin/entities/merge.html")
        self.assertContains(response, 'type="radio"', count=2)
        self.assertContains(response, 'PRC Ministry of Education (<span lang="zh">教育部</span>)')
        self.assertContains(response, "“Ministry of Education of China”")
        self.assertEqual(Organisation.objects.count(), 3, "nothing is merged before the choice")

    def test_the_chinese_in_the_names_to_choose_from_is_marked_as_chinese(self):
        # Unmarked, a screen reader reads 教育部 in the page's English voice, and a browser may draw it
        # in a Japanese font; the English around it stays the page's own.
        self.duplicate.aliases.create(name="中华人民共和国教育部")
        response = self.post_action(self.kept, self.duplicate)
        marked = 'PRC Ministry of Education (<span lang="zh">教育部</span>)'
        self.assertContains(response, marked, count=2)  # the choice to keep, and the list of names
        self.assertContains(response, '“<span lang="zh">中华人民共和国教育部</span>”', count=1)
        self.assertContains(response, "“MOE”", count=2)
        self.assertNotContains(response, "(教育部)")

    def test_the_page_to_choose_from_reads_as_many_queries_for_five_as_for_two(self):
        # Places too, whose names say where each lies: its parent read with it, not one query each.
        for model, make in ((Organisation, make_organisation), (Person, make_person), (Place, make_place)):
            country = make_place("Shaanxi", kind="province") if model is Place else None
            for number in range(5):
                fields = {"parent": country} if country else {}
                make(f"{model.__name__} {number}", aliases=[f"Alias {number}"], **fields)
            counts = []
            for size in (2, 5):
                selected = list(model.objects.filter(name__startswith=model.__name__))[:size]
                data = {"action": "merge_selected", "_selected_action": [entity.pk for entity in selected]}
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.post(f"/admin/entities/{model._meta.model_name}/", data)
                self.assertContains(response, 'type="radio"', count=size)
                self.assertContains(response, "“Alias 4”" if size == 5 else "“Alias 1”", count=1)
                counts.append(len(queries))
            with self.subTest(model=model.__name__):
                # session, user, the changelist's two counts, the selected (a place's parent with
                # it), their aliases
                self.assertEqual(counts, [6, 6])

    def test_the_merged_one_becomes_aliases_of_the_kept_one(self):
        response = self.post_action(self.kept, self.duplicate, confirm="yes", keep=self.kept.pk)
        self.assertRedirects(response, "/admin/entities/organisation/")
        self.assertContains(response, "Merged 1 into “Ministry of Education”")
        self.assertFalse(Organisation.objects.filter(pk=self.duplicate.pk).exists())
        self.kept.refresh_from_db()
        self.assertEqual(self.kept.chinese_name, "教育部", "the Chinese name fills the kept one's empty one")
        self.assertEqual(
            sorted(self.kept.aliases.values_list("name", flat=True)),
            ["MOE", "Ministry of Education of China", "PRC Ministry of Education"],
        )
        # The merged one's Chinese name is the kept one's own now, not an alias.
        self.assertEqual(list(Organisation.objects.matching("教育部")), [self.kept])
        self.assertEqual(list(Organisation.objects.matching("PRC Ministry of Education")), [self.kept])

    def test_three_can_become_one(self):
        self.post_action(self.kept, self.duplicate, self.other, confirm="yes", keep=self.other.pk)
        self.assertEqual(list(Organisation.objects.all()), [self.other])
        self.assertIn("Ministry of Education", self.other.aliases.values_list("name", flat=True))

    def test_the_page_asks_again_when_no_one_was_chosen(self):
        response = self.post_action(self.kept, self.duplicate, confirm="yes")
        self.assertContains(response, "Choose the one to keep.")
        response = self.post_action(self.kept, self.duplicate, confirm="yes", keep=self.other.pk)
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(Organisation.objects.count(), 3)

    def test_one_selected_is_not_enough(self):
        response = self.client.post(
            "/admin/entities/organisation/",
            {"action": "merge_selected", "_selected_action": [self.kept.pk]},
            follow=True,
        )
        self.assertContains(response, "Select two or more to merge into one.")
        self.assertEqual(Organisation.objects.count(), 3)

    def test_a_selection_one_of_which_is_gone_merges_nothing_and_says_why(self):
        # Another moderator merged or deleted it between the list and the confirmation.
        gone = make_organisation("Ministry of Education of the PRC")
        Organisation.objects.filter(pk=gone.pk).delete()
        response = self.post_action(self.kept, gone, confirm="yes", keep=self.kept.pk)
        self.assertContains(response, "1 of the 2 selected no longer exists")
        self.assertNotContains(response, "Select two or more")
        response = self.post_action(self.kept, self.duplicate, gone, confirm="yes", keep=self.kept.pk)
        self.assertContains(response, "1 of the 3 selected no longer exists")
        self.assertEqual(Organisation.objects.count(), 3)

    def test_three_merge_in_one_transaction(self):
        real_merge = merge_module.merge
        calls = []

        def second_fails(kept, other):
            calls.append(other)
            if len(calls) == 2:
                raise MergeError("One of the two entities no longer exists.")
            return real_merge(kept, other)

        with mock.patch("entities.admin.merge", side_effect=second_fails):
            response = self.post_action(
                self.kept, self.duplicate, self.other, confirm="yes", keep=self.kept.pk
            )
        self.assertContains(response, "One of the two entities no longer exists.")
        self.assertEqual(len(calls), 2)
        self.assertEqual(Organisation.objects.count(), 3, "the first merge is undone with the second")
        self.assertEqual(sorted(self.kept.aliases.values_list("name", flat=True)), ["MOE"])

    def test_more_than_twenty_at_once_are_refused(self):
        many = [make_organisation(f"Copy {number}") for number in range(19)]
        response = self.client.post(
            "/admin/entities/organisation/",
            {
                "action": "merge_selected",
                "_selected_action": [entity.pk for entity in [self.kept, self.duplicate, *many]],
                "confirm": "yes",
                "keep": self.kept.pk,
            },
            follow=True,
        )
        self.assertContains(response, "Select at most 20 to merge at once.")
        self.assertEqual(Organisation.objects.count(), 22)

    def test_staff_who_may_not_delete_cannot_merge(self):
        clerk = User.objects.create_user("clerk", "clerk@example.org", "pw", is_staff=True)
        clerk.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_organisation", "change_organisation"])
        )
        self.client.force_login(clerk)
        response = self.client.get("/admin/entities/organisation/")
        self.assertNotContains(response, "merge_selected")
        self.post_action(self.kept, self.duplicate, confirm="yes", keep=self.kept.pk)
        self.assertEqual(Organisation.objects.count(), 3)


class MergeMovesLinksTests(AdminTestCase):
    """Links are moved by walking the model's reverse relations (entities/merge.py).

    The exchanges app will add its links later; a test-only model would need a
    migration of its own, so these tests prove the generic mover on the
    relations the entities app has: aliases (a foreign key to the entity, with
    a unique constraint) and places inside a place (a foreign key to itself).
    """

    def test_places_inside_the_merged_place_move_to_the_kept_one(self):
        china_wa = make_place("Washington", country="US", kind="province")
        washington_state = make_place("Washington State", country="US", kind="province", aliases=["WA"])
        seattle = make_place("Seattle", country="US", parent=china_wa)
        tacoma = make_place("Tacoma", country="US", parent=china_wa)
        response = self.client.post(
            "/admin/entities/place/",
            {
                "action": "merge_selected",
                "_selected_action": [china_wa.pk, washington_state.pk],
                "confirm": "yes",
                "keep": washington_state.pk,
            },
            follow=True,
        )
        self.assertContains(response, "Merged 1 into “Washington State”; 2 link(s) moved.")
        self.assertEqual(
            sorted(Place.objects.filter(parent=washington_state).values_list("name", flat=True)),
            ["Seattle", "Tacoma"],
        )
        for place in (seattle, tacoma):
            place.refresh_from_db()
            self.assertEqual(place.parent, washington_state)

    def test_a_place_merged_into_a_place_inside_it_takes_its_parent(self):
        usa = make_place("United States mainland", country="US", kind="other")
        california = make_place("California", country="US", kind="province", parent=usa)
        calif = make_place("Calif", country="US", kind="province", parent=california)
        self.client.post(
            "/admin/entities/place/",
            {
                "action": "merge_selected",
                "_selected_action": [california.pk, calif.pk],
                "confirm": "yes",
                "keep": calif.pk,
            },
        )
        calif.refresh_from_db()
        self.assertEqual(calif.parent, usa)
        self.assertIn("California", calif.aliases.values_list("name", flat=True))

    def test_people_merge_like_organisations(self):
        kept = make_person("Wang Yi", chinese_name="王毅")
        other = make_person("Wang I", aliases=["王毅"])
        self.client.post(
            "/admin/entities/person/",
            {
                "action": "merge_selected",
                "_selected_action": [kept.pk, other.pk],
                "confirm": "yes",
                "keep": kept.pk,
            },
        )
        self.assertEqual(list(Person.objects.all()), [kept])
        self.assertEqual(list(kept.aliases.values_list("name", flat=True)), ["Wang I"])


class FormerAddressTests(AdminTestCase):
    """A moderator who follows /people/old-slug/ to a page of another name sees why on its change page."""

    def test_the_change_page_lists_the_addresses_of_those_merged_into_it(self):
        for kind, make, path in [
            ("organisation", make_organisation, "organisations"),
            ("person", make_person, "people"),
            ("place", make_place, "places"),
        ]:
            with self.subTest(kind):
                kept, merged = make(f"Kept {kind}"), make(f"Merged {kind}")
                merge(kept, merged)
                response = self.client.get(f"/admin/entities/{kind}/{kept.pk}/change/")
                self.assertContains(response, "Former addresses")
                self.assertContains(
                    response, f'<a href="/{path}/merged-{kind}/">/{path}/merged-{kind}/</a>', html=True
                )
                # Shown, not edited: the page's form has no field for them.
                self.assertNotIn("former_slugs", response.context["adminform"].form.fields)

    def test_an_entity_without_any_says_so_and_is_saved_as_before(self):
        person = make_person("Wang Yi")
        response = self.client.get(f"/admin/entities/person/{person.pk}/change/")
        self.assertContains(response, "None: no entity has been merged into this one.")
        response = self.client.post(
            f"/admin/entities/person/{person.pk}/change/",
            {
                "name": "Wang Yi",
                "chinese_name": "王毅",
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        person.refresh_from_db()
        self.assertEqual(person.chinese_name, "王毅")


class SameAsAnotherFilterTests(AdminTestCase):
    """Organisations a moderator may want to merge: one named by another's alias ("CPAFFC"), and
    one whose name keeps capitals in brackets that linking did not read as its abbreviation."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_organisation(
            "Chinese People's Association for Friendship with Foreign Countries", aliases=["CPAFFC"]
        )
        cls.short = make_organisation("cpaffc")
        cls.pku = make_organisation("Peking University (PKU)")
        cls.mixed = make_organisation("Tsinghua University (TsingU)")
        make_organisation("Asia Society", aliases=["Asia Society of New York"])
        make_organisation("Nankai University (Tianjin)")

    def listed(self, value):
        response = self.client.get("/admin/entities/organisation/", {"same": value})
        self.assertEqual(response.status_code, 200)
        return list(response.context["cl"].result_list)

    def test_it_lists_organisations_named_as_another_ones_alias(self):
        self.assertEqual(self.listed("alias"), [self.short])

    def test_it_lists_organisations_named_with_capitals_in_brackets(self):
        self.assertCountEqual(self.listed("brackets"), [self.pku, self.mixed])

    def test_the_filter_is_offered_beside_the_list(self):
        response = self.client.get("/admin/entities/organisation/")
        self.assertContains(response, "Named as another’s alias")
        self.assertContains(response, "?same=brackets")
