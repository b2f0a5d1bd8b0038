"""A submission's page in the admin: possible duplicates, the field-by-field change, the record."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from contributions import moderation
from contributions.duplicates import hints, possible_duplicates, score
from contributions.models import DismissedHint, Submission
from entities.models import Person, PersonAlias
from exchanges.links import link_entities
from exchanges.models import RECORD_FIELDS, Exchange
from tests.contributions.helpers import change_form_data
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

    def test_a_similar_title_is_hinted_unless_the_dates_say_another_occasion(self):
        for date, expected in [
            (None, {"Governors forum held in Houston"}),
            (datetime.date(2012, 1, 1), {"Governors forum held in Houston"}),
            # Seven years later; one partner shared with an unrelated exchange two days before: neither.
            (datetime.date(2019, 5, 20), set()),
        ]:
            with self.subTest(date=date):
                submission = make_submission(title="Governors' forum in Houston", date=date, levels=[])
                self.assertEqual(self.titles(submission), expected)
                submission.delete()

    def test_shared_participants_and_the_date_are_evidence_and_the_hint_says_so(self):
        make_exchange(
            title="Phone call",
            date=datetime.date(2019, 5, 21),
            participants="U.S. President Barack Obama, Chinese President Xi Jinping",
        )
        submission = make_submission(
            title="Xi and Obama talk by phone",
            date=datetime.date(2019, 5, 21),
            partners="",
            participants="Chinese President Xi Jinping, President Barack Obama",
        )
        [hint] = hints(submission)
        self.assertEqual(hint.other.title, "Phone call")
        self.assertIn("same date", hint.why)
        self.assertIn("same participants Xi Jinping, Barack Obama", hint.why)
        self.assertRegex(hint.why, r"titles \d+% alike")

    def test_a_word_inside_another_word_is_no_evidence(self):
        make_exchange(title="Deng Xiaoping meets the governors", date=datetime.date(1980, 5, 1))
        submission = make_submission(
            title="Ping pong players meet", date=datetime.date(1980, 5, 1), partners=""
        )
        self.assertEqual(self.titles(submission), set())

    def test_pending_submissions_are_compared_too(self):
        first = make_submission(
            title="Mayors of Ohio visit Wuhan", date=datetime.date(2019, 9, 3), partners=""
        )
        second = make_submission(
            title="Ohio mayors' visit to Wuhan", date=datetime.date(2019, 9, 3), partners=""
        )
        self.assertEqual(possible_duplicates(second), [first])

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

    def test_it_takes_twelve_bounded_queries(self):
        for number in range(5):
            link_entities(
                make_exchange(
                    title=f"Governors forum {number}",
                    date=datetime.date(2019, 5, 20),
                    participants=f"Governor Number{number}",
                    location="Houston, Texas",
                )
            )
        make_submission(
            title="Another governors forum", participants="Jane Roe", date=datetime.date(2019, 5, 21)
        )
        submission = make_submission(
            title="Governors' forum in Houston",
            date=datetime.date(2019, 5, 20),
            participants="Governor Number1",
            location="Houston, Texas",
        )
        # 1-2: exchanges nearest the date, before and after it; 3-5: exchanges sharing
        # a title word: their ids (search index), which words each holds, the best of
        # them; 6: pending submissions near the date or sharing a title word; 7-9: the
        # organisations, people and places the submission's and the pending ones' names
        # are known by; 10-12: the candidate exchanges' links to people, organisations
        # and places. However many candidates there are.
        with self.assertNumQueries(12):
            found = list(hints(submission))
        self.assertLessEqual(len(found), 10)
        self.assertIn("same participants Number1", found[0].why)

    def test_names_spelt_differently_are_one_entity_through_an_alias(self):
        exchange = make_exchange(
            title="Presidents meet at the summit",
            date=datetime.date(2023, 11, 15),
            participants="Xi Jinping, Joe Biden",
            partners="",
            location="Woodside, California",
        )
        link_entities(exchange)
        PersonAlias.objects.create(entity=Person.objects.get(key="xi jinping"), name="Xi")
        PersonAlias.objects.create(entity=Person.objects.get(key="joe biden"), name="Joseph R. Biden")
        submission = make_submission(
            title="Leaders' talks near San Francisco",
            date=datetime.date(2023, 11, 15),
            participants="President Xi, President Joseph R. Biden",
            partners="",
            location="",
            levels=[],
        )
        self.assertIn("same participants Xi Jinping, Joe Biden", score(submission, exchange).why)
        # Without the aliases the two texts share no name.
        PersonAlias.objects.all().delete()
        self.assertNotIn("same participants", score(submission, exchange).why)

    def test_a_name_shared_by_text_and_by_link_counts_once(self):
        exchange = make_exchange(
            title="Trade mission to Chengdu",
            date=datetime.date(2018, 10, 10),
            participants="Bill Haslam",
            partners="State of Tennessee",
        )
        link_entities(exchange)
        submission = make_submission(
            title="Tennessee trade mission",
            date=datetime.date(2018, 10, 10),
            participants="Bill Haslam",
            partners="State of Tennessee",
        )
        [hint] = hints(submission)
        self.assertEqual(hint.why.count("Bill Haslam"), 1)
        self.assertIn("same partners State of Tennessee", hint.why)

    def test_the_submission_page_lists_them_with_links(self):
        self.client.force_login(make_moderator())
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        page = self.client.get(f"{QUEUE}{submission.pk}/change/")
        self.assertContains(page, "Possible duplicates")
        self.assertContains(page, f'<a href="/admin/exchanges/exchange/{self.same_title.pk}/change/">')
        self.assertContains(page, f'href="/exchanges/{self.same_title.slug}/"')
        self.assertContains(page, "Same date; titles 92% alike.")
        self.assertContains(page, f'href="{QUEUE}{submission.pk}/compare/exchange/{self.same_title.pk}/"')
        # The dismiss button sends the change form, corrections typed included; Enter pressed in a
        # field presses the form's first button, a hidden "Save and continue editing", never it.
        self.assertContains(
            page, f'class="button hint-dismiss" name="_dismiss_hint" value="exchange:{self.same_title.pk}"'
        )
        content = page.content.decode()
        self.assertLess(
            content.index('<input type="submit" name="_continue"'), content.index('name="_dismiss_hint"')
        )

    def test_dismissing_a_hint_keeps_the_corrections_typed_on_the_page(self):
        # The button sent a form of its own: a summary corrected before pressing it was lost.
        self.client.force_login(make_moderator())
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        response = self.client.post(
            f"{QUEUE}{submission.pk}/change/",
            change_form_data(
                submission,
                summary="Corrected: governors met in Houston.",
                _dismiss_hint=f"exchange:{self.same_title.pk}",
            ),
        )
        self.assertRedirects(response, f"{QUEUE}{submission.pk}/change/")
        self.assertEqual(DismissedHint.objects.get().exchange, self.same_title)
        submission.refresh_from_db()
        self.assertEqual(submission.summary, "Corrected: governors met in Houston.")
        self.assertTrue(submission.is_pending)

    def test_the_side_by_side_page_shows_both_records(self):
        self.client.force_login(make_moderator())
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        page = self.client.get(f"{QUEUE}{submission.pk}/compare/exchange/{self.same_title.pk}/")
        self.assertContains(page, "Governors&#x27; forum in Houston")
        self.assertContains(page, "Governors forum held in Houston")
        self.assertContains(page, "Same date")
        self.assertEqual(self.client.get(f"{QUEUE}{submission.pk}/compare/exchange/999999/").status_code, 404)

    def test_the_side_by_side_page_shows_values_as_readers_see_them(self):
        self.client.force_login(make_moderator())
        submission = make_submission(
            title="Governors forum held in Houston",
            date=datetime.date(2012, 1, 1),
            date_precision="month",
            type="cultural",
            government=None,
        )
        url = f"{QUEUE}{submission.pk}/compare/exchange/{self.same_title.pk}/"
        self.client.get(url)
        # The session, the user, the two records, the permissions (user and group), the evidence.
        with self.assertNumQueries(10):
            page = self.client.get(url)
        rows = {
            row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in page.content.decode().split("<tr")[2:]
        }
        # Labels, "Not recorded" and the date as written, never stored codes or None.
        self.assertIn("Cultural", rows["Type of exchange"])
        self.assertIn("Not recorded", rows["Government?"])
        self.assertIn("January 2012", rows["Exchange date"])
        self.assertNotIn("None", page.content.decode().split("<tbody>")[1])
        # Only the fields that differ are marked.
        self.assertIn('class="differs"', rows["Type of exchange"])
        self.assertIn('class="differs"', rows["Exchange date"])
        self.assertNotIn('class="differs"', rows["Title"])

    def test_a_dismissed_hint_stays_dismissed(self):
        moderator = make_moderator()
        self.client.force_login(moderator)
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        response = self.client.post(
            f"{QUEUE}{submission.pk}/dismiss-hint/", {"hint": f"exchange:{self.same_title.pk}"}
        )
        self.assertRedirects(response, f"{QUEUE}{submission.pk}/change/")
        dismissed = DismissedHint.objects.get()
        self.assertEqual(
            (dismissed.submission, dismissed.exchange, dismissed.by), (submission, self.same_title, moderator)
        )
        page = self.client.get(f"{QUEUE}{submission.pk}/change/")
        self.assertNotContains(page, f'<a href="/admin/exchanges/exchange/{self.same_title.pk}/change/">')
        self.assertContains(page, "1 hint dismissed before is not shown.")
        # Twice is still once; nonsense is ignored; a GET changes nothing.
        self.client.post(f"{QUEUE}{submission.pk}/dismiss-hint/", {"hint": f"exchange:{self.same_title.pk}"})
        self.client.post(f"{QUEUE}{submission.pk}/dismiss-hint/", {"hint": "exchange:x"})
        self.assertEqual(self.client.get(f"{QUEUE}{submission.pk}/dismiss-hint/").status_code, 403)
        self.assertEqual(DismissedHint.objects.count(), 1)

    def test_a_hint_dismissed_from_a_stale_page_of_a_submission_decided_since_is_left(self):
        moderator = make_moderator()
        self.client.force_login(moderator)
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        moderation.reject(submission.pk, moderator, reason="Not sourced.")
        response = self.client.post(
            f"{QUEUE}{submission.pk}/dismiss-hint/", {"hint": f"exchange:{self.same_title.pk}"}, follow=True
        )
        self.assertContains(response, f"Already decided: {submission.reference} was rejected by moderator")
        self.assertNotContains(response, "is dismissed")
        self.assertFalse(DismissedHint.objects.exists())

    def test_a_hint_that_names_no_record_is_ignored_whatever_its_digits(self):
        self.client.force_login(make_moderator())
        submission = make_submission(title="Governors' forum in Houston", date=datetime.date(2012, 1, 1))
        # Characters Python counts as digits but no number is written with; a key past the column's range.
        for other in ["²", "99999999999999999999999"]:
            with self.subTest(other=other):
                response = self.client.post(
                    f"{QUEUE}{submission.pk}/dismiss-hint/", {"hint": f"exchange:{other}"}
                )
                self.assertRedirects(response, f"{QUEUE}{submission.pk}/change/")
        self.assertFalse(DismissedHint.objects.exists())


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
        with self.assertNumQueries(14):
            # The session; the user; the submission; the user's own and group permissions;
            # the exchange it changes; the content type (for the history link); the
            # hints dismissed before; the possible duplicates (four queries: exchanges
            # nearest its date before and after it, those sharing a title word, when none
            # does, and pending submissions; none for the entities, as no candidate could
            # be a hint: see contributions/duplicates.py, within_reach);
            # the exchange's sources (for the changes);
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
