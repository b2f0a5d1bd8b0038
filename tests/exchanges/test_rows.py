"""The import format's row reader, and its inverse for export."""

import datetime

from django.test import SimpleTestCase, TestCase

from exchanges.models import RECORD_FIELDS
from exchanges.numbers import chinese_number
from exchanges.rows import COLUMNS, MixedDateOrders, dates_day_first, exchange_row, match_columns, read_row
from exchanges.values import read_count, read_levels, read_participants, read_type, read_yes_no
from tests.factories import make_exchange

D = datetime.date


class ValueTests(SimpleTestCase):
    def test_yes_no_and_empty(self):
        for text, value in [("Yes", True), ("no", False), ("", None), (" N/A ", None), ("TRUE", True)]:
            with self.subTest(text=text):
                self.assertIs(read_yes_no(text), value)
        with self.assertRaises(ValueError):
            read_yes_no("perhaps")

    def test_yes_no_as_chinese_records_write_it(self):
        for text, value in [("是", True), ("否", False), ("不详", None), ("非政府", False), ("进行中", True)]:
            with self.subTest(text=text):
                self.assertIs(read_yes_no(text), value)

    def test_usc_type_spellings(self):
        for text, expected in [
            ("education/science", ("education", "")),
            ("Education / Science", ("education", "")),
            ("Government", ("diplomatic", "")),
            ("Business/Trade", ("business", "")),
            ("Sports", ("sports", "")),
            ("science/technology", ("science", "")),
            ("Civic (people-to-people, sister cities, NGOs)", ("civic", "")),
            ("Cultural; Education", ("cultural", "Cultural; Education")),
            ("Boeing Co.", ("other", "Boeing Co.")),
            ("AT&T", ("other", "AT&T")),
            # Two words for one type: the first known one, the words kept.
            ("Sports/Athletics", ("sports", "Sports/Athletics")),
            ("Education / Academic", ("education", "Education / Academic")),
            ("Arts and Culture", ("cultural", "Arts and Culture")),
            ("Science & Technology", ("science", "")),
            ("S&T", ("science", "")),
            ("外交", ("diplomatic", "")),
            ("经贸", ("business", "")),
            ("友好城市", ("civic", "")),
            ("", ("", "")),
        ]:
            with self.subTest(text=text):
                self.assertEqual(read_type(text), expected)

    def test_levels(self):
        self.assertEqual(read_levels("national, state"), (["national", "state"], []))
        self.assertEqual(read_levels("Federal and Municipal"), (["national", "local"], []))
        self.assertEqual(read_levels("State / provincial; galactic"), (["state"], ["galactic"]))
        self.assertEqual(read_levels("Federal/State"), (["national", "state"], []))
        self.assertEqual(read_levels("local/municipal"), (["local"], []))
        self.assertEqual(read_levels("state-level"), (["state"], []))
        self.assertEqual(read_levels("国家级、省级"), (["national", "state"], []))
        self.assertEqual(read_levels("省级和市级"), (["state", "local"], []))

    def test_participants(self):
        self.assertEqual(read_participants("1,200"), (1200, ""))
        self.assertEqual(read_participants("200 Chinese students"), (200, "200 Chinese students"))
        self.assertEqual(
            read_participants("200 Chinese, 200 US students"), (None, "200 Chinese, 200 US students")
        )
        self.assertEqual(
            read_participants("Students from 1,500 schools"), (1500, "Students from 1,500 schools")
        )
        # Chinese writes words against the number; a Latin letter makes it something else.
        self.assertEqual(read_participants("约200人"), (200, "约200人"))
        self.assertEqual(read_participants("200名学生"), (200, "200名学生"))
        for text in ["2k students", "3m viewers", "1.2 million viewers", "10x more", "v2 team"]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (None, text))
        # A total, then its parts in brackets.
        self.assertEqual(read_participants("12 (6 US, 6 Chinese)"), (12, "12 (6 US, 6 Chinese)"))
        self.assertEqual(
            read_participants("200 students (100 from each side)"), (200, "200 students (100 from each side)")
        )
        self.assertEqual(read_participants("6 US and 6 Chinese (12)"), (None, "6 US and 6 Chinese (12)"))
        self.assertEqual(
            read_participants("About 40 officials (20 each)"), (40, "About 40 officials (20 each)")
        )
        self.assertEqual(read_participants("2k (1k each)"), (None, "2k (1k each)"))
        # Full-width digits are digits; the note keeps them as written.
        self.assertEqual(read_participants("３０"), (30, ""))
        self.assertEqual(read_participants("３０人"), (30, "３０人"))
        # A word for unknown is no description: the record does not say.
        for text in ["N/A", "unknown", "-", "?", "不详"]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (None, ""))
        for text in ["-1", "2147483648", "3.5"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                read_participants(text)

    def test_participants_written_in_words(self):
        # A number in words is a count as digits are, its words kept as the note.
        for text, count in [
            ("two", 2),
            ("Twelve", 12),
            ("twelve American students", 12),
            ("a delegation of thirty", 30),
            ("twenty-one scholars", 21),
            ("one hundred and twenty", 120),
            ("a hundred students", 100),
            ("two thousand five hundred visitors", 2500),
            ("twelve hundred", 1200),
            ("about a thousand sailors", 1000),
            ("a million visitors", 1_000_000),
            ("a dozen", 12),
            ("about two dozen teachers", 24),
            ("half a dozen officials", 6),
            ("eight resident scholars", 8),
            ("more than forty", 40),
            ("TWELVE STUDENTS", 12),
            ("twelve (six US, six Chinese)", 12),
            ("12 (six US, six Chinese)", 12),
        ]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (count, text))

    def test_participants_written_in_chinese_numerals(self):
        for text, count in [
            ("五十", 50),
            ("十二人", 12),
            ("三十名学生", 30),
            ("两百人", 200),
            ("兩百人", 200),
            ("约一百二十人", 120),
            ("一百零五名代表", 105),
            ("一千零五十人", 1050),
            ("三万人", 30_000),
            ("三萬人", 30_000),
            ("两万零五百人", 20_500),
            ("五十余人", 50),
            ("三十多名学生", 30),
            ("百余人", 100),
            ("学生两人", 2),
            ("代表团一行十二人", 12),
            ("第一批三十名学生", 30),
            ("中美两国一百名学生", 100),
            ("学生共五十", 50),
        ]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (count, text))

    def test_participants_in_words_that_give_no_count(self):
        for text in [
            # Several numbers, in words or words and digits: adding them up would be a guess.
            "six U.S. governors and nine Chinese provincial leaders",
            "governors from 20 U.S. states and four Chinese provincial leaders",
            "200 students and twelve teachers",
            "十二名学生和3名教师",
            "twelve students in two groups",
            # Vague: a number of unknown size, alone or beside another.
            "dozens",
            "dozens of students",
            "hundreds of visitors",
            "several hundred students",
            "several",
            "a few",
            "a few thousand spectators",
            "a handful of officials",
            "a number of scholars",
            "200 students and several teachers",
            "几十人",
            "十几名学生",
            "数百人",
            "上千人",
            # Digits before a word for hundreds, thousands or millions: neither 2 nor 2,000,000.
            "2 million visitors",
            "3万人",
            "5 hundred",
            # Words that are no number, however it looks: no number at all.
            "Group of Twenty leaders",
            "Gang of Four",
            "students from many schools",
            "代表团一行",
            "一个代表团",
            "中美双方",
            "十分重要的代表团",
            # Words that run together as no one number.
            "one two three",
            "twenty twenty",
            "一百五人",
        ]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (None, text))

    def test_ordinals_and_one_as_a_pronoun_are_no_count(self):
        for text, count in [
            ("one of the first delegations", None),
            ("the first delegation", None),
            ("the second delegation of twenty", 20),
            ("twelve students in the twenty-first century", 12),
            ("the one hundredth delegation, forty officials", 40),
            ("forty officials, once a year", 40),
            ("twelve first-year students", 12),
            ("60 students in the first year", 60),
            ("12,224 at the first game", 12224),
            ("no one", None),
            ("one student", 1),
            ("第一批学生", None),
            ("第十二届代表团三十人", 30),
        ]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (count, text))

    def test_chinese_numerals_by_value_or_digit_by_digit(self):
        # One reader for the number of participants and the dates (二〇一五年, 二十一日).
        for numerals, value in [
            ("十二", 12),
            ("一十二", 12),
            ("一百十二", 112),
            ("两千零二十", 2020),
            ("三万五千", 35_000),
            ("一亿两千万", 120_000_000),
            ("萬", 10_000),
            ("二〇一五", 2015),
            ("一九七二", 1972),
            # No one number: units out of order, digits run together with a unit, or speech's
            # shortening (一百五 for 150, written 一百五十).
            ("十十", None),
            ("两十", None),
            ("一二十", None),
            ("一百五", None),
            ("三万五", None),
            ("一百零", None),
        ]:
            with self.subTest(numerals=numerals):
                self.assertEqual(chinese_number(numerals), value)

    def test_participants_with_the_thousands_grouped_as_people_write_them(self):
        # Commas, spaces (a no-break or a narrow no-break one too), and dots as European
        # spreadsheets write them: exactly three digits after each dot.
        for text in ["1,200", "1 200", "1\u00a0200", "1\u202f200", "1.200"]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (1200, ""))
        self.assertEqual(read_participants("1.200.000"), (1_200_000, ""))
        self.assertEqual(read_participants("1 200 000"), (1_200_000, ""))
        # Words around a grouped number keep it as they keep "about 1200" or "1200+".
        for text in ["about 1,200", "about 1 200", "about 1.200", "1,200+", "1.200+", "1 200 students"]:
            with self.subTest(text=text):
                self.assertEqual(read_participants(text), (1200, text))
        self.assertEqual(
            read_participants("Students from 1 500 schools"), (1500, "Students from 1 500 schools")
        )
        # A decimal or a half-grouped number is no count, and the message says so.
        for text in ["1.5", "12.50", "1.2000", "1,20", "12,5", "1.200,50", "1,200.5", "1.2.3"]:
            with self.subTest(text=text), self.assertRaisesRegex(ValueError, "whole number"):
                read_participants(text)
        # Digits grouped by spaces hold exactly three digits in each group after the first: "2 10"
        # or "21 000 0" is a mistake, not the number its digits run together make (210, 210000),
        # nor words to keep without a count.
        for text in ["2 10", "21 000 0", "1 2345", "2 10 students", "21 000 0 students", "about 1 20 people"]:
            with self.subTest(text=text), self.assertRaises(ValueError) as caught:
                read_participants(text)
            self.assertIn("after the first group, each group of digits holds three", str(caught.exception))
            self.assertIn(f"“{text}”", str(caught.exception))
        for text in ["2 10", "21 000 0", "1,200,0"]:
            with self.subTest(text=text), self.assertRaisesRegex(ValueError, "each group of digits"):
                read_count(text)
        # Numbers apart in words, or a number and a year of a date, are no grouping.
        self.assertEqual(read_participants("2 100 students"), (2100, "2 100 students"))
        self.assertEqual(
            read_participants("Delegation of 12 in 3 cities"), (None, "Delegation of 12 in 3 cities")
        )
        self.assertEqual(read_participants("40 students, May 5 2019"), (None, "40 students, May 5 2019"))
        # A number below zero is a whole number, but no count: the message says what is wrong with it.
        for text in ["-40", "−40", "- 40", "-1,200"]:
            with self.subTest(text=text), self.assertRaises(ValueError) as caught:
                read_participants(text)
            self.assertEqual(
                str(caught.exception),
                f"“{text}” is below zero. Give the number of participants as a whole number, e.g. 40 or "
                "1,200.",
            )


