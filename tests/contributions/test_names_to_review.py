"""A pending submission's admin page shows, for each name it gives, the entity it will link to
or, for a new name, the existing entities like it; approving makes the new names entities."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from contributions import moderation
from entities.models import Organisation, Person, Place
from exchanges.links import names_to_review
from tests.entities.factories import make_organisation, make_person
from tests.factories import make_exchange, make_submission


class NamesToReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        make_organisation("National Governors Association", aliases=["NGA"])
        make_person("Jerry Brown")
        make_organisation("Chinese People's Association for Friendship with Foreign Countries")
        cls.submission = make_submission(
            partners="NGA\nChinese People's Association for Friendship",
            participants="Governor Edmund Brown, Governor Terry Branstad",
            location="Sacramento, California",
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_known_names_are_linked_and_new_ones_shown_with_similar_entities(self):
        response = self.client.get(f"/admin/contributions/submission/{self.submission.pk}/change/")
        self.assertContains(response, "Organisations, people and places")
        self.assertContains(response, 'Linked to <a href="/organisations/national-governors-association/">')
        page = response.content.decode()
        new_partner = page[page.index("<td>Chinese People&#x27;s Association for Friendship</td>") :]
        self.assertIn("New: becomes an entity.", new_partner[:600])
        self.assertIn("with-foreign-countries", new_partner[:900])
        brown = page[page.index("<td>Edmund Brown</td>") :]
        self.assertIn("/people/jerry-brown/", brown[:900])
        self.assertContains(response, "<td>Terry Branstad</td>")

    def test_approving_makes_the_new_names_entities(self):
        result = moderation.approve(self.submission.pk, self.admin)
        self.assertTrue(result.done)
        self.submission.refresh_from_db()
        exchange = self.submission.published_exchange
        self.assertTrue(Person.objects.filter(name="Terry Branstad").exists())
        self.assertEqual(
            set(exchange.organisation_links.values_list("organisation__name", flat=True)),
            {"National Governors Association", "Chinese People's Association for Friendship"},
        )
        self.assertEqual(Organisation.objects.filter(name="National Governors Association").count(), 1)
        self.assertEqual(
            set(exchange.place_links.values_list("place__name", flat=True)), {"Sacramento", "California"}
        )

    def test_a_submission_naming_a_hundred_organisations_opens(self):
        # Each name brings its words: 400 words, which one condition held a thousand terms deep.
        partners = "\n".join(f"Alpha{n} Beta{n} Gamma{n} University" for n in range(130))
        make_organisation("Gamma129 Institute of Technology")
        submission = make_submission(partners=partners)
        # However many words: the candidates, then their aliases.
        with self.assertNumQueries(2):
            names_to_review(submission)
        response = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        last = page[page.index("<td>Alpha129 Beta129 Gamma129 University</td>") :]
        self.assertIn("gamma129-institute-of-technology", last[:900])

    def test_the_page_makes_as_many_queries_for_300_names_as_for_10(self):
        # A submission naming 300 partners and 300 participants took seconds to open: each name must
        # cost no query of its own. One name in ten is known (linked), the others new (shown with the
        # known ones like them).
        for n in range(0, 300, 10):
            make_organisation(f"University of Place{n}")
            make_person(f"Person Name{n} Smith")
        counts = {}
        for many in (10, 300):
            submission = make_submission(
                partners="\n".join(f"University of Place{n}" for n in range(many)),
                participants="\n".join(f"Person Name{n} Smith" for n in range(many)),
                location="Beijing, China; Boston, Massachusetts",
            )
            url = f"/admin/contributions/submission/{submission.pk}/change/"
            self.client.get(url)  # the content types, cached for the process
            with CaptureQueriesContext(connection) as queries:
                page = self.client.get(url)
            self.assertContains(page, f"<td>University of Place{many - 1}</td>")
            self.assertContains(page, f"<td>Person Name{many - 1} Smith</td>")
            counts[many] = len(queries)
        self.assertEqual(counts[300], counts[10])

    def test_a_name_in_chinese_or_with_its_chinese_is_linked_to_the_entity_of_that_name(self):
        make_person("Zhou Enlai", chinese_name="周恩来")
        make_organisation("Tsinghua University", chinese_name="清华大学")
        submission = make_submission(
            partners="Tsinghua University (清华大学)\n清华大学",
            participants="国务院总理周恩来\nPremier Chou Enlai (周恩来)",
        )
        response = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertContains(response, 'Linked to <a href="/people/zhou-enlai/">', count=2)
        self.assertContains(response, 'Linked to <a href="/organisations/tsinghua-university/">', count=2)
        self.assertNotContains(response, "New: becomes an entity.")

    def test_an_abbreviation_is_linked_to_its_organisation_unless_two_have_it(self):
        make_organisation("Ministry of Commerce", aliases=["MOFCOM"])
        make_organisation("China Scholarship Council", aliases=["CSC"])
        make_organisation("Computer Sciences Corporation", aliases=["CSC"])
        submission = make_submission(partners="Ministry of Commerce (MOFCOM)\nMOFCOM\nCSC")
        review = {item.name: item for item in names_to_review(submission)}
        self.assertEqual(review["Ministry of Commerce (MOFCOM)"].known.name, "Ministry of Commerce")
        self.assertEqual(review["MOFCOM"].known.name, "Ministry of Commerce")
        self.assertIsNone(review["CSC"].known)
        self.assertEqual(
            [entity.name for entity in review["CSC"].ambiguous],
            ["China Scholarship Council", "Computer Sciences Corporation"],
        )
        response = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertContains(response, 'Linked to <a href="/organisations/ministry-of-commerce/">', count=2)
        page = response.content.decode()
        csc = page[page.index("<td>CSC</td>") :]
        self.assertIn("Not linked: more than one organisation has this name as an alias", csc[:700])
        self.assertIn("/organisations/china-scholarship-council/", csc[:1200])
        self.assertIn("/organisations/computer-sciences-corporation/", csc[:1200])


def place_to_review(location):
    """The row of names_to_review of the one place a submission's location line names."""
    (row,) = [row for row in names_to_review(make_submission(location=location)) if row.kind == "place"]
    return row


