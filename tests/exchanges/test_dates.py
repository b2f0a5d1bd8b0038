"""Dates as sources give them: one reader for the forms, the admin, the import and the filters."""

import datetime

from django.test import SimpleTestCase, TestCase, override_settings
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import strategies as st

from contributions.models import Submission
from exchanges.dates import (
    DAY_FIRST,
    EITHER,
    MONTH_FIRST,
    DateNotUnderstood,
    DatesApart,
    Period,
    names_a_mistake,
    numeric_orders,
    parse_beginning,
    parse_period,
)
from exchanges.models import Exchange
from tests.contributions.test_import import HEADER, run, tmp_file
from tests.factories import form_data, make_exchange, make_moderator
from tests.search.test_reading import slugs

D = datetime.date


class ReadingTests(SimpleTestCase):
    def check(self, cases):
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_a_day_in_many_spellings(self):
        day = Period(D(2014, 7, 14), "day")
        self.check(
            (text, day)
            for text in [
                "Monday, July 14, 2014",
                "July 14, 2014",
                "July 14 2014",
                "Jul 14, 2014",
                "Jul. 14, 2014",
                "14 July 2014",
                "14 Jul 2014",
                "July 14th, 2014",
                "the 14th of July, 2014",
                "2014-07-14",
                "2014/07/14",
                "7/14/2014",
                "  july 14, 2014. ",
                "Mon., July 14, 2014",
            ]
        )

    def test_a_month(self):
        self.check(
            (text, Period(D(2023, 6, 1), "month"))
            for text in ["June 2023", "Jun 2023", "Jun. 2023", "2023-06", "2023-6", "june, 2023"]
        )
        self.check([("Sept. 2014", Period(D(2014, 9, 1), "month"))])

    def test_a_year(self):
        self.check([("1971", Period(D(1971, 1, 1), "year")), ("1971.", Period(D(1971, 1, 1), "year"))])

    def test_spans(self):
        self.check(
            [
                ("July 9–10, 2014", Period(D(2014, 7, 9), "day", D(2014, 7, 10))),
                ("July 9-10, 2014", Period(D(2014, 7, 9), "day", D(2014, 7, 10))),
                ("July 9 - 10, 2014", Period(D(2014, 7, 9), "day", D(2014, 7, 10))),
                ("9–10 July 2014", Period(D(2014, 7, 9), "day", D(2014, 7, 10))),
                ("June 30 – July 2, 2015", Period(D(2015, 6, 30), "day", D(2015, 7, 2))),
                ("June 30 to July 2, 2015", Period(D(2015, 6, 30), "day", D(2015, 7, 2))),
                ("Dec. 30, 2014 – Jan. 2, 2015", Period(D(2014, 12, 30), "day", D(2015, 1, 2))),
                ("2014-07-09 – 2014-07-10", Period(D(2014, 7, 9), "day", D(2014, 7, 10))),
                ("2013–2016", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
                ("2013-2016", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
                ("2013 — 2016", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
                ("June–August 2015", Period(D(2015, 6, 1), "month", D(2015, 8, 31))),
                ("June 2013 – March 2014", Period(D(2013, 6, 1), "month", D(2014, 3, 31))),
                ("1980s", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
            ]
        )

    def test_a_decade_of_the_last_century_may_leave_out_its_century_as_70年代_does(self):
        seventies = Period(D(1970, 1, 1), "year", D(1979, 12, 31))
        self.check((text, seventies) for text in ["the '70s", "'70s", "’70s", "the 70s", "70s", "the 70's"])
        # 00s to 20s may be this century's as well: no decade.
        for text in ["the 20s", "'00s", "10s"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)

    def test_a_decade_of_the_last_century_may_be_written_in_words(self):
        # "the seventies", as speakers and many writers name the decade: the date box said it could
        # not read it, and the search looked for the word.
        seventies = Period(D(1970, 1, 1), "year", D(1979, 12, 31))
        self.check(
            (text, seventies)
            for text in ["the seventies", "Seventies", "the Nineteen-Seventies", "nineteen seventies"]
        )
        self.check([("the thirties", Period(D(1930, 1, 1), "year", D(1939, 12, 31)))])
        for text in ["the twenties", "seventy", "the seventiess"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)

    def test_a_span_within_one_period_is_that_period(self):
        self.check([("July 14–14, 2014", Period(D(2014, 7, 14), "day"))])

    def test_about_is_kept_as_circa(self):
        self.check(
            (text, Period(D(1985, 1, 1), "year", None, True))
            for text in ["about 1985", "About 1985", "c. 1985", "c.1985", "c 1985", "ca. 1985", "circa 1985"]
        )
        self.check([("about June 2023", Period(D(2023, 6, 1), "month", None, True))])

    def test_a_tilde_or_an_almost_equal_sign_before_a_date_is_about(self):
        # The full-width tilde is how a Chinese keyboard types it; ≈ as a spreadsheet's symbols give it.
        about_1985 = Period(D(1985, 1, 1), "year", None, True)
        self.check((text, about_1985) for text in ["~1985", "～1985", "≈1985", "≈ 1985"])

    def test_dates_as_chinese_sources_write_them(self):
        self.check(
            [
                ("2019年3月5日", Period(D(2019, 3, 5), "day")),
                ("2019年3月5号", Period(D(2019, 3, 5), "day")),
                ("2019 年 3 月 5 日", Period(D(2019, 3, 5), "day")),
                ("２０１９年３月５日", Period(D(2019, 3, 5), "day")),  # full-width digits
                ("2019年3月", Period(D(2019, 3, 1), "month")),
                ("2019年3月份", Period(D(2019, 3, 1), "month")),
                ("2019年", Period(D(2019, 1, 1), "year")),
                ("1980年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
                ("20世纪80年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
                ("80年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),  # the last century's
                ("21世纪10年代", Period(D(2010, 1, 1), "year", D(2019, 12, 31))),
            ]
        )

    def test_a_chinese_month_before_its_year_as_calendars_set_in_chinese_show_it(self):
        self.check(
            [
                ("9月 2015", Period(D(2015, 9, 1), "month")),
                ("9月份 2015", Period(D(2015, 9, 1), "month")),
                ("九月 2015", Period(D(2015, 9, 1), "month")),
                ("9月22日, 2015", Period(D(2015, 9, 22), "day")),
                ("9月22日 2015年", Period(D(2015, 9, 22), "day")),
            ]
        )
        for text in ["13月 2015", "9月 15", "9月2015"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)

    def test_a_chinese_decade_by_its_tens_alone_is_the_last_centurys_only_when_it_cannot_be_this_ones(self):
        for text in ["00年代", "10年代", "20年代"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)

    def test_chinese_spans_take_the_year_from_their_start(self):
        self.check(
            [
                ("2019年3月5日至8日", Period(D(2019, 3, 5), "day", D(2019, 3, 8))),
                ("2019年3月5日到8日", Period(D(2019, 3, 5), "day", D(2019, 3, 8))),
                ("2019年3月5日-8日", Period(D(2019, 3, 5), "day", D(2019, 3, 8))),
                ("2019年3月5日—4月2日", Period(D(2019, 3, 5), "day", D(2019, 4, 2))),
                ("2019年3月5日～8日", Period(D(2019, 3, 5), "day", D(2019, 3, 8))),  # a full-width tilde
                ("2019年3月至5月", Period(D(2019, 3, 1), "month", D(2019, 5, 31))),
                ("2018年12月30日至2019年1月2日", Period(D(2018, 12, 30), "day", D(2019, 1, 2))),
                ("2013年至2016年", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
                ("2013—2016年", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
                ("2013~2016", Period(D(2013, 1, 1), "year", D(2016, 12, 31))),
            ]
        )

    def test_chinese_spans_that_name_the_unit_once_at_their_end(self):
        # "1979年1—2月": the month word is written once, after the span's end, for both months.
        self.check(
            [
                ("1979年1—2月", Period(D(1979, 1, 1), "month", D(1979, 2, 28))),
                ("1979年1-2月", Period(D(1979, 1, 1), "month", D(1979, 2, 28))),
                ("1979年1至3月", Period(D(1979, 1, 1), "month", D(1979, 3, 31))),
                ("1979年1月28—31日", Period(D(1979, 1, 28), "day", D(1979, 1, 31))),
                ("1979年1月28-31日", Period(D(1979, 1, 28), "day", D(1979, 1, 31))),
            ]
        )

    def test_chinese_about_before_or_after_the_date(self):
        self.check(
            (text, Period(D(1985, 1, 1), "year", None, True))
            for text in ["约1985年", "大约1985年", "1985年左右", "1985年前后", "大约1985年前后"]
        )

    def test_a_season_or_a_rough_part_of_a_period_is_refused_with_what_to_write(self):
        for text, word in [
            ("Spring 1972", "spring"),
            ("early 1990s", "early"),
            ("mid-1990s", "mid"),
            ("late 2020", "late"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn(f"“{word}” does not say which days", str(caught.exception))
            self.assertIn("“March–May 1972”, “1990–1993”", str(caught.exception))

    def test_a_year_without_its_century_is_refused_with_what_to_write(self):
        # As a spreadsheet writes a date cell to CSV ("Jun-73", "9-Jul-14"): 1973 or 2073? 2014 or 1914?
        for text, year in [("Jun-73", "73"), ("9-Jul-14", "14"), ("June '73", "73"), ("1 Jun 73", "73")]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn(f"“{year}” is a year without its century", str(caught.exception))
        # A span of years keeps reading the end's century from its start.
        self.assertEqual(parse_period("2015–16").end, D(2016, 12, 31))

    def test_an_iso_interval_of_two_dates_is_a_span(self):
        # As archives' catalogues (ISO 8601, EDTF) write a span: the two ends with a slash between.
        self.check(
            [
                ("1972-02-21/1972-02-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
                ("1972-02/1972-04", Period(D(1972, 2, 1), "month", D(1972, 4, 30))),
                ("1985/1990", Period(D(1985, 1, 1), "year", D(1990, 12, 31))),
                # A year and its month, and a span of years without the end's century, as before.
                ("2011/12", Period(D(2011, 12, 1), "month")),
                ("1985/86", Period(D(1985, 1, 1), "year", D(1986, 12, 31))),
            ]
        )
        with self.assertRaises(DateNotUnderstood):
            parse_period("1972-02-28/1972-02-21")

    def test_numbers_with_a_year_without_its_century_are_refused_with_what_to_write(self):
        for text in ["2/21/72", "21/02/72", "21.02.72"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("“72” is a year without its century", str(caught.exception))

    def test_a_spreadsheets_number_for_a_day_is_refused_naming_the_day_it_would_be(self):
        # Excel counts days from December 30, 1899: a date cell saved as a number is 26350.
        with self.assertRaises(DateNotUnderstood) as caught:
            parse_period("26350")
        self.assertIn("“26350” is how a spreadsheet numbers a day (February 21, 1972)", str(caught.exception))

    def test_what_is_not_a_date_is_refused_with_a_message(self):
        for text in [
            "",
            "notadate",
            "13",
            "2013-13",
            "2013-02-30",
            "July 32, 2014",
            "2016–2013",
            "Spring 2014",
            "0999",
            "July",
            "14 2014",
            "2013-06-07-01",
            "early 1990s",
            "3月5日",
            "年",
            "2019年13月",
            "2019年2月30日",
            "2019年3月5日至2018年1月1日",
            "2019年3月5日至星期五",
            "2015–14",
            "-",
            "?",
            "2019年春节",
            "2019年3月中旬至4月上旬",
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertTrue(str(caught.exception))

    def test_an_impossible_month_or_day_is_named(self):
        for text, message in [
            # A hyphen or slash after a year reads a month, as "2014-12" is December 2014:
            # "2014-13" is a month mistyped, not the span 2014–2013.
            ("2014-13", "13 is not a month: months are numbered 1 to 12."),
            ("2014/13", "13 is not a month: months are numbered 1 to 12."),
            ("2014-00", "0 is not a month: months are numbered 1 to 12."),
            ("13/2014", "13 is not a month: months are numbered 1 to 12."),
            ("2014-13-01", "13 is not a month: months are numbered 1 to 12."),
            ("2019年13月", "13 is not a month: months are numbered 1 to 12."),
            ("2014-02-30", "February 2014 has no day 30."),
            ("2014-02-29", "February 2014 has no day 29."),
            ("July 32, 2014", "July 2014 has no day 32."),
            ("May 20–32, 2019", "May 2019 has no day 32."),
            # A span with a dash that ends before it begins is still that.
            ("2015–14", "The span ends before it begins."),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(str(caught.exception), message)

    def test_a_time_of_day_after_a_date_is_left_out(self):
        day = Period(D(2019, 3, 5), "day")
        self.check(
            (text, day)
            for text in [
                "2019-03-05 00:00:00",
                "2019-03-05T10:00:00Z",
                "2019-03-05T10:00:00-05:00",
                "2019-03-05 10:00",
                "3/5/2019 0:00",
                "March 5, 2019 3:30 pm",
            ]
        )

    def test_a_question_mark_or_approximate_after_the_date_is_about(self):
        self.check(
            (text, Period(D(1985, 1, 1), "year", None, True))
            for text in [
                "1985?",
                "[1985?]",
                "1985 (approx.)",
                "1985 approx",
                "1985 ca.",
                "approximately 1985",
                "estimated 1985",
                "est. 1985",
            ]
        )
        self.check(
            [
                ("March 5, 2019?", Period(D(2019, 3, 5), "day", None, True)),
                ("1980s?", Period(D(1980, 1, 1), "year", D(1989, 12, 31), True)),
            ]
        )

    def test_a_span_of_years_with_the_ends_century_left_out(self):
        self.check(
            [
                ("2015–16", Period(D(2015, 1, 1), "year", D(2016, 12, 31))),
                ("2015-16", Period(D(2015, 1, 1), "year", D(2016, 12, 31))),
                ("2015/16", Period(D(2015, 1, 1), "year", D(2016, 12, 31))),
                ("1990–93", Period(D(1990, 1, 1), "year", D(1993, 12, 31))),
                ("1999–00", Period(D(1999, 1, 1), "year", D(2000, 12, 31))),
                ("2011–12", Period(D(2011, 1, 1), "year", D(2012, 12, 31))),
                ("2011 - 12", Period(D(2011, 1, 1), "year", D(2012, 12, 31))),
                ("c. 2015–16", Period(D(2015, 1, 1), "year", D(2016, 12, 31), True)),
                # A hyphen or a slash with a possible month is ISO's year and month.
                ("2011-12", Period(D(2011, 12, 1), "month")),
                ("2011/12", Period(D(2011, 12, 1), "month")),
            ]
        )

    def test_numbers_with_the_year_last(self):
        self.check(
            [
                ("3/5/2019", Period(D(2019, 3, 5), "day")),  # the month first, as in the United States
                ("21/2/1972", Period(D(1972, 2, 21), "day")),  # unless it cannot be
                ("21-2-1972", Period(D(1972, 2, 21), "day")),
                ("05.03.2019", Period(D(2019, 3, 5), "day")),  # with dots the day first
                ("31.12.2019", Period(D(2019, 12, 31), "day")),
                ("02/1972", Period(D(1972, 2, 1), "month")),
                ("2/1972", Period(D(1972, 2, 1), "month")),
            ]
        )

    def test_numbers_with_the_year_last_read_day_first_when_told(self):
        for text, expected in [
            ("05/02/1979", Period(D(1979, 2, 5), "day")),
            ("5-2-1979", Period(D(1979, 2, 5), "day")),
            ("28/01/1979", Period(D(1979, 1, 28), "day")),
            ("01/28/1979", Period(D(1979, 1, 28), "day")),  # unless the day cannot come first
            ("05.02.1979", Period(D(1979, 2, 5), "day")),  # dots: the day first either way
            ("28/01/1979 – 05/02/1979", Period(D(1979, 1, 28), "day", D(1979, 2, 5))),
            ("c. 05/02/1979", Period(D(1979, 2, 5), "day", None, True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text, day_first=True), expected)
        self.assertEqual(parse_beginning("05/02/1979–present", day_first=True).first, D(1979, 2, 5))
        self.assertEqual(parse_period("05/02/1979").first, D(1979, 5, 2))  # by default, the month first

    def test_what_numeric_dates_show_of_their_order(self):
        for text, expected in [
            ("28/01/1979", {DAY_FIRST}),
            ("01/28/1979", {MONTH_FIRST}),
            ("05/02/1979", {EITHER}),
            ("２８/０１/１９７９", {DAY_FIRST}),
            ("28/01/1979 – 05/02/1979", {DAY_FIRST, EITHER}),
            ("28-01-1979", {DAY_FIRST}),
            ("28.01.1979", set()),  # dots always put the day first
            ("1979/01/28", set()),
            ("January 28, 1979", set()),
            ("02/1979", set()),
        ]:
            with self.subTest(text=text):
                self.assertEqual(numeric_orders(text), expected)

    def test_from_to_between_and_the_decade(self):
        self.check(
            [
                ("from 1990 to 1993", Period(D(1990, 1, 1), "year", D(1993, 12, 31))),
                ("between 1990 and 1993", Period(D(1990, 1, 1), "year", D(1993, 12, 31))),
                ("between March and May 1972", Period(D(1972, 3, 1), "month", D(1972, 5, 31))),
                ("the 1970s", Period(D(1970, 1, 1), "year", D(1979, 12, 31))),
            ]
        )

    def test_a_decade_with_a_typographic_apostrophe_is_the_decade(self):
        # Word processors and phones turn the apostrophe of "1970's" into a curly one.
        decade = Period(D(1970, 1, 1), "year", D(1979, 12, 31))
        self.check([("1970's", decade), ("1970’s", decade), ("the 1970‘s", decade)])

    def test_a_span_of_decades_runs_from_the_first_decades_first_year_to_the_last_decades_last_day(self):
        # Stored as a decade is, a span of years ("1970–1989"), which the page writes and the form reads back.
        seventies_to_eighties = Period(D(1970, 1, 1), "year", D(1989, 12, 31))
        self.check(
            (text, seventies_to_eighties)
            for text in [
                "1970s–80s",
                "1970s-80s",
                "1970s–1980s",
                "1970s - 1980s",
                "1970s to 1980s",
                "the 1970s to the 1980s",
                "from the 1970s to the 1980s",
                "between the 1970s and the 1980s",
                "1970's–80's",
                "1970’s–’80s",
                "1970年代至80年代",
                "70年代至80年代",
                "20世纪70年代至80年代",
                "1970年代—1980年代",
            ]
        )
        self.check(
            [
                ("1990s–00s", Period(D(1990, 1, 1), "year", D(2009, 12, 31))),  # into the next century
                ("2010年代至30年代", Period(D(2010, 1, 1), "year", D(2039, 12, 31))),  # this century's 30年代
                ("1970s–1970s", Period(D(1970, 1, 1), "year", D(1979, 12, 31))),
                ("about 1970s–80s", Period(D(1970, 1, 1), "year", D(1989, 12, 31), circa=True)),
            ]
        )
        self.assertEqual(str(parse_period("1970s–80s")), "1970–1989")
        self.assertEqual(parse_period(str(parse_period("1970s–80s"))), seventies_to_eighties)

    def test_a_span_of_decades_that_ends_before_it_begins_is_refused(self):
        # "1980s–70s" is no span reaching to the 2070s.
        for text in ["1980s–1970s", "1980s–70s", "1980s to 1970s", "80年代至1970年代", "1980s-70s"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(str(caught.exception), "The span ends before it begins.")

    def test_the_thirds_of_a_chinese_month_and_the_halves_of_a_year(self):
        self.check(
            [
                ("2019年3月上旬", Period(D(2019, 3, 1), "day", D(2019, 3, 10))),
                ("2019年3月中旬", Period(D(2019, 3, 11), "day", D(2019, 3, 20))),
                ("2019年3月下旬", Period(D(2019, 3, 21), "day", D(2019, 3, 31))),
                ("2020年2月下旬", Period(D(2020, 2, 21), "day", D(2020, 2, 29))),
                ("约2019年3月下旬", Period(D(2019, 3, 21), "day", D(2019, 3, 31), True)),
                ("2019年上半年", Period(D(2019, 1, 1), "month", D(2019, 6, 30))),
                ("2019年下半年", Period(D(2019, 7, 1), "month", D(2019, 12, 31))),
            ]
        )

    def test_a_chinese_season_or_rough_part_is_refused_with_what_to_write(self):
        for text, word in [
            ("2019年春", "春"),
            ("2019年秋季", "秋季"),
            ("2019年底", "年底"),
            ("2019年3月初", "月初"),
            # The start or end of a decade, as Chinese sources often place a date.
            ("90年代初", "年代初"),
            ("1980年代末", "年代末"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn(f"“{word}” does not say which days", str(caught.exception))

    def test_a_date_with_no_end_yet_is_refused_with_where_that_goes(self):
        for text in [
            "2010–present",
            "2010 - present",
            "2010-",
            "2010 to date",
            "2010–now",
            "since 2010",
            "from 2010",
            "2010年至今",
            "自2010年以来",
            "2019年3月起",
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("is recorded under “Continuing”", str(caught.exception))

    def test_the_beginning_of_a_date_with_no_end_yet(self):
        for text, began in [
            ("2010–present", Period(D(2010, 1, 1), "year")),
            ("since about March 2010", Period(D(2010, 3, 1), "month", None, True)),
            ("from 2010", Period(D(2010, 1, 1), "year")),
            ("自2010年以来", Period(D(2010, 1, 1), "year")),
            ("2010–2012", None),
            ("2010", None),
            ("present", None),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_beginning(text), began)


class WritingTests(SimpleTestCase):
    def test_pages_show_a_date_as_it_is_known(self):
        cases = [
            (Period(D(2023, 6, 1), "month"), "June 2023"),
            (Period(D(1985, 1, 1), "year", None, True), "c. 1985"),
            (Period(D(2013, 1, 1), "year", D(2016, 12, 31)), "2013–2016"),
            (Period(D(2014, 7, 14), "day"), "July 14, 2014"),
            (Period(D(2014, 7, 9), "day", D(2014, 7, 10)), "July 9–10, 2014"),
            (Period(D(2015, 6, 1), "month", D(2015, 8, 31)), "June–August 2015"),
        ]
        for period, text in cases:
            with self.subTest(text=text):
                self.assertEqual(str(period), text)

    def test_a_day_names_its_month_in_full_as_a_span_of_days_does(self):
        # "Nov. 15, 2023" stood above "November 9–18, 2023" in the same list.
        cases = [
            (Period(D(2023, 11, 15), "day"), "November 15, 2023"),
            (Period(D(2023, 11, 9), "day", D(2023, 11, 18)), "November 9–18, 2023"),
            (Period(D(2014, 12, 30), "day", D(2015, 1, 2)), "December 30, 2014 – January 2, 2015"),
            (Period(D(2025, 9, 1), "day", None, True), "c. September 1, 2025"),
        ]
        for period, text in cases:
            with self.subTest(text=text):
                self.assertEqual(str(period), text)

    def test_a_moment_names_its_month_in_full_as_a_day_does(self):
        # What the admin says of a decision ("rejected by alice on …") beside the days it lists.
        moment = datetime.datetime(2026, 12, 6, 9, 14)
        self.assertEqual(date_format(moment, "DATE_FORMAT"), "December 6, 2026")
        self.assertEqual(date_format(moment, "DATETIME_FORMAT"), "December 6, 2026, 9:14 a.m.")

    def test_what_is_written_reads_back_the_same(self):
        for text in [
            "June 2023",
            "c. 1985",
            "2013–2016",
            "July 9–10, 2014",
            "June 30 – July 2, 2015",
            "December 30, 2014 – January 2, 2015",
            "June–August 2015",
            "June 2013 – March 2014",
            "c. July 14, 2014",
        ]:
            with self.subTest(text=text):
                self.assertEqual(str(parse_period(text)), text)


class AboutTests(SimpleTestCase):
    """The abbreviations and forms of "about" archivists, genealogists and catalogues write."""

    def test_each_abbreviation_of_about_is_about(self):
        about_1985 = Period(D(1985, 1, 1), "year", None, True)
        for text in [
            "abt. 1985",
            "abt 1985",
            "Abt. 1985",
            "ABT 1985",  # as genealogy files (GEDCOM) write it, with CAL and EST
            "CAL 1985",
            "cal. 1985",
            "calc. 1985",
            "approx 1985",
            "approx. 1985",
            "appr. 1985",
            "aprx. 1985",
            "c1985",
            "ca1985",
            "circa. 1985",
            "circ. 1985",
            "c.a. 1985",
            "cca. 1985",
            "cca 1985",
            "probably 1985",
            "1985 or so",
            "1985 or thereabouts",
            "1985 (c.)",
            # A cataloguer's brackets round a date supplied from outside the item.
            "[ca. 1985]",
            "[c. 1985]",
            "(approximately 1985)",
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), about_1985)

    def test_an_abbreviation_of_about_goes_with_any_date(self):
        for text, expected in [
            ("abt. March 5, 2019", Period(D(2019, 3, 5), "day", None, True)),
            ("abt. June 2023", Period(D(2023, 6, 1), "month", None, True)),
            ("abt. 1970s–80s", Period(D(1970, 1, 1), "year", D(1989, 12, 31), True)),
            ("cca. 2013–2016", Period(D(2013, 1, 1), "year", D(2016, 12, 31), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_words_that_only_begin_like_an_abbreviation_are_no_date(self):
        for text in ["abtt 1985", "cab 1985", "calendar 1985", "circus 1985"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)


class EitherOfTwoDatesTests(SimpleTestCase):
    """A source unsure between two dates: recorded as the span covering both, marked approximate."""

    def test_two_dates_are_the_span_covering_both_marked_about(self):
        years = Period(D(1985, 1, 1), "year", D(1986, 12, 31), True)
        for text, expected in [
            ("1985 or 1986", years),
            ("1985 or 86", years),
            ("1985 OR 1986", years),
            ("either 1985 or 1986", years),
            ("1986 or 1985", years),  # either way round
            ("c. 1985 or 1986", years),
            ("1985 or 1986?", years),
            ("[1985 or 1986]", years),
            ("1985年或1986年", years),
            ("1985或1986年", years),
            ("1985年或者1986年", years),
            ("1999 or 2000", Period(D(1999, 1, 1), "year", D(2000, 12, 31), True)),
            ("1999 or 00", Period(D(1999, 1, 1), "year", D(2000, 12, 31), True)),
            ("March or April 1972", Period(D(1972, 3, 1), "month", D(1972, 4, 30), True)),
            ("1972年3月或4月", Period(D(1972, 3, 1), "month", D(1972, 4, 30), True)),
            ("December 1971 or January 1972", Period(D(1971, 12, 1), "month", D(1972, 1, 31), True)),
            ("March 5 or 6, 1972", Period(D(1972, 3, 5), "day", D(1972, 3, 6), True)),
            ("5 or 6 March 1972", Period(D(1972, 3, 5), "day", D(1972, 3, 6), True)),
            ("1985 or 1985", Period(D(1985, 1, 1), "year", None, True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_two_dates_known_to_different_precision_cover_the_coarser(self):
        # "1985 or March 1986" shown as "c. 1985–1986" must mean all of 1986, as that reads back.
        self.assertEqual(
            parse_period("1985 or March 1986"), Period(D(1985, 1, 1), "year", D(1986, 12, 31), True)
        )
        self.assertEqual(
            parse_period("March 1985 or 1986"), Period(D(1985, 3, 1), "month", D(1986, 12, 31), True)
        )

    def test_what_is_written_for_two_dates_reads_back_the_same(self):
        for text, written in [
            ("1985 or 1986", "c. 1985–1986"),
            ("March or April 1972", "c. March–April 1972"),
            ("March 5 or 6, 1972", "c. March 5–6, 1972"),
            ("December 1971 or January 1972", "c. December 1971 – January 1972"),
            ("1985 or March 1986", "c. 1985–1986"),
            ("1985年或1986年", "c. 1985–1986"),
        ]:
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(str(period), written)
                self.assertEqual(parse_period(str(period)), period)

    def test_an_open_alternative_is_refused_with_what_to_write(self):
        for text, words, example in [
            ("1985 or later", "or later", "about 1985–1990"),
            ("1985 or earlier", "or earlier", "about 1980–1985"),
            ("1985 or after", "or after", "about 1985–1990"),
            ("1985 or before", "or before", "about 1980–1985"),
            ("March 1972 or later", "or later", "about 1985–1990"),
            ("1985年或更早", "或更早", "about 1980–1985"),
            ("1985年或以后", "或以后", "about 1985–1990"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            message = str(caught.exception)
            self.assertIn(f"“{words}” leaves the date open", message)
            self.assertIn(f"“{example}”", message)

    def test_alternatives_that_cannot_be_read_are_refused_with_what_to_write(self):
        for text in [
            "1985 or 1986 or 1987",
            "1985 or unknown",
            "March or April",
            "1985–1986 or 1990",
            "1985 or",
            "or 1985",
            "1986 or 85",
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            message = str(caught.exception)
            self.assertIn("“1985 or 1986”, “March or April 1972”", message)
            self.assertIn("“about 1985–1987”", message)

    def test_a_mistake_in_one_of_the_dates_is_named(self):
        for text, message in [
            ("1985-13 or 1986", "13 is not a month: months are numbered 1 to 12."),
            ("February 30 or 31, 1972", "February 1972 has no day 30."),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(str(caught.exception), message)


class QuarterTests(SimpleTestCase):
    """A quarter of a year, as reports and statistics date things: its three months."""

    def test_a_quarter_is_its_three_months(self):
        first_quarter = Period(D(1979, 1, 1), "month", D(1979, 3, 31))
        for text in [
            "Q1 1979",
            "q1 1979",
            "Q1 of 1979",
            "1979 Q1",
            "1979-Q1",
            "1979Q1",
            "Q1-1979",
            "Q1/1979",
            "1Q 1979",
            "first quarter of 1979",
            "the first quarter of 1979",
            "First Quarter 1979",
            "1st quarter 1979",
            "1st quarter of 1979",
            "1st qtr. 1979",
            "1979, first quarter",
            "1979年第一季度",
            "1979年一季度",
            "1979年第1季度",
            "1979年1季度",
            "1979年第一季",
            "1979年Q1",
            "１９７９年第一季度",
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), first_quarter)

    def test_each_quarter_of_the_year(self):
        for text, first, last in [
            ("Q2 1979", D(1979, 4, 1), D(1979, 6, 30)),
            ("third quarter of 1979", D(1979, 7, 1), D(1979, 9, 30)),
            ("4th quarter 1979", D(1979, 10, 1), D(1979, 12, 31)),
            ("1979年第四季度", D(1979, 10, 1), D(1979, 12, 31)),
            ("1979年二季度", D(1979, 4, 1), D(1979, 6, 30)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), Period(first, "month", last))

    def test_spans_of_quarters_about_a_quarter_and_either_of_two(self):
        for text, expected in [
            ("Q1–Q2 1979", Period(D(1979, 1, 1), "month", D(1979, 6, 30))),
            ("Q1-Q2 1979", Period(D(1979, 1, 1), "month", D(1979, 6, 30))),
            ("1979 Q1–Q2", Period(D(1979, 1, 1), "month", D(1979, 6, 30))),
            ("Q3 1979 – Q1 1980", Period(D(1979, 7, 1), "month", D(1980, 3, 31))),
            ("about Q1 1979", Period(D(1979, 1, 1), "month", D(1979, 3, 31), True)),
            ("abt. Q1 1979", Period(D(1979, 1, 1), "month", D(1979, 3, 31), True)),
            ("Q1 or Q2 1979", Period(D(1979, 1, 1), "month", D(1979, 6, 30), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_a_quarter_is_written_as_its_months_and_reads_back_the_same(self):
        period = parse_period("Q1 1979")
        self.assertEqual(str(period), "January–March 1979")
        self.assertEqual(parse_period(str(period)), period)

    def test_a_quarter_a_year_does_not_have_is_refused_saying_so(self):
        for text, typed in [
            ("Q5 1979", "Q5"),
            ("Q0 1979", "Q0"),
            ("1979 Q5", "Q5"),
            ("1979-Q12", "Q12"),
            ("5th quarter 1979", "5th quarter"),
            ("1979年第五季度", "第五季度"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(str(caught.exception), f"“{typed}” is not a quarter: a year has four, Q1 to Q4.")

    def test_a_quarter_with_a_month_or_without_a_year_is_no_date(self):
        # However many quarters are typed: each more one was read again, and a long run of them
        # overflowed Python's stack.
        for text in ["Q1", "Q1 March 1979", "Q1 Q2 1979", "first quarter", "Q1 " * 2000 + "1979"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)


class OpenAndHalfYearTests(SimpleTestCase):
    """A date with only one end ("before 1985") and the halves of a year in English words."""

    def test_a_date_with_one_end_only_is_refused_with_what_to_write(self):
        earlier, later = "about 1980–1985", "about 1985–1990"
        for text, words, example in [
            ("before 1985", "before", earlier),
            ("Before March 1972", "Before", earlier),
            ("after 1985", "after", later),
            ("BEF 1985", "BEF", earlier),
            ("bef. 1985", "bef.", earlier),
            ("AFT 1985", "AFT", later),
            ("aft. 1985", "aft.", later),
            ("by 1985", "by", earlier),
            ("no later than 1985", "no later than", earlier),
            ("no earlier than 1985", "no earlier than", later),
            ("not before 1985", "not before", later),
            ("not after 1985", "not after", earlier),
            ("prior to 1985", "prior to", earlier),
            ("pre-1985", "pre-", earlier),
            ("post-1985", "post-", later),
            ("post 1985", "post", later),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            message = str(caught.exception)
            self.assertIn(f"“{words}” leaves the date open", message)
            self.assertIn(f"“{example}”", message)

    def test_words_that_only_begin_like_one_end_are_no_date_of_that_kind(self):
        for text in ["bypass 1985", "postal 1985", "before", "after the war", "before " * 5000 + "1985"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertNotIn("leaves the date open", str(caught.exception))

    def test_a_half_of_a_year_is_its_six_months(self):
        first = Period(D(1985, 1, 1), "month", D(1985, 6, 30))
        second = Period(D(1985, 7, 1), "month", D(1985, 12, 31))
        for text, expected in [
            ("first half of 1985", first),
            ("First half 1985", first),
            ("1st half of 1985", first),
            ("H1 1985", first),
            ("1985 H1", first),
            ("1985-H1", first),
            ("second half of 1985", second),
            ("2nd half 1985", second),
            ("H2 1985", second),
            ("the second half of 1985", second),
            ("about the first half of 1985", Period(D(1985, 1, 1), "month", D(1985, 6, 30), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        self.assertEqual(parse_period(str(first)), first)

    def test_a_half_a_year_does_not_have_is_refused_saying_so(self):
        for text in ["H3 1985", "third half of 1985"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("a year has two", str(caught.exception))

    def test_ish_after_a_date_is_about(self):
        for text in ["1985-ish", "1985ish", "1985 -ish"]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), Period(D(1985, 1, 1), "year", None, True))


class EndsOfDifferentPrecisionTests(SimpleTestCase):
    """A span whose ends are known to different precisions keeps each end's, as written: "1985 –
    March 1986" was shown as "1985–1986", which read back as ending in December."""

    def test_each_end_keeps_its_precision(self):
        to_march = Period(D(1985, 1, 1), "year", D(1986, 3, 31), end_precision="month")
        for text, expected in [
            ("1985 – March 1986", to_march),
            ("1985 to March 1986", to_march),
            ("1985-March 1986", to_march),
            ("1985年至1986年3月", to_march),
            ("March 1985 – 1986", Period(D(1985, 3, 1), "month", D(1986, 12, 31), end_precision="year")),
            ("1985 – July 4, 1986", Period(D(1985, 1, 1), "year", D(1986, 7, 4), end_precision="day")),
            ("June 1985 – July 4, 1986", Period(D(1985, 6, 1), "month", D(1986, 7, 4), end_precision="day")),
            ("July 4, 1985 – 1986", Period(D(1985, 7, 4), "day", D(1986, 12, 31), end_precision="year")),
            (
                "July 4, 1985 – March 1986",
                Period(D(1985, 7, 4), "day", D(1986, 3, 31), end_precision="month"),
            ),
        ]:
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(period, expected)
                self.assertEqual(period.end_precision, expected.end_precision)
                self.assertEqual(period.last, expected.end)

    def test_it_is_shown_as_written_and_reads_back_the_same(self):
        for text, shown in [
            ("1985 – March 1986", "1985 – March 1986"),
            ("1985年至1986年3月", "1985 – March 1986"),
            ("March 1985 – 1986", "March 1985 – 1986"),
            ("about 1985 – July 4, 1986", "c. 1985 – July 4, 1986"),
            ("June 1985 – July 4, 1986", "June 1985 – July 4, 1986"),
            ("July 4, 1985 – 1986", "July 4, 1985 – 1986"),
            ("July 4, 1985 – March 1986", "July 4, 1985 – March 1986"),
        ]:
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(str(period), shown)
                again = parse_period(shown)
                self.assertEqual(again, period)
                self.assertEqual(again.end_precision, period.end_precision)

    def test_ends_of_one_precision_are_written_as_before(self):
        # An end that says no more than the start's precision would is the start's precision.
        for text in ["2013–2016", "June 2013 – March 2014", "June 30 – July 2, 2015", "March 21–31, 2019"]:
            with self.subTest(text=text):
                period = parse_period(text)
                self.assertEqual(period.end_precision, period.precision)
                self.assertEqual(str(period), text)
        # The last third of a month (下旬) ends on its last day.
        late_march = parse_period("2019年3月下旬")
        self.assertEqual((late_march.precision, late_march.end_precision), ("day", "day"))
        self.assertEqual(str(late_march), "March 21–31, 2019")
        # Either of two dates known to different precisions still covers the coarser.
        self.assertEqual(str(parse_period("1985 or March 1986")), "c. 1985–1986")


class YearFirstTests(SimpleTestCase):
    """Archives describe dates year first (DACS: "2014 July 12-14", "2007 August 12 - October 31"):
    a span's end that gives no year takes its start's, as a Chinese span's does. They were refused."""

    def test_a_span_written_year_first_takes_the_year_from_its_start(self):
        for text, expected in [
            ("2014 July 12-14", Period(D(2014, 7, 12), "day", D(2014, 7, 14))),
            ("2007 August 12 - October 31", Period(D(2007, 8, 12), "day", D(2007, 10, 31))),
            ("1979 Jan-Feb", Period(D(1979, 1, 1), "month", D(1979, 2, 28))),
            ("1972 March 3 – 5", Period(D(1972, 3, 3), "day", D(1972, 3, 5))),
            ("circa 1975 August - October", Period(D(1975, 8, 1), "month", D(1975, 10, 31), True)),
            ("2009 April 5 - 2010 May 1", Period(D(2009, 4, 5), "day", D(2010, 5, 1))),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
                self.assertEqual(parse_period(str(expected)), expected)

    def test_an_end_without_a_month_or_year_after_a_year_alone_is_still_no_date(self):
        for text in ["1985 – 3", "1985 – July"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)


class ChineseNumeralTests(SimpleTestCase):
    """Chinese sources, MFA readouts among them, write the year, month and day in Chinese numerals
    ("二〇一五年九月", "一九七二年二月二十一日"). They were refused."""

    def test_chinese_numerals_are_read_as_the_digits_they_stand_for(self):
        for text, expected in [
            ("二〇一五年九月", Period(D(2015, 9, 1), "month")),
            ("二○一五年九月", Period(D(2015, 9, 1), "month")),  # the circle typesetters use for zero
            ("二零一五年九月三日", Period(D(2015, 9, 3), "day")),
            ("一九七二年二月二十一日", Period(D(1972, 2, 21), "day")),
            ("二〇〇八年八月八日至二十四日", Period(D(2008, 8, 8), "day", D(2008, 8, 24))),
            ("一九七二年二月二十一日至二十八日", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("一九七二年十二月", Period(D(1972, 12, 1), "month")),
            ("一九七二年十月三十一日", Period(D(1972, 10, 31), "day")),
            ("1972年元月", Period(D(1972, 1, 1), "month")),  # 元月 is January
            ("二〇一五年", Period(D(2015, 1, 1), "year")),
            ("约一九八五年", Period(D(1985, 1, 1), "year", None, True)),
            ("一九七二年二月下旬", Period(D(1972, 2, 21), "day", D(1972, 2, 29))),
            ("一九七二年第一季度", Period(D(1972, 1, 1), "month", D(1972, 3, 31))),
            ("一九七二年上半年", Period(D(1972, 1, 1), "month", D(1972, 6, 30))),
            ("八十年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
            ("二十世纪八十年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
            ("上世纪八十年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),  # "the last century"
            ("1985年或一九八六年", Period(D(1985, 1, 1), "year", D(1986, 12, 31), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_the_day_of_the_week_after_a_chinese_date_is_left_out(self):
        # As readouts head them: 2023年2月21日（星期二）, with the full-width brackets of Chinese type.
        for text in [
            "2023年2月21日（星期二）",
            "2023年2月21日 星期二",
            "2023年2月21日周二",
            "二〇二三年二月二十一日",
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), Period(D(2023, 2, 21), "day"))

    def test_numbers_that_are_no_date_stay_refused(self):
        # 二十年 is "twenty years"; 十二月 has no year; a day of the week is no end of a span.
        for text in ["二十年", "十二月", "七二年", "一九七二年十三月", "2019年3月5日至星期五"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)
        with self.assertRaises(DateNotUnderstood) as caught:
            parse_period("一九七二年二月三十日")
        self.assertEqual(str(caught.exception), "February 1972 has no day 30.")
        with self.assertRaises(DateNotUnderstood) as caught:
            parse_period("七十年代末")
        self.assertIn("“年代末” does not say which days", str(caught.exception))


class TaiwanAndLunarDatesTests(SimpleTestCase):
    """Taiwan and Hong Kong write dates in traditional characters, Taiwan's documents by the years of
    the Republic of China (民國61年 is 1972); a lunar date falls on another Western day each year."""

    def test_traditional_characters_and_the_years_of_the_republic_of_china(self):
        for text, expected in [
            ("1972年2月21號", Period(D(1972, 2, 21), "day")),
            ("約1985年", Period(D(1985, 1, 1), "year", None, True)),
            ("1985年前後", Period(D(1985, 1, 1), "year", None, True)),
            ("二十世紀八十年代", Period(D(1980, 1, 1), "year", D(1989, 12, 31))),
            ("2023年2月21日（週二）", Period(D(2023, 2, 21), "day")),
            ("民国61年", Period(D(1972, 1, 1), "year")),
            ("民國61年2月", Period(D(1972, 2, 1), "month")),
            ("中華民國六十一年二月二十一日", Period(D(1972, 2, 21), "day")),
            ("民国61年2月21日至28日", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("民国61年至62年", Period(D(1972, 1, 1), "year", D(1973, 12, 31))),
            ("民国元年", Period(D(1912, 1, 1), "year")),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        # A year of four digits is no year of the Republic: neither calendar's is guessed, and the
        # message says so rather than asking for a date of any kind.
        for text in ["民国2000年", "民國2000年", "中华民国1972年2月"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertTrue(names_a_mistake(caught.exception))
            self.assertIn("is no year of the Republic of China", str(caught.exception))

    def test_a_lunar_date_is_refused_asking_for_the_western_day(self):
        for text, words in [
            ("1972年农历正月初一", "农历"),
            ("農曆1972年2月", "农历"),
            ("1972年腊月", "腊月"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(
                str(caught.exception),
                f"“{words}” is a date of the Chinese lunar calendar, whose days fall on other days of the "
                "Western calendar each year: enter the day in the Western calendar (“February 15, 1972”, "
                "“1972年2月15日”).",
            )


class NumericSpanTests(SimpleTestCase):
    """Spans of days in numbers that give their year once: year first with dots or slashes, as Chinese
    and European sources write them ("1972.2.21-28"), and year last, as in the United States
    ("2/21-2/28/1972"). They were refused."""

    def test_a_span_written_year_first_with_dots_or_slashes(self):
        for text, expected in [
            ("1972.2.21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972.02.21–28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972.2.21-3.1", Period(D(1972, 2, 21), "day", D(1972, 3, 1))),
            ("1972.2.21—3.1", Period(D(1972, 2, 21), "day", D(1972, 3, 1))),
            ("1972/2/21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972/2/21-3/1", Period(D(1972, 2, 21), "day", D(1972, 3, 1))),
            ("1972.02.21", Period(D(1972, 2, 21), "day")),
            ("about 1972.2.21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        # With hyphens too, as an ISO day followed by the last day of the span: "1972-02-21-28" was
        # refused, though it can be read only one way.
        for text, expected in [
            ("1972-02-21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972-2-21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972-02-21 - 28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972-02-21-1972-02-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),  # as before
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        # A span of days that ends before it begins is still refused.
        for text in ["2013-06-07-01", "1972.2.28-21", "1972-02-28-21"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood):
                parse_period(text)

    def test_a_day_written_year_first_with_spaces_after_its_dots(self):
        """Korean, Chinese and Japanese writers type a space after each dot ("1972. 2. 21.");
        it was refused."""
        for text, expected in [
            ("1972. 2. 21", Period(D(1972, 2, 21), "day")),
            ("1972. 2. 21.", Period(D(1972, 2, 21), "day")),
            ("1972. 02. 21", Period(D(1972, 2, 21), "day")),
            ("1972. 2", Period(D(1972, 2, 1), "month")),
            ("1972. 2.", Period(D(1972, 2, 1), "month")),
            ("1972. 2. 21-28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972. 2. 21 - 1972. 2. 28", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("about 1972. 2. 21", Period(D(1972, 2, 21), "day", None, True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        with self.assertRaises(DateNotUnderstood) as caught:
            parse_period("1972. 13. 21")
        self.assertEqual(str(caught.exception), "13 is not a month: months are numbered 1 to 12.")

    def test_a_span_written_year_last_reads_its_start_in_the_order_of_its_end(self):
        for text, expected in [
            ("2/21-2/28/1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("2/21 – 2/28/1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("2/21-3/1/1972", Period(D(1972, 2, 21), "day", D(1972, 3, 1))),
            ("21/2-28/2/1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),  # the day first, shown
            ("2/21/1972-2/28/1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            # Nothing shows the order: the month first, as "2/3/1972" is February 3.
            ("2/3-2/5/1972", Period(D(1972, 2, 3), "day", D(1972, 2, 5))),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        self.assertEqual(parse_period("2/3/1972"), Period(D(1972, 2, 3), "day"))
        # Told the file puts the day first, both ends read so, as "2/3/1972" is then March 2.
        self.assertEqual(
            parse_period("2/3-2/5/1972", day_first=True), Period(D(1972, 3, 2), "day", D(1972, 5, 2))
        )
        self.assertEqual(parse_period("2/3/1972", day_first=True), Period(D(1972, 3, 2), "day"))
        self.assertEqual(
            parse_period("2/21-2/28/1972", day_first=True), Period(D(1972, 2, 21), "day", D(1972, 2, 28))
        )
        # One end showing the day first and the other the month: no order reads both.
        with self.assertRaises(DateNotUnderstood):
            parse_period("13/2-2/28/1972")

    def test_a_span_of_two_whole_days_reads_the_end_that_cannot_tell_in_the_order_the_other_shows(self):
        """ "01/02/1972-13/02/1972" was read January 2 – February 13: each end on its own, the first
        month first by default though the second can only put the day first."""
        for text, expected in [
            ("01/02/1972-13/02/1972", Period(D(1972, 2, 1), "day", D(1972, 2, 13))),
            ("28/01/1979 – 05/02/1979", Period(D(1979, 1, 28), "day", D(1979, 2, 5))),
            ("05/02/1979 – 28/02/1979", Period(D(1979, 2, 5), "day", D(1979, 2, 28))),
            ("02/05/1979 – 02/28/1979", Period(D(1979, 2, 5), "day", D(1979, 2, 28))),
            ("02/28/1979 – 03/05/1979", Period(D(1979, 2, 28), "day", D(1979, 3, 5))),
            ("5-2-1979 to 28-2-1979", Period(D(1979, 2, 5), "day", D(1979, 2, 28))),
            # Nothing shows the order: the month first, or the day when told, as before.
            ("02/05/1979 – 03/05/1979", Period(D(1979, 2, 5), "day", D(1979, 3, 5))),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        # The span's own ends outweigh the file's order.
        self.assertEqual(
            parse_period("02/05/1979 – 02/28/1979", day_first=True),
            Period(D(1979, 2, 5), "day", D(1979, 2, 28)),
        )
        self.assertEqual(
            parse_period("02/05/1979 – 03/05/1979", day_first=True),
            Period(D(1979, 5, 2), "day", D(1979, 5, 3)),
        )
        # Each end showing its own order keeps it.
        self.assertEqual(
            parse_period("13/02/1979 – 02/14/1979"), Period(D(1979, 2, 13), "day", D(1979, 2, 14))
        )
        # Dots always put the day first, whatever the other end shows.
        self.assertEqual(
            parse_period("05.02.1979 – 02/28/1979"), Period(D(1979, 2, 5), "day", D(1979, 2, 28))
        )

    def test_what_a_span_written_year_last_shows_of_its_order(self):
        for text, expected in [
            ("2/3-2/5/1972", {EITHER}),
            ("21/2-28/2/1972", {DAY_FIRST}),
            ("2/21-2/28/1972", {MONTH_FIRST}),
            ("13/2-2/28/1972", {DAY_FIRST, MONTH_FIRST}),
            ("2/21/1972-2/28/1972", {MONTH_FIRST}),
            # Two days in full are read as before, each end on its own: what the file shows is unchanged.
            ("01/02/1972-13/02/1972", {EITHER}),
        ]:
            with self.subTest(text=text):
                self.assertEqual(numeric_orders(text), expected)


class JoinedByAndTests(SimpleTestCase):
    """Two periods joined by "and": the span of both when the second follows the first; two apart
    ("1972 and 1975") are refused, saying what to write, and never read as the span between."""

    def test_two_periods_one_after_the_other_are_the_span_of_both(self):
        for text, expected in [
            ("1972 and 1973", Period(D(1972, 1, 1), "year", D(1973, 12, 31))),
            ("1972 and 73", Period(D(1972, 1, 1), "year", D(1973, 12, 31))),
            ("1972 & 1973", Period(D(1972, 1, 1), "year", D(1973, 12, 31))),
            ("February and March 1972", Period(D(1972, 2, 1), "month", D(1972, 3, 31))),
            ("December 1972 and January 1973", Period(D(1972, 12, 1), "month", D(1973, 1, 31))),
            ("February 21 and 22, 1972", Period(D(1972, 2, 21), "day", D(1972, 2, 22))),
            ("1970s and 1980s", Period(D(1970, 1, 1), "year", D(1989, 12, 31))),
            ("Q1 and Q2 1979", Period(D(1979, 1, 1), "month", D(1979, 6, 30))),
            ("1972年和1973年", Period(D(1972, 1, 1), "year", D(1973, 12, 31))),
            ("1972年2月和3月", Period(D(1972, 2, 1), "month", D(1972, 3, 31))),
            ("about 1972 and 1973", Period(D(1972, 1, 1), "year", D(1973, 12, 31), True)),
            ("between 1990 and 1993", Period(D(1990, 1, 1), "year", D(1993, 12, 31))),  # as before
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_two_periods_apart_are_refused_naming_the_span_they_would_make(self):
        for text, message in [
            (
                "1972 and 1975",
                "“1972” and “1975” do not follow one another, and a record has one date: enter the span "
                "from the first to the last (“1972–1975”) if the exchange ran through it, or each as its "
                "own exchange.",
            ),
            ("February and April 1972", "(“February–April 1972”)"),
            ("February 21 and 28, 1972", "(“February 21–28, 1972”)"),
            ("1973 and 1972", "(“1972–1973”)"),
            ("1970s and 1990s", "(“1970–1999”)"),
            ("1972年和1975年", "(“1972–1975”)"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn(message, str(caught.exception))

    def test_a_list_of_periods_one_after_another_is_the_span_of_all(self):
        """ "1972, 1973 and 1974" was refused as more than two; a list is read as two are."""
        for text, expected in [
            ("1971, 1972 and 1973", Period(D(1971, 1, 1), "year", D(1973, 12, 31))),
            ("1971, 1972, and 1973", Period(D(1971, 1, 1), "year", D(1973, 12, 31))),
            ("1971 and 1972 and 1973", Period(D(1971, 1, 1), "year", D(1973, 12, 31))),
            ("1971, 72 and 73", Period(D(1971, 1, 1), "year", D(1973, 12, 31))),
            ("February, March and April 1972", Period(D(1972, 2, 1), "month", D(1972, 4, 30))),
            ("February 21, 22 and 23, 1972", Period(D(1972, 2, 21), "day", D(1972, 2, 23))),
            ("21, 22 and 23 February 1972", Period(D(1972, 2, 21), "day", D(1972, 2, 23))),
            ("1960s, 1970s and 1980s", Period(D(1960, 1, 1), "year", D(1989, 12, 31))),
            ("1972、1973和1974年", Period(D(1972, 1, 1), "year", D(1974, 12, 31))),
            ("1972年、1973年和1974年", Period(D(1972, 1, 1), "year", D(1974, 12, 31))),
            ("1972年，1973年和1974年", Period(D(1972, 1, 1), "year", D(1974, 12, 31))),
            ("1972年2月、3月和4月", Period(D(1972, 2, 1), "month", D(1972, 4, 30))),
            ("about 1971, 1972 and 1973", Period(D(1971, 1, 1), "year", D(1973, 12, 31), True)),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_a_list_with_periods_apart_is_refused_naming_the_two_and_the_span_of_all(self):
        for text, message in [
            ("1971, 1972 and 1975", "“1972” and “1975” do not follow one another"),
            ("1971, 1972 and 1975", "(“1971–1975”)"),
            ("1971, 1973 and 1974", "“1971” and “1973” do not follow one another"),
            ("1973, 1971 and 1972", "(“1971–1973”)"),
            ("February, March and May 1972", "(“February–May 1972”)"),
            ("1972、1973和1975年", "“1973” and “1975年” do not follow one another"),
        ]:
            with self.subTest(text=text), self.assertRaises(DatesApart) as caught:
                parse_period(text)
            self.assertIn(message, str(caught.exception))

    def test_a_year_after_and_with_an_apostrophe_is_the_year_of_its_century(self):
        for text in ["1972 and '73", "1972 and ’73", "1971, '72 and '73"]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text).last, D(1973, 12, 31))

    def test_no_date_beside_and_is_refused_saying_what_is_read(self):
        for text in [
            "1972 and the next year",
            "1972, 1973 and the next year",
            "1972, and 1973 and",
            # A year alone after "and" is no year of the part before it.
            "on & 1972",
            "80s & 1973",
            "日和 2000",
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("Two dates joined by “and” are read as one span", str(caught.exception))
        with self.assertRaises(DateNotUnderstood) as caught:
            parse_period("February 30 and 31, 1972")
        self.assertEqual(str(caught.exception), "February 1972 has no day 30.")


class WeekTests(SimpleTestCase):
    def test_a_week_by_its_first_or_last_day_is_its_seven_days(self):
        week = Period(D(1972, 2, 21), "day", D(1972, 2, 27))
        for text in [
            "the week beginning February 21, 1972",
            "week starting 21 February 1972",
            "week commencing 1972-02-21",
            "the week ending February 27, 1972",
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), week)

    def test_the_week_of_a_day_is_refused_naming_the_days_to_write(self):
        # "The week of" February 23 may be the week around it, or the seven days from it.
        for text in ["the week of February 21, 1972", "week of Feb. 21, 1972"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(
                str(caught.exception),
                "“the week of” does not say which days: enter them (“February 21–27, 1972”), with "
                "“about” if they are approximate.",
            )
        with self.assertRaises(DateNotUnderstood):
            parse_period("the week of February 1972")


class SourcesAsWrittenTests(SimpleTestCase):
    """How the Office of the Historian, newspapers and archives write dates, read as they were; and
    the rough ones refused saying what to write."""

    def test_dates_as_sources_write_them(self):
        for text, expected in [
            ("21–28 February 1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("21st–28th February 1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("Feb. 21st, 1972", Period(D(1972, 2, 21), "day")),
            ("Feb. 21–Mar. 1, 1972", Period(D(1972, 2, 21), "day", D(1972, 3, 1))),
            ("February 22, 1972, 2:10 p.m.", Period(D(1972, 2, 22), "day")),
            ("February 21, 1972 (Monday)", Period(D(1972, 2, 21), "day")),
            ("1972 Feb. 21", Period(D(1972, 2, 21), "day")),
            ("21.–28.2.1972", Period(D(1972, 2, 21), "day", D(1972, 2, 28))),
            ("1972年2月下旬", Period(D(1972, 2, 21), "day", D(1972, 2, 29))),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)

    def test_rough_dates_are_refused_naming_the_word(self):
        for text, word in [
            ("early 1972", "early"),
            ("late 1970s", "late"),
            ("mid-1980s", "mid"),
            ("Spring 1972", "spring"),
            ("1972年春", "春"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn(f"“{word}” does not say which days", str(caught.exception))


# Each new form, and what the pages write for it: which reads back as the same period.
NEW_FORMS = [
    ("二〇一五年九月", "September 2015"),
    ("一九七二年二月二十一日", "February 21, 1972"),
    ("二〇〇八年八月八日至二十四日", "August 8–24, 2008"),
    ("上世纪八十年代", "1980–1989"),
    ("1972.2.21-28", "February 21–28, 1972"),
    ("1972.2.21-3.1", "February 21 – March 1, 1972"),
    ("2/21-2/28/1972", "February 21–28, 1972"),
    ("2/21-3/1/1972", "February 21 – March 1, 1972"),
    ("1972 and 1973", "1972–1973"),
    ("February and March 1972", "February–March 1972"),
    ("December 1972 and January 1973", "December 1972 – January 1973"),
    ("about February 21 and 22, 1972", "c. February 21–22, 1972"),
    ("the week beginning February 21, 1972", "February 21–27, 1972"),
    ("1972年2月中下旬", "February 11–29, 1972"),
    ("中華民國六十一年二月二十一日", "February 21, 1972"),
]


class NewFormsRoundTripTests(SimpleTestCase):
    def test_each_is_shown_by_the_record_as_written_here_and_reads_back_the_same(self):
        for text, shown in NEW_FORMS:
            with self.subTest(text=text):
                period = parse_period(text)
                exchange = Exchange()
                exchange.set_period(period)
                self.assertEqual(exchange.display_date, shown)
                self.assertEqual(parse_period(exchange.display_date), period)
                self.assertEqual(exchange.period, period)

    # The last start 40 days before the last day a date can hold, so that its end is a date too.
    @given(st.dates(D(1000, 1, 1), D(9999, 11, 21)), st.integers(0, 40))
    def test_days_in_chinese_numerals_and_numeric_spans_read_as_the_days_they_write(self, day, length):
        end = day + datetime.timedelta(days=length)
        expected = Period(day, "day", end if end != day else None)
        numerals = "〇一二三四五六七八九"

        def chinese(number):
            tens, ones = divmod(number, 10)
            return (
                ("" if tens < 2 else numerals[tens])
                + ("十" if tens else "")
                + (numerals[ones] if ones else "")
            )

        year = "".join(numerals[int(digit)] for digit in str(day.year))
        self.assertEqual(
            parse_period(f"{year}年{chinese(day.month)}月{chinese(day.day)}日"), Period(day, "day")
        )
        if end.year == day.year:
            self.assertEqual(
                parse_period(f"{day.month}/{day.day}-{end.month}/{end.day}/{end.year}"), expected
            )
            self.assertEqual(
                parse_period(f"{day.year}.{day.month}.{day.day}-{end.month}.{end.day}"), expected
            )
        self.assertEqual(parse_period(str(expected)), expected)


@override_settings(CONTRIBUTION_RATE="1000/h")
class NewFormsThroughTheSiteTests(TestCase):
    """The same reader behind the contribution form, the import, the catalogue's filters and dates in
    the search words: the new forms are read, or refused with their message, wherever they are typed."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Nixon visits China", date=D(1972, 2, 21), end_date=D(1972, 2, 28), slug="nixon")
        make_exchange(title="Xi visits Seattle", date=D(2015, 9, 22), end_date=D(2015, 9, 25), slug="xi")
        make_exchange(
            title="Olympics in Beijing", date=D(2008, 8, 8), end_date=D(2008, 8, 24), slug="olympics"
        )
        make_exchange(title="Ping-pong team tours", date=D(1971, 4, 10), slug="pingpong")

    def test_the_contribution_form_stores_each_as_its_period(self):
        for typed, shown in NEW_FORMS:
            with self.subTest(typed=typed):
                response = self.client.post("/contribute/", form_data(date=typed))
                self.assertEqual(response.status_code, 302)
                submission = Submission.objects.get()
                self.assertEqual(submission.period, parse_period(typed))
                self.assertEqual(submission.display_date, shown)
                submission.delete()

    def test_the_admin_stores_them_and_names_what_to_write(self):
        exchange = Exchange.objects.get(slug="xi")
        self.client.force_login(make_moderator())

        def save(date):
            return self.client.post(
                f"/admin/exchanges/exchange/{exchange.pk}/change/",
                {
                    "title": exchange.title,
                    "status": "published",
                    "summary": exchange.summary,
                    "date": date,
                    "sources-TOTAL_FORMS": "0",
                    "sources-INITIAL_FORMS": "0",
                    "submissions-TOTAL_FORMS": "0",
                    "submissions-INITIAL_FORMS": "0",
                },
            )

        self.assertEqual(save("二〇一五年九月二十二日至二十五日").status_code, 302)
        exchange.refresh_from_db()
        self.assertEqual(exchange.display_date, "September 22–25, 2015")
        response = save("2015 and 2017")
        self.assertContains(response, "(“2015–2017”)")
        exchange.refresh_from_db()
        self.assertEqual(exchange.display_date, "September 22–25, 2015")

    def test_the_contribution_form_names_what_to_write_for_two_dates_apart(self):
        response = self.client.post("/contribute/", form_data(date="1972 and 1975"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "do not follow one another")
        self.assertContains(response, "(“1972–1975”)")
        self.assertFalse(Submission.objects.exists())

    def test_the_import_reads_them_and_a_span_year_last_in_the_order_its_file_shows(self):
        rows = (
            "Talks,S,Yes,Diplomatic,二〇一五年九月,National,https://example.org/a\n"
            "Visit,S,Yes,Diplomatic,1972.2.21-28,National,https://example.org/b\n"
            "Tour,S,Yes,Diplomatic,2/3-2/5/1972,National,https://example.org/c\n"
            "Fair,S,Yes,Diplomatic,1972 and 1975,National,https://example.org/d\n"
        )
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        stored = {submission.title: str(submission.period) for submission in Submission.objects.all()}
        self.assertEqual(
            stored, {"Talks": "September 2015", "Visit": "February 21–28, 1972", "Tour": "February 3–5, 1972"}
        )
        self.assertIn("Exchange Date “2/3-2/5/1972” read with the month first, as February 3–5, 1972", output)
        self.assertIn(
            "“Fair”: rejected: Exchange Date “1972 and 1975”: “1972” and “1975” do not follow", output
        )
        # Another row of the file puts the day first: so does the span's every end.
        Submission.objects.all().delete()
        rows = (
            "Tour,S,Yes,Diplomatic,2/3-2/5/1972,National,https://example.org/c\n"
            "Talks,S,Yes,Diplomatic,28/01/1979,National,https://example.org/e\n"
        )
        run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(str(Submission.objects.get(title="Tour").period), "March 2 – May 2, 1972")

    def test_the_filters_read_them(self):
        for query, found in [
            ("date_after=二〇一五年九月&date_before=二〇一五年九月", ["xi"]),
            ("date_after=1972.2.21-28&date_before=1972.2.21-28", ["nixon"]),
            ("date_after=2/27-2/28/1972", ["xi", "olympics", "nixon"]),
            ("date_before=二〇〇八年八月八日至二十四日&date_after=1972 and 1973", ["olympics", "nixon"]),
            ("year=1971 and 1972", ["nixon", "pingpong"]),
            ("year=一九七一年", ["pingpong"]),
        ]:
            with self.subTest(query=query):
                self.assertEqual(slugs(self.client.get(f"/exchanges/?{query}")), found)
        response = self.client.get("/exchanges/?date_after=1972 and 1975")
        self.assertContains(response, "could not be used and was ignored")
        self.assertContains(response, "do not follow one another")

    def test_a_rough_or_a_fiscal_date_is_refused_with_what_to_write_wherever_typed(self):
        response = self.client.post("/contribute/", form_data(date="Spring 1972"))
        self.assertContains(response, "“Spring 1972” may be “about March–May 1972”.")
        response = self.client.get("/exchanges/?date_after=FY1972")
        self.assertContains(response, "could not be used and was ignored")
        self.assertContains(response, "“FY” does not say which months")
        rows = (
            "Talks,S,Yes,Diplomatic,1972年2月中下旬,National,https://example.org/a\n"
            "Visit,S,Yes,Diplomatic,mid-1980s,National,https://example.org/b\n"
        )
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        self.assertEqual(str(Submission.objects.get().period), "February 11–29, 1972")
        self.assertIn("“mid-1980s” may be “about 1984–1986”.", output)
        self.assertFalse(Submission.objects.exclude(title="Talks").exists())

    def test_a_date_in_chinese_numerals_in_the_search_words_narrows_by_date(self):
        for typed, date, expected in [
            ("Seattle 二〇一五年九月", "二〇一五年九月", ["xi"]),
            ("Nixon 一九七二年二月二十一日", "一九七二年二月二十一日", ["nixon"]),
            ("二〇〇八年八月八日至二十四日", "二〇〇八年八月八日至二十四日", ["olympics"]),
            ("Ping-pong 上世纪七十年代", "上世纪七十年代", ["pingpong"]),
            ("Nixon 1972年2月中下旬", "1972年2月中下旬", ["nixon"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Searching “{date}” as a date.")


class RoughAndPartialDatesTests(SimpleTestCase):
    """What a date leaves rough or out is refused naming it, and offering what to write where the
    date says enough to guess: the part of a year, decade or month, the season, the missing year."""

    def test_a_rough_part_of_a_year_decade_or_month_offers_the_span_it_may_be(self):
        for text, offered in [
            ("early 1972", "“early 1972” may be “about January–April 1972”."),
            ("mid 1972", "“mid 1972” may be “about May–August 1972”."),
            ("late 1972", "“late 1972” may be “about September–December 1972”."),
            ("the early 1970s", "“the early 1970s” may be “about 1970–1973”."),
            ("mid-1980s", "“mid-1980s” may be “about 1984–1986”."),
            ("late 1970s", "“late 1970s” may be “about 1977–1979”."),
            ("Spring 1972", "“Spring 1972” may be “about March–May 1972”."),
            ("summer of 1972", "“summer of 1972” may be “about June–August 1972”."),
            ("fall 1972", "“fall 1972” may be “about September–November 1972”."),
            ("mid-February 1972", "“mid-February 1972” may be “about February 11–20, 1972”."),
            ("late February 1972", "“late February 1972” may be “about February 21–29, 1972”."),
            ("1972年春", "“1972年春” may be “about March–May 1972”."),
            ("1972年秋季", "“1972年秋季” may be “about September–November 1972”."),
            ("90年代初", "“90年代初” may be “about 1990–1993”."),
            ("1970年代中期", "“1970年代中期” may be “about 1974–1976”."),
            ("1980年代末", "“1980年代末” may be “about 1987–1989”."),
            # 初期 and 末期 were read as 年代初 and 年代末 with 期 left over, and offered nothing.
            ("80年代初期", "“80年代初期” may be “about 1980–1983”."),
            ("1970年代末期", "“1970年代末期” may be “about 1977–1979”."),
            # A winter straddles two years: the one that begins in December of the year named, or
            # between the two years of a span of two.
            ("winter 1972", "“winter 1972” may be “about December 1972 – February 1973”."),
            (
                "the winter of 1972-73",
                "“the winter of 1972-73” may be “about December 1972 – February 1973”.",
            ),
            ("1972年冬", "“1972年冬” may be “about December 1972 – February 1973”."),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("does not say which days", str(caught.exception))
            self.assertTrue(str(caught.exception).endswith(offered), str(caught.exception))
            # What it offers is a date the form takes.
            self.assertTrue(parse_period(offered.split("“")[-1].rstrip("”.")).circa)

    def test_a_rough_date_that_says_too_little_to_guess_offers_nothing(self):
        # The end of a year or month is no third of it; a winter is no span of years but two.
        for text in ["end of 1972", "2019年底", "1972年3月初", "winter 1972-75", "winter March 1972"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertIn("does not say which days", str(caught.exception))
            self.assertNotIn("may be", str(caught.exception))

    def test_two_thirds_of_a_chinese_month_are_their_days(self):
        for text, expected in [
            ("1972年2月中下旬", Period(D(1972, 2, 11), "day", D(1972, 2, 29))),
            ("1972年2月上中旬", Period(D(1972, 2, 1), "day", D(1972, 2, 20))),
            ("一九七二年二月中下旬", Period(D(1972, 2, 11), "day", D(1972, 2, 29))),
        ]:
            with self.subTest(text=text):
                self.assertEqual(parse_period(text), expected)
        with self.assertRaises(DateNotUnderstood):
            parse_period("1972年2月上下旬")

    def test_a_fiscal_or_school_year_is_refused_saying_which_months_to_write(self):
        for text, words in [
            ("FY1972", "FY"),
            ("FY 1972", "FY"),
            ("fiscal year 1972", "fiscal year"),
            ("academic year 1972-73", "academic year"),
            ("1972–73 school year", "school year"),
            ("1972财年", "财年"),
            ("1972-1973学年", "学年"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(
                str(caught.exception),
                f"“{words}” does not say which months: a fiscal or school year begins in a month that "
                "differs from one government or school to another. Enter the months it covers "
                "(“September 1972 – June 1973”), with “about” if they are approximate.",
            )
        for text in ["FYI 1972", "Fyodor 1972"]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertNotIn("fiscal", str(caught.exception))

    def test_a_date_without_its_year_is_refused_saying_so(self):
        no_year = (
            "The date gives no year: write it with its year (“February 21–28, 1972”, “1972年2月21日至28日”)."
        )
        for text in [
            "Feb 21–28",
            "Feb 21-28",
            "February 21 – March 1",
            "2月21日至28日",
            "3月5日",
            "June–July",
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertEqual(str(caught.exception), no_year)
        # A start with a year and an end without one is another matter; a mistake is still named.
        for text, message in [
            ("1985 – July", "Enter a day"),
            ("July", "Enter a day"),  # a month's name alone, as the catalogue's filters say of it
            ("2014-13-01", "13 is not a month"),
            ("July 14", "“14” is a year without its century"),
        ]:
            with self.subTest(text=text), self.assertRaises(DateNotUnderstood) as caught:
                parse_period(text)
            self.assertTrue(str(caught.exception).startswith(message), str(caught.exception))
