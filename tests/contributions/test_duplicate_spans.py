"""Duplicate hints and dates that are spans: each end counts, as exactly as it is known.

The date evidence went by the precision of the first day alone: a span begun in a
year ("1985 – March 1986") counted as "same year", half, against the very same span
or one inside it, and a submission so dated was not hinted at the published record
it repeats. A span's end known to the month made one exact day inside it "one day
during" a visit, and a gap from that end "two dates known to the day".
"""

from django.test import TestCase

from contributions.duplicates import candidates, date_evidence, possible_duplicates, score
from exchanges.dates import parse_period
from exchanges.models import stored_end_precision
from tests.factories import make_exchange, make_submission


def dated(text):
    """The date columns of `text` as the forms store them."""
    period = parse_period(text)
    return {
        "date": period.first,
        "date_precision": period.precision,
        "end_date": period.end,
        "end_precision": stored_end_precision(period),
    }


def submission(when, **fields):
    values = {"partners": "", "levels": [], "type": "", "title": "A record", **dated(when)}
    values.update(fields)
    return make_submission(**values)


def exchange(when, **fields):
    values = {"partners": "", "type": "", "title": "A record", **dated(when)}
    values.update(fields)
    return make_exchange(**values)


class SpanDatesTests(TestCase):
    def evidence(self, one, other):
        return date_evidence(submission(one), exchange(other))

    def test_the_same_span_is_the_same_period(self):
        self.assertEqual(self.evidence("1985 – March 1986", "1985 – March 1986"), (1.0, "same period"))
        self.assertEqual(self.evidence("1984–1986", "1984–1986"), (1.0, "same period"))

    def test_overlapping_spans_are_a_date_match_whichever_begins_first(self):
        for one, other in [
            ("1985 – March 1986", "October 1985 – February 1986"),
            ("September 1985 – March 1986", "1985 – March 1986"),
            ("September 1985 – March 1986", "October 1985 – April 1986"),
        ]:
            with self.subTest(one=one, other=other):
                self.assertEqual(self.evidence(one, other), (1.0, "dates overlap"))
                self.assertEqual(self.evidence(other, one), (1.0, "dates overlap"))

    def test_the_coarser_covers_the_finer(self):
        for finer in ["February 1986", "February 12, 1986", "June 1985"]:
            with self.subTest(finer=finer):
                self.assertEqual(self.evidence("1985 – March 1986", finer), (1.0, "dates overlap"))

    def test_periods_known_only_in_whole_years_still_count_half(self):
        self.assertEqual(self.evidence("1985", "1985 – March 1986"), (0.5, "same year"))
        self.assertEqual(self.evidence("1984–1986", "1985"), (0.5, "same year"))
        self.assertEqual(self.evidence("1984–1985", "1985–1986"), (0.5, "years overlap"))
        self.assertEqual(self.evidence("1980–1990", "June 12, 1985"), (0.5, "years overlap"))

    def test_a_day_inside_a_span_whose_end_is_known_to_the_month_is_no_day_of_a_visit(self):
        # June 12 may be the last day of "May 3 – June 1985" itself.
        self.assertEqual(self.evidence("May 3 – June 1985", "June 12, 1985"), (1.0, "dates overlap"))
        self.assertEqual(
            self.evidence("May 3–20, 1985", "May 12, 1985"), (0.6, "one day during the other's period")
        )

    def test_an_end_known_to_the_month_weeks_from_a_day_is_no_other_occasion_for_it(self):
        self.assertEqual(self.evidence("March 3 – April 1986", "May 20, 1986"), (0.2, ""))
        # Known to the day at both ends facing each other, weeks apart: another occasion.
        self.assertEqual(self.evidence("March 3 – April 30, 1986", "May 20, 1986"), (0.0, ""))


class SpanHintsTests(TestCase):
    def test_a_span_told_again_is_hinted(self):
        published = exchange(
            "October 1985 – March 1986",
            title="Ballet dancers from Shanghai perform across the country",
            partners="Shanghai Ballet",
        )
        for when in ["1985 – March 1986", "September 1985 – April 1986"]:
            with self.subTest(when=when):
                again = submission(when, title="Shanghai Ballet tours America", partners="Shanghai Ballet")
                self.assertEqual(possible_duplicates(again), [published])
                self.assertIn("dates overlap", score(again, published).why)
                again.delete()

    def test_a_pending_submission_spanning_years_is_a_candidate_by_its_date(self):
        # Its first day is years before; its span holds the new submission's date.
        long = submission("1980–1990", title="A decade of exchanges between sister cities")
        new = submission("June 1985", title="Mayors meet")
        self.assertIn(("submission", long.pk), candidates(new))
        self.assertNotIn(("submission", long.pk), candidates(submission("June 1992", title="Mayors meet")))