class PlacesOfOneNameToReviewTests(TestCase):
    """A place of a known name elsewhere is new: the page says what linking will do."""

    def test_a_town_of_a_known_name_in_another_state_is_new_beside_the_known_one(self):
        make_exchange(location="Portland, Oregon")
        oregon = Place.objects.get(name="Portland")
        review = place_to_review("Portland, Maine")
        self.assertIsNone(review.known)
        self.assertIn(oregon, review.similar)
        # Once it exists, it is the one linked.
        make_exchange(location="Portland, Maine")
        maine = Place.objects.get(name="Portland", parent__name="Maine")
        self.assertEqual(place_to_review("Portland (Maine)").known, maine)
        self.assertEqual(place_to_review("Portland, Oregon").known, oregon)

    def test_the_moderators_page_says_so(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        make_exchange(location="Portland, Oregon")
        submission = make_submission(location="Portland, Maine")
        url = f"/admin/contributions/submission/{submission.pk}/change/"
        page = self.client.get(url).content.decode()
        portland = page[page.index("<td>Portland</td>") :][:900]
        self.assertIn("New: becomes an entity.", portland)
        self.assertIn('<a href="/places/portland/">', portland)  # Oregon's, offered as similar
        self.assertNotIn("Linked to", portland)
        # Once Maine's exists, the same submission's page links it, not Oregon's.
        make_exchange(location="Portland, Maine")
        page = self.client.get(url).content.decode()
        portland = page[page.index("<td>Portland</td>") :][:900]
        self.assertIn('Linked to <a href="/places/portland-maine/">', portland)
