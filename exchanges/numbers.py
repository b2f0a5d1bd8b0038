"""Numbers written in words: "twelve", "one hundred and twenty", "a dozen", "五十", "两百", "一千零五十".

`numbers_in_words` finds each number a text writes in words, English or Chinese (simplified or
traditional: 两/兩, 万/萬, 〇/零), with its value, or None where the words leave the size open
("dozens", "several hundred", "几十", "数百") or make no one number ("one two three"). The number of
participants (exchanges/values.py) counts them beside the numbers in digits; the dates
(exchanges/dates.py) read a year's, a month's or a day's Chinese numerals with `chinese_digits`
and `chinese_number`.

What only looks like a number is none: an ordinal ("first", "twenty-first", "one hundredth",
第一), "one" standing for a person ("one of the first delegations", "no one"), a number word in a
name ("Group of Twenty", "Gang of Four": capitalised within the text) and Chinese numerals that
are part of a word (一起, 十分, 两国, 一个代表团): a Chinese number counts people, so it stands
before 人, 名 or 位 ("三十名学生", "五十余人"), or at the end of the text ("学生共五十").
"""

import heapq
import re

CHINESE_NUMERALS = {numeral: number for number, numeral in enumerate("零一二三四五六七八九")}
# Zero as dates and typesetters write it in a year (二〇一五年, 二○一五年), beside 零; 两, the two of
# "two hundred" and "two people" (两百, 两人).
CHINESE_NUMERALS.update({"〇": 0, "○": 0, "两": 2})
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
# Traditional characters of numbers, read as their simplified forms.
TRADITIONAL_NUMERALS = str.maketrans("兩萬億幾數餘來個", "两万亿几数余来个")

ONES = "one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ENGLISH_VALUES = {
    **{word: value for value, word in enumerate(ONES, start=1)},
    **{word: value for value, word in enumerate(TEENS, start=10)},
    **{word: value for value, word in zip(range(20, 100, 10), TENS, strict=True)},
}
ENGLISH_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
MULTIPLES = {*ENGLISH_SCALES, "hundred", "dozen"}
ENGLISH_NUMBER_WORDS = {*ENGLISH_VALUES, *MULTIPLES}
# "twenty-first", "one hundredth": ordinals, whose first words are no count.
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
SCALE_ORDINALS = {"hundredth", "thousandth", "millionth", "billionth"}
# "one" standing for a person or a thing: "one of the first delegations", "no one", "one another".
PRONOUN_ONE_AFTER = re.compile(r"(?<![A-Za-z])(?:no|each|every|any|which|this|that) $", re.IGNORECASE)
PRONOUN_ONE_BEFORE = {"of", "another"}
# Numbers of a size the words leave open: each is a number, none a count.
VAGUE = re.compile(
    r"\b(?:several|a few|a handful|a number of|dozens|scores of|hundreds|thousands|millions|billions)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z]+")
RUN_STARTS = {*ENGLISH_NUMBER_WORDS, "a", "an", "half"}
# Number words one after another, joined by a space or a hyphen ("twenty-one", "two thousand five
# hundred") or by "and" after a hundred, a thousand or a million ("one hundred and twenty"); "a"
# or "an" before a hundred, a thousand or a dozen is one ("a dozen"), and "half a dozen" six.
NUMBER_WORD = "|".join(sorted(ENGLISH_NUMBER_WORDS, key=len, reverse=True))
VALUE_WORD = "|".join(sorted(ENGLISH_VALUES, key=len, reverse=True))
AFTER_A_SCALE = "".join(f"(?<={scale})" for scale in ("hundred", *ENGLISH_SCALES)).replace(")(", ")|(")
ENGLISH_RUN = re.compile(
    r"(?<![A-Za-z])(?:half[ -]a[ -]dozen"
    rf"|(?:an?[ -](?=(?:{'|'.join(MULTIPLES)})(?![A-Za-z])))?(?:{NUMBER_WORD})"
    rf"(?:[ -](?:{NUMBER_WORD})|(?:{AFTER_A_SCALE}) and (?:{VALUE_WORD}))*)(?![A-Za-z])",
    re.IGNORECASE,
)
# The word after a number: an ordinal's end ("twenty-first") or "of" ("one of").
WORD_AFTER = re.compile(r"([ -])([A-Za-z]+)")
# Where a sentence or a bracket begins, a capital is no sign of a name.
SENTENCE_MARKS = ".;:!?(["