class ReadRowTests(SimpleTestCase):
    def test_headings_are_matched_loosely_and_unknown_ones_reported(self):
        known, unknown = match_columns(["TITLE", "Sponsor(s)", "Date", "Favourite colour", "Source URL"])
        self.assertEqual(list(known.values()), ["Title", "Sponsors", "Exchange Date", "Source URL"])
        self.assertEqual(unknown, ["Favourite colour"])

    def test_a_downloads_own_columns_are_known_and_read_by_nothing(self):
        headings = ["Title", "Record URL", "first published", "LAST UPDATED", "Colour"]
        known, unknown = match_columns(headings)
        self.assertEqual(known, {"Title": "Title"})
        self.assertEqual(unknown, ["Colour"])
        cells = {"Title": "T", "Summary": "S", "Exchange Date": "1979"}
        plain = read_row(cells)
        with_them = read_row(
            {
                **cells,
                "Record URL": "https://elsewhere.example/x",
                "First published": "=1",
                "Last updated": "?",
            }
        )
        self.assertEqual(
            (with_them.values, with_them.sources, with_them.errors, with_them.warnings),
            (plain.values, plain.sources, plain.errors, plain.warnings),
        )

    def test_the_number_of_participants_under_its_usual_abbreviations(self):
        for heading in ["No. of participants", "No of Participants", "# of participants"]:
            with self.subTest(heading=heading):
                self.assertEqual(match_columns([heading]), ({heading: "Number of Participants"}, []))
                row = read_row({"Title": "T", "Summary": "S", heading: "40"})
                self.assertEqual(row.values["participant_count"], 40)

    def test_the_number_of_participants_grouped_by_dots_or_spaces(self):
        for cell in ["1.200", "1 200", "1\u00a0200"]:
            with self.subTest(cell=cell):
                row = read_row({"Title": "T", "Summary": "S", "Number of Participants": cell})
                self.assertEqual(
                    (row.values["participant_count"], row.values["participant_count_note"]), (1200, "")
                )
        row = read_row({"Title": "T", "Summary": "S", "Number of Participants": "12.50"})
        self.assertIn("whole number", " ".join(str(error) for error in row.errors))

    def test_a_semicolon_inside_brackets_parts_no_partners(self):
        row = read_row(
            {
                "Title": "T",
                "Summary": "S",
                "Partners": "Peking University (PKU; 北京大学); Ford Foundation",
                "Sponsors": "Chinese Academy of Social Sciences (CASS；中国社会科学院)",
                "Source URL": "Xinhua (Beijing; in Chinese) https://example.org/a; https://example.org/b",
            }
        )
        self.assertEqual(row.values["partners"], "Peking University (PKU; 北京大学)\nFord Foundation")
        self.assertEqual(row.values["sponsors"], "Chinese Academy of Social Sciences (CASS；中国社会科学院)")
        self.assertEqual(
            [(source["citation"], source["url"]) for source in row.sources],
            [("Xinhua (Beijing; in Chinese)", "https://example.org/a"), ("", "https://example.org/b")],
        )

    def test_a_full_row(self):
        row = read_row(
            {
                "Title": " Talks ",
                "Summary": "Officials talked.",
                "Government?": "Yes",
                "Type of Exchange": "Government",
                "Partners": "A; B",
                "Number of Participants": "About 40 officials",
                "Exchange Date": "July 9-10, 2014",
                "Continuing": "",
                "Level of Government": "national, state",
                "Source URL": "Report https://example.org/a\nhttps://example.org/b",
            }
        )
        self.assertEqual((row.errors, row.warnings), ([], []))
        values = row.values
        self.assertEqual(set(values), set(RECORD_FIELDS))
        self.assertEqual(values["title"], "Talks")
        self.assertEqual(values["partners"], "A\nB")
        self.assertEqual(
            (values["participant_count"], values["participant_count_note"]), (40, "About 40 officials")
        )
        self.assertEqual(
            (values["date"], values["end_date"], values["date_precision"]),
            (D(2014, 7, 9), D(2014, 7, 10), "day"),
        )
        self.assertIsNone(values["continuing"])
        self.assertEqual(values["levels"], ["national", "state"])
        self.assertEqual(
            row.sources,
            [
                {"citation": "Report", "url": "https://example.org/a"},
                {"citation": "", "url": "https://example.org/b"},
            ],
        )

    def test_an_end_date_column_extends_the_date(self):
        row = read_row({"Title": "T", "Summary": "S", "Exchange Date": "2013", "End Date": "2016"})
        self.assertEqual((row.values["date"], row.values["end_date"]), (D(2013, 1, 1), D(2016, 12, 31)))
        row = read_row({"Title": "T", "Summary": "S", "Exchange Date": "2013", "End Date": "2012"})
        self.assertIn("The End Date is before the Exchange Date.", row.errors)

    def test_a_date_with_no_end_yet_is_when_it_began_and_continuing(self):
        for text, began in [
            ("2010–present", D(2010, 1, 1)),
            ("since March 2010", D(2010, 3, 1)),
            ("2010 to date", D(2010, 1, 1)),
            ("2010年至今", D(2010, 1, 1)),
        ]:
            with self.subTest(text=text):
                row = read_row({"Title": "T", "Summary": "S", "Exchange Date": text})
                self.assertEqual(row.errors, [])
                self.assertEqual((row.values["date"], row.values["end_date"]), (began, None))
                self.assertIs(row.values["continuing"], True)
                self.assertIn(f"Exchange Date “{text}” read as", " ".join(row.warnings))

    def test_numeric_dates_in_the_order_the_file_shows(self):
        row = {
            "Title": "T",
            "Summary": "S",
            "Exchange Date": "05/02/1979",
            "End Date": "09/02/1979",
            "Source": "A",
        }
        day_first = read_row(row, day_first=True)
        self.assertEqual(
            (day_first.values["date"], day_first.values["end_date"]), (D(1979, 2, 5), D(1979, 2, 9))
        )
        self.assertEqual(day_first.warnings, [])
        month_first = read_row(row, day_first=False)
        self.assertEqual(
            (month_first.values["date"], month_first.values["end_date"]), (D(1979, 5, 2), D(1979, 9, 2))
        )
        self.assertEqual(month_first.warnings, [])

    def test_a_rows_own_dates_decide_when_the_file_does_not_say(self):
        row = read_row(
            {"Title": "T", "Summary": "S", "Date": "28/01/1979", "End date": "05/02/1979", "Source": "A book"}
        )
        self.assertEqual((row.values["date"], row.values["end_date"]), (D(1979, 1, 28), D(1979, 2, 5)))
        self.assertEqual((row.errors, row.warnings), ([], []))

    def test_dates_that_do_not_say_are_read_month_first_with_a_warning(self):
        row = read_row(
            {
                "Title": "T",
                "Summary": "S",
                "Exchange Date": "05/02/1979",
                "End Date": "June 1979",
                "Source": "A book",
            }
        )
        self.assertEqual((row.values["date"], row.values["end_date"]), (D(1979, 5, 2), D(1979, 6, 30)))
        self.assertEqual(
            row.warnings,
            [
                "Exchange Date “05/02/1979” read with the month first, as May 2, 1979: no date in the "
                "file has a day after the 12th to show whether the day or the month comes first."
            ],
        )

    def test_a_row_whose_dates_disagree_is_an_error(self):
        row = read_row(
            {"Title": "T", "Summary": "S", "Exchange Date": "28/01/1979", "End Date": "02/13/1979"}
        )
        self.assertEqual(
            row.errors,
            [
                "Its dates put the day first in one place and the month first in another: "
                "“28/01/1979”, “02/13/1979”."
            ],
        )

    def test_what_a_files_dates_show(self):
        def rows(*dates):
            return [(line, {"Date": text, "Title": "T"}) for line, text in enumerate(dates, 2)]

        self.assertIs(dates_day_first(rows("05/02/1979", "1980", "28/01/1979")), True)
        self.assertIs(dates_day_first(rows("05/02/1979", "01/28/1979")), False)
        self.assertIsNone(dates_day_first(rows("05/02/1979", "1980", "03.04.1981")))
        with self.assertRaisesMessage(
            MixedDateOrders,
            "Its dates put the day first on lines 3, 5 (“28/01/1979”) and the month first on line 4 "
            "(“01/28/1979”)",
        ):
            dates_day_first(rows("05/02/1979", "28/01/1979", "01/28/1979", "13/02/1979"))

    def test_a_date_with_no_end_contradicting_continuing_is_an_error(self):
        row = read_row({"Title": "T", "Summary": "S", "Exchange Date": "2010–present", "Continuing": "No"})
        self.assertIn("Exchange Date “2010–present” has no end, but Continuing says No.", row.errors)

    def test_a_cell_that_only_says_unknown_is_empty(self):
        # "n.d.": archives' "no date"; its dots must survive the matching, which drops a last dot.
        for word in ["N/A", "unknown", "-", "?", "不详", "n.d.", "N.D."]:
            with self.subTest(word=word):
                row = read_row(
                    {
                        "Title": "T",
                        "Summary": "S",
                        "Government?": word,
                        "Type of Exchange": word,
                        "Level of Government": word,
                        "Number of Participants": word,
                        "Location": word,
                        "Partners": word,
                        "Exchange Date": word,
                        "Source URL": word,
                    }
                )
                self.assertEqual(row.errors, [])
                values = row.values
                self.assertEqual(
                    (values["government"], values["type"], values["type_as_recorded"], values["levels"]),
                    (None, "", "", []),
                )
                self.assertEqual((values["participant_count"], values["participant_count_note"]), (None, ""))
                self.assertEqual((values["location"], values["partners"], row.sources), ("", "", []))
                self.assertFalse(row.has_date)
        self.assertIn("It has no title.", read_row({"Title": "N/A", "Summary": "S"}).errors)

    def test_a_spreadsheets_text_mark_before_a_value_says_nothing(self):
        # A leading apostrophe makes a spreadsheet keep "1985" or "0012" as typed; files typed by
        # hand and some exports keep it. Before a value it is no part of it.
        row = read_row(
            {
                "Title": "'Tis the season",
                "Summary": "'Ping-pong diplomacy' remembered.",
                "Government?": "'Yes",
                "Type of Exchange": "'Cultural",
                "Level of Government": "'national",
                "Number of Participants": "'300",
                "Exchange Date": "'1972-02-21",
                "End Date": "'1972-02-28",
                "Continuing": "'No",
                "Source URL": "'https://example.org/nixon",
            }
        )
        self.assertEqual(row.errors, [])
        values = row.values
        self.assertEqual((values["government"], values["continuing"]), (True, False))
        self.assertEqual(
            (values["type"], values["type_as_recorded"], values["levels"]), ("cultural", "", ["national"])
        )
        self.assertEqual((values["participant_count"], values["participant_count_note"]), (300, ""))
        self.assertEqual((values["date"], values["end_date"]), (D(1972, 2, 21), D(1972, 2, 28)))
        self.assertEqual(row.sources, [{"citation": "", "url": "https://example.org/nixon"}])
        # Prose keeps its quotes: they may open a quotation, or an elision.
        self.assertEqual(
            (values["title"], values["summary"]), ("'Tis the season", "'Ping-pong diplomacy' remembered.")
        )
        cited = read_row(
            {"Title": "T", "Summary": "S", "Source URL": "'Nixon arrives', NYT https://example.org/n"}
        )
        self.assertEqual(
            cited.sources, [{"citation": "'Nixon arrives', NYT", "url": "https://example.org/n"}]
        )

    def test_problems_are_named(self):
        row = read_row(
            {
                "Title": "",
                "Summary": "x" * 10_001,
                "Government?": "Perhaps",
                "Level of Government": "galactic",
                "Number of Participants": "-3",
                "Exchange Date": "Spring 2014",
                "Source URL": "c" * 501,
            }
        )
        text = " ".join(row.errors)
        for fragment in [
            "no title",
            "Summary is longer than 10,000 characters",
            "Government?",
            "galactic",
            "Number of Participants",
            "Spring 2014",
            "Source line 1: the citation is longer than 500 characters",
        ]:
            with self.subTest(fragment=fragment):
                self.assertIn(fragment, text)

    def test_a_row_without_a_date_is_a_warning_not_an_error(self):
        row = read_row({"Title": "T", "Summary": "S", "Source URL": "https://example.org/"})
        self.assertEqual(row.errors, [])
        self.assertFalse(row.has_date)
        self.assertIn("no date", " ".join(row.warnings))


