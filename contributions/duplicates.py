"""Records that a pending submission may repeat, with the evidence, for the moderator to check.

A submission is compared with published exchanges and with the other pending
submissions. The candidates come from the database in three bounded queries
(exchanges near its date, exchanges whose titles share its words through the
search index, pending submissions near its date or sharing a title word), at
most a few hundred rows; each is then scored in Python on four kinds of
evidence, and each hint says which:

- titles: whole words (as search folds them: case, punctuation, possessives),
  and the trigram likeness of those words, so "visits" is close to "visit"
  but "ping" never matches inside "Xiaoping";
- dates: the same day, overlapping periods (within the precision of both
  dates: "June 2023" overlaps June 18, 2023), or a few days apart;
- names: partners, participants and places in common, compared by the
  entities' name keys (entities/names.py), so "U.S. Navy" is "US Navy";
- entities: the people, organisations and places a published exchange is
  linked to, and those a submission's names are known by (key, Chinese key
  or alias), so "President Xi" is "Xi Jinping" once the alias is recorded
  (`entity_evidence()`). They are read once for all the candidates that
  could be hinted whatever names they share (`within_reach()`), in at most
  six more queries (EntityLinks); none when no candidate could.

What tells two exchanges of one occasion apart then lowers the score
(`evidence_against()`): titles that each say several things the other record
does not account for, one day of a visit whose title says what happened that
day, places in different countries. Names both records give weigh less in
the titles' likeness (they count as names already); a person or organisation
shared by two records that each name as many of their own does not count; the
United States, China and their synonyms are no title words; a year in common
is weak evidence, and two dates known to the day more than a week apart are
another occasion.

A hint a moderator dismissed (DismissedHint) is not shown again.
"""

import datetime
import functools
import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entities.names import normalise, split_participants, split_places
from exchanges.counts import among
from exchanges.dates import DAY, YEAR, first_day, last_day
from exchanges.links import organisation_lines, read_names
from exchanges.models import Exchange, split_lines
from exchanges.search import STOP_WORDS, Query, curated_synonyms, fold, holding_words, implied_words

# Candidates read from the database, per query.
MAX_CANDIDATES = 100
# A title word shared by more published exchanges than this is too common to find candidates by
# alone (sharing_title_words).
WORD_MATCHES = 1000
# Of the exchanges holding all of a title's common words, those this many read choose the nearest.
COMMON_MATCHES_READ = 10_000
# Candidates by date: this far either side of the submission's period.
DATE_WINDOW = datetime.timedelta(days=31)
# Dates this many days apart still count as close.
DAYS_APART = 3
# Two dates both known to the day and further apart than this are different occasions.
DAYS_APART_EXACT = 7
MAX_RESULTS = 10
# A hint is shown at this score or above (0–1; see score()).
THRESHOLD = 0.45
MAX_TITLE_WORDS = 12
# The longest phrase every record implies ("United States of America").
MAX_IMPLIED_WORDS = 4
# Words that say nothing about which exchange a title means.
COMMON_WORDS = {
    "visit",
    "visits",
    "meet",
    "meets",
    "meeting",
    "talks",
    "sino",
    "delegation",
    "trip",
    "make",
    "makes",
    "hold",
    "holds",
    "near",
}
# A title word that is a name both records give (a participant's, a place's) weighs
# this much in the titles' likeness: the name is counted once already, as a name.
NAME_WEIGHT = 0.75
# Two words this alike (trigram Dice) are one word told another way ("signed", "sign").
WORD_LIKENESS = 0.6
# Evidence against, as factors of the score (see score()).
EACH_MORE_WORDS = 0.15  # per word beyond the first that each title says and the other record does not
EACH_MORE_WORDS_FLOOR = 0.5
PLACES_APART = 0.7  # places known to lie in different countries
# A day within a visit of several days: one of the many exchanges a visit holds.
DAY_DURING = 0.6


