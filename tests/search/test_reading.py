"""How the catalogue reads what a reader types: folding, synonyms, entity aliases, Chinese,
dates, corrections and snippets. Runs on whichever database DATABASE_URL selects."""

import datetime
from unittest import mock

from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from django.utils.html import escape

from entities.models import Person, PersonAlias, Place
from exchanges.search import (
    build_synonyms,
    date_readings,
    entity_synonym_sets,
    fold,
    name_initials,
    parse,
    snippet,
    split_date,
)
from tests.factories import make_exchange

D = datetime.date


def slugs(response):
    return [exchange.slug for exchange in response.context["page"].object_list]


class FoldingTests(SimpleTestCase):
    def test_punctuation_possessives_initials_and_case_fold_alike(self):
        self.assertEqual(fold("Xi Jinping’s U.S.-China talks"), "xi jinping usa china talks")
        self.assertEqual(fold("XI'S visit"), fold("xi visit"))
        self.assertEqual(fold("Chou En-lai"), "chou en lai")

    def test_pinyin_typed_with_tone_numbers_is_searched_without_them(self):
        # Learners and dictionaries write the tones as numbers (Xi2 Jin4ping2): a word found nowhere.
        for typed, folded in [
            ("Xi2 Jin4ping2", "xi jinping"),
            ("Zhou1 En1lai2", "zhou enlai"),
            ("Mao2 Ze2dong1", "mao zedong"),
            ("Lü3 zhou1", "lu zhou"),
            ("xiao3ping2", "xiaoping"),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(fold(typed, query=True), folded)
        # Names and codes with digits are not pinyin: they keep them, in a search and in a record.
        for typed in ["G20", "MH370", "Q1", "H1N1", "F35", "A380", "C919", "5G", "B2", "Boeing 737"]:
            with self.subTest(typed=typed):
                self.assertEqual(fold(typed, query=True), fold(typed))
                self.assertEqual(fold(typed), typed.lower())
        self.assertEqual(fold("Xi2 Jin4ping2"), "xi2 jin4ping2")

    def test_the_pronoun_us_is_not_the_united_states_in_a_record_but_is_in_a_query(self):
        self.assertEqual(fold("they told us"), "they told us")
        self.assertEqual(fold("us china", query=True), "usa china")

    def test_chinese_is_simplified_and_split_into_pairs(self):
        self.assertEqual(fold("乒乓外交"), "乒乓 乓外 外交 交")
        self.assertEqual(fold("鄧小平"), fold("邓小平"))

    def assertSplitInto(self, text, rest, first, last, circa, typed):
        """`text` is `rest` as words and the date `typed`, from `first` to `last`, about or not."""
        found_rest, period, found_typed, mistake = split_date(text)
        self.assertEqual(
            (found_rest, period.first, period.last, period.circa, found_typed, mistake),
            (rest, first, last, circa, typed, ""),
        )

    def test_a_date_is_read_out_of_the_words_only_when_it_stands_alone(self):
        rest, period, typed, _mistake = split_date("Nixon 1972")
        self.assertEqual(
            (rest, period.first, period.last, typed), ("Nixon", D(1972, 1, 1), D(1972, 12, 31), "1972")
        )
        rest, period, typed, _mistake = split_date("june 2023 Blinken")
        self.assertEqual((rest, period.first, period.last), ("Blinken", D(2023, 6, 1), D(2023, 6, 30)))
        for text in ['"Nixon 1972"', "COVID-2019", "-1972", "19720", "2008-Olympics", "1972s"]:
            self.assertIsNone(split_date(text)[1], text)

    def test_a_day_or_a_span_of_days_is_one_date(self):
        """ "Nixon February 21, 1972" searched "1972" as a date and "February" and "21" as words, and
        found nothing; a day is read whole, in the forms the date filters read."""
        for text, first, last, typed in [
            ("Nixon February 21, 1972", D(1972, 2, 21), D(1972, 2, 21), "February 21, 1972"),
            ("Nixon Feb. 21 1972", D(1972, 2, 21), D(1972, 2, 21), "Feb. 21 1972"),
            ("Nixon February 21st, 1972", D(1972, 2, 21), D(1972, 2, 21), "February 21st, 1972"),
            # (After a capitalised word, "Nixon 21 February 1972", it may also end a name: see below.)
            ("Nixon on 21 February 1972", D(1972, 2, 21), D(1972, 2, 21), "21 February 1972"),
            ("Nixon February 21-28, 1972", D(1972, 2, 21), D(1972, 2, 28), "February 21-28, 1972"),
            ("Nixon 21–28 February 1972", D(1972, 2, 21), D(1972, 2, 28), "21–28 February 1972"),
            ("Nixon Feb 21 - Mar 1, 1972", D(1972, 2, 21), D(1972, 3, 1), "Feb 21 - Mar 1, 1972"),
            ("Nixon 1972-02-21", D(1972, 2, 21), D(1972, 2, 21), "1972-02-21"),
            ("Nixon 2/21/1972", D(1972, 2, 21), D(1972, 2, 21), "2/21/1972"),
            ("Nixon 2/21-2/28/1972", D(1972, 2, 21), D(1972, 2, 28), "2/21-2/28/1972"),
            ("Nixon 1972.2.21-28", D(1972, 2, 21), D(1972, 2, 28), "1972.2.21-28"),
            ("Nixon 21.02.1972", D(1972, 2, 21), D(1972, 2, 21), "21.02.1972"),
            ("Nixon c. February 21, 1972", D(1972, 2, 21), D(1972, 2, 21), "c. February 21, 1972"),
            ("Nixon on February 21, 1972.", D(1972, 2, 21), D(1972, 2, 21), "February 21, 1972"),
        ]:
            with self.subTest(text=text):
                rest, period, found, mistake = split_date(text)
                self.assertEqual((period.first, period.last, found, mistake), (first, last, typed, ""))
                self.assertNotIn("21", rest)
        # A day that is no day is left out, its mistake named, as the filters name it.
        self.assertEqual(
            split_date("Nixon February 30, 1972"),
            ("Nixon", None, "February 30, 1972", "February 1972 has no day 30."),
        )
        # Not a day: a number joined to others, or in quotes.
        for text, typed in [
            ('"February 21, 1972"', ""),
            ("747-2/21/1972", "1972"),
            ("Boeing 747 March 2015", "March 2015"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(split_date(text)[2], typed)

    def test_a_range_of_years_or_a_decade_is_one_date(self):
        for text, first, last in [
            ("Obama 2009-2016", D(2009, 1, 1), D(2016, 12, 31)),
            ("Obama 2009–2016", D(2009, 1, 1), D(2016, 12, 31)),
            ("Obama 2014–15", D(2014, 1, 1), D(2015, 12, 31)),
            ("Obama 2009 to 2016", D(2009, 1, 1), D(2016, 12, 31)),
            ("Obama 1970s", D(1970, 1, 1), D(1979, 12, 31)),
            ("Obama 1970's", D(1970, 1, 1), D(1979, 12, 31)),
            # The curly apostrophe word processors and phones type.
            ("Obama 1970’s", D(1970, 1, 1), D(1979, 12, 31)),
            # A span of decades, as the date filters and the contribution form read it.
            ("Obama 1970s-80s", D(1970, 1, 1), D(1989, 12, 31)),
            ("Obama 1970s–1980s", D(1970, 1, 1), D(1989, 12, 31)),
            ("Obama 1970s to 1980s", D(1970, 1, 1), D(1989, 12, 31)),
            ("Obama 1970's–80's", D(1970, 1, 1), D(1989, 12, 31)),
            # A tilde between, as East Asian writers mark a span (it was "about 2016" alone).
            ("Obama 2009~2016", D(2009, 1, 1), D(2016, 12, 31)),
            ("Obama 2009～2016", D(2009, 1, 1), D(2016, 12, 31)),
            ("Obama 2009 ~ 2016", D(2009, 1, 1), D(2016, 12, 31)),
        ]:
            with self.subTest(text=text):
                rest, period, _typed, _mistake = split_date(text)
                self.assertEqual((rest, period.first, period.last), ("Obama", first, last))
        # A tilde before a year alone is still "about" it.
        rest, period, _typed, _mistake = split_date("Obama ~2016")
        self.assertEqual((rest, period.first, period.circa), ("Obama", D(2016, 1, 1), True))
        # A range that cannot be read leaves its first year, standing apart, a date.
        rest, period, typed, _mistake = split_date("Obama 2009 to 16")
        self.assertEqual(
            (rest, period.first, period.last, typed), ("Obama to 16", D(2009, 1, 1), D(2009, 12, 31), "2009")
        )

    def test_a_date_written_in_chinese_or_full_width_digits_is_read_as_the_date_filters_read_it(self):
        for text, rest, first, last, typed in [
            ("尼克松 1972年", "尼克松", D(1972, 1, 1), D(1972, 12, 31), "1972年"),
            ("习近平 2015年9月", "习近平", D(2015, 9, 1), D(2015, 9, 30), "2015年9月"),
            ("2015年9月22日至25日 习近平", "习近平", D(2015, 9, 22), D(2015, 9, 25), "2015年9月22日至25日"),
            ("奥巴马 2009年至2016年", "奥巴马", D(2009, 1, 1), D(2016, 12, 31), "2009年至2016年"),
            ("乒乓 70年代", "乒乓", D(1970, 1, 1), D(1979, 12, 31), "70年代"),
            ("20世纪70年代", "", D(1970, 1, 1), D(1979, 12, 31), "20世纪70年代"),
            ("乒乓 70年代至80年代", "乒乓", D(1970, 1, 1), D(1989, 12, 31), "70年代至80年代"),
            ("Nixon １９７２", "Nixon", D(1972, 1, 1), D(1972, 12, 31), "１９７２"),
            ("２０１５年９月", "", D(2015, 9, 1), D(2015, 9, 30), "２０１５年９月"),
            # Chinese is written without spaces: the words on either side stay words of their own.
            ("尼克松1972年访华", "尼克松 访华", D(1972, 1, 1), D(1972, 12, 31), "1972年"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(split_date(text)[0], rest)
                period = split_date(text)[1]
                self.assertEqual((period.first, period.last, split_date(text)[2]), (first, last, typed))
        # 10年代 may be the 1910s or the 2010s: a word.
        for text in ['"1972年"', "-1972年", "a1972年", "1972年代", "2015年13月", "10年代"]:
            self.assertIsNone(split_date(text)[1], text)

    def test_about_a_quarter_and_either_of_two_dates_are_read_as_the_date_filters_read_them(self):
        for text, rest, first, last, circa, typed in [
            ("Nixon abt. 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "abt. 1972"),
            ("Nixon ABT 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "ABT 1972"),
            ("Nixon about 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "about 1972"),
            ("Nixon c. 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "c. 1972"),
            ("Nixon c1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "c1972"),
            ("Nixon circa 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "circa 1972"),
            ("Nixon ca. 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "ca. 1972"),
            ("Nixon cca. 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "cca. 1972"),
            ("Nixon approx. 1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "approx. 1972"),
            ("Nixon ~1972", "Nixon", D(1972, 1, 1), D(1972, 12, 31), True, "~1972"),
            ("abt. June 2023 Blinken", "Blinken", D(2023, 6, 1), D(2023, 6, 30), True, "abt. June 2023"),
            ("尼克松 约1972年", "尼克松", D(1972, 1, 1), D(1972, 12, 31), True, "约1972年"),
            ("尼克松 1972年左右", "尼克松", D(1972, 1, 1), D(1972, 12, 31), True, "1972年左右"),
            ("Nixon Q1 1972", "Nixon", D(1972, 1, 1), D(1972, 3, 31), False, "Q1 1972"),
            ("Nixon 1972 Q1", "Nixon", D(1972, 1, 1), D(1972, 3, 31), False, "1972 Q1"),
            ("Nixon 1972-Q1", "Nixon", D(1972, 1, 1), D(1972, 3, 31), False, "1972-Q1"),
            ("Nixon 1Q 1972", "Nixon", D(1972, 1, 1), D(1972, 3, 31), False, "1Q 1972"),
            (
                "Nixon first quarter of 1972",
                "Nixon",
                D(1972, 1, 1),
                D(1972, 3, 31),
                False,
                "first quarter of 1972",
            ),
            ("Nixon 1st quarter 1972", "Nixon", D(1972, 1, 1), D(1972, 3, 31), False, "1st quarter 1972"),
            ("abt. Q1 1972 Nixon", "Nixon", D(1972, 1, 1), D(1972, 3, 31), True, "abt. Q1 1972"),
            ("尼克松 1972年第一季度", "尼克松", D(1972, 1, 1), D(1972, 3, 31), False, "1972年第一季度"),
            ("尼克松1972年一季度访华", "尼克松 访华", D(1972, 1, 1), D(1972, 3, 31), False, "1972年一季度"),
            ("Nixon H1 1972", "Nixon", D(1972, 1, 1), D(1972, 6, 30), False, "H1 1972"),
            ("Nixon 1972 H2", "Nixon", D(1972, 7, 1), D(1972, 12, 31), False, "1972 H2"),
            ("Nixon 1972-H1", "Nixon", D(1972, 1, 1), D(1972, 6, 30), False, "1972-H1"),
            (
                "Nixon first half of 1972",
                "Nixon",
                D(1972, 1, 1),
                D(1972, 6, 30),
                False,
                "first half of 1972",
            ),
            ("Nixon 2nd half 1972", "Nixon", D(1972, 7, 1), D(1972, 12, 31), False, "2nd half 1972"),
            ("Nixon 1972 or 1973", "Nixon", D(1972, 1, 1), D(1973, 12, 31), True, "1972 or 1973"),
            ("Nixon 1972 or 73", "Nixon", D(1972, 1, 1), D(1973, 12, 31), True, "1972 or 73"),
            (
                "Nixon March or April 1972",
                "Nixon",
                D(1972, 3, 1),
                D(1972, 4, 30),
                True,
                "March or April 1972",
            ),
            ("尼克松 1972年或1973年", "尼克松", D(1972, 1, 1), D(1973, 12, 31), True, "1972年或1973年"),
            ("尼克松 1972年2月或3月", "尼克松", D(1972, 2, 1), D(1972, 3, 31), True, "1972年2月或3月"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, circa, typed)

    def test_a_date_after_before_since_or_until_leaves_the_other_end_open(self):
        # "before 1980" searched 1980 alone (the common word "before" left out): the opposite of
        # what was asked, as "after 2020" was 2020 and not the years after it.
        early, late = D(1000, 1, 1), D(9999, 12, 31)
        for text, rest, first, last, typed in [
            ("Nixon before 1980", "Nixon", early, D(1979, 12, 31), "before 1980"),
            ("pre-1980 Nixon", "Nixon", early, D(1979, 12, 31), "pre-1980"),
            ("Nixon until 1980", "Nixon", early, D(1980, 12, 31), "until 1980"),
            ("Xi after 2020", "Xi", D(2021, 1, 1), late, "after 2020"),
            ("Xi post-2020", "Xi", D(2021, 1, 1), late, "post-2020"),
            ("Xi since 2020", "Xi", D(2020, 1, 1), late, "since 2020"),
            ("Xi after June 2023", "Xi", D(2023, 7, 1), late, "after June 2023"),
            ("Xi before February 21, 1972", "Xi", early, D(1972, 2, 20), "before February 21, 1972"),
            # Chinese writes the word after the date: 以前, 之前 or 前 before, 以后, 之后 or 后 after,
            # 以来 since; each was searched as a word beside the year, and found nothing.
            ("尼克松 1980年以前", "尼克松", early, D(1979, 12, 31), "1980年以前"),
            ("1980年前", "", early, D(1979, 12, 31), "1980年前"),
            ("1980年之前 尼克松", "尼克松", early, D(1979, 12, 31), "1980年之前"),
            ("习近平2020年以来", "习近平", D(2020, 1, 1), late, "2020年以来"),
            ("2020年后", "", D(2021, 1, 1), late, "2020年后"),
            ("1979年之后", "", D(1980, 1, 1), late, "1979年之后"),
            ("1979年以後", "", D(1980, 1, 1), late, "1979年以後"),
            ("2015年9月以后 习近平", "习近平", D(2015, 10, 1), late, "2015年9月以后"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, False, typed)
        # Not a word that goes on ("1980年前往", went in 1980), nor "about" (1972年前后).
        self.assertSplitInto("1980年前往美国", "前往美国", D(1980, 1, 1), D(1980, 12, 31), False, "1980年")
        self.assertSplitInto("1972年前后", "", D(1972, 1, 1), D(1972, 12, 31), True, "1972年前后")
        # Part of another word, or in quotes, it is not.
        for text, typed in [
            ("prepost-2020", None),
            ('"after 2020"', None),
            ("thereafter 2020", "2020"),
            ("Xi -post-2020", None),
        ]:
            self.assertEqual(split_date(text)[2] or None, typed, text)

    def test_a_decade_written_without_its_century_is_read_as_the_last_centurys(self):
        # "the '70s", as English writes the decade as often as "the 1970s": searched as a word.
        for text, rest, typed in [
            ("Nixon the '70s", "Nixon the", "'70s"),
            ("Nixon ’70s", "Nixon", "’70s"),
            ("the 70s Nixon", "the Nixon", "70s"),
            ("Nixon 70's", "Nixon", "70's"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, D(1970, 1, 1), D(1979, 12, 31), False, typed)
        for text in ["the 20s", "'00s", "G70s", "-70s", '"70s"']:
            self.assertIsNone(split_date(text)[1], text)

    def test_a_month_written_in_numbers_is_one_date(self):
        # "9/2015" and "2015/09", as forms and spreadsheets write a month: searched as words, the
        # year's digits apart from the month's, and nothing found.
        for text, rest, typed in [
            ("Xi 9/2015", "Xi", "9/2015"),
            ("Xi 09/2015", "Xi", "09/2015"),
            ("Xi 2015/09", "Xi", "2015/09"),
            ("Xi 2015.9", "Xi", "2015.9"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, D(2015, 9, 1), D(2015, 9, 30), False, typed)
        # A day stays a day, and a number that is no month no date.
        self.assertEqual(split_date("Nixon 2/21/1972")[2], "2/21/1972")
        self.assertIsNone(split_date("Xi 13/2015")[1])

    def test_a_month_and_year_written_with_a_dot_or_a_year_of_two_digits_is_one_date(self):
        # "2.1972" and "1/79", as readers write a month: the first searched "2." beside 1972, the
        # second "1/79" as words, and each found nothing. Two digits follow the catalogue's span.
        for text, rest, first, last, typed in [
            ("Nixon 2.1972", "Nixon", D(1972, 2, 1), D(1972, 2, 29), "2.1972"),
            ("Nixon 02.1972", "Nixon", D(1972, 2, 1), D(1972, 2, 29), "02.1972"),
            ("Deng 1/79", "Deng", D(1979, 1, 1), D(1979, 1, 31), "1/79"),
            ("Deng 01/79 Houston", "Deng Houston", D(1979, 1, 1), D(1979, 1, 31), "01/79"),
            ("Xi 9/00", "Xi", D(2000, 9, 1), D(2000, 9, 30), "9/00"),
            ("Carter 1/1/79", "Carter", D(1979, 1, 1), D(1979, 1, 1), "1/1/79"),
            ("Kissinger July 71", "Kissinger", D(1971, 7, 1), D(1971, 7, 31), "July 71"),
            ("Nixon Feb. 72 Beijing", "Nixon Beijing", D(1972, 2, 1), D(1972, 2, 29), "Feb. 72"),
            ("Nixon 21/2/72", "Nixon", D(1972, 2, 21), D(1972, 2, 21), "21/2/72"),
            ("Obama 11/16/09 Shanghai", "Obama Shanghai", D(2009, 11, 16), D(2009, 11, 16), "11/16/09"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, False, typed)
        # Two digits that may be the day of a month without its year ("Nixon 2/21") stay words, as
        # do a fraction and a number that is no month.
        for text in ["Nixon 2/21", "Xi 9/15", "Xi 13/79", "1/2 price", "Xi September 15", "Nixon 72"]:
            with self.subTest(text=text):
                self.assertIsNone(split_date(text)[1])
        # A day written with dots is still one day, and a span of days one span.
        self.assertEqual(split_date("Nixon 21.02.1972")[2], "21.02.1972")
        self.assertEqual(split_date("Nixon 2/21-2/28/1972")[1].last, D(1972, 2, 28))

    def test_a_decade_written_in_words_is_read_as_the_last_centurys(self):
        for text, rest, typed, year in [
            ("Nixon the seventies", "Nixon the", "seventies", 1970),
            ("the Eighties Deng", "the Deng", "Eighties", 1980),
            ("nineteen-nineties Clinton", "Clinton", "nineteen-nineties", 1990),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, D(year, 1, 1), D(year + 9, 12, 31), False, typed)
        for text in ["the twenties", "-seventies", '"seventies"', "seventy"]:
            self.assertIsNone(split_date(text)[1], text)

    def test_a_day_written_as_the_ordinal_of_its_month_is_one_date(self):
        # "21st of February 1972", as British writers and speakers put it: "of" stood between the day
        # and its month, and the search found nothing.
        for text, rest, first, last, typed in [
            ("Nixon 21st of February 1972", "Nixon", D(1972, 2, 21), D(1972, 2, 21), "21st of February 1972"),
            ("the 1st of March, 2015", "the", D(2015, 3, 1), D(2015, 3, 1), "1st of March, 2015"),
            ("21 of Feb 1972 talks", "talks", D(1972, 2, 21), D(1972, 2, 21), "21 of Feb 1972"),
            ("21st-28th of February 1972", "", D(1972, 2, 21), D(1972, 2, 28), "21st-28th of February 1972"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, False, typed)

    def test_a_season_or_a_part_of_a_decade_year_or_month_is_read_as_what_it_likely_covers(self):
        # The date filters refuse these ("spring" does not say which days) and offer the span they
        # likely cover; a search reads them so, about, where it searched "spring" as a word.
        for text, rest, first, last, typed in [
            ("Nixon spring 1972", "Nixon", D(1972, 3, 1), D(1972, 5, 31), "spring 1972"),
            ("Kissinger Summer of 1971", "Kissinger", D(1971, 6, 1), D(1971, 8, 31), "Summer of 1971"),
            ("autumn 2016", "", D(2016, 9, 1), D(2016, 11, 30), "autumn 2016"),
            ("fall 2016 students", "students", D(2016, 9, 1), D(2016, 11, 30), "fall 2016"),
            ("Nixon early 1970s", "Nixon", D(1970, 1, 1), D(1973, 12, 31), "early 1970s"),
            ("Nixon mid-1970s", "Nixon", D(1974, 1, 1), D(1976, 12, 31), "mid-1970s"),
            ("mid 1970s Nixon", "Nixon", D(1974, 1, 1), D(1976, 12, 31), "mid 1970s"),
            ("the late 1990s", "the", D(1997, 1, 1), D(1999, 12, 31), "late 1990s"),
            ("Nixon early 1972", "Nixon", D(1972, 1, 1), D(1972, 4, 30), "early 1972"),
            ("Nixon late February 1972", "Nixon", D(1972, 2, 21), D(1972, 2, 29), "late February 1972"),
            # "Winter" straddles two years: the one that begins in December (it stayed a word).
            ("Carter winter 1979", "Carter", D(1979, 12, 1), D(1980, 2, 29), "winter 1979"),
            ("the winter of 1979-80 Deng", "the Deng", D(1979, 12, 1), D(1980, 2, 29), "winter of 1979-80"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, True, typed)
        # The same written in Chinese: each searched the year alone, and the season or part as a word.
        for text, rest, first, last, typed in [
            ("邓小平 1979年冬", "邓小平", D(1979, 12, 1), D(1980, 2, 29), "1979年冬"),
            ("1972年春天 尼克松", "尼克松", D(1972, 3, 1), D(1972, 5, 31), "1972年春天"),
            ("尼克松1972年春季访华", "尼克松 访华", D(1972, 3, 1), D(1972, 5, 31), "1972年春季"),
            ("90年代初", "", D(1990, 1, 1), D(1993, 12, 31), "90年代初"),
            ("邓小平 70年代末", "邓小平", D(1977, 1, 1), D(1979, 12, 31), "70年代末"),
            ("80年代初期访华", "访华", D(1980, 1, 1), D(1983, 12, 31), "80年代初期"),
            ("1970年代中期", "", D(1974, 1, 1), D(1976, 12, 31), "1970年代中期"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, True, typed)
        # A festival, gala or Games named after a season is no season: the year alone is the date.
        for text, rest in [("2020年春节", "春节"), ("2022年冬奥会", "冬奥会"), ("2020年春晚", "春晚")]:
            with self.subTest(text=text):
                self.assertEqual(split_date(text)[0], rest)
        # Nor does "early" a span of years: the span is read without it.
        self.assertEqual(split_date("Nixon early 1972-75")[::2], ("Nixon early", "1972-75"))
        # Part of a word, an exclusion or a quoted phrase stays as typed.
        for text in ["midspring 1972", "-spring 1972", '"spring 1972"', "springs 1972"]:
            self.assertNotEqual(split_date(text)[2].lower(), "spring 1972", text)

    def test_a_word_like_an_abbreviation_of_about_stays_a_word(self):
        # "CA" and "Cal" name California and its university as often as they mean "about".
        for text, rest in [
            ("Berkeley CA 1972", "Berkeley CA"),
            ("Cal 1972", "Cal"),
            ("calendar 1972", "calendar"),
            # Nor is the last initial of "D.C." the "c." of "c. 1972".
            ("Washington D.C. 1972", "Washington D.C."),
            ("U.S.-P.R.C. 1972", "U.S.-P.R.C."),
            ("条约1972年", "条约"),
        ]:
            with self.subTest(text=text):
                found_rest, period, _typed, _mistake = split_date(text)
                self.assertEqual((found_rest, period.circa), (rest, False))

    def test_a_date_with_a_mistake_is_left_out_and_the_mistake_named(self):
        for text, rest, typed, mistake in [
            ("Nixon 1980s-70s", "Nixon", "1980s-70s", "The span ends before it begins."),
            ("Nixon 1980s to 1970s", "Nixon", "1980s to 1970s", "The span ends before it begins."),
            ("80年代至70年代", "", "80年代至70年代", "The span ends before it begins."),
            ("乒乓 80年代至70年代", "乒乓", "80年代至70年代", "The span ends before it begins."),
            ("Obama 2016 to 2009", "Obama", "2016 to 2009", "The span ends before it begins."),
            ("Nixon Q5 1972", "Nixon", "Q5 1972", "“Q5” is not a quarter: a year has four, Q1 to Q4."),
            ("习近平 2015年13月", "习近平", "2015年13月", "13 is not a month: months are numbered 1 to 12."),
        ]:
            with self.subTest(text=text):
                self.assertEqual(split_date(text), (rest, None, typed, mistake))

    def test_two_periods_joined_by_and_are_one_date_as_the_date_filters_read_them(self):
        """ "Nixon 1972 and 1973" searched 1972 as a date and "and 1973" as words."""
        for text, rest, first, last, typed in [
            ("Nixon 1972 and 1973", "Nixon", D(1972, 1, 1), D(1973, 12, 31), "1972 and 1973"),
            ("Nixon 1972 & 1973", "Nixon", D(1972, 1, 1), D(1973, 12, 31), "1972 & 1973"),
            (
                "Nixon February and March 1972",
                "Nixon",
                D(1972, 2, 1),
                D(1972, 3, 31),
                "February and March 1972",
            ),
            (
                "Nixon February 21 and 22, 1972",
                "Nixon",
                D(1972, 2, 21),
                D(1972, 2, 22),
                "February 21 and 22, 1972",
            ),
            ("Nixon 1970s and 1980s", "Nixon", D(1970, 1, 1), D(1989, 12, 31), "1970s and 1980s"),
            ("尼克松 1972年和1973年", "尼克松", D(1972, 1, 1), D(1973, 12, 31), "1972年和1973年"),
            ("尼克松1972年2月与3月访华", "尼克松 访华", D(1972, 2, 1), D(1972, 3, 31), "1972年2月与3月"),
            # "Between" says the span between: the years need not follow one another.
            ("Nixon between 1972 and 1975", "Nixon", D(1972, 1, 1), D(1975, 12, 31), "between 1972 and 1975"),
        ]:
            with self.subTest(text=text):
                found_rest, period, found_typed, mistake = split_date(text)
                self.assertEqual(
                    (found_rest, period.first, period.last, found_typed, mistake),
                    (rest, first, last, typed, ""),
                )
        # Two periods apart are no one date: left out, as the date filters leave them, saying why.
        for text, rest, typed in [
            ("Nixon 1972 and 1975", "Nixon", "1972 and 1975"),
            ("Nixon February 21 and 28, 1972", "Nixon", "February 21 and 28, 1972"),
            ("尼克松 1972年和1975年", "尼克松", "1972年和1975年"),
        ]:
            with self.subTest(text=text):
                found_rest, period, found_typed, mistake = split_date(text)
                self.assertEqual((found_rest, period, found_typed), (rest, None, typed))
                self.assertIn("do not follow one another: search for each on its own", mistake)
        # Said of a search, not of a record, whose one date the filters' message asks for.
        self.assertEqual(
            split_date("Nixon 1972 and 1975")[3],
            "“1972” and “1975” do not follow one another: search for each on its own, or for the span from "
            "the first to the last (“1972–1975”).",
        )
        # "And" beside anything but a second date stays a word, and the date is read alone.
        for text, rest, typed in [
            ("Nixon and Mao 1972", "Nixon and Mao", "1972"),
            ("Nixon 1972 and Mao", "Nixon and Mao", "1972"),
            ("Apollo 11 and 12", "Apollo 11 and 12", ""),
            ("Boeing 747 and 767", "Boeing 747 and 767", ""),
            ("G20 2016 and G7", "G20 and G7", "2016"),
            # A year of two digits after "and" is no year: a count, more likely.
            ("Nixon 1972 and 50 delegates", "Nixon and 50 delegates", "1972"),
            ("salt and pepper", "salt and pepper", ""),
        ]:
            with self.subTest(text=text):
                found_rest, _period, found_typed, mistake = split_date(text)
                self.assertEqual((found_rest, found_typed, mistake), (rest, typed, ""))

    def test_a_list_of_periods_joined_by_and_is_one_date_as_the_date_filters_read_it(self):
        """ "Nixon 1971, 1972 and 1973" searched 1971 as a date and "1972 and 1973" as words."""
        for text, rest, first, last, typed in [
            ("Nixon 1971, 1972 and 1973", "Nixon", D(1971, 1, 1), D(1973, 12, 31), "1971, 1972 and 1973"),
            ("1971, 1972, and 1973", "", D(1971, 1, 1), D(1973, 12, 31), "1971, 1972, and 1973"),
            (
                "Nixon 1971 and 1972 and 1973",
                "Nixon",
                D(1971, 1, 1),
                D(1973, 12, 31),
                "1971 and 1972 and 1973",
            ),
            (
                "Nixon February, March and April 1972",
                "Nixon",
                D(1972, 2, 1),
                D(1972, 4, 30),
                "February, March and April 1972",
            ),
            (
                "Nixon February 21, 22 and 23, 1972",
                "Nixon",
                D(1972, 2, 21),
                D(1972, 2, 23),
                "February 21, 22 and 23, 1972",
            ),
            (
                "Nixon 21, 22 and 23 February 1972",
                "Nixon",
                D(1972, 2, 21),
                D(1972, 2, 23),
                "21, 22 and 23 February 1972",
            ),
            (
                "Nixon 1960s, 1970s and 1980s",
                "Nixon",
                D(1960, 1, 1),
                D(1989, 12, 31),
                "1960s, 1970s and 1980s",
            ),
            ("1972、1973和1974年", "", D(1972, 1, 1), D(1974, 12, 31), "1972、1973和1974年"),
            (
                "尼克松 1972年、1973年和1974年",
                "尼克松",
                D(1972, 1, 1),
                D(1974, 12, 31),
                "1972年、1973年和1974年",
            ),
            (
                "尼克松1972年，1973年与1974年访华",
                "尼克松 访华",
                D(1972, 1, 1),
                D(1974, 12, 31),
                "1972年，1973年与1974年",
            ),
            # A year of two digits after "and" is a year when an apostrophe says it is one.
            ("Nixon 1972 and '73", "Nixon", D(1972, 1, 1), D(1973, 12, 31), "1972 and '73"),
            ("Nixon 1971, '72 and ’73", "Nixon", D(1971, 1, 1), D(1973, 12, 31), "1971, '72 and ’73"),
            # Without one, only when they give the year after and end the search or its clause.
            ("Nixon 1972 and 73", "Nixon", D(1972, 1, 1), D(1973, 12, 31), "1972 and 73"),
            ("Nixon 1972 and 73, Mao", "Nixon , Mao", D(1972, 1, 1), D(1973, 12, 31), "1972 and 73"),
        ]:
            with self.subTest(text=text):
                found_rest, period, found_typed, mistake = split_date(text)
                self.assertEqual(
                    (found_rest, period and period.first, period and period.last, found_typed, mistake),
                    (rest, first, last, typed, ""),
                )
        # Apart, the list is no one date: left out, naming the two that do not follow one another.
        for text, rest, typed, pair in [
            ("Nixon 1971, 1972 and 1975", "Nixon", "1971, 1972 and 1975", "“1972” and “1975”"),
            ("1971, 1973, and 1974 Nixon", "Nixon", "1971, 1973, and 1974", "“1971” and “1973”"),
            ("尼克松 1972、1973和1975年", "尼克松", "1972、1973和1975年", "“1973” and “1975年”"),
        ]:
            with self.subTest(text=text):
                found_rest, period, found_typed, mistake = split_date(text)
                self.assertEqual((found_rest, period, found_typed), (rest, None, typed))
                self.assertIn(f"{pair} do not follow one another: search for each on its own", mistake)
        # A list is at most a year's months long: each date of a search tries the list after it, and
        # a long run of years would take each the rest of the run.
        years = ", ".join(str(year) for year in range(1950, 1970)) + " and 1970"
        self.assertEqual(split_date(years)[2], "1950")
        self.assertEqual(
            split_date(years[years.index("1959") :])[2],
            "1959, 1960, 1961, 1962, 1963, 1964, 1965, 1966, 1967, 1968, 1969 and 1970",
        )
        # A list of words, or a date and numbers that are no years, is read as before.
        for text, rest, typed in [
            ("Nixon, Mao and Zhou 1972", "Nixon, Mao and Zhou", "1972"),
            ("Nixon 1972, Mao and Zhou", "Nixon , Mao and Zhou", "1972"),
            ("Nixon 1972, 1973", "Nixon , 1973", "1972"),
            ("Nixon 1972, 50 and 60 delegates", "Nixon , 50 and 60 delegates", "1972"),
            ("Nixon 1972 and 73 delegates", "Nixon and 73 delegates", "1972"),
            ("Nixon 1972 and 75", "Nixon and 75", "1972"),
            ("Nixon 1972 and 50", "Nixon and 50", "1972"),
        ]:
            with self.subTest(text=text):
                found_rest, _period, found_typed, mistake = split_date(text)
                self.assertEqual((found_rest, found_typed, mistake), (rest, typed, ""))

    def test_a_number_after_a_name_may_end_the_name_rather_than_be_a_day(self):
        """ "Apollo 11 July 1969" read 11 as a day; after a capitalised word, a number may end a
        name (Apollo 11, Shenzhou 5): read so first, with the month as the date, then as the day."""
        for text, readings in [
            ("Apollo 11 July 1969", [("Apollo 11", "July 1969"), ("Apollo", "11 July 1969")]),
            (
                "Shenzhou 5 October 2003 launch",
                [("Shenzhou 5 launch", "October 2003"), ("Shenzhou launch", "5 October 2003")],
            ),
            ("Nixon 21 February 1972", [("Nixon 21", "February 1972"), ("Nixon", "21 February 1972")]),
            ("NASA Apollo 11 Jul. 1969", [("NASA Apollo 11", "Jul. 1969"), ("NASA Apollo", "11 Jul. 1969")]),
        ]:
            with self.subTest(text=text):
                self.assertEqual([reading[0::2] for reading in date_readings(text)], readings)
                self.assertEqual(split_date(text)[0::2], readings[0])
        # A day whatever stands before it: after a word in small letters, a word that leads to a date
        # (On, From, Monday), at the start, with its ordinal, or a span of days.
        for text, rest, typed in [
            ("talks 11 July 1969", "talks", "11 July 1969"),
            ("Apollo on 11 July 1969", "Apollo on", "11 July 1969"),
            ("On 11 July 1969 Apollo", "On Apollo", "11 July 1969"),
            ("Landing, Sunday 20 July 1969", "Landing, Sunday", "20 July 1969"),
            ("11 July 1969 Apollo", "Apollo", "11 July 1969"),
            ("Apollo 11th July 1969", "Apollo", "11th July 1969"),
            ("Apollo, 20 July 1969", "Apollo,", "20 July 1969"),
            ("Nixon 21-28 February 1972", "Nixon", "21-28 February 1972"),
            ("Nixon c. 21 February 1972", "Nixon", "c. 21 February 1972"),
        ]:
            with self.subTest(text=text):
                self.assertEqual([reading[0::2] for reading in date_readings(text)], [(rest, typed)])

    def test_a_span_of_two_whole_days_is_one_date(self):
        """Both ends written out in full ("2/21/1972-2/28/1972") were the first day, or a year, and the
        rest words; a span of days joined by hyphens ("1972-02-21-28"), and a day with spaces after its
        dots ("1972. 2. 21", as Korean, Chinese and Japanese writers type it), were no date at all."""
        for text, first, last, typed in [
            ("Nixon 2/21/1972-2/28/1972", D(1972, 2, 21), D(1972, 2, 28), "2/21/1972-2/28/1972"),
            ("Nixon 2/21/1972 - 2/28/1972", D(1972, 2, 21), D(1972, 2, 28), "2/21/1972 - 2/28/1972"),
            ("Nixon 1972-02-21 – 1972-02-28", D(1972, 2, 21), D(1972, 2, 28), "1972-02-21 – 1972-02-28"),
            ("Nixon 1972-02-21-1972-02-28", D(1972, 2, 21), D(1972, 2, 28), "1972-02-21-1972-02-28"),
            ("Nixon 21.02.1972-28.02.1972", D(1972, 2, 21), D(1972, 2, 28), "21.02.1972-28.02.1972"),
            ("Nixon 1972-02-21 to 1972-02-28", D(1972, 2, 21), D(1972, 2, 28), "1972-02-21 to 1972-02-28"),
            (
                "Nixon February 21, 1972 - March 1, 1972",
                D(1972, 2, 21),
                D(1972, 3, 1),
                "February 21, 1972 - March 1, 1972",
            ),
            ("Nixon 1972-02-21-28", D(1972, 2, 21), D(1972, 2, 28), "1972-02-21-28"),
            ("Nixon 1972. 2. 21", D(1972, 2, 21), D(1972, 2, 21), "1972. 2. 21"),
            ("Nixon 1972. 2. 21-28", D(1972, 2, 21), D(1972, 2, 28), "1972. 2. 21-28"),
        ]:
            with self.subTest(text=text):
                rest, period, found, mistake = split_date(text)
                self.assertEqual(
                    (rest, period.first, period.last, found, mistake), ("Nixon", first, last, typed, "")
                )
        # A year and a number after a full stop are no day: "1972. 2 visits" is 1972 and words.
        self.assertEqual(split_date("Nixon 1972. 2 visits")[2], "1972")

    def test_traditional_characters_and_years_of_the_republic_of_china_are_read_as_the_filters_read_them(
        self,
    ):
        for text, rest, first, last, circa, typed in [
            ("尼克松 1972年2月21號", "尼克松", D(1972, 2, 21), D(1972, 2, 21), False, "1972年2月21號"),
            ("尼克松 約1972年", "尼克松", D(1972, 1, 1), D(1972, 12, 31), True, "約1972年"),
            ("尼克松 1972年前後", "尼克松", D(1972, 1, 1), D(1972, 12, 31), True, "1972年前後"),
            ("乒乓 二十世紀七十年代", "乒乓", D(1970, 1, 1), D(1979, 12, 31), False, "二十世紀七十年代"),
            ("尼克松 民國61年", "尼克松", D(1972, 1, 1), D(1972, 12, 31), False, "民國61年"),
            ("尼克松 民国61年2月", "尼克松", D(1972, 2, 1), D(1972, 2, 29), False, "民国61年2月"),
            (
                "尼克松民國61年2月21號訪華",
                "尼克松 訪華",
                D(1972, 2, 21),
                D(1972, 2, 21),
                False,
                "民國61年2月21號",
            ),
            ("尼克松 中華民國六十一年", "尼克松", D(1972, 1, 1), D(1972, 12, 31), False, "中華民國六十一年"),
            ("民國61年至62年", "", D(1972, 1, 1), D(1973, 12, 31), False, "民國61年至62年"),
            ("民国元年", "", D(1912, 1, 1), D(1912, 12, 31), False, "民国元年"),
        ]:
            with self.subTest(text=text):
                self.assertSplitInto(text, rest, first, last, circa, typed)
        # The Republic's years are marked as such: a bare "61年" is no year, nor is the Republic's era.
        for text in ["尼克松 61年", "民国时期", "民國 61"]:
            with self.subTest(text=text):
                self.assertIsNone(split_date(text)[1])
        # A Western year marked as the Republic's is no date, as the date filters refuse it: left out,
        # naming the mistake, and not 2000年 with the word 民国.
        for text, rest, typed in [
            ("民国2000年", "", "民国2000年"),
            ("尼克松 民國2000年", "尼克松", "民國2000年"),
            ("尼克松中华民国1972年访华", "尼克松 访华", "中华民国1972年"),
        ]:
            with self.subTest(text=text):
                found_rest, period, found_typed, mistake = split_date(text)
                self.assertEqual((found_rest, period, found_typed), (rest, None, typed))
                self.assertIn("is no year of the Republic of China (民国)", mistake)


class SnippetTests(TestCase):
    # parse() reads the synonyms, entities included, again every few minutes: a database read.

    def test_the_words_found_are_marked_and_everything_else_escaped(self):
        text = "The <b>navy</b> & the Naval Academy's cadets met <script>alert(1)</script>."
        found = snippet(text, parse("naval"))
        self.assertIn("&lt;b&gt;<mark>navy</mark>&lt;/b&gt;", found)
        self.assertIn("<mark>Naval</mark>", found)
        self.assertIn("&lt;script&gt;", found)
        self.assertNotIn("<script>", found)
        self.assertNotIn("<b>", found)

    def test_the_words_of_a_phrase_are_marked_only_where_they_stand_together(self):
        # "sister city" found a record for its phrase, and the snippet marked "City" of "City
        # Hall" (and for "sister state", "State" of "state visit"), where the phrase was not.
        text = "Mayor Gong met the press at City Hall after his state visit; the sister-city ties go on."
        found = snippet(text, parse("sister city"))
        self.assertIn("<mark>sister-city</mark>", found)
        self.assertIn("at City Hall", found)
        self.assertIn("his state visit", found)
        text = "A state visit, then the city. Sister Cities International hosted."
        found = snippet(text, parse('"state visit"'))
        self.assertIn("<mark>state</mark> <mark>visit</mark>", found)
        self.assertIn("the city.", found)
        # The words of a search typed apart are marked wherever each is.
        self.assertIn("the <mark>city</mark>.", snippet(text, parse("city hosted")))

    def test_a_long_text_is_cut_around_the_first_word_found(self):
        text = " ".join(["filler"] * 100) + " Kissinger arrived. " + " ".join(["more"] * 100)
        found = snippet(text, parse("Kissinger"))
        self.assertTrue(found.startswith("…") and found.endswith("…"))
        self.assertIn("<mark>Kissinger</mark>", found)
        self.assertLess(len(found), 300)

    def test_the_small_words_of_a_synonym_are_not_marked_on_their_own(self):
        # "China" also finds "People's Republic of China": its "of" is not a word found.
        found = snippet("Chinese purchases of U.S. oil, as China's readout said", parse("china"))
        self.assertIn("<mark>Chinese</mark>", found)
        self.assertIn("<mark>China&#x27;s</mark>", found)
        self.assertNotIn("<mark>of</mark>", found)

    def test_chinese_is_marked_by_the_characters_typed_in_either_form(self):
        self.assertIn("<mark>乒乓</mark>", snippet("中美乒乓外交", parse("乒乓")))
        self.assertIn("<mark>鄧小平</mark>", snippet("鄧小平訪美", parse("邓小平")))


class CatalogueSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Kissinger's secret trip to Peking",
            summary="Henry Kissinger met <em>Premier</em> Chou En-lai.",
            date=D(1971, 7, 9),
            slug="kissinger",
        )
        make_exchange(
            title="Nixon visits China",
            summary="The week that changed the world.",
            date=D(1972, 2, 21),
            slug="nixon-1972",
        )
        make_exchange(
            title="Nixon library opens",
            summary="A library in Yorba Linda.",
            date=D(1990, 7, 19),
            slug="nixon-1990",
        )
        make_exchange(
            title="Ping-pong diplomacy",
            title_zh="乒乓外交",
            summary="Table tennis.",
            date=D(1971, 4, 10),
            slug="pingpong",
        )
        make_exchange(
            title="Port call by a U.S. Navy destroyer",
            summary="Sailors visited Qingdao.",
            date=D(2015, 6, 1),
            slug="navy",
        )
        make_exchange(
            title="Blinken visits Beijing",
            summary="The Secretary of State met Wang Yi.",
            date=D(2023, 6, 18),
            slug="blinken",
        )
        make_exchange(
            title="Vice Premier Deng Xiaoping tours Houston",
            summary="He watched a rodeo.",
            date=D(1979, 2, 2),
            slug="deng",
        )

    def test_synonyms_find_other_spellings(self):
        for query, expected in [
            ("Beijing", {"kissinger", "blinken"}),
            ("Zhou Enlai", {"kissinger"}),
            ("naval", {"navy"}),
            ("United States navy", {"navy"}),
            ("Kissinger's", {"kissinger"}),
        ]:
            with self.subTest(query=query):
                self.assertEqual(set(slugs(self.client.get("/exchanges/", {"q": query}))), expected)

    def test_a_name_run_together_or_known_from_the_press_finds_its_record(self):
        # "Maralago" found nothing, and "Mme. Mao" the records of Mao rather than of Jiang Qing.
        make_exchange(title="Trump and Xi meet at Mar-a-Lago", date=D(2017, 4, 6), slug="mar-a-lago")
        make_exchange(title="An orchestra plays at Jiang Qing's wish", date=D(1973, 9, 12), slug="jiang-qing")
        make_exchange(title="Mao receives a delegation", date=D(1973, 9, 13), slug="mao")
        for query, expected in [
            ("Maralago", ["mar-a-lago"]),
            ("Mar a Lago", ["mar-a-lago"]),
            ("Mar-a-Lago", ["mar-a-lago"]),
            ("Madame Mao", ["jiang-qing"]),
            ("Mme. Mao", ["jiang-qing"]),
        ]:
            with self.subTest(query=query):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": query})), expected)

    def test_an_entity_alias_is_a_synonym_of_its_name_as_soon_as_it_is_saved(self):
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Wang Yi"})), ["blinken"])
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Antony Blinken"})), [])
        person = Person.objects.create(name="Blinken")
        PersonAlias.objects.create(entity=person, name="Antony Blinken")
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Antony Blinken"})), ["blinken"])

    def test_only_entities_with_other_spellings_make_synonym_sets(self):
        from entities.models import Organisation

        Person.objects.create(name="Only One Name")
        Person.objects.create(name="Wang Yi", chinese_name="王毅")
        aliased = Organisation.objects.create(name="Ministry of Education")
        aliased.aliases.create(name="MOE")
        sets = list(entity_synonym_sets())
        [wang] = [each for each in sets if ("wang", "yi") in each]
        self.assertEqual(len(wang), 2)  # with the Chinese name, as search folds it
        flat = {words for each in sets for words in each}
        self.assertIn(("moe",), flat)
        self.assertNotIn(("only", "one", "name"), flat)
        self.assertTrue(all(len(each) > 1 for each in sets))

    def test_a_spelling_of_common_words_only_joins_no_names(self):
        # "ME" for Maine and "OR" for Oregon fold to words the index leaves out: were they keys,
        # both states (and every such name) would fall into one group under the empty key.
        by_words = build_synonyms(
            [{("maine",), ("me",)}, {("oregon",), ("or",)}, {("wang", "yi"), ("王毅",)}]
        )
        self.assertNotIn((), by_words)
        self.assertEqual(by_words[("maine",)], (("maine",), ("me",)))
        self.assertEqual(by_words[("oregon",)], (("or",), ("oregon",)))
        self.assertEqual(by_words[("王毅",)], by_words[("wang", "yi")])

    def test_a_name_that_is_one_word_without_its_common_ones_is_no_synonym_of_that_word(self):
        by_words = build_synonyms(
            [
                {("xi", "an"), ("西安", "安")},
                {("s", "ed"), ("strategic", "and", "economic", "dialogue")},
                {("ministry", "of", "commerce"), ("mofcom",)},
            ]
        )
        self.assertNotIn(("xi",), by_words)  # "an" is a common word
        self.assertNotIn(("ed",), by_words)  # and so is "s"
        self.assertIn(("xi", "an"), by_words)
        self.assertIn(("s", "ed"), by_words)
        # As a search of the three words is read, without "of".
        self.assertIn(("ministry", "commerce"), by_words)

    def test_an_entitys_chinese_name_typed_finds_its_other_names(self):
        # The records name them in English only.
        Place.objects.create(name="Qingdao", chinese_name="青岛")
        Person.objects.create(name="Wang Yi", chinese_name="王毅")
        kissinger = Person.objects.create(name="Henry Kissinger", chinese_name="亨利·基辛格")
        kissinger.aliases.create(name="基辛格")
        # A place's Chinese name is also read without its administrative word: 北京 for 北京市.
        Place.objects.create(name="Beijing", chinese_name="北京市")
        for typed, expected in [
            ("青岛", ["navy"]),
            ("王毅", ["blinken"]),
            ("基辛格", ["kissinger"]),
            ("北京", ["blinken"]),
            ("北京市", ["blinken"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_a_search_for_xi_is_not_one_for_xian(self):
        # The place's names are synonyms: "Xi'an" finds 西安. Read as "xi an", PostgreSQL's index left
        # "an" out, of the phrase too, and "Xi'an" found every Xi; it is one word, "xian".
        Place.objects.create(name="Xi'an", chinese_name="西安")
        make_exchange(slug="seattle", title="Xi Jinping visits Seattle", date=D(2015, 9, 22))
        make_exchange(
            slug="warriors", title="Terracotta warriors tour", title_zh="兵马俑展览西安", date=D(1980, 5, 1)
        )
        make_exchange(slug="kansas", title="Kansas City and Xi’an become sister cities", date=D(1989, 1, 1))
        for typed, expected in [
            ("Xi", ["seattle"]),
            ("Xi'an", ["kansas", "warriors"]),
            ("Xian", ["kansas", "warriors"]),
            ("西安", ["kansas", "warriors"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_chinese_finds_by_any_run_of_characters_in_either_form(self):
        for query in ["乒乓", "乒乓外交", "外交", "乒", "桌球 OR 乒乓"]:
            with self.subTest(query=query):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": query})), ["pingpong"])

    def test_last_year_and_this_year_are_read_against_today_and_the_page_names_the_year(self):
        # "this year" searched the word "year", "last year" the words "last" and "year", 去年 and 今年
        # found nothing: each is the calendar year counted from today, named on the page, so that
        # the search shown can be cited.
        this_year = timezone.localdate().year
        make_exchange(title="Delegation visits Beijing", date=D(this_year, 1, 2), slug="this-year")
        make_exchange(title="Delegation visits Shanghai", date=D(this_year - 1, 3, 4), slug="last-year")
        make_exchange(title="Delegation visits Xi'an", date=D(this_year - 2, 5, 6), slug="year-before")
        for typed, expected, year in [
            ("delegation last year", ["last-year"], this_year - 1),
            ("Last year delegation", ["last-year"], this_year - 1),
            ("delegation this year", ["this-year"], this_year),
            ("delegation the year before last", ["year-before"], this_year - 2),
            ("delegation 去年", ["last-year"], this_year - 1),
            ("代表团 今年", ["this-year"], this_year),
            ("delegation 前年", ["year-before"], this_year - 2),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"as a date: {year}.")
        # "since last year" leaves the other end open, as "since 2020" does; in quotes it is words.
        self.assertEqual(
            set(slugs(self.client.get("/exchanges/", {"q": "delegation since last year"}))),
            {"this-year", "last-year"},
        )
        self.assertIsNone(split_date('"last year" delegation')[1])

    def test_recent_names_no_period_and_the_page_says_so(self):
        # "recent" found nothing beside the words it qualified, and the page did not say why.
        response = self.client.get("/exchanges/", {"q": "recent Deng Houston"})
        self.assertEqual(slugs(response), ["deng"])
        self.assertContains(response, "Showing results for “Deng Houston”.")
        for typed in ["recent", "最近 乒乓球"]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), [])
                self.assertContains(response, "names no period, so it was not read as a date")

    def test_a_year_narrows_by_date_and_the_page_says_so(self):
        response = self.client.get("/exchanges/", {"q": "Nixon 1972"})
        self.assertEqual(slugs(response), ["nixon-1972"])
        self.assertContains(response, "Searching “1972” as a date.")

    def test_a_range_of_years_or_a_decade_narrows_by_date(self):
        # "1971-1972" was 1971 and the exclusion "-1972"; "1970s" a word no exchange holds.
        for typed, expected in [
            ("Nixon 1971-1972", ["nixon-1972"]),
            ("Nixon 1970s", ["nixon-1972"]),
            ("Nixon 1970s-80s", ["nixon-1972"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Searching “{typed.split()[1]}” as a date.")

    def test_a_day_narrows_by_date_and_the_page_says_so(self):
        # "Nixon February 21, 1972" searched "February" and "21" as words: nothing found.
        for typed, date, expected in [
            ("Nixon February 21, 1972", "February 21, 1972", ["nixon-1972"]),
            ("Nixon 21 February 1972", "21 February 1972", ["nixon-1972"]),
            ("Nixon 1972-02-21", "1972-02-21", ["nixon-1972"]),
            ("Nixon 2/20-2/28/1972", "2/20-2/28/1972", ["nixon-1972"]),
            ("Kissinger July 9, 1971", "July 9, 1971", ["kissinger"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Searching “{date}” as a date.")
        # Another day of the same month is not that exchange's.
        response = self.client.get("/exchanges/", {"q": "Nixon February 2, 1972"})
        self.assertEqual(slugs(response), [])

    def test_a_date_written_in_chinese_narrows_by_date_and_the_page_says_so(self):
        for typed, date, expected in [
            ("尼克松 1972年", "1972年", ["nixon-1972"]),
            ("尼克松1972年", "1972年", ["nixon-1972"]),
            ("Nixon １９７２", "１９７２", ["nixon-1972"]),
            ("尼克松 70年代", "70年代", ["nixon-1972"]),
            ("1979年2月", "1979年2月", ["deng"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Searching “{date}” as a date.")

    def test_a_date_with_only_common_words_beside_it_is_searched_alone(self):
        # "in" is too common to search for: "in 1972" found nothing in 1972, and said so.
        for typed, expected in [
            ("in 1972", ["nixon-1972"]),
            ("the 1970s", ["deng", "nixon-1972", "kissinger", "pingpong"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertNotContains(response, "searched as a word")

    def test_about_a_quarter_or_either_of_two_dates_narrows_by_date_and_the_page_says_so(self):
        for typed, date in [
            ("Nixon abt. 1972", "abt. 1972"),
            ("Nixon c. 1972", "c. 1972"),
            ("Nixon Q1 1972", "Q1 1972"),
            ("Nixon first quarter of 1972", "first quarter of 1972"),
            ("Nixon 1971 or 1972", "1971 or 1972"),
            ("Nixon January or February 1972", "January or February 1972"),
            ("尼克松 1972年第一季度", "1972年第一季度"),
            ("尼克松 约1972年", "约1972年"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["nixon-1972"])
                self.assertContains(response, f"Searching “{date}” as a date.")

    def test_a_season_or_part_of_a_decade_narrows_by_what_it_likely_covers_and_the_page_says_so(self):
        # Each found nothing: "spring" and "early" were searched as words beside the year.
        for typed, date, span, expected in [
            ("Nixon spring 1972", "spring 1972", "c. March–May 1972", []),
            ("Nixon early 1970s", "early 1970s", "c. 1970–1973", ["nixon-1972"]),
            ("Deng late 1970s", "late 1970s", "c. 1977–1979", ["deng"]),
            ("Kissinger summer 1971", "summer 1971", "c. June–August 1971", ["kissinger"]),
            ("邓小平 70年代末", "70年代末", "c. 1977–1979", ["deng"]),
            ("邓小平 1978年冬", "1978年冬", "c. December 1978 – February 1979", ["deng"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                if expected:
                    self.assertContains(response, f"Searching “{date}” as a date: {span}.")

    def test_a_date_after_or_before_narrows_to_the_years_on_that_side_and_the_page_says_so(self):
        for typed, date, expected in [
            ("Nixon before 1980", "before 1980", ["nixon-1972"]),
            ("Nixon after 1972", "after 1972", ["nixon-1990"]),
            ("Nixon since 1972", "since 1972", ["nixon-1990", "nixon-1972"]),
            ("Nixon post-1972", "post-1972", ["nixon-1990"]),
            ("Nixon 1980年以前", "1980年以前", ["nixon-1972"]),
            ("Nixon 1972年以来", "1972年以来", ["nixon-1990", "nixon-1972"]),
            ("Nixon 1972年后", "1972年后", ["nixon-1990"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Searching “{date}” as a date.")

    def test_a_date_with_a_mistake_is_left_out_and_the_page_says_why(self):
        # "1980s-70s" was searched as a word, found nowhere, and the page did not say why.
        for typed, date, mistake, expected in [
            ("Nixon 1980s-70s", "1980s-70s", "The span ends before it begins.", {"nixon-1972", "nixon-1990"}),
            ("乒乓 80年代至70年代", "80年代至70年代", "The span ends before it begins.", {"pingpong"}),
            (
                "Nixon Q5 1972",
                "Q5 1972",
                "“Q5” is not a quarter: a year has four, Q1 to Q4.",
                {"nixon-1972", "nixon-1990"},
            ),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(set(slugs(response)), expected)
                self.assertContains(
                    response, f"“{date}” could not be searched as a date and was left out. {mistake}"
                )
                self.assertNotContains(response, "as a word")
        # Alone, it leaves nothing to search for: every exchange, as for a date filter left out.
        response = self.client.get("/exchanges/", {"q": "80年代至70年代"})
        self.assertEqual(len(slugs(response)), 7)
        self.assertContains(response, "“80年代至70年代” could not be searched as a date and was left out.")
        # Nothing was searched for, so the heading names no search the list would match.
        heading = response.content.decode().split('id="results-heading"', 1)[1].split("</h2>", 1)[0]
        self.assertIn("7 exchanges", heading)
        self.assertNotIn("matching", heading)

    def test_dates_the_filters_read_narrow_the_search_as_a_date_and_the_page_says_so(self):
        # Each found nothing, or more than the date: "and 1973" was searched as words, the second day
        # of a span was a word, and traditional characters or a year of the Republic of China no date.
        for typed, date in [
            ("Nixon 1971 and 1972", "1971 and 1972"),
            ("Nixon February and March 1972", "February and March 1972"),
            ("尼克松 1972年和1973年", "1972年和1973年"),
            ("Nixon 2/20/1972-2/28/1972", "2/20/1972-2/28/1972"),
            ("Nixon 1972-02-20 to 1972-02-28", "1972-02-20 to 1972-02-28"),
            ("Nixon 20.02.1972-28.02.1972", "20.02.1972-28.02.1972"),
            ("Nixon 1972-02-20-28", "1972-02-20-28"),
            ("Nixon 1972. 2. 21", "1972. 2. 21"),
            ("尼克松 1972年2月21號", "1972年2月21號"),
            ("尼克松 約1972年", "約1972年"),
            ("尼克松 民國61年", "民國61年"),
            ("尼克松 民国61年2月", "民国61年2月"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["nixon-1972"])
                self.assertContains(response, f"Searching “{date}” as a date.")

    def test_a_chinese_month_before_its_year_narrows_the_search(self):
        # "Navy 9月 2015" searched 2015 as a date and "9月" as a word, which no record holds.
        for typed, date in [("Navy 6月 2015", "6月 2015"), ("6月1日 2015 Navy", "6月1日 2015")]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["navy"])
                self.assertContains(response, f"Searching “{date}” as a date.")
        self.assertEqual(split_date("Navy 7月 2015")[1].first, D(2015, 7, 1))

    def test_a_year_of_two_digits_an_apostrophe_marks_is_read_by_the_catalogues_span(self):
        # "Nixon '72" searched "72" as a word and found nothing; '50 to '99 are the last century's.
        for typed, date in [
            ("Nixon '72", "'72"),
            ("Nixon ’72", "’72"),
            ("Nixon Feb. '72", "Feb. '72"),
            ("Nixon '71-'73", "'71-'73"),
            ("Nixon '72-73", "'72-73"),
            ("Nixon Feb. 21 '72", "Feb. 21 '72"),
            ("Nixon 21 February ’72", "21 February ’72"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["nixon-1972"])
                self.assertContains(response, f"Searching “{escape(date)}” as a date.")
        # '00 to '49 are this century's.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Navy June '15"})), ["navy"])
        for typed, first in [("Navy '49", D(2049, 1, 1)), ("Navy '50", D(1950, 1, 1))]:
            with self.subTest(typed=typed):
                self.assertEqual(split_date(typed)[1].first, first)
        # A decade, a word's apostrophe and a year in full read as before.
        self.assertEqual(split_date("the '70s")[1].last, D(1979, 12, 31))
        self.assertEqual(split_date("rock'n'roll 72")[1:3], (None, ""))

    def test_a_list_of_periods_narrows_the_search_as_a_date_or_is_left_out_when_apart(self):
        # "1971, 1972 and 1973" searched 1971 as a date and "1972 and 1973" as words: nothing found.
        for typed, date in [
            ("Nixon 1971, 1972 and 1973", "1971, 1972 and 1973"),
            ("Nixon 1971, 1972, and 1973", "1971, 1972, and 1973"),
            ("尼克松 1971、1972和1973年", "1971、1972和1973年"),
            ("Nixon 1972 and '73", "1972 and '73"),
            ("Nixon 1972 and 73", "1972 and 73"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["nixon-1972"])
                self.assertContains(response, f"Searching “{escape(date)}” as a date.")
        response = self.client.get("/exchanges/", {"q": "Nixon 1971, 1972 and 1990"})
        self.assertEqual(set(slugs(response)), {"nixon-1972", "nixon-1990"})
        self.assertContains(
            response,
            "“1971, 1972 and 1990” could not be searched as a date and was left out. “1972” and “1990” do "
            "not follow one another: search for each on its own, or for the span from the first to the "
            "last (“1971–1990”).",
        )

    def test_a_number_that_may_end_a_name_is_searched_with_it_or_else_as_a_day(self):
        make_exchange(title="Apollo 11 astronauts", date=D(1969, 7, 20), slug="apollo")
        response = self.client.get("/exchanges/", {"q": "Apollo 11 July 1969"})
        self.assertEqual(slugs(response), ["apollo"])
        self.assertContains(response, "Searching “July 1969” as a date.")
        self.assertNotContains(response, "as a word")
        # Nothing of "Nixon 21" in February 1972: the number is its day.
        response = self.client.get("/exchanges/", {"q": "Nixon 21 February 1972"})
        self.assertEqual(slugs(response), ["nixon-1972"])
        self.assertContains(response, "Searching “21 February 1972” as a date.")
        # Neither finds anything: the words as typed, naming the date first read.
        response = self.client.get("/exchanges/", {"q": "Apollo 12 November 1970"})
        self.assertEqual(slugs(response), [])
        self.assertContains(response, "Nothing matches in 12 November 1970, so “12 November 1970” is")

    def test_a_year_of_the_republic_of_china_in_four_digits_is_left_out_and_the_page_says_why(self):
        # "民国2000年" searched the year 2000 and the word 民国, which the date filters refuse.
        response = self.client.get("/exchanges/", {"q": "尼克松 民國2000年"})
        self.assertEqual(slugs(response), ["nixon-1990", "nixon-1972"])
        self.assertContains(response, "“民國2000年” could not be searched as a date and was left out.")
        self.assertContains(response, "2000 is no year of the Republic of China (民国)")

    def test_two_periods_apart_joined_by_and_are_left_out_and_the_page_says_why(self):
        # "Nixon 1972 and 1990" searched 1972 as a date and "1990" as a word: nothing found.
        response = self.client.get("/exchanges/", {"q": "Nixon 1972 and 1990"})
        self.assertEqual(set(slugs(response)), {"nixon-1972", "nixon-1990"})
        self.assertContains(
            response,
            "“1972 and 1990” could not be searched as a date and was left out. “1972” and “1990” do not "
            "follow one another: search for each on its own, or for the span from the first to the last "
            "(“1972–1990”).",
        )
        self.assertNotContains(response, "as a word")

    def test_a_date_that_finds_nothing_is_searched_as_a_word(self):
        response = self.client.get("/exchanges/", {"q": "Nixon 1980"})
        self.assertContains(response, "searched as a word")

    def test_a_misspelt_word_is_corrected_and_the_page_offers_the_words_as_typed(self):
        response = self.client.get("/exchanges/", {"q": "Kisinger"})
        self.assertEqual(slugs(response), ["kissinger"])
        self.assertContains(response, "Showing results for “Kissinger”.")
        self.assertContains(response, 'href="?q=%22Kisinger%22"')
        self.assertContains(response, "Search instead for “Kisinger”")
        # The page names the search it shows, not the one typed.
        self.assertContains(response, "1 exchange matching “Kissinger”")
        # The rest of the search as typed, the correction in the case typed.
        # A date in it is read again once corrected: in 1971 "Kisinger" found nothing.
        response = self.client.get("/exchanges/", {"q": "Kisinger 1971"})
        self.assertEqual(slugs(response), ["kissinger"])
        self.assertContains(response, "Showing results for “Kissinger 1971”.")
        self.assertContains(response, "Searching “1971” as a date.")
        self.assertNotContains(response, "is searched as a word")
        response = self.client.get("/exchanges/", {"q": "Henry KISINGER"})
        self.assertContains(response, "Showing results for “Henry KISSINGER”.")
        self.assertContains(response, "Search instead for “Henry KISINGER”")
        # Two letters off, as trigrams see it, is still near enough.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Kisingr"})), ["kissinger"])
        # Quoted, a word is searched exactly as typed.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": '"Kisinger"'})), [])

    def test_syllables_typed_apart_are_joined_as_the_catalogue_writes_them(self):
        for typed, shown in [
            ("Deng Xiao-ping", "Deng Xiaoping"),
            ("Deng Xiao Ping", "Deng Xiaoping"),
            ("deng xiao ping houston", "deng xiaoping houston"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["deng"])
                self.assertContains(response, f"Showing results for “{shown}”.")
        # Common words are never joined ("in to" is no "into"), nor words apart by more than spaces.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Xiao, ping"})), [])

    def test_a_name_typed_as_one_word_is_split_as_the_catalogue_writes_it(self):
        # "XiJinping", "dengxiaoping": as hashtags and user names write a name. Read as one word
        # found nowhere, it found nothing and no correction was near it.
        Person.objects.create(name="Xi Jinping", chinese_name="习近平")
        make_exchange(title="Xi Jinping tours a farm in Iowa", date=D(2012, 2, 16), slug="xi-iowa")
        for typed, shown, found in [
            ("DengXiaoping", "Deng Xiaoping", ["deng"]),
            ("dengxiaoping houston", "deng xiaoping houston", ["deng"]),
            ("XiJinping", "Xi Jinping", ["xi-iowa"]),  # "xi", shorter than the words kept, is a name's
            ("XIJINPING Iowa", "XI JINPING Iowa", ["xi-iowa"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), found)
                self.assertContains(response, f"Showing results for “{shown}”.")
        # Quoted, a word is searched as typed; one that is no two words of the catalogue is left.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": '"DengXiaoping"'})), [])
        response = self.client.get("/exchanges/", {"q": "Dengxyzzy"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Showing results for")

    def test_chinese_typed_without_spaces_is_read_as_the_spellings_it_holds(self):
        # Chinese is written without spaces: 中美贸易 and 上海姐妹城市 were each one phrase of
        # characters that no record holds, where 中美 贸易 and 上海 姐妹城市 found the records.
        Place.objects.create(name="Shanghai", chinese_name="上海市")
        make_exchange(title="Shanghai and San Francisco renew their sister city ties", slug="sister")
        make_exchange(title="Soybean trade mission", date=D(2017, 9, 1), slug="soybeans")
        for typed, shown, found in [
            ("中美贸易", "中美 贸易", ["soybeans"]),
            ("上海姐妹城市", "上海 姐妹城市", ["sister"]),
            ("上海姐妹城市 San Francisco", "上海 姐妹城市 San Francisco", ["sister"]),
            # Letters and characters typed together are two words, whatever the characters.
            ("Soybean贸易", "Soybean 贸易", ["soybeans"]),
            ("姐妹城市Shanghai", "姐妹城市 Shanghai", ["sister"]),
            # A date keeps its unit: "2017 年 贸易" was shown, the year parted from 年.
            ("2017年中美贸易", "2017年 中美 贸易", ["soybeans"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), found)
                self.assertContains(response, f"Showing results for “{shown}”.")
        # A run a record holds is searched as it is; quoted, it is never taken apart.
        response = self.client.get("/exchanges/", {"q": "乒乓外交"})
        self.assertEqual(slugs(response), ["pingpong"])
        self.assertNotContains(response, "Showing results for")
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": '"中美贸易"'})), [])

    def test_words_a_comma_lists_without_a_space_are_words_apart(self):
        # "Kissinger,Peking" and 尼克松，中国 (Chinese lists with a full-width comma or 、, no space)
        # were read as one phrase, which no record writes, and found nothing.
        for typed, found in [
            ("Kissinger,Peking", ["kissinger"]),
            ("Kissinger;Peking", ["kissinger"]),
            ("Peking,-Nixon", ["blinken", "kissinger"]),
            ("尼克松，中国", ["nixon-1990", "nixon-1972"]),
            ("尼克松、中国", ["nixon-1990", "nixon-1972"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), found)
        # A comma between digits is part of the number.
        make_exchange(title="Nanjing sends 30,000 face masks", date=D(2020, 3, 1), slug="masks")
        make_exchange(title="30 delegates bring 000 cards", date=D(2020, 3, 2), slug="cards")
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "30,000"})), ["masks"])

    def test_a_word_is_corrected_alike_on_both_databases(self):
        # difflib calls "duck" and "dick" alike (0.75), trigrams not (0.25): SQLite showed
        # "Peking dick" for "Peking duck", PostgreSQL nothing; PostgreSQL read "Yenching" as
        # "Ching", three letters shorter, where SQLite did not.
        make_exchange(title="Dick Cheney visits Beijing", date=D(2006, 4, 1), slug="cheney")
        make_exchange(title="Ching dynasty art show", date=D(1999, 4, 1), slug="ching")
        for typed in ["duck", "Peking duck", "Yenching"]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), [])
                self.assertNotContains(response, "Showing results for")
        # Near by both measures, a word is still corrected.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Cheny"})), ["cheney"])

    def test_a_correction_that_finds_nothing_either_is_not_offered(self):
        # "Kisinger" is near "kissinger", but no exchange has it with "zyzzogeton".
        response = self.client.get("/exchanges/", {"q": "Kisinger Zyzzogeton"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Did you mean")
        self.assertNotContains(response, "Showing results for")

    def test_no_word_is_corrected_into_one_every_exchange_implies(self):
        # "Zhongxun" (Xi Zhongxun) is near "Zhongguo", China, which every exchange implies and a
        # search with other words leaves out: corrected, "Nixon Zhongxun" showed every Nixon.
        response = self.client.get("/exchanges/", {"q": "Nixon Zhongxun"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Showing results for")

    def test_a_place_the_gazetteer_knows_is_no_misspelling(self):
        # Hainan (a province of entities/vocabularies/places.csv) is not a misspelt "Hanban".
        make_exchange(title="Hanban opens a Confucius Institute", date=D(2004, 11, 1), slug="hanban")
        response = self.client.get("/exchanges/", {"q": "Hainan"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Showing results for")
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Hanbam"})), ["hanban"])

    def test_a_short_word_is_corrected_by_one_letter_at_most(self):
        # Two letters change a short word into another word more often than they mend a typo:
        # "Taiwan Strait", which no record wrote, showed the results for "Taiwan Strains".
        make_exchange(title="Taiwan farm strains shown in Iowa", date=D(2015, 4, 1), slug="strains")
        make_exchange(title="Cheney visits Beijing", date=D(2006, 4, 1), slug="cheney")
        for typed in ["Taiwan Strait", "Taiwan strait"]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), [])
                self.assertNotContains(response, "Showing results for")
        # One letter off (or two beside each other swapped) is still mended at any length, and
        # two in a longer word.
        for typed, shown in [
            ("Taiwan Strainz", "Taiwan Strains"),
            ("Cheny", "Cheney"),
            ("Pekign", "Peking"),
            ("Kisingr", "Kissinger"),
        ]:
            with self.subTest(typed=typed):
                self.assertContains(
                    self.client.get("/exchanges/", {"q": typed}), f"Showing results for “{shown}”."
                )

    def test_two_letters_swapped_inside_a_short_word_are_mended(self):
        # A swap in the middle leaves few trigrams in common ("tiawan" and "taiwan" share 3 of 11),
        # so neither database offered "Taiwan" where it did offer "Pekign" for Peking.
        make_exchange(title="Taiwan trade office opens in Texas", date=D(2015, 4, 1), slug="taiwan")
        for typed, shown in [("Tiawan", "Taiwan"), ("Bejiing", "Beijing"), ("Nxion", "Nixon")]:
            with self.subTest(typed=typed):
                self.assertContains(
                    self.client.get("/exchanges/", {"q": typed}), f"Showing results for “{shown}”."
                )

    def test_an_organisations_initials_are_those_of_each_part_of_its_name(self):
        self.assertEqual(
            list(name_initials("National Council for United States-China Trade (US-China Business Council)")),
            ["NCUSCT", "USCBC"],
        )
        self.assertEqual(
            list(name_initials("Center for U.S.-China Arts Exchange, Columbia University")), ["CUSCAE"]
        )

    def test_an_organisations_initials_typed_find_its_name(self):
        # "NCUSCR" and "USCBC", as readers and the organisations write them, found nothing: no
        # record writes them, and a word in capitals is never corrected.
        make_exchange(
            title="Table tennis team tours America",
            summary="Hosted by the National Committee on U.S.-China Relations.",
            partners="National Committee on U.S.-China Relations",
            slug="ncuscr",
        )
        make_exchange(
            title="Trade mission to Beijing",
            summary="Led by the council.",
            partners="U.S.-China Business Council",
            slug="uscbc",
        )
        for typed, shown, expected in [
            ("NCUSCR", "National Committee on U.S.-China Relations", ["ncuscr"]),
            ("USCBC", "U.S.-China Business Council", ["uscbc"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, escape(f"Showing results for “{shown}”."))
        # Initials that are no organisation's are left alone, as before.
        response = self.client.get("/exchanges/", {"q": "NCUSC"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Showing results for")

    def test_the_initials_of_an_organisations_alias_typed_find_its_name(self):
        # Only the names were read: the initials of a former name or another spelling found nothing.
        from entities.models import Organisation

        make_exchange(
            title="Trade mission to Beijing",
            summary="Led by the council.",
            partners="U.S.-China Business Council",
            slug="uscbc",
        )
        council = Organisation.objects.get(name="U.S.-China Business Council")
        council.aliases.create(name="National Council for United States-China Trade")
        # One whose name begins with another letter than its alias.
        council.aliases.create(name="Yankee China Trade Council")
        for typed in ["NCUSCT", "YCTC"]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["uscbc"])
                self.assertContains(response, escape("Showing results for “U.S.-China Business Council”."))

    def test_an_abbreviation_typed_in_capitals_is_not_corrected_into_a_word(self):
        # "CSIS" (a think tank no record named) showed the results for "CRISIS"; readers type
        # abbreviations in capitals, and one the catalogue lacks is not a misspelt word.
        make_exchange(title="Crisis talks in Beijing", date=D(2001, 4, 1), slug="crisis")
        for typed in ["CSIS", "CRISS"]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), [])
                self.assertNotContains(response, "Showing results for")
        # In small letters it is a word, and a name typed in capitals is still mended.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "criss"})), ["crisis"])
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "KISINGR"})), ["kissinger"])

    def test_a_query_that_finds_a_little_gets_a_suggestion(self):
        response = self.client.get("/exchanges/", {"q": "Nixon OR Blinkin"})
        self.assertContains(response, "Did you mean:")
        self.assertContains(response, "Nixon OR Blinken")

    def test_words_found_apart_but_never_together_offer_a_search_for_any_of_them(self):
        response = self.client.get("/exchanges/", {"q": "Kissinger Blinken"})
        self.assertEqual(slugs(response), [])
        self.assertContains(response, "No exchange has all of these words. With any of them:")
        self.assertContains(response, 'href="?q=Kissinger+OR+Blinken"')
        self.assertEqual(
            set(slugs(self.client.get("/exchanges/", {"q": "Kissinger OR Blinken"}))),
            {"kissinger", "blinken"},
        )
        # A year that narrows nothing is one of the words.
        response = self.client.get("/exchanges/", {"q": "Nixon library 1972"})
        self.assertContains(response, 'href="?q=Nixon+OR+library+OR+1972"')

    def test_words_never_found_together_are_each_counted_alone(self):
        # "Mar-a-Lago summit" found nothing, and the page offered only both words joined by OR: not
        # that one of them finds a single exchange, the other many.
        make_exchange(
            title="Trump and Xi meet at Mar-a-Lago", date=D(2017, 4, 6), slug="mar-a-lago", type="diplomatic"
        )
        make_exchange(
            title="Xi and Obama hold a summit", date=D(2013, 6, 7), slug="summit-1", type="diplomatic"
        )
        make_exchange(title="G20 summit in Hangzhou", date=D(2016, 9, 4), slug="summit-2", type="business")
        response = self.client.get("/exchanges/", {"q": "Mar-a-Lago summit"})
        self.assertEqual(slugs(response), [])
        self.assertContains(response, "No exchange has all of these words. With any of them:")
        self.assertContains(
            response,
            'Each word alone: <a href="?q=Mar-a-Lago">Mar-a-Lago</a> <span class="text-body-secondary">'
            '(1 exchange)</span> · <a href="?q=summit">summit</a> <span class="text-body-secondary">'
            "(2 exchanges)</span>",
            html=False,
        )
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Mar-a-Lago"})), ["mar-a-lago"])
        # Under other filters, counted among the exchanges they keep, as the links keep them.
        response = self.client.get(
            "/exchanges/", {"q": "Mar-a-Lago summit", "type": "business", "sort": "title"}
        )
        self.assertContains(response, "With any of them:")
        self.assertContains(
            response,
            'Each word alone: Mar-a-Lago <span class="text-body-secondary">(none)</span> · '
            '<a href="?q=summit&amp;type=business&amp;sort=title">summit</a> '
            '<span class="text-body-secondary">(1 exchange)</span>',
            html=False,
        )
        self.assertEqual(
            slugs(self.client.get("/exchanges/", {"q": "summit", "type": "business"})), ["summit-2"]
        )
        # A word that finds nothing alone is said so, without a link.
        response = self.client.get("/exchanges/", {"q": "Kissinger Zyzzogeton"})
        self.assertContains(
            response, 'Zyzzogeton <span class="text-body-secondary">(none)</span></li>', html=False
        )
        self.assertNotContains(response, "?q=Zyzzogeton")
        # A word typed in Chinese is marked so, for screen readers and fonts, in both offers.
        make_exchange(title="北京会谈", date=D(2001, 5, 1), slug="beijing-talks")
        response = self.client.get("/exchanges/", {"q": "北京会谈 Zyzzogeton"})
        self.assertContains(response, '<span lang="zh">北京会谈</span> OR Zyzzogeton</a>', html=False)
        self.assertContains(
            response, '<span lang="zh">北京会谈</span></a> <span class="text-body-secondary">(1 exchange)'
        )

    def test_words_counted_alone_say_when_they_find_more_than_is_counted(self):
        for number in range(3):
            make_exchange(title=f"Summit {number}", date=D(2013, 6, 7 + number), slug=f"summit-{number}")
        with mock.patch("exchanges.search.COUNTED_ALONE", 2):
            response = self.client.get("/exchanges/", {"q": "Kissinger summit"})
        self.assertContains(
            response, '<a href="?q=summit">summit</a> <span class="text-body-secondary">(more than 2)'
        )
        self.assertContains(
            response, '<a href="?q=Kissinger">Kissinger</a> <span class="text-body-secondary">(1 exchange)'
        )
        # A year alone is searched as the year, as its link reads it: Nixon's visit, not the talks
        # whose title names 1972.
        make_exchange(title="Talks on 1972 archives", date=D(2001, 5, 1), slug="archives")
        make_exchange(title="The 1972 communiqué remembered", date=D(2002, 2, 27), slug="communique")
        response = self.client.get("/exchanges/", {"q": "Blinken 1972"})
        self.assertContains(
            response, '<a href="?q=1972">1972</a> <span class="text-body-secondary">(1 exchange)'
        )
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "1972"})), ["nixon-1972"])
        # Beyond MOST_WORDS_COUNTED_ALONE words, only the offer of any of them: a query a word.
        response = self.client.get("/exchanges/", {"q": "Kissinger Blinken Nixon Deng Houston navy"})
        self.assertContains(response, "With any of them:")
        self.assertNotContains(response, "Each word alone")

    def test_the_words_offered_apart_are_those_searched_without_their_punctuation(self):
        # A question offered "Who OR met OR Kissinger OR and OR Blinken?": the common words it
        # leaves out, and "Blinken?" with its question mark.
        response = self.client.get("/exchanges/", {"q": "Who met Kissinger and Blinken?"})
        self.assertEqual(slugs(response), [])
        self.assertContains(response, 'href="?q=met+OR+Kissinger+OR+Blinken"')
        response = self.client.get("/exchanges/", {"q": "Kissinger, U.S. Blinken!"})
        self.assertContains(response, 'href="?q=Kissinger+OR+U.S.+OR+Blinken"')
        response = self.client.get("/exchanges/", {"q": "Kissinger,Blinken"})
        self.assertContains(response, 'href="?q=Kissinger+OR+Blinken"')

    def test_names_joined_by_a_dash_that_are_never_written_together_are_searched_apart(self):
        # "Kissinger-Chou talks", as news writes a meeting: read as the phrase "kissinger chou" it
        # found nothing, since no record writes the two names side by side.
        for typed, shown in [
            ("Kissinger-Chou", "Kissinger Chou"),
            ("Kissinger–Chou Peking", "Kissinger Chou Peking"),  # an en dash
            ("Kissinger/Chou 1971", "Kissinger Chou 1971"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), ["kissinger"])
                self.assertContains(response, f"Showing results for “{shown}”.")
                self.assertContains(response, f"matching “{shown}”")
        # The search as typed is offered with the joined words quoted, a phrase never set apart.
        response = self.client.get("/exchanges/", {"q": "Kissinger-Chou Peking"})
        self.assertContains(response, 'href="?q=%22Kissinger-Chou%22+Peking"')
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": '"Kissinger-Chou" Peking'})), [])
        # Written together in a record, a dashed word is a phrase as before, and nothing is shown apart.
        response = self.client.get("/exchanges/", {"q": "Ping-pong"})
        self.assertEqual(slugs(response), ["pingpong"])
        self.assertNotContains(response, "Showing results for")
        # Quoted, it is the phrase the reader asked for; with a minus, a word left out.
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": '"Kissinger-Chou"'})), [])
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": "Nixon -China"})), ["nixon-1990"])
        # Apart, the words must still all be there: "Kissinger-Blinken" finds no one.
        response = self.client.get("/exchanges/", {"q": "Kissinger-Blinken"})
        self.assertEqual(slugs(response), [])
        self.assertNotContains(response, "Showing results for")

    def test_the_words_of_a_question_that_find_nothing_with_the_others_are_left_out(self):
        # Each found nothing: no record says "went" or "tell" beside the names.
        for typed, shown, expected in [
            ("Nixon went to China", "Nixon China", {"nixon-1972", "nixon-1990"}),
            ("tell me about ping-pong diplomacy", "ping-pong diplomacy", {"pingpong"}),
            ("What happened in Houston?", "Houston?", {"deng"}),
            # A courtesy title before a name, which the records leave out.
            ("Dr. Kissinger", "Kissinger", {"kissinger"}),
            ("Mr. Nixon", "Nixon", {"nixon-1972", "nixon-1990"}),
            ("Mme. Kissinger", "Kissinger", {"kissinger"}),
            ("Madame Deng", "Deng", {"deng"}),
            ("Mlle Deng", "Deng", {"deng"}),
            ("Miss Nixon", "Nixon", {"nixon-1972", "nixon-1990"}),
            # Beside a date, the common words stay, as the date may need them ("between 1972 and 1975").
            ("Nixon went to China in 1972", "Nixon to China in 1972", {"nixon-1972"}),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(set(slugs(response)), expected)
                self.assertContains(response, f"Showing results for “{shown}”.")
        # The search as typed is offered with the words left out quoted, which keeps them.
        response = self.client.get("/exchanges/", {"q": "Nixon went to China"})
        self.assertContains(response, 'href="?q=Nixon+%22went%22+to+China"')
        self.assertEqual(slugs(self.client.get("/exchanges/", {"q": 'Nixon "went" to China'})), [])
        # A record that holds the word is found by it; a search written with OR is not loosened.
        make_exchange(title="Nixon went to the Great Wall", date=D(1972, 2, 24), slug="wall")
        response = self.client.get("/exchanges/", {"q": "Nixon went"})
        self.assertEqual(slugs(response), ["wall"])
        self.assertNotContains(response, "Showing results for")
        response = self.client.get("/exchanges/", {"q": "Blinken OR Kissinger went"})
        self.assertNotContains(response, "Showing results for")

    def test_a_search_that_says_how_its_words_go_together_is_not_loosened(self):
        for query in [
            "Zyzzogeton",  # one word
            "Zyzzogeton Qwyjibo",  # neither word anywhere
            '"Kissinger Blinken"',
            "Kissinger OR Nixon Blinken",
            "Kissinger Blinken -Nixon",
            "Nixon China",  # found
        ]:
            with self.subTest(query=query):
                self.assertNotContains(self.client.get("/exchanges/", {"q": query}), "With any of them")

    def test_a_match_in_the_chinese_title_shows_it_marked(self):
        # The list shows the English title only: the snippet says why the row was found.
        # (Not 乒乓 alone: "table tennis" is one of its synonyms, found in the summary.)
        response = self.client.get("/exchanges/", {"q": "乒乓外交"})
        self.assertEqual(slugs(response), ["pingpong"])
        self.assertContains(response, "<mark>乒乓外交</mark>", html=False)
        # A match in the summary comes first.
        self.assertNotContains(self.client.get("/exchanges/", {"q": "table tennis"}), "乒乓外交")

    def test_results_show_a_marked_escaped_snippet(self):
        response = self.client.get("/exchanges/", {"q": "Chou En-lai"})
        self.assertContains(response, "<mark>Chou</mark> <mark>En-lai</mark>", html=False)
        self.assertContains(response, "&lt;em&gt;Premier&lt;/em&gt;")


class TaiwanAndHongKongNameTests(TestCase):
    """Readers in Taiwan and Hong Kong write American names as their press does (川普 for Trump,
    歐巴馬 for Obama, 季辛吉 for Kissinger), not as the mainland's (特朗普, 奥巴马, 基辛格): OpenCC
    changes the characters, not the name, and each found nothing."""

    @classmethod
    def setUpTestData(cls):
        for slug, title in [
            ("nixon", "Nixon visits China"),
            ("kissinger", "Kissinger's secret trip"),
            ("obama", "Obama meets Xi at Sunnylands"),
            ("trump", "Trump and Xi meet in Busan"),
            ("reagan", "Reagan visits Shanghai"),
            ("bush", "Bush hosts Jiang at Crawford"),
            ("clinton", "Clinton visits Xi'an"),
        ]:
            make_exchange(slug=slug, title=title, date=D(1990, 1, 1))
        place = Place.objects.create(name="Iowa", chinese_name="艾奥瓦州", kind=Place.Kind.PROVINCE)
        place.aliases.create(name="爱荷华州")
        make_exchange(slug="iowa", title="Hebei governor visits Iowa", date=D(1990, 1, 1), location="Iowa")

    def test_the_names_taiwan_and_hong_kong_write_find_the_records(self):
        for typed, expected in [
            ("尼克森", "nixon"),
            ("季辛吉", "kissinger"),
            ("歐巴馬", "obama"),
            ("川普", "trump"),
            ("雷根", "reagan"),
            ("列根", "reagan"),
            ("布希", "bush"),
            ("布殊", "bush"),
            ("柯林頓", "clinton"),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), [expected])

    def test_a_place_is_found_by_its_chinese_alias_without_its_administrative_word(self):
        # 爱荷华 for the alias 爱荷华州, as 艾奥瓦 is for the name 艾奥瓦州.
        for typed in ["艾奥瓦", "爱荷华", "愛荷華"]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), ["iowa"])


class ShortAliasTests(TestCase):
    """A state's postal code ("GA", "CO", "HI", "WA") is an alias of its place: typed, it finds the
    place's other spellings; but typing the name does not search for the code, which stands for a
    common word's stem too ("gas", "his" and "was" are "ga", "hi" and "wa" to SQLite's stemmer), or
    for the "co" of "co-hosted": Georgia found records of gas on SQLite, and not on PostgreSQL, and
    Colorado every record of a co-host on both."""

    @classmethod
    def setUpTestData(cls):
        for name, alias in [
            ("Georgia", "GA"),
            ("Colorado", "CO"),
            ("Hawaii", "HI"),
            ("Washington State", "WA"),
        ]:
            Place.objects.create(name=name, kind=Place.Kind.PROVINCE).aliases.create(name=alias)
        for slug, title, summary in [
            ("atlanta", "Pandas arrive at Zoo Atlanta, Georgia", "A ten-year loan."),
            ("gas", "Natural gas agreement signed", "His delegation signed it; it was a long day."),
            ("cohost", "Forum co-hosted by two universities", "Scholars met."),
            ("denver", "Governor of Colorado visits Sichuan", "A trade mission."),
            ("honolulu", "Navy ships call at Pearl Harbor, Hawaii", "Sailors visited Honolulu."),
            ("seattle", "Washington State trade mission", "Apple growers went to Beijing."),
            ("un", "UN General Assembly session", "Diplomats met."),
            ("embassy", "Embassy opens in Washington, D.C.", "Diplomats met."),
        ]:
            make_exchange(slug=slug, title=title, summary=summary, date=D(1990, 1, 1))

    def test_a_name_is_not_searched_for_as_its_two_letter_code(self):
        for query, expected in [
            ("Georgia", {"atlanta"}),
            ("Colorado", {"denver"}),
            ("Hawaii", {"honolulu"}),
            ("Washington State", {"seattle"}),
            # A spelling of the synonyms file, which editors chose, still is: UN / United Nations.
            ("United Nations", {"un"}),
            ("District of Columbia", {"embassy"}),
        ]:
            with self.subTest(query=query):
                self.assertEqual(set(slugs(self.client.get("/exchanges/", {"q": query}))), expected)

    def test_the_code_typed_still_finds_the_name(self):
        for query, expected in [("GA", "atlanta"), ("CO", "denver"), ("HI", "honolulu")]:
            with self.subTest(query=query):
                self.assertIn(expected, slugs(self.client.get("/exchanges/", {"q": query})))


class DottedInitialsTests(TestCase):
    """A name's initials are written with a space after each dot ("George H. W. Bush"), without one
    ("George H.W. Bush") or without dots ("George HW Bush"): one word "hw", or two, "h" and "w". A
    reader who typed the other writing than the name's found nothing."""

    @classmethod
    def setUpTestData(cls):
        Person.objects.create(name="George H. W. Bush")
        Person.objects.create(name="John F.K. Smith")
        for slug, title in [
            ("spaced", "George H. W. Bush visits Beijing"),
            ("joined", "George H.W. Bush meets Deng Xiaoping"),
            ("smith", "John F. K. Smith lectures in Nanjing"),
            ("walker", "Walker Bush and H. Wang meet"),
        ]:
            make_exchange(slug=slug, title=title, date=D(1990, 1, 1))

    def test_a_name_with_initials_is_found_however_they_are_written(self):
        for typed, expected in [
            ("George H. W. Bush", {"spaced", "joined"}),
            ("George H.W. Bush", {"spaced", "joined"}),
            ("George HW Bush", {"spaced", "joined"}),
            ("John F. K. Smith", {"smith"}),
            ("John FK Smith", {"smith"}),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(set(slugs(self.client.get("/exchanges/", {"q": typed}))), expected)


class SynonymLineTests(TestCase):
    """Spellings readers type for what the records write otherwise (synonyms.txt)."""

    @classmethod
    def setUpTestData(cls):
        for slug, title, summary in [
            ("stlouis", "Nanjing delegation visits St. Louis", "The mayor welcomed them."),
            ("newyork", "Philharmonic concert in New York", "Musicians from Wuhan joined the players."),
            ("jiang", "Jiang Zemin tours Houston", "He met oil executives."),
            ("wen", "Wen Jiabao meets business leaders", "The premier spoke on currency."),
            ("yang", "Yang Jiechi holds talks", "The foreign minister met his counterpart."),
            ("hu", "Hu Jintao visits Seattle", "He toured an aircraft plant."),
            ("pku", "Lecture at Peking University", "Students from Beida attended."),
            ("yale", "Beijing choir visits Yale University", "The singers gave two concerts."),
            ("liaison", "Liaison offices become embassies", "Relations were established in 1979."),
            ("nixon", "Nixon visits China", "A leader without diplomatic relations with Beijing."),
            ("phaseone", "The two sides sign the Phase One trade agreement", "Tariffs were cut."),
            ("phasedown", "Leaders agree to phase down coolants", "One more accord on climate."),
            ("paris", "Both countries join the Paris climate pact", "Each ratified it in Hangzhou."),
            ("biden", "Biden and Xi meet in Woodside", "The meeting lasted four hours."),
            ("xi", "Xi Jinping visits the United States", "His first state visit."),
            ("newsom", "Governor Newsom visits Beijing", "He met the vice president."),
            ("burns", "Ambassador Burns speaks at Fudan University", "Students asked about trade."),
            ("pelosi", "Pelosi leads a congressional trip", "Members met students."),
            ("pennsylvania", "Pennsylvania farmers host visitors from Jilin", "They toured dairies."),
            ("capital", "A Chengdu ballet dances in Washington, D.C.", "Two evenings at the Kennedy Center."),
            ("bush41", "George H. W. Bush fishes in Kennebunkport", "A quiet weekend."),
            ("bush43", "George W. Bush throws a pitch", "A quiet weekend."),
            ("balloon", "Blinken's trip put off", "After the surveillance balloon of February 2023."),
            ("ep3", "A frigate calls at Qingdao", "The first call since the EP-3 collision of 2001."),
            ("recognition", "Recognition", "Washington recognised the sole legal government of China."),
            ("tra", "Congress passes the Taiwan Relations Act", "Unofficial ties go on."),
            ("onemore", "One more concert in Xi'an", "A Chinese orchestra played."),
        ]:
            make_exchange(slug=slug, title=title, summary=summary, date=D(1990, 1, 1))

    def test_incidents_are_found_by_the_names_the_news_gave_them(self):
        # Each found nothing: no record writes "spy" beside the balloon, nor "spy plane".
        for typed, expected in [
            ("spy balloon", ["balloon"]),
            ("流浪气球", ["balloon"]),
            ("spy plane", ["ep3"]),
            ("撞机", ["ep3"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_a_policy_or_law_is_found_by_the_short_names_readers_give_it(self):
        # "One-China" was "one" anywhere apart (China is implied), "TRA" a word no record holds.
        for typed, expected in [
            ("One-China", ["recognition"]),
            ("one China policy", ["recognition"]),
            ("一个中国", ["recognition"]),
            ("TRA", ["tra"]),
            ("台湾关系法", ["tra"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_the_two_presidents_bush_are_found_as_the_press_tells_them_apart(self):
        # Each found nothing: "41" and "43" were searched as words, "H.W." as a word no record holds.
        for typed, expected in [
            ("Bush 41", ["bush41"]),
            ("H.W. Bush", ["bush41"]),
            ("Bush Sr.", ["bush41"]),
            ("Bush 43", ["bush43"]),
            ("Bush Jr.", ["bush43"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_a_title_abbreviated_as_the_press_writes_it_finds_the_title_written_out(self):
        # "Gov. Newsom" searched the word "gov", which no record writes: each found nothing.
        for typed, expected in [
            ("Gov. Newsom", ["newsom"]),
            ("Amb. Burns", ["burns"]),
            ("Newsom Pres.", ["newsom"]),
            ("Fudan Univ.", ["burns"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)

    def test_spellings_readers_type_find_the_records(self):
        for typed, expected in [
            ("Saint Louis", ["stlouis"]),
            ("NYC", ["newyork"]),
            ("New York City", ["newyork"]),
            ("纽约市", ["newyork"]),
            # Wade-Giles, as the press of the reform era wrote the leaders' names.
            ("Chiang Tse-min", ["jiang"]),
            ("Wen Chia-pao", ["wen"]),
            ("Yang Chieh-chih", ["yang"]),
            ("Hu Chin-tao", ["hu"]),
            # Peking University by the name's other spelling: not any Beijing exchange naming a university.
            ("Beijing University", ["pku"]),
            ("Peking University", ["pku"]),
            ("北大", ["pku"]),
            # 建交: the establishment of diplomatic relations, not any mention of them.
            ("建交", ["liaison"]),
            ("中美建交", ["liaison"]),
            # The agreement, written both ways, and not any record holding "phase" and "one".
            ("Phase One", ["phaseone"]),
            ("phase 1", ["phaseone"]),
            # What the news calls a deal, the records call an agreement; a treaty ratified is its
            # ratification. Not an accord: its stem is "accordance"'s.
            ("Phase One trade deal", ["phaseone"]),
            ("Paris agreement ratification", ["paris"]),
            ("协议", ["paris", "phaseone"]),
            # Chinese reports' words for a meeting and for a visit to either country.
            ("拜登 会晤", ["biden"]),
            ("习近平 访美", ["xi"]),
            ("访华", ["nixon"]),
            # Places and people as the Chinese press spells or shortens them: 休斯顿 beside the
            # gazetteer's 休斯敦, 宾州 for Pennsylvania, 华府 for the capital, 佩洛西 for Pelosi.
            ("休斯顿", ["jiang"]),
            ("休斯敦", ["jiang"]),
            ("宾州", ["pennsylvania"]),
            ("华府", ["capital"]),
            ("佩洛西", ["pelosi"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(slugs(self.client.get("/exchanges/", {"q": typed})), expected)


class ForeignFamilyNameTests(TestCase):
    """A foreign name written in Chinese with its dot (比尔·盖茨) is found by its family name alone
    (盖茨), as the Chinese press writes it: every person of that family name, and no record that
    only holds the English word ("gates")."""

    @classmethod
    def setUpTestData(cls):
        for slug, title, participants in [
            ("bill", "Microsoft founder meets students in Beijing", "Bill Gates"),
            ("robert", "Defense Secretary visits Beijing", "Secretary of Defense Robert Gates"),
            ("lord", "Ambassador presents credentials", "Ambassador Winston Lord"),
        ]:
            make_exchange(
                slug=slug, title=title, summary="A visit.", participants=participants, date=D(2000, 1, 1)
            )
        make_exchange(
            slug="golden",
            title="Students walk through the palace gates",
            summary="A lord's house.",
            date=D(2000, 1, 1),
        )

    def test_the_family_name_in_chinese_finds_every_person_of_it(self):
        self.assertEqual(Person.objects.get(name="Bill Gates").chinese_name, "比尔·盖茨")
        for typed, expected in [
            ("盖茨", ["bill", "robert"]),
            ("比尔·盖茨", ["bill"]),
            ("Bill Gates", ["bill"]),
            ("Robert Gates", ["robert"]),
            ("洛德", ["lord"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(sorted(slugs(self.client.get("/exchanges/", {"q": typed}))), expected)


class ChineseNewsWordTests(TestCase):
    """The words of Chinese news reports (synonyms.txt) find the records written in English, and
    the English phrases they stand for are searched as phrases, not as their words anywhere. The
    Chinese names of people, organisations and places (白宫, 纽约时报) are their entities'
    (entities/vocabularies/chinese_names.csv and places.csv), which linking gives them."""

    @classmethod
    def setUpTestData(cls):
        for slug, title, summary in [
            ("communique", "Nixon ends his visit in Shanghai", "The two sides issued a joint communiqué."),
            ("forum", "Forum on people-to-people exchange in Fuzhou", "Young people met."),
            ("blinken", "Secretary of State Blinken visits Beijing", "He met the foreign minister."),
            ("hebei", "Party Secretary of Hebei visits Iowa", "A sister-state tie of thirty years."),
            ("masks", "Nanjing sends St. Louis face masks", "Sent early in the COVID-19 pandemic."),
            ("hagel", "Defense Secretary Hagel visits Beijing", "He saw an aircraft carrier."),
            ("chang", "Defense minister Chang Wanquan visits Washington", "He saw a warship."),
            ("orchestra", "Philadelphia Orchestra tours China", "Concerts in Beijing and Shanghai."),
            ("studytour", "Iowa farmers make a study tour of Hebei", "They saw pig farms."),
            ("soybeans", "Trump and Xi discuss soybeans", "In a phone call of an hour."),
            ("virtual", "Biden and Xi hold a virtual summit", "Three hours by video link."),
            ("tacoma", "Xi visits a high school in Tacoma", "Students gave him a football jersey."),
        ]:
            make_exchange(slug=slug, title=title, summary=summary, date=D(1990, 1, 1))
        # Records whose names linking makes entities of, with their Chinese names.
        for slug, title, summary, names in [
            (
                "whitehouse",
                "Bush welcomes Hu Jintao to the White House",
                "A lawn ceremony.",
                {"location": "The White House, Washington, DC"},
            ),
            ("bureau", "A newspaper opens a Beijing bureau", "", {"partners": "The Wall Street Journal"}),
            (
                "reporters",
                "China expels three reporters",
                "Three Wall Street Journal reporters were told to leave.",
                {"partners": "The New York Times"},
            ),
            (
                "kerry",
                "Climate talks in Shanghai",
                "Two envoys met.",
                {"participants": "Special Presidential Envoy for Climate John Kerry"},
            ),
        ]:
            make_exchange(slug=slug, title=title, summary=summary, date=D(1990, 1, 1), **names)

    def test_chinese_news_words_find_the_records(self):
        for typed, expected in [
            # The joint communiqués, however the Chinese is typed.
            ("中美联合公报", ["communique"]),
            ("联合公报", ["communique"]),
            ("人文交流", ["forum"]),
            ("人文交流 论坛", ["forum"]),
            # The office, not any record holding "secretary" and "state" (a sister state).
            ("美国国务卿", ["blinken"]),
            ("国务卿", ["blinken"]),
            ("Secretary of State", ["blinken"]),
            ("新冠 口罩", ["masks"]),
            # Either country's defence chief; the English names stay apart.
            ("国防部长", ["chang", "hagel"]),
            ("Defense Secretary", ["hagel"]),
            ("航母", ["hagel"]),
            ("军舰", ["chang"]),
            # A performers' tour, not a study tour.
            ("巡演", ["orchestra"]),
            ("音乐会", ["orchestra"]),
            ("大豆", ["soybeans"]),
            ("电话", ["soybeans"]),
            ("视频会晤", ["virtual"]),
            ("中学", ["tacoma"]),
            # 足球 is soccer; the American record's football is not.
            ("足球", []),
            # The family name alone, as the record writes it (synonyms.txt).
            ("布什", ["whitehouse"]),
            # Through the entities: the place White House, the newspapers, the person John Kerry.
            ("白宫", ["whitehouse"]),
            ("纽约时报", ["reporters"]),
            # Written without its article, as matching reads the name.
            ("华尔街日报", ["bureau", "reporters"]),
            ("约翰·克里", ["kerry"]),
            ("克里", ["kerry"]),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(sorted(slugs(self.client.get("/exchanges/", {"q": typed}))), expected)


class LeaderMeetingNicknameTests(TestCase):
    """The Chinese press names a meeting of two leaders by a character of each (习奥会, 特习会):
    exchanges/vocabularies/leaders.txt. As typed, each found nothing."""

    @classmethod
    def setUpTestData(cls):
        for slug, title, summary in [
            ("sunnylands", "Xi Jinping and Obama meet at Sunnylands", "Two days of talks."),
            ("bali", "Biden and Xi Jinping meet in Bali", "Their first meeting in person as presidents."),
            ("maralago", "Trump hosts Xi Jinping at Mar-a-Lago", "The two leaders met over dinner."),
            ("schoolvisit", "Obama visits a school in Shanghai", "Students asked questions."),
            ("carter", "Carter meets Deng Xiaoping", "At the White House."),
        ]:
            make_exchange(slug=slug, title=title, summary=summary, date=D(2015, 1, 1))

    def test_a_meeting_named_by_its_leaders_characters_finds_their_meetings(self):
        for typed, shown, expected in [
            ("习奥会", "习近平 奥巴马 会晤", ["sunnylands"]),
            ("習拜會", "习近平 拜登 会晤", ["bali"]),
            ("特习会", "特朗普 习近平 会晤", ["maralago"]),
            ("川习会", "川普 习近平 会晤", ["maralago"]),
            ("习拜会谈", "习近平 拜登 会晤", ["bali"]),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get("/exchanges/", {"q": typed})
                self.assertEqual(slugs(response), expected)
                self.assertContains(response, f"Showing results for “{shown}”.")

    def test_two_characters_that_begin_one_name_are_that_name(self):
        # 卡特 is Carter, not 卡 (Carter) and 特 (Trump).
        response = self.client.get("/exchanges/", {"q": "卡特会晤"})
        self.assertEqual(slugs(response), ["carter"])
        self.assertNotContains(response, "特朗普")
