import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from exchanges.dates import format_period
from exchanges.models import MAX_PARTICIPANTS, Exchange, parse_source_line, parse_sources
from exchanges.publishing import publish
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
        self.assertEqual(span((2023, 12, 30), (2024, 1, 2)), "December 30, 2023 – January 2, 2024")


class RecordRuleTests(TestCase):
    def build(self, **fields):
        values = {"title": "T", "summary": "S", "type": "diplomatic", "date": datetime.date(2020, 1, 1)}
        values.update(fields)
        return Exchange(**values)

    def test_unknown_answers_are_valid(self):
        self.build(government=None, type="", levels=[], continuing=None).full_clean(
            exclude=["slug", "date_last"]
        )

    def test_several_levels_are_kept_in_order(self):
        exchange = make_exchange(levels=["state", "national"])
        exchange.refresh_from_db()
        self.assertEqual(exchange.levels, ["national", "state"])
        self.assertEqual(exchange.get_levels_display(), "National, State / provincial")

    def test_an_unknown_level_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.build(levels=["galactic"]).full_clean(exclude=["slug", "date_last"])
        self.assertIn("levels", caught.exception.message_dict)

    def test_a_level_without_government_is_a_warning_not_an_error(self):
        exchange = self.build(government=False, levels=["national"])
        exchange.full_clean(exclude=["slug", "date_last"])
        exchange.save()
        self.assertEqual(len(exchange.record_warnings()), 1)
        self.assertEqual(self.build(government=True, levels=["national"]).record_warnings(), [])

    def test_the_level_lookup_matches_whole_words_only(self):
        both = make_exchange(levels=["national", "state"])
        make_exchange(levels=["local"])
        self.assertEqual(list(Exchange.objects.with_level("state")), [both])
        self.assertEqual(Exchange.objects.with_level("nation").count(), 0)
        # Between the stored delimiters there is no empty level (PostgreSQL's array of
        # ",national,state," has empty ends).
        self.assertEqual(Exchange.objects.with_level("").count(), 0)

    def test_texts_have_a_limit_that_full_clean_enforces(self):
        for name, limit in [("summary", 10_000), ("outcomes", 10_000), ("partners", 5_000), ("title", 300)]:
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                self.build(**{name: "x" * (limit + 1)}).full_clean(exclude=["slug", "date_last"])
            self.assertIn(name, caught.exception.message_dict)

    def test_the_number_of_participants_must_fit_the_column(self):
        for count in [MAX_PARTICIPANTS + 1, -1]:
            with self.subTest(count=count), self.assertRaises(ValidationError) as caught:
                self.build(participant_count=count).full_clean(exclude=["slug", "date_last"])
            self.assertIn("participant_count", caught.exception.message_dict)
        self.build(participant_count=MAX_PARTICIPANTS).full_clean(exclude=["slug", "date_last"])

    def test_the_end_date_cannot_come_before_the_start(self):
        exchange = self.build(government=False, end_date=datetime.date(2019, 12, 31))
        with self.assertRaises(ValidationError) as caught:
            exchange.full_clean()
        self.assertIn("end_date", caught.exception.message_dict)
        with self.assertRaises(IntegrityError), transaction.atomic():
            exchange.save()

    def test_publishing_refuses_an_end_before_the_start_without_asking_the_database(self):
        # publish() leaves the table's check constraints to clean(), which says the same in Python,
        # rather than a query each (exchanges/publishing.py): a constraint added to the table must
        # be added to clean() too, and then here.
        self.assertEqual([each.name for each in Exchange._meta.constraints], ["exchange_end_after_start"])
        values = {
            "title": "Panda loan",
            "summary": "Two pandas arrived.",
            "date": datetime.date(2020, 1, 1),
            "end_date": datetime.date(2019, 12, 31),
        }
        with self.assertNumQueries(0), self.assertRaises(ValidationError) as caught:
            publish(values, [])
        self.assertEqual(
            caught.exception.message_dict, {"end_date": ["The end date cannot be before the exchange date."]}
        )

    def test_an_approximate_span_of_years_is_shown_as_written(self):
        exchange = make_exchange(
            date=datetime.date(2013, 1, 1), date_precision="year", end_date=datetime.date(2016, 12, 31)
        )
        self.assertEqual(exchange.display_date, "2013–2016")
        exchange.circa = True
        self.assertEqual(exchange.display_date, "c. 2013–2016")