@dataclass
class Hint:
    """A record the submission may repeat, how likely (0–1), and why."""

    other: object
    score: float
    reasons: list = field(default_factory=list)

    @property
    def is_submission(self):
        return not isinstance(self.other, Exchange)

    @property
    def why(self):
        return "; ".join(self.reasons)

    @property
    def key(self):
        return ("submission" if self.is_submission else "exchange", self.other.pk)


# Titles ----------------------------------------------------------------------


def title_words(title):
    return list(dict.fromkeys(_title_words(title)))[:MAX_TITLE_WORDS]


@functools.lru_cache(maxsize=4096)
def _title_words(title):
    """The title's words without stop words and the words every record implies ("U.S.",
    "China", "United States", "People's Republic of China"), as search folds them."""
    words = [word for word in fold(title).split() if word not in STOP_WORDS]
    implied = _implied_phrases()
    kept, position = [], 0
    while position < len(words):
        for length in range(min(len(words) - position, MAX_IMPLIED_WORDS), 0, -1):
            if tuple(words[position : position + length]) in implied:
                position += length
                break
        else:
            kept.append(words[position])
            position += 1
    return tuple(kept)


def _implied_phrases():
    return {tuple(words) for words in implied_words()}


@functools.lru_cache(maxsize=16384)
def _grams(word):
    """The word's trigrams, its edges marked as pg_trgm marks them."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def title_likeness(one, other, names=frozenset()):
    """0–1: the larger of the shared whole words (Dice) and the words' trigram likeness.

    Trigrams are taken per whole word with its edges marked, as pg_trgm does,
    so a short word inside a longer one shares few of them. A word in `names`
    (the words of the names both records give: "Obama", "Xi", "Sunnylands")
    weighs NAME_WEIGHT: the names are counted as names already, and two
    exchanges of the same people are not alike for that."""
    a, b = set(title_words(one)) - COMMON_WORDS, set(title_words(other)) - COMMON_WORDS
    if not a or not b:
        return 0.0

    def weight(word):
        return NAME_WEIGHT if word in names else 1.0

    words = 2 * sum(map(weight, a & b)) / (sum(map(weight, a)) + sum(map(weight, b)))
    ga, gb = {}, {}
    for found, title in [(ga, a), (gb, b)]:
        for word in title:
            for gram in _grams(word):
                found[gram] = max(found.get(gram, 0), weight(word))
    common = sum(min(ga[gram], gb[gram]) for gram in ga.keys() & gb.keys())
    return max(words, 2 * common / (sum(ga.values()) + sum(gb.values())))


def unexplained(one, other):
    """The words of `one`'s title that nothing of `other` accounts for.

    A word is accounted for when `other`'s title or names (participants,
    partners, places) have it, a synonym of it (synonyms.txt: "naval", "navy")
    or a word much like it ("signed", "sign"). Two titles that each say several
    things the other record knows nothing of ("cyber theft of commercial
    secrets", "statement on climate change") tell of two exchanges, whatever
    else they share; a word or two each is a title told another way."""
    known = _known_words(other.title, record_words(other))
    return [
        word for word in title_words(one.title) if word not in COMMON_WORDS and not known.accounts_for(word)
    ]


@functools.lru_cache(maxsize=4096)
def _known_words(title, names):
    known = set(title_words(title)) | names
    synonyms = _single_word_synonyms()
    return KnownWords(known | {synonym for word in known for synonym in synonyms.get(word, ())})


class KnownWords:
    """Words, and whether one of them is a given word or much like it, found through their trigrams."""

    def __init__(self, words):
        self.words = frozenset(words)
        self.by_gram = {}
        for word in self.words:
            if len(word) >= 4:
                for gram in _grams(word):
                    self.by_gram.setdefault(gram, []).append(word)
        self.answers = {}

    def accounts_for(self, word):
        if word in self.words:
            return True
        if len(word) < 4:
            return False
        if word not in self.answers:
            grams, shared = _grams(word), {}
            for gram in grams:
                for other in self.by_gram.get(gram, ()):
                    shared[other] = shared.get(other, 0) + 1
            self.answers[word] = any(
                2 * count / (len(grams) + len(_grams(other))) >= WORD_LIKENESS
                for other, count in shared.items()
            )
        return self.answers[word]


@functools.cache
def _single_word_synonyms():
    found = {}
    for spellings in curated_synonyms():
        words = {spelling[0] for spelling in spellings if len(spelling) == 1}
        for word in words:
            found.setdefault(word, set()).update(words - {word})
    return found


def record_words(record):
    """The words of a record's names (participants, partners, sponsors, place), as search folds them."""
    return _record_words(
        record.participants or "", record.partners or "", record.sponsors or "", record.location or ""
    )


@functools.lru_cache(maxsize=4096)
def _record_words(*texts):
    return frozenset(word for text in texts for word in fold(text).split() if word not in STOP_WORDS)


# Dates -----------------------------------------------------------------------


def period(record):
    """(first day, last day) the record's date may mean, or None without a date."""
    if not record.date:
        return None
    first = first_day(record.date, record.date_precision)
    return first, last_day(first, record.date_precision, record.end_date)


def grains(record):
    """How exactly the first and the last day of the record's period are known ("year", "month",
    "day"): "1985 – March 1986" is known to the year at its start and to the month at its end."""
    return record.date_precision, record.end_date_precision or record.date_precision


def in_years(record):
    """True when the record's period is known only in whole years: a year ("1985") or years
    ("1984–1986"). Such a period holds hundreds of exchanges: being in it says little."""
    return grains(record) == (YEAR, YEAR)


def date_evidence(one, other):
    """(0–1, reason or ""): how far the two periods, each as exactly as it is known at either end,
    say one occasion.

    Periods that overlap are a date match, the coarser covering the finer ("1985 – March 1986"
    covers "February 1986"), whichever record begins first: spans count by both their ends, not by
    their first days. Known only in whole years, they count half, unless they are the same span."""
    a, b = period(one), period(other)
    if not a or not b:
        return 0.0, ""
    if a[0] <= b[1] and b[0] <= a[1]:
        if a[0] == a[1] == b[0] == b[1]:
            return 1.0, _("same date")
        if _a_day_during(one, a, other, b) or _a_day_during(other, b, one, a):
            return DAY_DURING, _("one day during the other's period")
        if a == b and one.end_date and other.end_date:
            # Both ends alike ("1985 – March 1986", "1984–1986"): no year in common by chance.
            return 1.0, _("same period")
        if in_years(one) or in_years(other):
            # A year holds hundreds of exchanges: being in it says little.
            a_year = any(record.date_precision == YEAR and not record.end_date for record in (one, other))
            return 0.5, _("same year") if a_year else _("years overlap")
        return 1.0, _("dates overlap")
    gap = (max(a[0], b[0]) - min(a[1], b[1])).days
    if gap <= DAYS_APART:
        return 0.7, ngettext("%(days)d day apart", "%(days)d days apart", gap) % {"days": gap}
    earlier, later = (one, other) if a[1] < b[0] else (other, one)
    if gap > DAYS_APART_EXACT and grains(earlier)[1] == grains(later)[0] == DAY:
        # The end of one and the start of the other known to the day, weeks apart: another
        # occasion, not a date mistyped.
        return 0.0, ""
    if gap <= DATE_WINDOW.days:
        return 0.2, ""
    return 0.0, ""


def _a_day_during(one, a, other, b):
    """True when `one` is one exact day inside the longer exact period of `other`, after its first day.

    A visit of several days holds many exchanges (an agreement signed, a speech, a
    town hall), each with its own record: a day within it is weaker evidence of the
    same exchange than the same day or the same first day, which a contributor who
    knows only when a visit began would give."""
    exact = grains(one) == grains(other) == (DAY, DAY)
    return exact and a[0] == a[1] and b[0] < a[0] <= b[1]


# Names -----------------------------------------------------------------------


def places_apart(one, other):
    """True when the places of both records are known to lie in different countries (one
    in the United States, the other in China): two exchanges, however alike the rest."""
    mine, theirs = _countries(one), _countries(other)
    return bool(mine and theirs and not mine & theirs)


def _countries(record):
    return {country for country in _record_keys(record)["place"].values() if country in ("US", "CN")}


def people(record):
    return _people(record.participants or "")


def partners(record):
    return _partners(record.partners or "", record.sponsors or "")


def places(record):
    return _places(record.location or "")


# Reading names is the costly part of scoring; a record's texts are read once
# per process however many submissions it is compared with. Callers never
# change the dictionaries returned.
@functools.lru_cache(maxsize=4096)
def _people(participants):
    found = {}
    for line in split_lines(participants) or [participants]:
        for item in split_participants(line):
            name = item.name if hasattr(item, "name") else item
            if normalise(name):
                found.setdefault(normalise(name), name)
    return found


@functools.lru_cache(maxsize=4096)
def _partners(partners, sponsors):
    # Read as the links read them: "A; B" and "A / B" are two partners, not one.
    return {
        normalise(name): name
        for name in organisation_lines(partners) + organisation_lines(sponsors)
        if normalise(name)
    }


@functools.lru_cache(maxsize=4096)
def _places(location):
    found = {}
    for mention in split_places(location):
        name = getattr(mention, "name", None) or str(mention)
        if normalise(name):
            found.setdefault(normalise(name), name)
    return found


def names_evidence(one, other, links=None):
    """(how many people and organisations in common, a place in common, [reasons]).

    Names are compared by their keys and, with `links` (EntityLinks), by the
    entities they stand for, so "President Xi" is "Xi Jinping" when an alias
    says so; a hint names the entities as the catalogue spells them."""
    linked = entity_evidence(one, other, links)
    reasons, shared = [], 0
    for kind, label, read in [
        ("person", _("same participants %(names)s"), people),
        ("organisation", _("same partners %(names)s"), partners),
    ]:
        mine, theirs = read(one), read(other)
        common = _merged(kind, mine, theirs, linked, links)
        if common:
            reasons.append(label % {"names": ", ".join(common[:4])})
            if not _each_their_own(len(mine), len(theirs), len(common)):
                shared += len(common)
    common_places = _merged("place", places(one), places(other), linked, links)
    if common_places:
        reasons.append(_("same place %(names)s") % {"names": ", ".join(common_places[:3])})
    return shared, bool(common_places), reasons


def _each_their_own(mine, theirs, common):
    """True when each record names at least as many others as it shares.

    Two exchanges of one occasion share a person or an organisation (a vice
    premier who signs two agreements, a secretary who meets two officials) and
    each has its own besides; a record told again names the same ones, or fewer."""
    return mine - common >= common and theirs - common >= common


def _merged(kind, mine, theirs, linked, links):
    """The entities in common, then the names in common by key that stand for none of them."""
    entities = linked.get(kind, {})
    common = list(entities.values())
    for key, name in mine.items():
        if key in theirs and not (links and links.resolve(kind, key) & entities.keys()):
            common.append(name)
    return list(dict.fromkeys(common))


def entity_evidence(one, other, links):
    """{kind: {entity pk: name}}: the people, organisations and places both records stand for.

    A published exchange stands for the entities it is linked to; a submission
    for the entities its names are known by (key, Chinese key or alias). Read
    through `links`, made once per hint computation; without it there is no
    entity evidence."""
    if links is None:
        return {}
    mine, theirs = links.of(one), links.of(other)
    return {
        kind: {pk: name for pk, name in mine[kind].items() if pk in theirs[kind]}
        for kind in ENTITY_KINDS
        if mine[kind] and theirs[kind]
    }


ENTITY_KINDS = ("person", "organisation", "place")
# Names read per record and kind, so the keys asked for stay bounded.
MAX_NAMES = 12


def _record_keys(record):
    """{kind: {key: country or None}} of the names a record's texts give (exchanges/links.py)."""
    return _keys_of(
        record.partners or "", record.sponsors or "", record.participants or "", record.location or ""
    )


@functools.lru_cache(maxsize=4096)
def _keys_of(partners, sponsors, participants, location):
    names = read_names(partners, sponsors, participants, location)
    return {
        "organisation": {normalise(name): None for name, _role in names.organisations[:MAX_NAMES]},
        "person": {normalise(person.name): None for person in names.people[:MAX_NAMES]},
        "place": {normalise(mention.name): mention.country for mention in names.places[:MAX_NAMES]},
    }


class EntityLinks:
    """The entities the records being compared stand for, read in at most six queries.

    For each kind: one query finds the entities the texts of the submission
    and of the candidates that are not linked (submissions) are known by; one
    reads the link rows of every candidate exchange (direct places only: a
    shared country or state says nothing)."""

    def __init__(self, submission, others):
        from entities.models import ENTITY_MODELS
        from exchanges.models import ExchangeOrganisation, ExchangePerson, ExchangePlace

        exchanges = [other.pk for other in others if isinstance(other, Exchange)]
        readers = [submission] + [other for other in others if not isinstance(other, Exchange)]
        self.keys = {id(record): _record_keys(record) for record in readers}
        self.known = {}  # (kind, key) -> {pk: (name, country)}
        for kind in ENTITY_KINDS:
            wanted = {key for keys in self.keys.values() for key in keys[kind]}
            if wanted:
                self._resolve(ENTITY_MODELS[kind], kind, wanted)
        self.linked = {}  # (kind, exchange pk) -> {pk: name}
        if exchanges:
            for kind, rows in [
                (
                    "person",
                    ExchangePerson.objects.filter(exchange__in=exchanges)
                    .values_list("exchange_id", "person_id", "person__name")
                    .order_by(),
                ),
                (
                    "organisation",
                    ExchangeOrganisation.objects.filter(exchange__in=exchanges)
                    .values_list("exchange_id", "organisation_id", "organisation__name")
                    .order_by(),
                ),
                (
                    "place",
                    ExchangePlace.objects.filter(exchange__in=exchanges, direct=True)
                    .values_list("exchange_id", "place_id", "place__name")
                    .order_by(),
                ),
            ]:
                for exchange, pk, name in rows:
                    self.linked.setdefault((kind, exchange), {})[pk] = name

    def _resolve(self, model, kind, wanted):
        fields = ["pk", "name", "key", "chinese_key", "aliases__key"]
        if kind == "place":
            fields.append("country")
        rows = model.objects.filter(
            Q(key__in=wanted) | Q(chinese_key__in=wanted) | Q(aliases__key__in=wanted)
        ).values_list(*fields)
        for pk, name, *keys in rows.order_by():
            country = keys.pop() if kind == "place" else None
            for key in keys:
                if key in wanted:
                    self.known.setdefault((kind, key), {})[pk] = (name, country)

    def resolve(self, kind, key, country=None):
        """The pks of the entities `key` is known by (a place in `country` when one is)."""
        found = self.known.get((kind, key), {})
        if country:
            in_country = {pk for pk, (_name, where) in found.items() if where == country}
            if in_country:
                return in_country
        return set(found)

    def of(self, record):
        """{kind: {entity pk: name}} the record stands for."""
        if isinstance(record, Exchange) and id(record) not in self.keys:
            return {kind: self.linked.get((kind, record.pk), {}) for kind in ENTITY_KINDS}
        keys = self.keys.get(id(record)) or _record_keys(record)
        found = {}
        for kind in ENTITY_KINDS:
            found[kind] = {}
            for key, country in keys[kind].items():
                for pk in self.resolve(kind, key, country):
                    found[kind].setdefault(pk, self.known[(kind, key)][pk][0])
        return found


# Scoring ---------------------------------------------------------------------


def score(submission, other, links=None):
    """A Hint for `other`: title likeness weighs most, then the date, then names in common;
    what tells two exchanges apart (evidence_against()) then lowers it.

    `links` (EntityLinks) is read for the one pair when not given."""
    if links is None:
        links = EntityLinks(submission, [other])
    likeness, (date_score, date_reason) = _likeness_and_date(submission, other)
    shared, same_place, name_reasons = names_evidence(submission, other, links)
    value = _value(submission, other, likeness, date_score, shared, same_place)
    reasons = [reason for reason in [date_reason] if reason] + name_reasons
    if likeness >= 0.3:
        reasons.append(_("titles %(percent)d%% alike") % {"percent": round(likeness * 100)})
    return Hint(other, round(value, 3), reasons)


def within_reach(submission, other):
    """Whether `other` could be hinted (score() at THRESHOLD or above) whatever names the two records
    share: what names add to a score is bounded (two people or organisations and a place count in
    full), so a record that falls short with all of it is no hint, and the entities need not be read."""
    likeness, (date_score, _reason) = _likeness_and_date(submission, other)
    return round(_value(submission, other, likeness, date_score, 2, True), 3) >= THRESHOLD


def _likeness_and_date(submission, other):
    names = record_words(submission) & record_words(other)
    return title_likeness(submission.title, other.title, names), date_evidence(submission, other)


def _value(submission, other, likeness, date_score, shared, same_place):
    value = 0.6 * likeness + 0.25 * date_score + 0.1 * min(shared, 2) / 2 + 0.05 * same_place
    if date_score == 0 and period(submission) and period(other):
        # Dates both known and far apart: a different occasion, however alike the rest.
        value *= 0.5
    return value * evidence_against(submission, other)


def evidence_against(one, other):
    """0–1, a factor of the score: what says two records of one occasion are two exchanges.

    Exchanges of one occasion (the agreements signed during a visit, a leaders'
    meeting and a ministers' one at a summit) share the date, people and
    places; what tells them apart is what each says that the other does not:
    - titles that each say several things the other record does not account
      for ("cyber theft of commercial secrets", "statement on climate change"),
      where a record told again says it in a word or two of its own;
    - for one day of a visit of several days, what that day's title says
      happened that the visit's record does not (an interview, a statement):
      a visit's title says little of its own ("Xi makes a state visit");
    - places known to lie in different countries (one in the United States,
      the other in China).
    The type of exchange is not used: contributors choose it differently for
    one exchange (a team's tour is "Sports" or "Cultural")."""
    factor = 1.0
    if _one_day_of(one, other):
        apart = len(_said_of_the_day(one, other))
    elif _one_day_of(other, one):
        apart = len(_said_of_the_day(other, one))
    else:
        apart = min(len(unexplained(one, other)), len(unexplained(other, one)))
    if apart >= 2:
        factor *= max(EACH_MORE_WORDS_FLOOR, 1 - EACH_MORE_WORDS * (apart - 1))
    if places_apart(one, other):
        factor *= PLACES_APART
    return factor


def _said_of_the_day(day, visit):
    """What the title of one day's record says happened that the visit's record does not.

    Its own names (a school's, a newspaper's, a role) are left out: a day's record
    named by who and where alone may be the visit told again by its first day."""
    return [word for word in unexplained(day, visit) if word not in record_words(day)]


def _one_day_of(one, other):
    """True when `one` is one exact day of `other`'s exact period of several days."""
    a, b = period(one), period(other)
    exact = grains(one) == grains(other) == (DAY, DAY)
    return bool(exact and a and b and a[0] == a[1] and b[0] < b[1] and b[0] <= a[0] <= b[1])


def candidates(submission):
    """Published exchanges and pending submissions worth scoring: three bounded queries."""
    found = {}
    span = period(submission)
    exchanges = Exchange.objects.published().exclude(pk=submission.exchange_id)
    if span:
        near = exchanges.on_or_after(shifted(span[0], -DATE_WINDOW)).on_or_before(
            shifted(span[1], DATE_WINDOW)
        )
        # The nearest to its first day, on each side: of a million exchanges, a month either side
        # holds thousands, and the newest hundred of them were the last few days of the window.
        half = MAX_CANDIDATES // 2
        before = near.filter(date__lte=span[0]).order_by("-date", "-id")[:half]
        after = near.filter(date__gt=span[0]).order_by("date", "id")[: MAX_CANDIDATES - half]
        for exchange in [*before, *after]:
            found[("exchange", exchange.pk)] = exchange
    words = [word for word in title_words(submission.title) if word not in COMMON_WORDS]
    if words:
        for exchange in sharing_title_words(exchanges, words, span[0] if span else None):
            found[("exchange", exchange.pk)] = exchange
    others = type(submission).objects.pending().exclude(pk=submission.pk)
    near_or_alike = Q(pk__in=[])
    if span:
        # A submission's date is its first day; a year-precision one may start a year earlier, and a
        # span ("1980–1990") years earlier, ending near or after this one's first day.
        since = shifted(span[0], -DATE_WINDOW)
        near_or_alike |= (
            Q(date__gte=shifted(since, -datetime.timedelta(days=366))) | Q(end_date__gte=since)
        ) & Q(date__lte=shifted(span[1], DATE_WINDOW))
    for word in words[:MAX_TITLE_WORDS]:
        near_or_alike |= Q(title__icontains=word)
    for other in others.filter(near_or_alike).order_by("-created")[:MAX_CANDIDATES]:
        found[("submission", other.pk)] = other
    return found


def sharing_title_words(exchanges, words, day=None):
    """The MAX_CANDIDATES of `exchanges` that share the most of `words` (a title's), the rarer
    words weighing more, those nearer `day` first among equals; chosen among those that share a
    word few exchanges hold (WORD_MATCHES at most) and the WORD_MATCHES nearest `day` (the newest
    without one) of those that hold all the others, or of COMMON_MATCHES_READ of them.

    Every exchange sharing any word would be most of a large catalogue: a title's four words were
    found in 81% of a million exchanges, and ranking them took 1.5 s. PostgreSQL's rank counts how
    often each word occurs, not how rare it is (SQLite's bm25 does weigh rarity): among 100,000
    exchanges it put a hundred that repeated "summit" and "presidents" above the one that shared
    "Filoli". Here, on both databases, a word counts one, and more the fewer exchanges hold it:
    1 + ln((WORD_MATCHES + 1) / (holding + 1)).

    When no more than WORD_MATCHES share any word (a catalogue of a few thousand), they are all
    weighed, in three queries; otherwise each word is counted first, up to WORD_MATCHES + 1."""
    ids = _ids(exchanges.search(Query.any_word(words), ranked=False), WORD_MATCHES + 1)
    holding = None  # {word: exchanges holding it}, when known from the ids' rows
    if len(ids) > WORD_MATCHES:
        holding = {word: _holding_up_to(exchanges, word, WORD_MATCHES + 1) for word in words}
        rare = [word for word in words if holding[word] <= WORD_MATCHES]
        common = [word for word in words if holding[word] > WORD_MATCHES]
        ids = (
            _ids(exchanges.search(Query.any_word(rare), ranked=False), len(rare) * WORD_MATCHES)
            if rare
            else []
        )
        if common:
            every = exchanges.search(Query.every_word(common), ranked=False)
            # In no order, then the nearest sorted here: a date index walked for words seldom
            # found together reads most of the catalogue (0.23 s for one among a million).
            dated = list(every.order_by().values_list("pk", "date")[:COMMON_MATCHES_READ])
            dated.sort(
                key=lambda row: (abs((row[1] - day).days), -row[0]) if day else (-row[1].toordinal(), -row[0])
            )
            ids += [pk for pk, _date in dated[:WORD_MATCHES]]
    if not ids:
        return []
    flags = [f"holds_{number}" for number in range(len(words))]
    rows = list(
        holding_words(exchanges.filter(among(Exchange._meta.db_table, "id", ids)), words)
        .order_by()
        .values_list("pk", "date", *flags)
    )
    if holding is None:
        # Every exchange holding a word is among the rows.
        holding = {word: sum(row[2 + number] for row in rows) for number, word in enumerate(words)}
    weights = [1 + math.log((WORD_MATCHES + 1) / (holding[word] + 1)) for word in words]

    def order(row):
        pk, date, *held = row
        shared = sum(weight for weight, holds in zip(weights, held, strict=True) if holds)
        return (-round(shared, 9), abs((date - day).days) if day else 0, -pk)

    best = [row[0] for row in sorted(rows, key=order)[:MAX_CANDIDATES]]
    found = exchanges.order_by().in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def _ids(exchanges, limit):
    """Up to `limit` ids, in no order: as the search index gives them, rather than by walking the
    date index (the catalogue's order) in search of a rare word's few matches."""
    return list(exchanges.order_by().values_list("pk", flat=True)[:limit])


def _holding_up_to(exchanges, word, limit):
    return exchanges.search(Query.any_word([word]), ranked=False).order_by()[:limit].count()


def hints(submission, dismissed=()):
    """The hints for `submission`, best first, without those in `dismissed` ({(kind, pk)})."""
    others = [other for key, other in candidates(submission).items() if key not in dismissed]
    # Most candidates fall short whatever names they share: no entities are read for them, and none
    # at all (up to six queries) when none is within reach.
    others = [other for other in others if within_reach(submission, other)]
    if not others:
        return []
    links = EntityLinks(submission, others)
    scored = [score(submission, other, links) for other in others]
    kept = [hint for hint in scored if hint.score >= THRESHOLD]
    kept.sort(key=lambda hint: (-hint.score, hint.key))
    return kept[:MAX_RESULTS]


def possible_duplicates(submission):
    """The records hinted, best first (exchanges and submissions)."""
    return [hint.other for hint in hints(submission)]


def shifted(day, delta):
    """`day` moved by `delta`, stopping at the first or last date there is (0001-01-01 may be typed)."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min


# Imports that publish -----------------------------------------------------------

# Titles at least this alike (title_likeness) are one title told with a word of difference.
NEAR_IDENTICAL = 0.9
# Published exchanges of one day read to look for a row's repeat; a day seldom holds more.
SAME_DAY_READ = 200


def published_repeat(record):
    """The published exchange `record` (an import row to publish) very likely repeats, or None.

    A row publishes without a moderator, so only the strongest evidence holds it
    back: the same period at the same precision, and the same title as search
    folds it, or titles near-identical (NEAR_IDENTICAL), with nothing that tells
    the two apart (evidence_against()). The entities linked are not read: that
    takes queries per row, and a second report of a visit names people otherwise.
    One indexed query (status, date) per row, whatever the catalogue's size;
    the moderator then sees the full hints."""
    span = period(record)
    if not span:
        return None
    same_day = (
        Exchange.objects.published()
        .filter(date=span[0], date_precision=record.date_precision)
        .only(
            "slug",
            "title",
            "date",
            "date_precision",
            "end_date",
            "end_precision",
            "participants",
            "partners",
            "sponsors",
            "location",
        )
        .order_by("-date", "-id")[:SAME_DAY_READ]
    )
    for exchange in same_day:
        if period(exchange) == span and _same_title(record.title, exchange.title):
            if evidence_against(record, exchange) == 1.0:
                return exchange
    return None


def _same_title(one, other):
    words = title_words(one)
    return (bool(words) and words == title_words(other)) or title_likeness(one, other) >= NEAR_IDENTICAL