class RoundTripTests(TestCase):
    def test_an_exchange_written_as_a_row_reads_back_the_same(self):
        exchanges = [
            make_exchange(
                title="Full",
                title_zh="乒乓外交",
                summary_zh="美國乒乓球隊訪問北京。",
                outcomes="Agreements.",
                partners="A\nB; still B",
                sponsors="S",
                participants="Officials, students",
                participant_count=200,
                participant_count_note="200 Chinese students",
                date=D(2014, 7, 9),
                end_date=D(2014, 7, 10),
                continuing=True,
                levels=["national", "state"],
                location="Beijing",
                sources=2,
            ),
            make_exchange(
                title="Unknowns",
                government=None,
                type="",
                levels=[],
                continuing=None,
                date=D(1985, 1, 1),
                date_precision="year",
                circa=True,
                sources=0,
            ),
            make_exchange(title="Other", type="other", type_as_recorded="Boeing Co.", participant_count=40),
            make_exchange(title="Span", date=D(2013, 1, 1), date_precision="year", end_date=D(2016, 12, 31)),
        ]
        for exchange in exchanges:
            with self.subTest(title=exchange.title):
                row = exchange_row(exchange)
                self.assertEqual(list(row), COLUMNS)
                back = read_row(row)
                self.assertEqual(back.errors, [])
                for name in RECORD_FIELDS:
                    self.assertEqual(back.values[name], getattr(exchange, name), name)
                self.assertEqual(
                    back.sources, [{"citation": s.citation, "url": s.url} for s in exchange.sources.all()]
                )
