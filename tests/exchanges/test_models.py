import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from exchanges.models import Exchange, format_period, parse_partial_date, parse_source_line
from tests.factories import make_exchange


class SlugTests(TestCase):
    def test_it_makes_the_slug_from_the_title(self):
        exchange = make_exchange(title="Obama and Xi discuss cooperation")
        self.assertEqual(exchange.slug, "obama-and-xi-discuss-cooperation")

    def test_a_repeated_title_gets_a_numbered_slug(self):
        first = make_exchange(title="Trade mission to Shanghai")
        second = make_exchange(title="Trade mission to Shanghai")
        third = make_exchange(title="Trade Mission to Shanghai!")
        self.assertEqual(
            [first.slug, second.slug, third.slug],
            ["trade-mission-to-shanghai", "trade-mission-to-shanghai-2", "trade-mission-to-shanghai-3"],
        )

    def test_chinese_characters_are_kept_in_the_slug(self):
        exchange = make_exchange(title="习近平与拜登通电话")
        self.assertEqual(exchange.slug, "习近平与拜登通电话")
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(response, "习近平与拜登通电话")

    def test_the_slug_is_stable_when_the_title_changes(self):
        exchange = make_exchange(title="First title")
        exchange.title = "A corrected title"
        exchange.save()
        exchange.refresh_from_db()
        self.assertEqual(exchange.slug, "first-title")

    def test_a_title_with_nothing_sluggable_still_gets_a_slug(self):
        self.assertEqual(make_exchange(title="!!!").slug, "exchange")


class DatePrecisionTests(TestCase):
    def test_dates_are_shown_at_their_precision(self):
        day = make_exchange(date=datetime.date(2014, 7, 14), date_precision="day")
        month = make_exchange(date=datetime.date(2013, 6, 20), date_precision="month")
        year = make_exchange(date=datetime.date(1954, 5, 5), date_precision="year")
        self.assertEqual(day.display_date, "July 14, 2014")
        self.assertEqual(month.display_date, "June 2013")
        self.assertEqual(year.display_date, "1954")

    def test_a_month_or_year_is_stored_as_its_first_day(self):
        month = make_exchange(date=datetime.date(2013, 6, 20), date_precision="month")
        year = make_exchange(date=datetime.date(1954, 5, 5), date_precision="year")
        self.assertEqual(month.date, datetime.date(2013, 6, 1))
        self.assertEqual(year.date, datetime.date(1954, 1, 1))

    def test_the_last_day_covers_the_whole_period_or_the_end_date(self):
        month = make_exchange(date=datetime.date(2024, 2, 1), date_precision="month")
        span = make_exchange(date=datetime.date(2023, 6, 18), end_date=datetime.date(2023, 6, 19))
        self.assertEqual(month.date_last, datetime.date(2024, 2, 29))
        self.assertEqual(span.date_last, datetime.date(2023, 6, 19))

    def test_a_span_of_days_is_written_once(self):
        def span(start, end):
            return format_period(datetime.date(*start), "day", datetime.date(*end))

        self.assertEqual(span((2023, 6, 18), (2023, 6, 19)), "June 18–19, 2023")
        self.assertEqual(span((2023, 6, 30), (2023, 7, 2)), "June 30 – July 2, 2023")
        self.assertEqual(span((2023, 12, 30), (2024, 1, 2)), "Dec. 30, 2023 – Jan. 2, 2024")


class LevelOfGovernmentRuleTests(TestCase):
    def build(self, **fields):
        values = {"title": "T", "summary": "S", "type": "diplomatic", "date": datetime.date(2020, 1, 1)}
        values.update(fields)
        return Exchange(**values)

    def test_a_government_exchange_needs_a_level(self):
        with self.assertRaises(ValidationError) as caught:
            self.build(government=True, level="").full_clean()
        self.assertIn("level", caught.exception.message_dict)

    def test_a_non_government_exchange_has_no_level(self):
        with self.assertRaises(ValidationError) as caught:
            self.build(government=False, level="state").full_clean()
        self.assertIn("level", caught.exception.message_dict)

    def test_valid_combinations_pass(self):
        self.build(government=True, level="local").full_clean(exclude=["slug", "date_last"])
        self.build(government=False, level="").full_clean(exclude=["slug", "date_last"])

    def test_the_database_refuses_a_level_without_government(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.build(government=False, level="national").save()

    def test_the_end_date_cannot_come_before_the_start(self):
        exchange = self.build(government=False, end_date=datetime.date(2019, 12, 31))
        with self.assertRaises(ValidationError) as caught:
            exchange.full_clean()
        self.assertIn("end_date", caught.exception.message_dict)
        with self.assertRaises(IntegrityError), transaction.atomic():
            exchange.save()


class ParsingTests(TestCase):
    def test_partial_dates_give_the_first_and_last_day(self):
        self.assertEqual(parse_partial_date("2013"), (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31)))
        self.assertEqual(
            parse_partial_date("2013-06"), (datetime.date(2013, 6, 1), datetime.date(2013, 6, 30))
        )
        self.assertEqual(
            parse_partial_date("2013-06-07"), (datetime.date(2013, 6, 7), datetime.date(2013, 6, 7))
        )

    def test_malformed_partial_dates_are_refused(self):
        for text in ["notadate", "13", "2013-6", "2013-13", "2013-02-30", "2013/06", "", "2013-06-07-01"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_partial_date(text)

    def test_a_source_line_splits_citation_and_url(self):
        self.assertEqual(
            parse_source_line("White House statement — https://example.org/a"),
            {"citation": "White House statement", "url": "https://example.org/a"},
        )
        self.assertEqual(
            parse_source_line("https://example.org/b"), {"citation": "", "url": "https://example.org/b"}
        )
        self.assertEqual(parse_source_line("A book, p. 4"), {"citation": "A book, p. 4", "url": ""})