class ParsingTests(TestCase):
    def test_a_source_line_splits_citation_and_url(self):
        self.assertEqual(
            parse_source_line("White House statement — https://example.org/a"),
            {"citation": "White House statement", "url": "https://example.org/a"},
        )
        self.assertEqual(
            parse_source_line("https://example.org/b"), {"citation": "", "url": "https://example.org/b"}
        )
        self.assertEqual(parse_source_line("A book, p. 4"), {"citation": "A book, p. 4", "url": ""})

    def test_where_a_web_address_ends(self):
        for line, expected in [
            # Brackets around the address are the citation's, and dropped from it.
            (
                "Office of the Historian (https://history.state.gov/x)",
                ("Office of the Historian", "https://history.state.gov/x"),
            ),
            ("(see https://example.org/a)", ("see", "https://example.org/a")),
            ("<https://example.org/a>", ("", "https://example.org/a")),
            # Brackets that open and close within it are the address's own.
            (
                "https://en.wikipedia.org/wiki/Mercury_(planet)",
                ("", "https://en.wikipedia.org/wiki/Mercury_(planet)"),
            ),
            (
                "Wikipedia (https://en.wikipedia.org/wiki/Mercury_(planet))",
                ("Wikipedia", "https://en.wikipedia.org/wiki/Mercury_(planet)"),
            ),
            # Punctuation after it is the sentence's.
            ("See https://example.org/a.", ("See", "https://example.org/a")),
            ("https://example.org/a, p. 4", ("p. 4", "https://example.org/a")),
            ("https://example.org/a;", ("", "https://example.org/a")),
            # The words either side keep the mark between them.
            (
                "Wiki https://en.wikipedia.org/wiki/Mercury_(planet), accessed 2020",
                ("Wiki, accessed 2020", "https://en.wikipedia.org/wiki/Mercury_(planet)"),
            ),
            ("NYT, https://example.org/a. Accessed May 1", ("NYT. Accessed May 1", "https://example.org/a")),
            ("https://example.org/a>", ("", "https://example.org/a")),
            ("新华社报道：https://www.news.cn/a.htm。", ("新华社报道", "https://www.news.cn/a.htm")),
            ("见https://www.news.cn/a.htm，2019年", ("见 2019年", "https://www.news.cn/a.htm")),
            ("https://example.org/search?q=a&page=2.", ("", "https://example.org/search?q=a&page=2")),
            (
                "https://en.wikipedia.org/wiki/People's_Republic_of_China",
                ("", "https://en.wikipedia.org/wiki/People's_Republic_of_China"),
            ),
            # An address from www. is linked, with https.
            (
                "New York Times, www.nytimes.com/1979/01/01/archives/x.html",
                ("New York Times", "https://www.nytimes.com/1979/01/01/archives/x.html"),
            ),
            ("email: someone@www.example.org", ("email: someone@www.example.org", "")),
        ]:
            with self.subTest(line=line):
                source = parse_source_line(line)
                self.assertEqual((source["citation"], source["url"]), expected)

    def test_a_line_with_two_addresses(self):
        # The import reads a source for each address, with the words before it.
        self.assertEqual(
            parse_sources("https://a.org/1, https://b.org/2"),
            [{"citation": "", "url": "https://a.org/1"}, {"citation": "", "url": "https://b.org/2"}],
        )
        self.assertEqual(
            parse_sources("NYT https://a.org/1; Xinhua (https://b.org/2) accessed 2019"),
            [
                {"citation": "NYT", "url": "https://a.org/1"},
                {"citation": "Xinhua accessed 2019", "url": "https://b.org/2"},
            ],
        )
        # A box that holds a source a line keeps the first as the link and the rest as written.
        self.assertEqual(
            parse_source_line("https://a.org/1, https://b.org/2"),
            {"citation": "https://b.org/2", "url": "https://a.org/1"},
        )
