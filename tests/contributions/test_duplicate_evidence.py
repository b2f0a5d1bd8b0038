"""Duplicate hints between exchanges of one occasion: each rule that tells two of them apart,
and the resubmission it must still let through (contributions/duplicates.py).

Each test has both directions: two different exchanges of one occasion (a summit,
a state visit, a signing ceremony) that share their date, people and places are
not hinted; the same exchange told again (reworded, with a date a day off or known
to the month, with fewer names) still is.
"""

import datetime

from django.test import TestCase

from contributions.duplicates import (
    THRESHOLD,
    date_evidence,
    evidence_against,
    names_evidence,
    possible_duplicates,
    score,
    title_likeness,
    title_words,
    unexplained,
)
from exchanges.models import Exchange
from tests.factories import make_exchange, make_submission

D = datetime.date


def submission(**fields):
    """A submission that names only what it is given (no partners, no levels from the factory)."""
    values = {"partners": "", "levels": [], "type": ""}
    values.update(fields)
    return make_submission(**values)


def exchange(**fields):
    values = {"partners": "", "type": ""}
    values.update(fields)
    return make_exchange(**values)


class TitlesTests(TestCase):
    def test_the_united_states_is_implied_like_us_and_china(self):
        # Every record is between the two countries: "United States" in two titles is no likeness.
        self.assertEqual(
            title_words("Deng Xiaoping visits the United States"), ["deng", "xiaoping", "visits"]
        )
        self.assertLess(
            title_likeness(
                "Deng Xiaoping visits the United States",
                "United States and China establish diplomatic relations",
            ),
            0.1,
        )
        self.assertEqual(title_words("The People's Republic of China joins the IOC"), ["joins", "ioc"])
        self.assertGreater(
            title_likeness("Deng visits the United States", "Deng Xiaoping's visit to America"), 0.3
        )

    def test_a_name_both_records_give_weighs_less_in_the_titles(self):
        names = frozenset({"obama", "xi", "barack", "jinping"})
        alike = title_likeness("Obama and Xi agree to phase down HFCs", "Xi and Obama meet at Sunnylands")
        counted_once = title_likeness(
            "Obama and Xi agree to phase down HFCs", "Xi and Obama meet at Sunnylands", names
        )
        self.assertLess(counted_once, alike)
        # The same words that are not names weigh in full.
        self.assertEqual(
            title_likeness("Sunnylands summit", "Meeting at Sunnylands", names),
            title_likeness("Sunnylands summit", "Meeting at Sunnylands"),
        )

    def test_a_resubmission_named_by_its_people_is_still_hinted(self):
        original = exchange(
            title="Obama and Xi meet at Sunnylands",
            date=D(2013, 6, 7),
            participants="President Barack Obama; President Xi Jinping",
            location="Rancho Mirage, California",
        )
        again = submission(
            title="Sunnylands summit between Obama and Xi",
            date=D(2013, 6, 7),
            participants="Barack Obama, Xi Jinping",
            location="Rancho Mirage, California",
        )
        self.assertEqual(possible_duplicates(again), [original])


class TitlesThatEachSaySomethingElseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.climate = exchange(
            title="Obama and Xi issue a Joint Presidential Statement on Climate Change",
            date=D(2015, 9, 25),
            participants="President Barack Obama; President Xi Jinping",
            location="Washington, DC",
        )

    def test_two_agreements_of_one_day_are_not_hinted(self):
        cyber = submission(
            title="Obama and Xi agree not to conduct cyber theft of commercial secrets",
            date=D(2015, 9, 25),
            participants="President Barack Obama; President Xi Jinping",
            location="The White House, Washington, DC",
        )
        self.assertGreaterEqual(len(unexplained(cyber, self.climate)), 3)
        self.assertGreaterEqual(len(unexplained(self.climate, cyber)), 3)
        self.assertLess(evidence_against(cyber, self.climate), 1)
        self.assertEqual(possible_duplicates(cyber), [])

    def test_the_statement_told_again_in_other_words_is_hinted(self):
        again = submission(
            title="Presidents Obama and Xi announce a joint climate statement",
            date=D(2015, 9, 25),
            participants="Barack Obama, Xi Jinping",
        )
        self.assertEqual(possible_duplicates(again), [self.climate])

    def test_a_word_or_two_of_its_own_each_is_a_title_told_another_way(self):
        original = exchange(
            title="U.S. Navy ships make port call in Qingdao",
            date=D(1986, 11, 5),
            partners="U.S. Navy",
            location="Qingdao",
        )
        again = submission(
            title="American naval vessels visit Qingdao port",
            date=D(1986, 11, 5),
            partners="U.S. Navy",
            location="Qingdao",
        )
        # "naval" is "navy" (synonyms.txt): only "vessels" is its own; "make" says nothing.
        self.assertEqual(unexplained(again, original), ["vessels"])
        self.assertEqual(evidence_against(again, original), 1)
        self.assertEqual(possible_duplicates(again), [original])

    def test_a_word_much_like_one_of_the_other_record_is_accounted_for(self):
        signed = Exchange(title="Phase One trade agreement signed in Washington", participants="Liu He")
        sign = Exchange(
            title="US and China sign a phase one trade deal at the White House", participants="Liu He"
        )
        # "signed" is "sign" and "deal" an "agreement" (synonyms.txt); "Washington" is much like nothing
        # of the other: a word of its own.
        self.assertEqual(unexplained(signed, sign), ["washington"])
        self.assertEqual(unexplained(sign, signed), ["white", "house"])


class OneDayOfAVisitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.visit = exchange(
            title="President Xi Jinping makes a state visit to the United States",
            date=D(2015, 9, 22),
            end_date=D(2015, 9, 25),
            participants="President Xi Jinping (习近平); Peng Liyuan; President Barack Obama",
            location="Seattle, Washington; Washington, DC; New York",
        )

    def test_what_happened_on_one_day_of_a_visit_is_not_the_visit(self):
        for title, day, participants, partners in [
            (
                "Obama and Xi issue a Joint Presidential Statement on Climate Change",
                D(2015, 9, 25),
                "President Barack Obama; President Xi Jinping",
                "",
            ),
            # On the visit's first day too.
            (
                "Xi Jinping gives a written interview to The Wall Street Journal",
                D(2015, 9, 22),
                "President Xi Jinping",
                "The Wall Street Journal",
            ),
        ]:
            with self.subTest(title=title):
                part = submission(
                    title=title,
                    date=day,
                    participants=participants,
                    partners=partners,
                    location="Washington, DC",
                )
                self.assertLess(evidence_against(part, self.visit), 1)
                self.assertEqual(possible_duplicates(part), [])
                part.delete()

    def test_the_visit_told_again_from_its_first_day_is_hinted(self):
        again = submission(
            title="Xi Jinping's state visit to America begins in Seattle",
            date=D(2015, 9, 22),
            participants="Xi Jinping",
            location="Seattle, Washington",
        )
        self.assertEqual(possible_duplicates(again), [self.visit])


class DatesTests(TestCase):
    def test_two_dates_known_to_the_day_weeks_apart_are_two_occasions(self):
        first = exchange(
            title="China expels three Wall Street Journal reporters",
            date=D(2020, 2, 19),
            participants="Three Wall Street Journal correspondents",
            partners="Ministry of Foreign Affairs of the People's Republic of China\nThe Wall Street Journal",
            location="Beijing",
        )
        second = submission(
            title="China expels American journalists of three U.S. newspapers",
            date=D(2020, 3, 17),
            partners="Ministry of Foreign Affairs of the People's Republic of China\nThe Wall Street Journal",
            location="Beijing",
        )
        self.assertEqual(date_evidence(first, second)[0], 0)
        self.assertEqual(possible_duplicates(second), [])
        second.delete()
        # Known only to the month, the same report is hinted; so is a date a day off.
        for date, precision in [(D(2020, 2, 1), "month"), (D(2020, 2, 20), "day")]:
            with self.subTest(date=date, precision=precision):
                again = submission(
                    title="China expels three WSJ reporters",
                    date=date,
                    date_precision=precision,
                    partners="The Wall Street Journal",
                    location="Beijing",
                )
                self.assertEqual(possible_duplicates(again), [first])
                again.delete()

    def test_a_year_in_common_is_weaker_evidence_than_a_month(self):
        ohio = exchange(
            title="Ohio and Hubei form the first sister state–province tie",
            date=D(1979, 1, 1),
            date_precision="year",
            partners="State of Ohio\nHubei Provincial People's Government",
            location="Ohio and Hubei",
        )
        st_louis = submission(
            title="St. Louis and Nanjing become the first U.S.–China sister cities",
            date=D(1979, 11, 1),
            date_precision="month",
            partners="City of St. Louis\nNanjing Municipal People's Government",
            location="Nanjing and St. Louis, Missouri",
        )
        self.assertEqual(date_evidence(ohio, st_louis), (0.5, "same year"))
        self.assertEqual(possible_duplicates(st_louis), [])
        again = submission(
            title="Ohio–Hubei sister state relationship",
            date=D(1979, 1, 1),
            date_precision="year",
            partners="State of Ohio",
        )
        hint = score(again, ohio)
        self.assertIn("same year", hint.why)
        self.assertEqual(possible_duplicates(again), [ohio])


class PlacesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.visit = exchange(
            title="Deng Xiaoping visits the United States",
            date=D(1979, 1, 28),
            participants="Vice Premier Deng Xiaoping; President Jimmy Carter",
            location="Washington, DC; Atlanta; Houston, Texas; Seattle",
        )

    def test_places_in_different_countries_tell_two_exchanges_apart(self):
        reporters = submission(
            title="Chinese government hosts American reporters, who interview Deng Xiaoping",
            date=D(1979, 1, 1),
            date_precision="month",
            participants="Vice Premier Deng Xiaoping",
            location="Beijing",
        )
        self.assertEqual(evidence_against(reporters, self.visit), 0.7)
        self.assertEqual(possible_duplicates(reporters), [])

    def test_another_place_in_the_same_country_is_no_evidence_against(self):
        again = submission(
            title="Vice Premier Deng Xiaoping's visit to America",
            date=D(1979, 1, 1),
            date_precision="month",
            participants="Deng Xiaoping",
            location="Houston, Texas",
        )
        self.assertEqual(evidence_against(again, self.visit), 1)
        self.assertEqual(possible_duplicates(again), [self.visit])


class NamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.science = exchange(
            title="U.S.-China Agreement on Cooperation in Science and Technology signed",
            date=D(1979, 1, 31),
            participants=(
                "President Jimmy Carter; Vice Premier Deng Xiaoping; "
                "Presidential Science Adviser Frank Press; Vice Premier Fang Yi"
            ),
            partners=(
                "White House Office of Science and Technology Policy\n"
                "State Scientific and Technological Commission"
            ),
            location="The White House, Washington, DC",
        )

    def test_partners_listed_on_one_line_are_named_one_by_one_in_the_hint(self):
        # Compared as text, without the entities: "A; B" is two partners, as the links read it.
        sister = exchange(
            title="Tustin and Heyuan sign a sister-city agreement",
            date=D(2015, 10, 23),
            partners="City of Tustin; Heyuan Municipal People's Government",
        )
        again = submission(
            title="Tustin and Heyuan become sister cities",
            date=D(2015, 10, 23),
            partners="City of Tustin / Heyuan Municipal People's Government",
        )
        _shared, _place, reasons = names_evidence(again, sister)
        self.assertEqual(reasons, ["same partners City of Tustin, Heyuan Municipal People's Government"])

    def test_records_that_each_name_their_own_people_do_not_count_the_one_they_share(self):
        physics = submission(
            title="U.S. and China agree on high-energy physics cooperation",
            date=D(1979, 1, 31),
            participants="Secretary of Energy James Schlesinger; Vice Premier Fang Yi",
            partners="U.S. Department of Energy\nState Scientific and Technological Commission",
            location="Washington, DC",
        )
        hint = score(physics, self.science)
        # The hint still says what they share; it does not count towards the score.
        self.assertIn("same participants Fang Yi", hint.why)
        self.assertLess(hint.score, THRESHOLD)
        self.assertEqual(possible_duplicates(physics), [])

    def test_a_resubmission_naming_fewer_people_counts_them(self):
        again = submission(
            title="Carter and Deng sign the science accord",
            date=D(1979, 1, 31),
            participants="Fang Yi",
        )
        hint = score(again, self.science)
        self.assertIn("same participants Fang Yi", hint.why)
        nameless = score(submission(title=again.title, date=again.date), self.science)
        self.assertGreater(hint.score, nameless.score)
        self.assertIn(self.science, possible_duplicates(again))