CHINESE_RUN = re.compile("[〇○零一二两三四五六七八九十百千万亿几]+")
# A Chinese number of people stands before the word that counts them (三十名, 五十余人, 三十多位, 十个人).
COUNTS_PEOPLE = re.compile(r"\s*[多余来]?\s*个?\s*[人名位]")
# Or at the end of the text, or before a mark that ends a phrase.
ENDS_PHRASE = re.compile(r"\s*(?:$|[^\w\s])")
# 几 (几十, 十几), 数百, 上千: a number of a size the words leave open.
CHINESE_VAGUE_BEFORE = ("数", "上")


def chinese_digits(numerals):
    """Numerals read one by one, as a year is written (二〇一五: "2015"); None if one is no digit."""
    if not all(numeral in CHINESE_NUMERALS and numeral != "两" for numeral in numerals):
        return None
    return "".join(str(CHINESE_NUMERALS[numeral]) for numeral in numerals)


def chinese_number(numerals):
    """The value of Chinese numerals: 十二 12, 两百 200, 一千零五十 1050, 三万 30000, 百 100,
    二〇一五 2015 (digit by digit); None for what is no one number (十十, 一二, or 一百五, which
    speech says for 150 and writing as 一百五十)."""
    numerals = numerals.translate(TRADITIONAL_NUMERALS)
    if numerals == "两":  # 两人: two; in a year's digits it is none
        return 2
    if not any(unit in numerals for unit in (*CHINESE_UNITS, "万", "亿")):
        digits = chinese_digits(numerals)
        return int(digits) if digits else None
    total = 0  # the part of ten thousands and above
    section = 0  # the part below ten thousand
    digit = None  # a numeral waiting for its unit
    unit_before = None  # the last unit, from 10 up: each unit is smaller than the one before
    scale_before = None  # the last of 万 and 亿
    gap = False  # a 零 since that unit, as in 一百零五
    for position, numeral in enumerate(numerals):
        if numeral in ("零", "〇", "○"):
            if digit is not None:
                return None
            gap = True
        elif numeral in CHINESE_NUMERALS:
            if digit is not None:
                return None
            digit = CHINESE_NUMERALS[numeral]
        elif numeral in CHINESE_UNITS:
            unit = CHINESE_UNITS[numeral]
            if unit_before is not None and unit >= unit_before:
                return None
            if digit is None:
                # 十二, 百余人, 千人: a unit alone counts one of itself, at the start; 一百十二 too.
                if position and not (unit == 10 and unit_before):
                    return None
                digit = 1
            elif numeral == "十" and numerals[position - 1] == "两":
                return None
            section += digit * unit
            digit, unit_before, gap = None, unit, False
        elif numeral in ("万", "亿"):
            scale = 10_000 if numeral == "万" else 100_000_000
            # 亿 before 万, each once: 一亿两千万 is 120,000,000; 万亿 no number here.
            if scale_before is not None and scale >= scale_before:
                return None
            section += digit or 0
            if section == 0:
                if position:  # 零万
                    return None
                section = 1  # 万人: ten thousand
            total += section * scale
            section, digit, unit_before, scale_before, gap = 0, None, scale, scale, False
        else:
            return None
    if digit is not None:
        # 一百五: speech's 150, no number in writing; 一百零五 is 105.
        if unit_before is not None and unit_before > 10 and not gap:
            return None
        section += digit
    elif gap:
        return None
    return total + section


