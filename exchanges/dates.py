"""Dates as sources give them: a day, a month, a year, a span of any of those, perhaps "about".

One reader, `parse_period`, serves the contribution form, the admin, the import
and the catalogue's date filters; one writer, `format_period`, serves every page.
What `format_period` writes, `parse_period` reads back unchanged, so a form
filled in from a stored exchange shows the date the way the page does.

A period is stored in the columns the catalogue's queries and indexes use:
its first day (`date`), how exactly it is known (`date_precision`), its last
day when it is a span (`end_date`) and whether it is approximate (`circa`).
The precision is that of the start; a span of years is a year-precision date
with an end date ("2013–2016"). An end known otherwise than its start ("1985 –
March 1986") has its own precision too (`end_precision`, empty when the ends
are known alike), and is written and read back as it was typed.

Chinese sources write the same periods with 年, 月 and 日 ("2019年3月5日",
"2019年3月5日至8日", "约1985年", "20世纪80年代"), often in full-width digits; they
are read into the same columns. So are the forms exports and archives use: a time after the
day ("2019-03-05 00:00:00"), a question mark for an uncertain date ("1985?": about 1985), the
abbreviations archives and family-history files write for "about" ("abt. 1985", "ABT 1985",
"ca. 1985", "cca. 1985", "c1985"), a cataloguer's brackets ("[ca. 1985]"), either of two dates
("1985 or 1986", "March or April 1972": the span covering both, about, which `format_period`
writes as "c. 1985–1986" and `parse_period` reads back), a quarter ("Q1 1979", "first quarter of
1979", "1979年第一季度": its three months, written "January–March 1979"), a half of a year ("first
half of 1985", "H1 1985": its six months), a span of years
without the end's century ("2015–16"), a span of decades ("1970s–80s", stored as the years it
covers, 1970–1989), Chinese numerals ("二〇一五年九月", "一九七二年二月二十一日"), a span of days in
numbers giving its year once ("1972.2.21-28", "2/21-2/28/1972", "1972-02-21-28"), a day written year
first with a space after each dot ("1972. 2. 21."), two periods or a list joined by "and" when
each follows the one before ("1972 and 1973", "1971, 1972 and 1973", "1972、1973和1974年": the span;
"1972 and 1975" is refused, as no one period), a week by its first or last day ("the week
beginning February 21, 1972"), traditional characters and the years of the Republic of China
("民國61年2月": February 1972). What says too little is refused with what to write: a season or
rough part ("Spring 1972" may be about March–May 1972), a fiscal or school year, a lunar date, a
date without its year, "the week of" a day, a Western year as the Republic's ("民国2000年").
"""

import calendar
import dataclasses
import datetime
import functools
import itertools
import re
import unicodedata

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .numbers import CHINESE_NUMERALS, chinese_digits, chinese_number

DAY, MONTH, YEAR = "day", "month", "year"

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
        calendar.month_abbr[number].lower() + ".",
    }
}
MONTHS.update({"sept": 9, "sept.": 9})
WEEKDAYS = {name.lower() for name in [*calendar.day_name, *calendar.day_abbr]}
# Words that say nothing about the date itself: "the 14th of July", "Monday, July 14".
FILLER = {"st", "nd", "rd", "th", "of", "the", "on", "in"} | WEEKDAYS | {day + "." for day in WEEKDAYS}

