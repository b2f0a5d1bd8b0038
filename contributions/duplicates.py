"""Records that a pending submission may repeat, with the evidence, for the moderator to check.

A submission is compared with published exchanges and with the other pending
submissions. The candidates come from the database in three bounded queries
(exchanges near its date, exchanges whose titles share its words through the
search index, pending submissions near its date or sharing a title word), at
most a few hundred rows; each is then scored in Python on three kinds of
evidence, and each hint says which:

- titles: whole words (as search folds them: case, punctuation, possessives),
  and the trigram likeness of those words, so "visits" is close to "visit"
  but "ping" never matches inside "Xiaoping";
- dates: the same day, overlapping periods (within the precision of both
  dates: "June 2023" overlaps June 18, 2023), or a few days apart;
- names: partners, participants and places in common, compared by the
  entities' name keys (entities/names.py), so "U.S. Navy" is "US Navy".

Links to entities, once exchanges have them, add evidence in
`entity_evidence()`. A hint a moderator dismissed (DismissedHint) is not shown again.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entities.names import normalise, split_participants, split_places
from exchanges.dates import first_day, last_day
from exchanges.models import Exchange, split_lines
from exchanges.search import STOP_WORDS, Query, Term, fold, implied_words

# Candidates read from the database, per query.
MAX_CANDIDATES = 100
# Candidates by date: this far either side of the submission's period.
DATE_WINDOW = datetime.timedelta(days=31)
# Dates this many days apart still count as close.
DAYS_APART = 3
MAX_RESULTS = 10
# A hint is shown at this score or above (0–1; see score()).
THRESHOLD = 0.45
MAX_TITLE_WORDS = 12
# Words that say nothing about which exchange a title means.
COMMON_WORDS = {"visit", "visits", "meet", "meets", "meeting", "talks", "sino", "delegation", "trip"}


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
    implied = {words[0] for words in implied_words() if len(words) == 1}
    words = [word for word in fold(title).split() if word not in STOP_WORDS and word not in implied]
    return list(dict.fromkeys(words))[:MAX_TITLE_WORDS]


def _trigrams(words):
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def title_likeness(one, other):
    """0–1: the larger of the shared whole words (Dice) and the words' trigram likeness.

    Trigrams are taken per whole word with its edges marked, as pg_trgm does,
    so a short word inside a longer one shares few of them."""
    a, b = set(title_words(one)) - COMMON_WORDS, set(title_words(other)) - COMMON_WORDS
    if not a or not b:
        return 0.0
    words = 2 * len(a & b) / (len(a) + len(b))
    ga, gb = _trigrams(a), _trigrams(b)
    grams = 2 * len(ga & gb) / (len(ga) + len(gb))
    return max(words, grams)


# Dates -----------------------------------------------------------------------


def period(record):
    """(first day, last day) the record's date may mean, or None without a date."""
    if not record.date:
        return None
    first = first_day(record.date, record.date_precision)
    return first, last_day(first, record.date_precision, record.end_date)


def date_evidence(one, other):
    """(0–1, reason or "")."""
    a, b = period(one), period(other)
    if not a or not b:
        return 0.0, ""
    if a[0] <= b[1] and b[0] <= a[1]:
        same_day = a[0] == a[1] == b[0] == b[1]
        return 1.0, _("same date") if same_day else _("dates overlap")
    gap = (max(a[0], b[0]) - min(a[1], b[1])).days
    if gap <= DAYS_APART:
        return 0.7, ngettext("%(days)d day apart", "%(days)d days apart", gap) % {"days": gap}
    if gap <= DATE_WINDOW.days:
        return 0.2, ""
    return 0.0, ""


# Names -----------------------------------------------------------------------


def people(record):
    found = {}
    for line in split_lines(record.participants) or [record.participants]:
        for item in split_participants(line):
            name = item.name if hasattr(item, "name") else item
            if normalise(name):
                found.setdefault(normalise(name), name)
    return found