def numbers_in_words(text):
    """(start, end, value) of each number written in words, English or Chinese, in the order
    written; the value None for one of a size the words leave open, or no one number. One at a
    time: a reader that needs only the first ones stops there, however long the text."""
    vague = ((found.start(), found.end(), None) for found in VAGUE.finditer(text))
    return heapq.merge(english_numbers(text), chinese_numbers(text), vague)


def english_numbers(text):
    # Word by word, trying a number only where a word may begin one: far quicker than trying
    # each of its words at each character of a long text.
    end = 0
    for word in WORD.finditer(text):
        if word.start() < end or word.group().lower() not in RUN_STARTS:
            continue
        run = ENGLISH_RUN.match(text, word.start())
        if run:
            end = run.end()
            if counts(text, run):
                yield run.start(), run.end(), english_number(run.group())


def english_number(words):
    """The value of number words ("two thousand five hundred": 2500), None if they make no one number."""
    names = re.split(r"[ -]+", words.lower())
    if names == ["half", "a", "dozen"]:
        return 6
    names = ["one" if name in ("a", "an") else name for name in names if name != "and"]
    total, group, scale_before, name_before = 0, 0, None, None
    for name in names:
        if name in ENGLISH_VALUES:
            value = ENGLISH_VALUES[name]
            after_tens = name_before in TENS and value < 10  # "twenty-one"
            if not after_tens and (group % 100 or name_before in ENGLISH_VALUES):
                return None
            group += value
        elif name in ("hundred", "dozen"):
            if not 0 < group < 100 or name_before in ("hundred", "dozen"):
                return None
            group *= 100 if name == "hundred" else 12
        else:
            scale = ENGLISH_SCALES[name]
            if not group or (scale_before is not None and scale >= scale_before):
                return None
            total, group, scale_before = total + group * scale, 0, scale
        name_before = name
    return total + group


def counts(text, run):
    """Whether the number words of the run are a number, not an ordinal's first words, "one"
    standing for a person, or part of a name."""
    after = WORD_AFTER.match(text, run.end())
    joiner, word = (after.group(1), after.group(2).lower()) if after else ("", "")
    # "twenty-first", "one hundredth"; "twelve first-year students" are twelve.
    if (joiner == "-" and word in ORDINALS) or word in SCALE_ORDINALS:
        return False
    if run.group().lower() == "one":
        if word in PRONOUN_ONE_BEFORE or PRONOUN_ONE_AFTER.search(text, max(0, run.start() - 6), run.start()):
            return False
    written = run.group()
    return not (written[0].isupper() and not written[:2].isupper()) or begins_a_sentence(text, run.start())


def begins_a_sentence(text, position):
    """Whether only spaces stand between the text's start, or a sentence's or a bracket's, and position."""
    while position and text[position - 1].isspace():
        position -= 1
    return not position or text[position - 1] in SENTENCE_MARKS


def chinese_numbers(text):
    simplified = text.translate(TRADITIONAL_NUMERALS)
    whole = simplified.strip()
    for run in CHINESE_RUN.finditer(simplified):
        numerals, before = run.group(), simplified[run.start() - 1 : run.start()]
        if before == "第":  # 第一, 第十二届: ordinals
            continue
        vague = "几" in numerals or before in CHINESE_VAGUE_BEFORE
        after_digits = before.isdigit()  # 3万人: digits before a unit, no one number in words
        value = None if vague or after_digits else chinese_number(numerals)
        if COUNTS_PEOPLE.match(simplified, run.end()):
            yield run.start(), run.end(), value
        elif ENDS_PHRASE.match(simplified, run.end()) and (value is not None or vague):
            # At the end, numerals alone are often part of a word (统一, 唯一): a number there has
            # a unit (学生共五十), or is the whole text (五).
            if set(numerals) - set(CHINESE_NUMERALS) or whole == numerals:
                yield run.start(), run.end(), value