# "About" as archives, libraries and genealogists abbreviate it: "abt." (GEDCOM's ABT, beside its
# CAL and EST), "approx.", "appr.", "ca.", "cca.", "circ.", "c.a.", "c1985". An abbreviation ends
# in a dot, a space or the date's digits, so that no word that only begins like one ("calendar")
# is read as one. "Probably" is what a question mark says ("1985?"), which is also "about".
CIRCA = re.compile(
    r"^(?:about|around|roughly|approximately|probably|estimated|calculated"
    r"|(?:approx|aprx|appr|abt|circa|circ|cca|calc|cal|ca|est|c\.\s?a|c)(?:\.|(?=[\s\d]))"
    r"|[~≈]|大约|大概|约)\s*",
    re.IGNORECASE,
)
# "1985年左右", "1985 (approx.)", "1985 (c.)", "1985 or so": about 1985.
CIRCA_AFTER = re.compile(
    r"\s*(?:左右|前后|\(?(?:approx\.?|approximately|circa|ca\.|est\.?|estimated)\)?|\(c\.?\)"
    r"|\bor\s+(?:so|thereabouts)|(?<=\d)\s*-?\s*ish)$",
    re.IGNORECASE,
)
# A cataloguer's brackets round the whole date, which say it was supplied from outside the item
# ("[ca. 1985]", "[1985 or 1986]").
BRACKETED = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")
# "1985?", "[1985?]": the catalogue's way of saying a date is uncertain is "about".
UNCERTAIN = "?"
# No end yet ("2010–present", "since 2010", "2010年至今"): the record says so under
# "Continuing", not in the date.
ONGOING_AFTER = re.compile(
    r"\s*(?:(?:[-–—‒―~]|\b(?:to|until|till|through|thru))\s*(?:the\s+)?"
    r"(?:present(?:\s+day)?|now|today|date|ongoing)\.?|[-–—‒―~]|至今|迄今|以来|起)$",
    re.IGNORECASE,
)
ONGOING_BEFORE = re.compile(r"^(?:since\b|[自从])\s*", re.IGNORECASE)
# A source unsure between two dates: "1985 or 1986", "March or April 1972", "1985年或1986年". The
# catalogue records the span covering both, marked approximate ("c. 1985–1986"): what it knows.
OR = re.compile(r"(?:^|\s+)or(?:\s+|$)|\s*或者?\s*", re.IGNORECASE)
EITHER_WORD = re.compile(r"^either\s+", re.IGNORECASE)
# "1985 or later", "1985年或更早": one end left open, which no span of the catalogue can say.
OPEN_ALTERNATIVE = re.compile(
    r"(?:^|\s+)(or\s+(?:later|earlier|after|afterwards|before|sooner))$|\s*(或者?(?:更早|更晚|以前|以后|之前|之后))$",
    re.IGNORECASE,
)
# A date with only one end: "before 1985", GEDCOM's "BEF 1985" and "AFT 1985", "pre-1985", "by 1985".
# The catalogue records a period, not a bound; it is refused, as "1985 or later" is, saying what to
# write. Only when the rest is a date: "after the war" is no date of any kind.
ONE_END = re.compile(
    r"^(?P<words>before|bef\.?|after|aft\.?|by|prior\s+to|no\s+(?:later|earlier)\s+than"
    r"|not\s+(?:before|after|later\s+than|earlier\s+than)|pre-|post-|post)(?:\s+|(?<=[-.]))(?P<rest>\S.*)",
    re.IGNORECASE,
)
# A half of a year in English words, as 上半年 and 下半年 say it: "first half of 1985", "H1 1985",
# "1985-H2". Read as its six months.
HALF = re.compile(
    r"(?:the\s+)?(?P<ordinal>first|second|third|fourth|\d(?:st|nd|rd|th))\s+half(?:\s+of)?\s+(?P<year>\d{4})"
    r"|H(?P<before>\d)[\s-]*(?P<year_after>\d{4})|(?P<year_first>\d{4})[\s-]*H(?P<after>\d)",
    re.IGNORECASE,
)
HALF_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# A month, perhaps after its day, then two digits: how a spreadsheet writes a date cell to CSV
# ("Jun-73", "9-Jul-14"). Which century is not said.
SHORT_YEAR = re.compile(r"(?:\d{1,2}[-/ ]+)?(?P<month>[^\W\d_]{3,9}\.?)[-/ ]+'?(?P<year>\d{2})")
# A span of years with the end's century left out: "2015–16", "1990/91", "1999–2000" as "1999–00".
SHORT_YEAR_SPAN = re.compile(r"(\d{4})\s*([-–—‒―~/])\s*(\d{2})")
# A span as ISO 8601 and archives' catalogues write it: its two ends, each a year, a month or a
# day, with a slash between ("1972-02-21/1972-02-28").
ISO_INTERVAL = re.compile(r"(\d{4}(?:-\d{1,2}){0,2})\s*/\s*(\d{4}(?:-\d{1,2}){0,2})")
# A day with a year of two digits ("2/21/72", "21.02.72"): which century is not said.
SHORT_YEAR_NUMERIC = re.compile(r"\d{1,2}([/.-])\d{1,2}\1(?P<year>\d{2})")
# What a spreadsheet writes for a date cell formatted as a number: its count of days since
# December 30, 1899 (26350 is February 21, 1972).
SPREADSHEET_DAY = re.compile(r"\d{5}(?:\.0+)?")
SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)
BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE)
FROM = re.compile(r"^from\s+", re.IGNORECASE)
# A time of day after a date, as spreadsheets and databases export one ("2019-03-05 00:00:00",
# "3/5/2019 0:00", "2019-03-05T10:00:00Z"): the catalogue records days.
TIME_OF_DAY = re.compile(
    r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$",
    re.IGNORECASE,
)
# Between two dates: any dash or tilde with or without spaces around it, or a word.
SPAN = re.compile(r"\s*[–—‒―~]\s*|\s+-\s+|\s+(?:to|until|through|thru)\s+|\s*[至到]\s*", re.IGNORECASE)
ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
# A day with the year last. With slashes or hyphens the month comes first, as in the United
# States ("3/5/2019" is March 5), unless it cannot ("21/2/1972" is February 21) or the reader is
# told the day comes first (`day_first`: a file whose other dates show it); with dots the day
# comes first, as where dots are written ("05.03.2019" is March 5).
NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# The same within a longer text ("28/01/1979 – 05/02/1979"), with slashes or hyphens: the dates
# whose order of day and month is a question.
NUMERIC_IN_TEXT = re.compile(r"(?<![\d/-])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?!\d)")
# A span of such days whose start leaves out its year ("2/21-2/28/1972", "21/2 – 28/2/1972"): both
# ends show the order.
NUMERIC_SPAN_IN_TEXT = re.compile(
    r"(?<![\d/-])(\d{1,2})/(\d{1,2})\s*(?:[-–—~]|\s(?:to|until|through)\s)\s*"
    r"(\d{1,2})/(\d{1,2})/\d{4}(?!\d)",
    re.IGNORECASE,
)
# What such a date shows: the day first ("28/01/1979"), the month first ("01/28/1979"), or
# either ("05/02/1979").
DAY_FIRST, MONTH_FIRST, EITHER = "day first", "month first", "either"
NUMERIC_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")  # "02/1972"
# A month in Chinese before its year in Western order, as calendars and sites set in Chinese or
# Japanese show it ("9月 2015", "9月22日, 2015"): the month, or day, of that year.
CHINESE_MONTH_FIRST = re.compile(r"(\d{1,2})\s*月份?(?:\s*(\d{1,2})\s*[日号])?,?\s+(\d{4})(?:\s*年)?")
# Chinese names a decade of the last century by its tens alone: 70年代 is 1970年代, the 1970s. Not
# 00年代 to 20年代, which may be this century's as well. The apostrophe of "1970's" may be the curly
# one word processors type.
# English leaves out the century as Chinese does ("the '70s", "the 70s"), from the '30s to the '90s.
# And in words ("the seventies", "the Nineteen-Seventies"), the last century's too.
_DECADE_IN_WORDS = ["thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
DECADE_WORDS = rf"(?:nineteen[-\s]?)?(?:{'|'.join(_DECADE_IN_WORDS)})"
DECADE = re.compile(
    r"(?:the\s+)?(?:(\d{3})|['’‘]?([3-9]))0['’‘]?s|(\d{3}|[3-9])0\s*年代|(\d{2})\s*世纪\s*(\d)0\s*年代"
    rf"|(?:the\s+)?({DECADE_WORDS})",
    re.IGNORECASE,
)
# The end of a span of decades may leave out its century, as the start gives it: "1970s–80s",
# "1970年代至80年代" (80年代 alone is the last century's; after 2010年代, 30年代 is this one's).
SHORT_DECADE = re.compile(r"(?:the\s+)?['’‘]?(\d)0['’‘]?s|(\d)0\s*年代", re.IGNORECASE)
# A date written year first, as archives describe them (DACS: "2014 July 12", "1979 Jan"): the
# year, then a month's name. A span so written gives its year once, at its start ("2014 July 12-14").
YEAR_FIRST = re.compile(r"\d{4},?\s+[^\W\d_]")
# A third of a month (旬): 上旬 the 1st–10th, 中旬 the 11th–20th, 下旬 the 21st to its end; and
# a half of a year (上半年, 下半年).
# Two thirds together (中下旬: the 11th to the month's end; 上中旬: the 1st to the 20th) are their days.
XUN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(上中|中下|[上中下])旬")
HALF_YEAR = re.compile(r"(\d{4})\s*年\s*([上下])半年")
# Chinese words that place a date only roughly: seasons, the start or end of a decade, year or month.
# 春节 (the Spring Festival) is one day, though not one this reader knows.
CHINESE_VAGUE = re.compile(
    r"[春夏秋冬](?!节)[季天]?|年代[初末](?!期)|[年月][初底末]|[年月]中(?!旬)|[初末]期|早期|晚期|中期|后期"
)
# 2019年3月5日, 2019年3月, 3月5日, 8日 (the end of "2019年3月5日至8日").
CHINESE_DATE = re.compile(r"(?:(\d{4})\s*年)?\s*(?:(\d{1,2})\s*月份?)?\s*(?:(\d{1,2})\s*[日号])?")
CHINESE_DATE_WORDS = re.compile("[年月日号]")
# A Chinese span may write its unit once, after its end: "1979年1—2月", "1月28—31日". The start's
# bare number at its end ("1979年1") then takes the unit that follows the end's first number.
CHINESE_BARE_NUMBER_AT_END = re.compile(r"[年月]\s*\d{1,2}$")
CHINESE_FIRST_UNIT = re.compile(r"\d{1,2}\s*([月日号])")
# A quarter of a year, as reports and statistics date things: "Q1 1979", "1979-Q1", "1Q 1979",
# "first quarter of 1979", "1st qtr. 1979", "1979年第一季度", "1979年一季度". Read as its three months.
QUARTER = re.compile(
    r"(?P<quarter>(?<![A-Za-z])Q(?P<number>\d)(?![A-Za-z\d])"
    r"|(?<![A-Za-z\d])Q(?P<tens>\d\d)(?![A-Za-z\d])"  # "Q12", refused; not the "Q79" of "1Q79"
    r"|(?<![A-Za-z\d])(?P<before>\d)Q(?![A-Za-z\d])"
    r"|\b(?P<ordinal>first|second|third|fourth|\d{1,2}(?:st|nd|rd|th))\s+(?:quarter|qtr\b\.?)"
    r"|第\s*(?P<chinese>[零一二三四五六七八九十\d]{1,2})\s*季度?|(?P<chinese_bare>[零一二三四五六七八九十\d]{1,2})\s*季度)"
    r"(?:\s+of\b)?",
    re.IGNORECASE,
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Chinese numerals before a unit of a date: a year digit by digit (一九七二年, 二〇一五年), a month, a
# day, a decade or a century by value (十二月, 二十一日, 八十年代, 二十世纪). Read as digits.
CHINESE_NUMBER = re.compile(r"([〇○零一二三四五六七八九十]+)\s*(?=年代|年|月|日|号|世纪)")
# 元月 is January (1972年元月); 上世纪, "the last century", the twentieth (上世纪八十年代: the 1980s).
CHINESE_WORDS_FOR_NUMBERS = [(re.compile(r"(?:(?<=年)|^)\s*元月"), "1月"), (re.compile("上世纪"), "20世纪")]
# Traditional characters of dates, as Taiwan and Hong Kong write them (1972年2月21號, 約1985年, 1985年前後,
# 二十世紀八十年代), read as their simplified forms.
TRADITIONAL = str.maketrans("號紀週禮後約來農曆陰臘與華國", "号纪周礼后约来农历阴腊与华国")
# A year of the Republic of China's calendar, as Taiwan dates documents (民国61年, 中华民国六十一年: 1972;
# 民国元年, its first: 1912). Every year of a date so marked is one (民国61年至62年: 1972–1973).
ROC = re.compile(r"(?:中华)?民国\s*")
ROC_YEAR = re.compile(r"(?<!\d)(\d{1,3}|元)\s*年(?!代)")
# The Chinese lunar calendar, whose days fall on other days of the Western calendar each year
# (农历正月初一, 腊月): refused, asking for the Western day.
LUNAR = re.compile(r"农历|阴历|正月|腊月")
# The day of the week after a Chinese date, as readouts head them: 2023年2月21日（星期二）, 2月21日 周二.
CHINESE_WEEKDAY = re.compile(r"\s*\(?(?:星期|礼拜|周)[一二三四五六日天]\)?\s*$")
# A day written year first with dots or slashes, as Chinese and European sources write it
# ("1972.2.21", "1972/2/21"): a span's end may give only its day ("1972.2.21-28") or its month and
# day ("1972.2.21-3.1"), in the same order. With hyphens, as ISO writes a day, its end gives only
# its day ("1972-02-21-28"); a month and day after it would read as no ISO date does.
YEAR_FIRST_DAY = re.compile(r"\d{4}([./-])\d{1,2}\1\d{1,2}")
# A day or a month written year first with a space after each dot, as Korean, Chinese and Japanese
# writers type it ("1972. 2. 21.", "1972. 2."): the same as "1972.2.21" and "1972.2".
SPACED_DOTS = re.compile(r"(?<![\d.])(\d{4})\. ?(\d{1,2})(?:\. ?(\d{1,2}))?\.?(?![\d.])")
MONTH_AND_DAY = re.compile(r"(\d{1,2})([./])(\d{1,2})")
# The start of a span of days written with slashes, its year given once at the end, as in the
# United States ("2/21-2/28/1972"): its day and month in the order of the end's.
DAY_AND_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")
# Two periods joined by "and" ("1972 and 1973", "February and March 1972", "1972年和1973年"): the
# span of both when the second follows the first; otherwise no one period.
AND = re.compile(r"\s+and\s+|\s*[&和与及]\s*", re.IGNORECASE)
# A list of periods before the last "and" ("1971, 1972 and 1973", "1972、1973和1974年"): commas (the
# full-width one after NFKC too) or Chinese's 、.
LISTED = re.compile(r"\s*[,、]\s*")
# A year after "and" with its century left out, as the one before gives it ("1972 and 73", "1972
# and '73").
SHORT_YEAR_AFTER = re.compile(r"['’‘]?(\d{2})")
# A fiscal or academic year ("FY1972", "academic year 1972-73", "1972–73 school year", "1972财年",
# "1972学年"): its months differ from one government, school and year to another. Refused with what
# to write.
YEAR_OF_A_BODY = re.compile(
    r"^(?:the\s+)?(?P<words>FY(?![^\W\d_])|(?:fiscal|financial|academic|school)\s+year\b)"
    r"|(?<=\d)\s*(?P<after>(?:fiscal|financial|academic|school)\s+year|FY|财年|财政年度|学年度?)$",
    re.IGNORECASE,
)
# A week by its first or last day ("the week beginning February 21, 1972": February 21–27); "the
# week of" a day may also be the week around it, and is refused with the days to write.
WEEK = re.compile(
    r"(?:the\s+)?week\s+(?P<words>of|beginning|starting|commencing|ending)\s+(?P<day>.+)", re.IGNORECASE
)
TOKEN = re.compile(r"[^\W\d_]+\.?|\d+")
# Words that place a date only roughly: refused with a hint of what to write instead.
VAGUE = {"spring", "summer", "autumn", "fall", "winter", "early", "mid", "middle", "late", "beginning", "end"}
# What the message for such a word offers to write instead: a season's months ("Spring 1972": about
# March–May 1972; "winter 1972", which straddles two years, the one that begins in its December:
# about December 1972 – February 1973, as is "the winter of 1972-73"), and a third of a year's
# months, a decade's years or a month's days for "early", "mid" and "late" ("early 1990s": about
# 1990–1993), in Chinese too (1972年春, 90年代初, 1970年代中期).
SEASONS = {
    "spring": 3,
    "summer": 6,
    "autumn": 9,
    "fall": 9,
    "winter": 12,
    "春": 3,
    "夏": 6,
    "秋": 9,
    "冬": 12,
}
THIRDS = {"early": 0, "mid": 1, "middle": 1, "late": 2, "初": 0, "初期": 0, "早期": 0, "中期": 1}
THIRDS.update({"末": 2, "末期": 2, "晚期": 2, "后期": 2})
EARLIEST_YEAR, LATEST_YEAR = 1000, 9999


class DateNotUnderstood(ValueError):
    """The text is not a date this reader knows; the message says what it expects."""


# The minus sign, read as the hyphen it stands for.
MINUS = "\u2212"
# Symbols a date is written with ("~1985", "≈1985", "二○一五年", "1972−1975"): any other is no part of a date.
DATE_SYMBOLS = "~≈○`" + MINUS
# What joins to the symbol before it: a variation selector, a keycap, a joiner between emoji.
JOINING = {"Mn", "Me", "Cf"}


class StraySymbols(DateNotUnderstood):
    """A date with a symbol beside it ("1972 🎉"), which the reader would pass over."""


# A time's offset from UTC, as exports write a timestamp ("2019-03-05T00:00:00+08:00"): its sign is
# part of the date as written, which the reader passes over with the time.
TIME_OFFSET = re.compile(r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*\+(?=\d\d(?::?\d\d)?$)")


def stray_symbols(text):
    """The symbols in a date that are no part of it ("1972 🎉": ["🎉"]), each run of them once, in order."""
    text = TIME_OFFSET.sub(r"\1", text.strip())

    def stray(char):
        category = unicodedata.category(char)
        return category in JOINING or (category[0] == "S" and char not in DATE_SYMBOLS)

    runs = ("".join(run) for is_stray, run in itertools.groupby(text, key=stray) if is_stray)
    return list(dict.fromkeys(run for run in runs if unicodedata.category(run[0]) not in JOINING))


def refuse_stray_symbols(text):
    """Raise StraySymbols naming them: the reader overlooks them, so "1972 🎉" was stored as 1972
    without a word, while "1972 xyz" was refused. What they meant is the contributor's to say.
    The contribution form and the import both ask this before reading a date."""
    symbols = stray_symbols(unicodedata.normalize("NFKC", text))
    if symbols:
        raise StraySymbols(
            _(
                "“%(symbols)s” is no part of a date: leave it out, and say in a note what it means "
                "if it matters."
            )
            % {"symbols": "”, “".join(symbols)}
        )


class DatesApart(DateNotUnderstood):
    """Two dates joined by "and" that do not follow one another ("1972 and 1975"): no one period."""

    def __init__(self, first, second, span):
        super().__init__(not_following(first, second, span))
        self.first, self.second, self.span = first, second, span

    def in_a_search(self):
        """The mistake as said of a search, which may look for each of the two, not of a record."""
        return _(
            "“%(first)s” and “%(second)s” do not follow one another: search for each on its own, or for "
            "the span from the first to the last (“%(span)s”)."
        ) % {"first": self.first, "second": self.second, "span": self.span}


@dataclasses.dataclass(frozen=True)
class Period:
    first: datetime.date
    precision: str = DAY
    end: datetime.date | None = None
    circa: bool = False
    # How exactly the end of a span is known, when not as the start is: "1985 – March 1986" ends
    # in March, known to the month, though it begins in a year. None (or "") is the start's.
    end_precision: str | None = None

    def __post_init__(self):
        # One value for one period: the end's precision is the start's unless it says otherwise,
        # and a period without an end has none of its own.
        end_precision = (self.end_precision or self.precision) if self.end else None
        object.__setattr__(self, "end_precision", end_precision)

    @property
    def last(self):
        """The last day the period may cover."""
        return last_day(self.first, self.precision, self.end)

    def __str__(self):
        return format_period(
            self.first, self.precision, self.end, self.circa, end_precision=self.end_precision
        )


def last_day(day, precision, end_date=None):
    if end_date:
        return end_date
    if precision == MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == YEAR:
        return day.replace(month=12, day=31)
    return day


def first_day(day, precision):
    """A month is stored as its first day, a year as January 1: one value per period."""
    if precision == MONTH:
        return day.replace(day=1)
    if precision == YEAR:
        return day.replace(month=1, day=1)
    return day


def expected():
    return _(
        "Enter a day (“July 14, 2014” or “2014-07-14”), a month (“June 2023”), a year (“1971”) "
        "or a span (“July 9–10, 2014”, “2013–2016”), with “about” if it is approximate."
    )


def no_year():
    return _(
        "The date gives no year: write it with its year (“February 21–28, 1972”, “1972年2月21日至28日”)."
    )


def names_a_mistake(error):
    """Whether `error` says what is wrong with a date ("13 is not a month", "The span ends before
    it begins") rather than that the text is no date this reader knows."""
    return str(error) != expected()


def vague(word):
    return _(
        "“%(word)s” does not say which days: write the months or years it covers "
        "(“March–May 1972”, “1990–1993”), with “about” if it is approximate."
    ) % {"word": word}


class RoughDate(DateNotUnderstood):
    """A date placed only roughly ("spring 1972", "early 1990s", 90年代初): no date for a record, and the
    message offers what to write instead; `likely` is the span it most likely covers, about ("early
    1972": about January–April 1972), or None when there is none to offer ("late 1972-75"). A search
    reads it so."""

    def __init__(self, text, word):
        span = _rough_span(text, word)
        message = vague(word)
        if span:
            message += " " + _("“%(text)s” may be “about %(span)s”.") % {"text": text, "span": span}
        super().__init__(message)
        self.likely = dataclasses.replace(span, circa=True) if span else None


def _rough_span(text, word):
    """The months, years or days a rough date most likely covers, written as a Period, or None."""
    if word.startswith("年代"):  # 90年代初: the early 1990s
        word, rest = word[2:], text.replace("年代" + word[2:], "年代", 1)
    else:
        rest = re.sub(re.escape(word), "", text, count=1, flags=re.IGNORECASE).strip(" -,")
        # "the winter of 1972-73": the words before the date, which a span is not read with.
        rest = re.sub(r"^(?:(?:the|of)\s+)+", "", rest, flags=re.IGNORECASE)
    word = word.lower()
    season, third = SEASONS.get(word) or SEASONS.get(word[:1]), THIRDS.get(word)
    if season is None and third is None:
        return None
    try:
        period = parse_period(rest)
    except DateNotUnderstood:
        return None
    first = period.first
    if season == 12 and period.precision == YEAR and period.last.year - first.year < 2:
        # A winter: from the December of the year named, or of the first of two ("1972-73").
        first = datetime.date(period.last.year - (period.last.year > first.year), 12, 1)
        return Period(first, MONTH, last_day(datetime.date(first.year + 1, 2, 1), MONTH))
    if period.precision == YEAR and not period.end:
        start = season or 4 * third + 1
        end = datetime.date(first.year, start + 2 + (season is None), 1)
        return Period(first.replace(month=start), MONTH, last_day(end, MONTH))
    if third is None:
        return None
    if (
        period.precision == YEAR
        and first.year % 10 == 0
        and period.last == datetime.date(first.year + 9, 12, 31)
    ):
        years = [(0, 3), (4, 6), (7, 9)][third]
        return Period(
            first.replace(year=first.year + years[0]), YEAR, datetime.date(first.year + years[1], 12, 31)
        )
    if period.precision == MONTH and not period.end:
        end = last_day(first, MONTH) if third == 2 else first.replace(day=10 * third + 10)
        return Period(first.replace(day=10 * third + 1), DAY, end)
    return None


def backwards():
    return _("The span ends before it begins.")


def either_of_two():
    return _(
        "Enter the two dates in full (“1985 or 1986”, “March or April 1972”), or the span they fall "
        "in, with “about” (“about 1985–1987”)."
    )


# Words that leave the start open ("before 1985", "1985 or earlier"); "not before", "no earlier than"
# leave the end open instead.
EARLIER = re.compile(r"before|earlier|bef\b|prior|pre-|^by$|更早|以前|之前", re.IGNORECASE)
NEGATED = re.compile(r"^no(?:t)?\s", re.IGNORECASE)


def open_alternative(words):
    earlier = bool(EARLIER.search(words)) != bool(NEGATED.match(words))
    return _(
        "“%(words)s” leaves the date open: enter the span it may fall in (“%(example)s”), or "
        "the one date, with “about”."
    ) % {"words": words, "example": _("about 1980–1985") if earlier else _("about 1985–1990")}


def not_following(first, second, span):
    """The message for two dates joined by "and" that are not one period ("1972 and 1975")."""
    return _(
        "“%(first)s” and “%(second)s” do not follow one another, and a record has one date: enter "
        "the span from the first to the last (“%(span)s”) if the exchange ran through it, or each as "
        "its own exchange."
    ) % {"first": first, "second": second, "span": span}


def two_calendars(year):
    return _(
        "%(year)s is no year of the Republic of China (民国), whose years are counted from 1912 (民国61年 "
        "is 1972): write the year of the Republic, or the Western year without 民国 (“%(year)s年”)."
    ) % {"year": year}


def two_joined():
    return _(
        "Two dates joined by “and” are read as one span when the second follows the first (“1972 and "
        "1973”, “February and March 1972”); otherwise enter the span (“1972–1975”) or one date."
    )


def year_of_a_body(words):
    return _(
        "“%(words)s” does not say which months: a fiscal or school year begins in a month that differs "
        "from one government or school to another. Enter the months it covers (“September 1972 – June "
        "1973”), with “about” if they are approximate."
    ) % {"words": words}


def lunar(words):
    return _(
        "“%(words)s” is a date of the Chinese lunar calendar, whose days fall on other days of the "
        "Western calendar each year: enter the day in the Western calendar (“February 15, 1972”, "
        "“1972年2月15日”)."
    ) % {"words": words}


def week_of(words, span):
    return _(
        "“the week %(words)s” does not say which days: enter them (“%(span)s”), with “about” if "
        "they are approximate."
    ) % {"words": words, "span": span}


def not_a_half(words):
    return _("“%(half)s” is not a half: a year has two, H1 and H2.") % {"half": words}


def ongoing():
    return _(
        "Enter when it began (“2010”, not “2010–present”): whether the exchange still goes on "
        "is recorded under “Continuing”."
    )


def spreadsheet_day(text):
    """The message for a spreadsheet's number of a day ("26350"), naming the day it would be."""
    day = SPREADSHEET_EPOCH + datetime.timedelta(days=int(float(text)))
    return _(
        "“%(number)s” is how a spreadsheet numbers a day (%(day)s): format the column as dates "
        "before saving the file, or write the date."
    ) % {"number": text, "day": format_period(day, DAY)}


def not_a_quarter(typed):
    return _("“%(quarter)s” is not a quarter: a year has four, Q1 to Q4.") % {"quarter": typed}


def not_a_month(number):
    return _("%(number)s is not a month: months are numbered 1 to 12.") % {"number": number}


def numeric_orders(text):
    """{DAY_FIRST, MONTH_FIRST, EITHER}: what the text's numeric dates with slashes or hyphens
    show of the order of their day and month (none for other dates, or dots, always day first)."""
    text = _normalised(text)
    pairs = [match.group(1, 3) for match in NUMERIC_IN_TEXT.finditer(text)]
    for match in NUMERIC_SPAN_IN_TEXT.finditer(text):
        pairs += [match.group(1, 2), match.group(3, 4)]
    orders = set()
    for first, second in pairs:
        first, second = int(first), int(second)
        if first > 12 and second <= 12:
            orders.add(DAY_FIRST)
        elif second > 12 and first <= 12:
            orders.add(MONTH_FIRST)
        elif first <= 12 and second <= 12:
            orders.add(EITHER)
    return orders


def parse_period(text, day_first=False):
    """Read a date as people write it; raise DateNotUnderstood with a readable message.

    `day_first`: numbers with slashes or hyphens ("05/02/1979") put the day first, as the other
    dates of a file may show; by default the month, unless the first number cannot be one."""
    text = SPACED_DOTS.sub(_without_spaced_dots, _arabic(_normalised(text)))
    uncertain = UNCERTAIN in text
    text = text.replace(UNCERTAIN, "").strip(" ,;")
    bracketed = BRACKETED.fullmatch(text)
    if bracketed:
        text = (bracketed.group(1) or bracketed.group(2) or "").strip(" ,;")
    circa = uncertain or bool(CIRCA.match(text) or CIRCA_AFTER.search(text))
    text = CIRCA_AFTER.sub("", CIRCA.sub("", text, count=1)).strip()
    if not text:
        raise DateNotUnderstood(expected())
    lunar_words = LUNAR.search(text)
    if lunar_words:
        raise DateNotUnderstood(lunar(lunar_words.group()))
    body = YEAR_OF_A_BODY.search(text)
    if body and re.search(r"\d{4}", text):
        raise DateNotUnderstood(year_of_a_body(body.group("words") or body.group("after")))
    week = WEEK.fullmatch(text)
    if week:
        return _week(week, circa, day_first)
    if (ONGOING_AFTER.search(text) or ONGOING_BEFORE.match(text)) and re.search(r"\d", text):
        raise DateNotUnderstood(ongoing())
    opened = OPEN_ALTERNATIVE.search(text)
    if opened:
        raise DateNotUnderstood(open_alternative(opened.group(1) or opened.group(2)))
    one_end = ONE_END.match(text)
    if one_end and _is_a_date(one_end.group("rest"), day_first):
        raise DateNotUnderstood(open_alternative(one_end.group("words")))
    alternatives = OR.split(text)
    if len(alternatives) > 1:
        return _either(alternatives, day_first)
    short = SHORT_YEAR_SPAN.fullmatch(text)
    # "2011-12" and "2011/12" stay December 2011 (ISO's year and month); a month cannot be 16.
    if short and not (text[4] in "-/" and int(short.group(3)) <= 12):
        try:
            return _short_year_span(int(short.group(1)), int(short.group(3)), circa)
        except DateNotUnderstood:
            if text[4] not in "-/":
                raise
            # "2014-13" is no span ("2014–2013"): it is a year and a month mistyped, as "2014-12"
            # is December 2014.
            raise DateNotUnderstood(not_a_month(int(short.group(3)))) from None
    interval = ISO_INTERVAL.fullmatch(text)
    if interval:
        return _span(*interval.groups(), circa=circa, day_first=day_first)
    between = BETWEEN.fullmatch(text)
    if between:
        return _span(*between.groups(), circa=circa, day_first=day_first)
    joined = AND.split(text)
    if len(joined) > 1:
        return _both(joined, circa, day_first)
    parts = SPAN.split(text)
    if len(parts) == 2:
        return _span(
            FROM.sub("", parts[0]), parts[1], circa=circa, day_first=day_first
        )  # "from 1990 to 1993"
    if len(parts) > 2:
        raise DateNotUnderstood(expected())
    if FROM.match(text):  # "from 2010" with no end
        raise DateNotUnderstood(ongoing())
    try:
        return _single(text, circa, day_first)
    except DateNotUnderstood as single:
        # "July 9-10, 2014", "2013-2016": a hyphen without spaces may join two dates.
        yearless = backward = False
        for match in re.finditer("-", text):
            left, right = text[: match.start()], text[match.end() :]
            if _decade(left.strip()) is not None:
                # "1970s-80s": a span of decades, whose error ("1980s-70s" ends before it begins) is its own.
                return _span(left, right, circa=circa, day_first=day_first)
            try:
                return _span(left, right, circa=circa, day_first=day_first)
            except DateNotUnderstood as error:
                # "Feb 21-28": a span that says all but its year is told so.
                yearless = yearless or str(error) == no_year()
                # "1990-1985" is told so, as "1990 - 1985" and "1990–1985" are.
                backward = backward or str(error) == backwards()
                continue
        short_year = SHORT_YEAR.fullmatch(text)
        if not (short_year and short_year.group("month").lower() in MONTHS):
            short_year = SHORT_YEAR_NUMERIC.fullmatch(text)
        if short_year:
            raise DateNotUnderstood(
                _("“%(year)s” is a year without its century: write it in full (“June 1973”, “July 9, 2014”).")
                % {"year": short_year.group("year")}
            ) from None
        if SPREADSHEET_DAY.fullmatch(text):
            raise DateNotUnderstood(spreadsheet_day(text)) from None
        if yearless and not names_a_mistake(single):
            raise DateNotUnderstood(no_year()) from None
        if backward and not names_a_mistake(single):
            raise DateNotUnderstood(backwards()) from None
        raise


def _either(alternatives, day_first):
    """Either of two dates ("1985 or 1986", "1986 or 85", "March or April 1972"): the span covering
    both, about, read as the span of the two ("1985–86", "March–April 1972") in either order."""
    if len(alternatives) != 2 or not all(alternative.strip() for alternative in alternatives):
        raise DateNotUnderstood(either_of_two())
    first, second = EITHER_WORD.sub("", alternatives[0].strip()), alternatives[1].strip()
    try:
        period = parse_period(f"{first} – {second}", day_first)
    except DateNotUnderstood as error:
        try:
            period = parse_period(f"{second} – {first}", day_first)
        except DateNotUnderstood:
            # A mistake in one of the dates ("February 30") is named; that the two cannot be read,
            # or not as a span either way round, is said as what to write.
            if str(error) in (expected(), backwards(), no_year()):
                raise DateNotUnderstood(either_of_two()) from None
            raise error from None
    # Known to different precisions ("1985 or March 1986"), the span covers the coarser: what the
    # page writes ("c. 1985–1986") reads back as all of 1986.
    end = last_day(period.end, period.precision) if period.end else None
    if end == last_day(period.first, period.precision):
        end = None
    return Period(period.first, period.precision, end, circa=True)


def _both(joined, circa, day_first):
    """Periods joined by "and": the span of them all when each begins the day after the one before
    it ends ("1972 and 1973", "February and March 1972", "February 21 and 22, 1972", "1970s and
    1980s"), a list too ("1971, 1972 and 1973", "1972、1973和1974年"). Two apart ("1972 and 1975",
    "1971, 1972 and 1975") are no one period."""
    if not all(part.strip() for part in joined):
        raise DateNotUnderstood(two_joined())
    texts = [part.strip() for part in joined]
    try:
        # Two parts as they are ("Monday, February 21, 1972 and Tuesday, February 22, 1972"), or
        # else their list ("1971, 1972 and 1973": "1971, 1972" is no one period).
        try:
            ends = _listed_ends(texts, day_first)
        except DateNotUnderstood as error:
            listed = _listed(texts)
            if names_a_mistake(error) or listed == texts or not all(listed):
                raise
            texts, ends = listed, _listed_ends(listed, day_first)
        # (first day, its precision, last day, its precision) of each
        periods = [(*_date(start), *_date(end, last=True)) for start, end in ends]
    except DateNotUnderstood as error:
        if names_a_mistake(error):  # "February 30 and 31, 1972"
            raise
        raise DateNotUnderstood(two_joined()) from None
    for index in range(len(periods) - 1):
        if periods[index + 1][0] != periods[index][2] + datetime.timedelta(days=1):
            # The span is written from the earliest start to the latest end ("1975 and 1972": 1972–1975).
            begins, precision, _last, _end_precision = min(periods, key=lambda period: period[0])
            _first, _precision, last, end_precision = max(periods, key=lambda period: period[2])
            span = Period(begins, precision, last, circa, end_precision)
            raise DatesApart(texts[index], texts[index + 1], span)
    return _period(ends[0][0], ends[-1][1], circa)


def _listed(texts):
    """The periods of a list whose last is joined by "and" ("1971, 1972 and 1973", "1972、1973和1974年";
    the comma before "and" parts nothing: "1971, 1972, and 1973"). A year alone after a day or month
    without one is its year ("February 21, 1972 and February 22, 1972")."""
    listed = []
    for text in texts:
        pieces = []
        for piece in LISTED.split(text.strip(" ,、")):
            if pieces and re.fullmatch(r"\d{4}", piece) and not re.search(r"\d{4}", pieces[-1]):
                pieces[-1] += ", " + piece
            else:
                pieces.append(piece)
        listed += pieces
    return listed


def _listed_ends(texts, day_first):
    """[({"y", "m", "d"} of the start, of the end)] of each period of a list, each given what it
    leaves out by the others: the year the last gives ("February, March and April 1972"), or the
    first (Chinese: "1972年2月、3月和4月"), the unit of the last (1979年1、2和3月), the century of the
    one before ("1971, 72 and '73")."""
    texts = list(texts)
    for index in range(1, len(texts)):
        short = SHORT_YEAR_AFTER.fullmatch(texts[index])
        if short and re.fullmatch(r"\d{4}", texts[index - 1]):
            texts[index] = texts[index - 1][:2] + short.group(1)
    decades = [_decades(left, right) for left, right in itertools.pairwise(texts)]
    if all(decades):  # "1960s, 1970s and 1980s": each decade's ten years
        starts = [decades[0][0]] + [end for _start, end in decades]
        return [({"y": start}, {"y": start + 9}) for start in starts]
    first, last = _ends(texts[0], texts[-1], day_first)
    found = [first]
    unit = CHINESE_FIRST_UNIT.match(texts[-1])
    for text in texts[1:-1]:
        if unit and re.fullmatch(r"\d{1,2}", text):
            text += unit.group(1)
        middle = _components(text, day_first)
        middle.setdefault("y", first.get("y", last.get("y")))
        if "d" in middle and "m" not in middle:
            middle["m"] = found[-1].get("m")
        found.append({key: value for key, value in middle.items() if value is not None})
    return [(period, period) for period in [*found, last]]


def _week(match, circa, day_first):
    """The seven days of "the week beginning February 21, 1972" or "ending" it; "the week of" a day is
    refused, naming the seven days it would begin."""
    day = parse_period(match.group("day"), day_first)
    if day.precision != DAY or day.end:
        raise DateNotUnderstood(expected())
    words = match.group("words").lower()
    week = datetime.timedelta(days=6)
    if words == "ending":
        return Period(day.first - week, DAY, day.first, circa or day.circa)
    if words == "of":
        raise DateNotUnderstood(week_of(words, Period(day.first, DAY, day.first + week)))
    return Period(day.first, DAY, day.first + week, circa or day.circa)


def _arabic(text):
    """A Chinese date in digits and simplified characters: "二〇一五年九月" is 2015年9月, "八十年代"
    80年代, "民國61年2月21號" 1972年2月21号."""
    text = text.translate(TRADITIONAL)
    if re.search("[〇○零一二三四五六七八九十元上]", text):
        for words, digits in CHINESE_WORDS_FOR_NUMBERS:
            text = words.sub(digits, text)
        text = CHINESE_NUMBER.sub(_chinese_number, text)
    if ROC.search(text):
        western = re.search(r"\d{4}", text)
        if western:  # 民国2000年: neither calendar's year, and no guess which was meant
            raise DateNotUnderstood(two_calendars(western.group()))
        text = ROC_YEAR.sub(_western_year, ROC.sub("", text))
    return text


def _without_spaced_dots(match):
    """ "1972. 2. 21." as "1972.2.21", "1972. 2." as "1972.2"."""
    return ".".join(part for part in match.groups() if part)


def _western_year(match):
    """The Western year of a year of the Republic of China (61年: 1972年; 元年, its first: 1912年)."""
    return f"{1911 + (1 if match.group(1) == '元' else int(match.group(1)))}年"


def _chinese_number(match):
    numerals = match.group(1)
    # A year digit by digit (二〇一五), keeping its zeros; 十二, 二十一, 三十 by value; 十十 no number.
    number = chinese_number(numerals) if "十" in numerals else chinese_digits(numerals)
    return numerals if number is None else str(number)


def _is_a_date(text, day_first=False):
    if ONE_END.match(text):  # "before before … 1985": no date, and read once, not once a word
        return False
    try:
        parse_period(text, day_first)
    except DateNotUnderstood:
        return False
    return True


def parse_beginning(text, day_first=False):
    """The period a date with no end yet began ("2010–present", "since 2010", "自2010年以来": 2010),
    or None when the text has an end or is no such date."""
    text = _normalised(text)
    start = FROM.sub("", ONGOING_BEFORE.sub("", ONGOING_AFTER.sub("", text), count=1), count=1)
    if start == text:
        return None
    try:
        return parse_period(start, day_first)
    except DateNotUnderstood:
        return None


def _normalised(text):
    # NFKC: full-width digits and punctuation ("２０１９年３月", "，") as their plain forms; the minus
    # sign a PDF or a typesetter puts for a hyphen ("1972−1975") as the hyphen.
    text = unicodedata.normalize("NFKC", text or "").replace(MINUS, "-")
    return " ".join(text.split()).strip(" ,;")


def _short_year_span(start, end, circa):
    """ "2015–16": the end takes the start's century, or the next one ("1999–00")."""
    end += start - start % 100
    if end <= start:
        end += 100
        if end - start > 10:  # "2015–14" is no span of a century
            raise DateNotUnderstood(backwards())
    return _period({"y": start}, {"y": end}, circa)


def _single(text, circa, day_first=False):
    xun = XUN.fullmatch(text)
    if xun:
        year, month = int(xun.group(1)), int(xun.group(2))
        first, third = "上中下".index(xun.group(3)[0]), "上中下".index(xun.group(3)[-1])
        # The last third ends on the month's last day: days, as the others are.
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 31
        end = {"y": year, "m": month, "d": last if third == 2 else 10 * third + 10}
        return _period({"y": year, "m": month, "d": 10 * first + 1}, end, circa)
    half = HALF_YEAR.fullmatch(text)
    if half:
        year, first = int(half.group(1)), half.group(2) == "上"
        return _period({"y": year, "m": 1 if first else 7}, {"y": year, "m": 6 if first else 12}, circa)
    half = HALF.fullmatch(text)
    if half:
        return _half(half, circa)
    start = _decade(text)
    if start is not None:
        return _period({"y": start}, {"y": start + 9}, circa)
    return _period(_components(text, day_first), None, circa)


def _half(match, circa):
    """The six months of "first half of 1985", "H1 1985" or "1985-H2"."""
    ordinal, before, after = match.group("ordinal", "before", "after")
    if ordinal:
        number = HALF_ORDINALS.get(ordinal.lower()) or int(ordinal[0])
        words = f"{ordinal} half"
    else:
        number = int(before or after)
        words = f"H{number}"
    if number not in (1, 2):
        raise DateNotUnderstood(not_a_half(words))
    year = int(match.group("year") or match.group("year_after") or match.group("year_first"))
    first_month = 1 if number == 1 else 7
    return _period({"y": year, "m": first_month}, {"y": year, "m": first_month + 5}, circa)


def _decade(text):
    """The first year of the decade the text names ("1970s", "70年代", "20世纪70年代"), or None."""
    decade = DECADE.fullmatch(text)
    if not decade:
        return None
    english, short, chinese, century, tens, in_words = decade.groups()
    if in_words:
        return (
            1930
            + _DECADE_IN_WORDS.index(in_words.lower().split()[-1].split("-")[-1].removeprefix("nineteen"))
            * 10
        )
    if short or (chinese and len(chinese) == 1):  # the '70s, 70年代
        return 1900 + int(short or chinese) * 10
    if english or chinese:
        return int(english or chinese) * 10
    # 20世纪80年代: the 20th century's eighties
    return (int(century) - 1) * 100 + int(tens) * 10


def _decades(left, right):
    """(first year of the first decade, first year of the last) of a span of decades ("1970s–80s",
    "1970s to 1980s", "1970年代至80年代"), or None when either end is no decade."""
    start = _decade(left)
    if start is None:
        return None
    short = SHORT_DECADE.fullmatch(right)
    if not short:
        end = _decade(right)
        return None if end is None else (start, end)
    # The end takes the start's century, or the next one ("1990s–00s"); "1980s–70s" ends before it
    # begins, not in the 2070s.
    end = start - start % 100 + int(short.group(1) or short.group(2)) * 10
    if end < start:
        end += 100
        if end - start > 50:
            raise DateNotUnderstood(backwards())
    return start, end


def _span(left, right, circa, day_first=False):
    decades = _decades(left.strip(), right.strip())
    if decades:
        return _period({"y": decades[0]}, {"y": decades[1] + 9}, circa)
    return _period(*_ends(left, right, day_first), circa)


def _ends(left, right, day_first=False):
    """({"y", "m", "d"} of a span's start, of its end), each given what it leaves out by the other."""
    left, right = left.strip(), right.strip()
    unit = CHINESE_FIRST_UNIT.match(right)
    if unit and CHINESE_BARE_NUMBER_AT_END.search(left):
        left = left + unit.group(1)
    # Two whole days in numbers ("01/02/1972-13/02/1972"): an end that cannot tell its order
    # is read in the order the other end shows, before the file's.
    shown = {_shown_order(left), _shown_order(right)} - {None}
    if len(shown) == 1:
        day_first = shown == {DAY_FIRST}
    start, end = _numeric_ends(left, right, day_first) or (
        _components(left, day_first),
        _components(right, day_first),
    )
    # What the end leaves out it shares with the start ("9–10 July 2014" → the
    # start takes July 2014 from the end; "July 9–10" → the end takes July).
    # Chinese puts the year first, so there the end takes it from the start
    # ("2019年3月5日至8日").
    # So does a span of quarters after its year ("1979 Q1–Q2"), and one written year first, as
    # archives describe dates ("2014 July 12-14", "2007 August 12 - October 31").
    year_first = (
        CHINESE_DATE_WORDS.search(right)
        or "q" in end
        or YEAR_FIRST.match(left)
        or YEAR_FIRST_DAY.fullmatch(left)
    )
    if "y" not in end and "y" in start and year_first:
        end["y"] = start["y"]
    if "y" not in end:
        raise DateNotUnderstood(
            no_year() if "y" not in start and ("m" in start or "m" in end) else expected()
        )
    start.setdefault("y", end["y"])
    if "d" in start and "m" not in start and "m" in end:
        start["m"] = end["m"]
    if "d" in end and "m" not in end and "m" in start:
        end["m"] = start["m"]
    return start, end


def _shown_order(text):
    """DAY_FIRST or MONTH_FIRST when a whole day in numbers with slashes or hyphens ("13/02/1972")
    can be read only one way; None otherwise (dots always put the day first)."""
    numeric = NUMERIC.fullmatch(text)
    if not numeric or numeric.group(2) == ".":
        return None
    first, second = int(numeric.group(1)), int(numeric.group(3))
    if first > 12 and second <= 12:
        return DAY_FIRST
    if second > 12 and first <= 12:
        return MONTH_FIRST
    return None


def _numeric_ends(left, right, day_first):
    """The ends of a span of days in numbers whose one end leaves out its year: "1972.2.21-3.1" (year
    first, its end's month and day in that order) and "2/21-2/28/1972" (year last, its start's day
    and month in the end's order: the month first unless either end shows the day first, or
    `day_first`). None for other spans."""
    start = YEAR_FIRST_DAY.fullmatch(left)
    end = MONTH_AND_DAY.fullmatch(right)
    if start and end and end.group(2) == start.group(1):
        return _components(left), {"m": int(end.group(1)), "d": int(end.group(3))}
    start, end = DAY_AND_MONTH.fullmatch(left), NUMERIC.fullmatch(right)
    if not (start and end and end.group(2) == "/"):
        return None
    (first, second), (end_first, end_second) = (
        (int(start.group(1)), int(start.group(2))),
        (int(end.group(1)), int(end.group(3))),
    )
    shows_day_first = first > 12 or end_first > 12
    if shows_day_first or (day_first and second <= 12 and end_second <= 12):
        return {"d": first, "m": second}, {"d": end_first, "m": end_second, "y": int(end.group(4))}
    return {"m": first, "d": second}, {"m": end_first, "d": end_second, "y": int(end.group(4))}


def _components(text, day_first=False):
    """{"y", "m", "d"}: whichever of year, month and day the text gives."""
    text = TIME_OF_DAY.sub("", text.strip(" ,.")).strip(" ,.")
    quarter = QUARTER.search(text)
    if quarter:
        return _quarter(text, quarter, day_first)
    iso = ISO.fullmatch(text)
    if iso:
        return {key: int(value) for key, value in zip("ymd", iso.groups(), strict=True) if value}
    numeric = NUMERIC.fullmatch(text)
    if numeric:
        first, separator, second, year = numeric.groups()
        first, second = int(first), int(second)
        if separator == "." or (first > 12 and second <= 12) or (day_first and second <= 12):
            return {"d": first, "m": second, "y": int(year)}
        return {"m": first, "d": second, "y": int(year)}
    numeric_month = NUMERIC_MONTH.fullmatch(text)
    if numeric_month:
        return {"m": int(numeric_month.group(1)), "y": int(numeric_month.group(2))}
    text = CHINESE_WEEKDAY.sub("", text)
    month_first = CHINESE_MONTH_FIRST.fullmatch(text)
    if month_first:
        month, day, year = month_first.groups()
        return {"y": int(year), "m": int(month), **({"d": int(day)} if day else {})}
    rough = CHINESE_VAGUE.search(text)
    if CHINESE_DATE_WORDS.search(text) or rough:
        chinese = CHINESE_DATE.fullmatch(text)
        if not chinese or not any(chinese.groups()):
            raise RoughDate(text, rough.group()) if rough else DateNotUnderstood(expected())
        return {key: int(value) for key, value in zip("ymd", chinese.groups(), strict=True) if value}
    found = {}
    for token in TOKEN.findall(text.lower()):
        if token in FILLER:
            continue
        if token in MONTHS and "m" not in found:
            found["m"] = MONTHS[token]
        elif token.isdigit() and len(token) == 4 and "y" not in found:
            found["y"] = int(token)
        elif token.isdigit() and len(token) <= 2 and "d" not in found:
            found["d"] = int(token)
        elif token in VAGUE:
            raise RoughDate(text, token)
        else:
            raise DateNotUnderstood(expected())
    if not found:
        raise DateNotUnderstood(expected())
    return found


def _quarter(text, match, day_first=False):
    """{"y", "q"}: a quarter and the year the rest of the text gives ({"q"} alone for the start of a
    span whose end gives it, "Q1–Q2 1979")."""
    number = next(
        value
        for value in match.group("number", "tens", "before", "ordinal", "chinese", "chinese_bare")
        if value
    )
    if number.isdigit():
        number = int(number)
    elif number.lower() in ORDINALS:
        number = ORDINALS[number.lower()]
    elif number[:-2].isdigit():  # "1st"
        number = int(number[:-2])
    else:  # 一 to 四; 十 and beyond are no quarter
        number = CHINESE_NUMERALS.get(number, 0)
    if not 1 <= number <= 4:
        raise DateNotUnderstood(not_a_quarter(match.group("quarter")))
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,.-/")
    if QUARTER.search(rest):  # "Q1 Q2 1979"
        raise DateNotUnderstood(expected())
    found = _components(rest, day_first) if rest else {}
    if set(found) - {"y"}:  # "Q1 March 1979"
        raise DateNotUnderstood(expected())
    return {**found, "q": number}


def _date(found, last=False):
    if "q" in found:  # a quarter: its first month, or its last
        found = {**found, "m": 3 * found["q"] - (0 if last else 2)}
    if "d" in found and "m" not in found:
        raise DateNotUnderstood(expected())
    if "y" not in found:  # "Feb 21", "3月5日"; a month's name alone ("June") is no date of any kind
        raise DateNotUnderstood(no_year() if "d" in found else expected())
    year = found["y"]
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateNotUnderstood(_("%(year)s is not a year we can record.") % {"year": year})
    month = found.get("m", 12 if last else 1)
    if not 1 <= month <= 12:
        raise DateNotUnderstood(not_a_month(month))
    day = datetime.date(year, month, 1)
    if "d" in found:
        try:
            return day.replace(day=found["d"]), DAY
        except ValueError:
            raise DateNotUnderstood(
                _("%(month)s has no day %(day)s.") % {"month": format_period(day, MONTH), "day": found["d"]}
            ) from None
    precision = MONTH if "m" in found else YEAR
    return (last_day(day, precision) if last else day), precision


def _period(start, end, circa):
    if end is None and "q" in start:  # a quarter is its three months
        end = start
    first, precision = _date(start)
    if end is None:
        return Period(first, precision, None, circa)
    last, end_precision = _date(end, last=True)
    if last < first:
        raise DateNotUnderstood(backwards())
    if last == last_day(first, precision):
        return Period(first, precision, None, circa)
    return Period(first, precision, last, circa, end_precision)


def format_period(day, precision, end_date=None, circa=False, language=None, end_precision=None):
    """A date at its precision: "June 2023", "c. 1985", "2013–2016", "June 18–19, 2023", in the
    active language (a million-row download names it once: `language`); a span's end at its own
    precision when it has one ("1985 – March 1986")."""
    if not end_date or end_precision == precision:
        end_precision = None
    return _formatted(day, precision, end_date, circa, language or get_language(), end_precision or None)


# Pages and downloads show the same few thousand dates again and again (a million-row download
# formats each once): remembered per language, since month names and formats follow it.
@functools.lru_cache(maxsize=8192)
def _formatted(day, precision, end_date, circa, language, end_precision):
    if end_precision and end_date != last_day(day, precision):
        text = f"{_format(day, precision, None)} – {_format(end_date, end_precision, None)}"
    else:
        text = _format(day, precision, end_date)
    return _("c. %(date)s") % {"date": text} if circa else text


def _format(day, precision, end_date):
    if end_date == last_day(day, precision):
        end_date = None
    if precision == YEAR:
        return f"{day.year}–{end_date.year}" if end_date else str(day.year)
    if precision == MONTH:
        if not end_date:
            return formats.date_format(day, "YEAR_MONTH_FORMAT")
        if day.year == end_date.year:
            return _("%(start_month)s–%(end_month)s %(year)s") % {
                "start_month": formats.date_format(day, "F"),
                "end_month": formats.date_format(end_date, "F"),
                "year": day.year,
            }
        return (
            f"{formats.date_format(day, 'YEAR_MONTH_FORMAT')} – "
            f"{formats.date_format(end_date, 'YEAR_MONTH_FORMAT')}"
        )
    if not end_date:
        return formats.date_format(day, "DATE_FORMAT")
    # Spans within a year are sentences of the language: a translation orders them ("2023年6月18日至19日").
    if (day.year, day.month) == (end_date.year, end_date.month):
        return _("%(start)s–%(end_day)s, %(year)s") % {
            "start": formats.date_format(day, "MONTH_DAY_FORMAT"),
            "end_day": end_date.day,
            "year": day.year,
        }
    if day.year == end_date.year:
        return _("%(start)s – %(end)s, %(year)s") % {
            "start": formats.date_format(day, "MONTH_DAY_FORMAT"),
            "end": formats.date_format(end_date, "MONTH_DAY_FORMAT"),
            "year": day.year,
        }
    return f"{formats.date_format(day, 'DATE_FORMAT')} – {formats.date_format(end_date, 'DATE_FORMAT')}"
