"""A submission's page in the admin: possible duplicates, the field-by-field change, the record."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from contributions import moderation
from contributions.duplicates import possible_duplicates
from contributions.models import Submission
from exchanges.models import RECORD_FIELDS, Exchange
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"


class PossibleDuplicatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.same_title = make_exchange(
            title="Governors forum held in Houston", date=datetime.date(2012, 1, 1)
        )
        cls.same_days = make_exchange(
            title="Trade talks",
            date=datetime.date(2019, 5, 18),
            partners="National Governors Association",
        )
        cls.same_days_other_people = make_exchange(
            title="Unrelated talks", date=datetime.date(2019, 5, 20), partners="Someone else"
        )
        cls.same_people_other_year = make_exchange(
            title="Other talks", date=datetime.date(2015, 5, 20), partners="National Governors Association"
        )
        cls.draft = make_exchange(title="Governors forum Houston", status=Exchange.Status.DRAFT)

    def titles(self, submission):
        return {exchange.title for exchange in possible_duplicates(submission)}

    def test_it_finds_a_similar_title_or_a_close_date_with_a_shared_partner(self):
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2019, 5, 20))
        self.assertEqual(self.titles(submission), {"Governors forum held in Houston", "Trade talks"})

    def test_a_shared_participant_counts_too(self):
        make_exchange(
            title="Phone call",
            date=datetime.date(2019, 5, 21),
            participants="U.S. President Barack Obama, Chinese President Xi Jinping",
        )
        submission = make_submission(
            title="Something else entirely",
            date=datetime.date(2019, 5, 20),
            partners="",
            participants="Chinese President Xi Jinping",
        )
        self.assertEqual(self.titles(submission), {"Phone call"})

    def test_common_words_alone_are_not_similarity(self):
        submission = make_submission(
            title="China and the United States", partners="", date=datetime.date(1990, 1, 1)
        )
        self.assertEqual(self.titles(submission), set())

    def test_a_suggestion_is_not_its_own_duplicate(self):
        submission = make_submission(
            title="Governors forum held in Houston", kind=Submission.Kind.CHANGE, exchange=self.same_title
        )
        self.assertNotIn("Governors forum held in Houston", self.titles(submission))

    def test_it_is_one_bounded_query(self):
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2019, 5, 20))
        with self.assertNumQueries(1):
            found = list(possible_duplicates(submission))
        self.assertLessEqual(len(found), 10)

    def test_the_submission_page_lists_them_with_links(self):
        self.client.force_login(make_moderator())
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2019, 5, 20))
        page = self.client.get(f"{QUEUE}{submission.pk}/change/")
        self.assertContains(page, "Possible duplicates")
        self.assertContains(page, f'<a href="/admin/exchanges/exchange/{self.same_title.pk}/change/">')
        self.assertContains(page, f'href="/exchanges/{self.same_days.slug}/"')


class ProposedChangesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange(title="Strategic dialogue", location="Washington, DC")
        cls.submission = make_submission(
            kind=Submission.Kind.CHANGE,
            exchange=cls.exchange,
            title="Strategic dialogue",
            summary=cls.exchange.summary,
            type=cls.exchange.type,
            levels=cls.exchange.levels,
            date=cls.exchange.date,
            partners="",
            location="Beijing",
            sources="Source 1 https://example.org/\nA new source",
        )

    def test_it_shows_field_by_field_what_differs(self):
        self.client.force_login(self.moderator)
        page = self.client.get(f"{QUEUE}{self.submission.pk}/change/")
        self.assertContains(page, "What it would change")
        self.assertContains(
            page,
            '<th scope="row">Location</th><td class="was">Washington, DC</td><td class="now">Beijing</td>',
            html=False,
        )
        self.assertContains(page, '<th scope="row">Sources</th>')
        self.assertNotContains(page, '<th scope="row">Title</th>')


class DecidedSubmissionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.submission = make_submission()
        moderation.approve(cls.submission.pk, cls.moderator)
        cls.exchange = Exchange.objects.get()

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_a_decided_submission_is_kept_as_it_was_decided(self):
        page = self.client.get(f"{QUEUE}{self.submission.pk}/change/")
        self.assertContains(page, "This submission was approved by moderator")
        self.assertNotContains(page, 'name="_approve"')
        self.assertNotContains(page, 'name="title"')
        self.assertContains(page, f'href="/exchanges/{self.exchange.slug}/"')

    def test_the_exchange_page_links_back_to_its_submission(self):
        page = self.client.get(f"/admin/exchanges/exchange/{self.exchange.pk}/change/")
        self.assertContains(page, "Submissions it came from")
        self.assertContains(page, self.submission.reference)
        self.assertContains(page, f"/admin/contributions/submission/{self.submission.pk}/change/")


class SubmissionPageQueryTests(TestCase):
    def test_a_suggestions_page_costs_a_fixed_number_of_queries(self):
        moderator = make_moderator()
        self.client.force_login(moderator)
        exchange = make_exchange(sources=3)
        submission = make_submission(kind=Submission.Kind.CHANGE, exchange=exchange, location="Elsewhere")
        ContentType.objects.clear_cache()  # as in a fresh process; other tests may have filled it
        with self.assertNumQueries(10):
            # The session; the user; the submission; the user's own and group permissions;
            # the exchange it changes; the content type (for the history link); the
            # possible duplicates (one query); the exchange's sources (for the changes);
            # the organisations like the ones it names (one query per kind named, and one
            # more for their aliases when any is found; "Elsewhere" is no place).
            self.client.get(f"{QUEUE}{submission.pk}/change/")


class RecordChangesTests(TestCase):
    """The diff reads the date, the levels and unknown answers as the pages show them."""

    def test_the_date_levels_and_not_recorded_are_compared_as_read(self):
        from contributions.diff import changes

        exchange = make_exchange(
            title="Governors' forum", levels=["state"], date=datetime.date(2013, 4, 1), date_precision="month"
        )
        submission = Submission(
            **{name: getattr(exchange, name) for name in RECORD_FIELDS},
            kind=Submission.Kind.CHANGE,
            exchange=exchange,
            sources="Source 1 https://example.org/",
        )
        self.assertEqual(changes(submission, exchange), [])
        submission.government = None
        submission.levels = ["national", "state"]
        submission.circa = True
        rows = {row.label: (row.current, row.proposed) for row in changes(submission, exchange)}
        self.assertEqual(
            rows,
            {
                "Government?": ("Yes", "Not recorded"),
                "Level of government": ("State / provincial", "National, State / provincial"),
                "Exchange date": ("April 2013", "c. April 2013"),
            },
        )

    def test_duplicate_hints_work_for_a_record_without_a_date(self):
        make_exchange(title="Mayors of American cities visit Chinese cities")
        submission = make_submission(title="Mayors visit Chinese cities", date=None, levels=[])
        self.assertEqual(
            {exchange.title for exchange in possible_duplicates(submission)},
            {"Mayors of American cities visit Chinese cities"},
        )