def partners(record):
    return {
        normalise(name): name
        for name in split_lines(record.partners) + split_lines(record.sponsors)
        if normalise(name)
    }


def places(record):
    found = {}
    for mention in split_places(record.location or ""):
        name = getattr(mention, "name", None) or str(mention)
        if normalise(name):
            found.setdefault(normalise(name), name)
    return found


def names_evidence(one, other):
    """(how many people and organisations in common, [reasons])."""
    reasons, shared = [], 0
    for label, read in [
        (_("same participants %(names)s"), people),
        (_("same partners %(names)s"), partners),
    ]:
        mine, theirs = read(one), read(other)
        common = [mine[key] for key in mine if key in theirs]
        if common:
            shared += len(common)
            reasons.append(label % {"names": ", ".join(common[:4])})
    mine, theirs = places(one), places(other)
    common_places = [mine[key] for key in mine if key in theirs]
    if common_places:
        reasons.append(_("same place %(names)s") % {"names": ", ".join(common_places[:3])})
    return shared, bool(common_places), reasons


def entity_evidence(one, other):
    """(how many entities the two records are both linked to, [reasons]).

    Exchanges are not linked to entities yet; when they are, the people,
    organisations and places both records link to count here like shared names."""
    return 0, []


# Scoring ---------------------------------------------------------------------


def score(submission, other):
    """A Hint for `other`: title likeness weighs most, then the date, then names in common."""
    likeness = title_likeness(submission.title, other.title)
    date_score, date_reason = date_evidence(submission, other)
    shared, same_place, name_reasons = names_evidence(submission, other)
    linked, entity_reasons = entity_evidence(submission, other)
    shared += linked
    value = 0.6 * likeness + 0.25 * date_score + 0.1 * min(shared, 2) / 2 + 0.05 * same_place
    if date_score == 0 and period(submission) and period(other):
        # Dates both known and far apart: a different occasion, however alike the rest.
        value *= 0.5
    reasons = [reason for reason in [date_reason] if reason] + name_reasons + entity_reasons
    if likeness >= 0.3:
        reasons.append(_("titles %(percent)d%% alike") % {"percent": round(likeness * 100)})
    return Hint(other, round(value, 3), reasons)


def candidates(submission):
    """Published exchanges and pending submissions worth scoring: three bounded queries."""
    found = {}
    span = period(submission)
    exchanges = Exchange.objects.published().exclude(pk=submission.exchange_id)
    if span:
        near = exchanges.on_or_after(shifted(span[0], -DATE_WINDOW)).on_or_before(
            shifted(span[1], DATE_WINDOW)
        )
        for exchange in near.order_by("-date")[:MAX_CANDIDATES]:
            found[("exchange", exchange.pk)] = exchange
    words = [word for word in title_words(submission.title) if word not in COMMON_WORDS]
    if words:
        any_word = Query((tuple(Term((word,), word) for word in words),))
        for exchange in exchanges.search(any_word).order_by("-search_rank")[:MAX_CANDIDATES]:
            found[("exchange", exchange.pk)] = exchange
    others = type(submission).objects.pending().exclude(pk=submission.pk)
    near_or_alike = Q(pk__in=[])
    if span:
        # A submission's date is its first day; a year-precision one may start a year earlier.
        near_or_alike |= Q(date__gte=shifted(span[0], -DATE_WINDOW - datetime.timedelta(days=366))) & Q(
            date__lte=shifted(span[1], DATE_WINDOW)
        )
    for word in words[:MAX_TITLE_WORDS]:
        near_or_alike |= Q(title__icontains=word)
    for other in others.filter(near_or_alike).order_by("-created")[:MAX_CANDIDATES]:
        found[("submission", other.pk)] = other
    return found


def hints(submission, dismissed=()):
    """The hints for `submission`, best first, without those in `dismissed` ({(kind, pk)})."""
    scored = [
        score(submission, other) for key, other in candidates(submission).items() if key not in dismissed
    ]
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
