"""Published exchanges that a submission may repeat, for the moderator to check.

An exchange is a possible duplicate when its title shares at least half of the
submission's significant title words, or when it took place within a few days
of the submission's date and shares a partner or a participant. One bounded
query, run by the database; never a scan of the catalogue in Python.
"""

import datetime
import re

from django.db.models import Case, IntegerField, Q, Value, When

from exchanges.models import Exchange, split_lines

DAYS_APART = 3
MAX_RESULTS = 10
MAX_TERMS = 8
# Words nearly every title holds: they say nothing about which exchange it is.
COMMON_WORDS = {
    "and",
    "the",
    "for",
    "with",
    "from",
    "into",
    "about",
    "between",
    "its",
    "his",
    "her",
    "their",
    "china",
    "chinese",
    "united",
    "states",
    "american",
    "u.s",
    "prc",
    "usa",
    "sino",
}


def significant_words(text):
    words = [word.lower() for word in re.findall(r"[\w.]+", text or "")]
    words = [word.strip(".") for word in words]
    unique = dict.fromkeys(word for word in words if len(word) >= 3 and word not in COMMON_WORDS)
    return list(unique)[:MAX_TERMS]


def names(submission):
    """Partners one per line, participants separated by commas or lines; at most MAX_TERMS."""
    participants = [part.strip() for line in split_lines(submission.participants) for part in line.split(",")]
    found = [name for name in split_lines(submission.partners) + participants if len(name) >= 3]
    return list(dict.fromkeys(found))[:MAX_TERMS]


def possible_duplicates(submission):
    words = significant_words(submission.title)
    title_matches = Value(0)
    for word in words:
        title_matches += Case(When(title__icontains=word, then=1), default=0, output_field=IntegerField())
    similar_title = Q(title_matches__gte=max(1, (len(words) + 1) // 2)) if words else Q(pk__in=[])

    shared_names = Q(pk__in=[])
    for name in names(submission):
        shared_names |= Q(partners__icontains=name) | Q(participants__icontains=name)
    close_in_time = Q(pk__in=[])
    if submission.date:
        days = datetime.timedelta(days=DAYS_APART)
        last = submission.end_date or submission.date
        close_in_time = Q(date__lte=shifted(last, days), date_last__gte=shifted(submission.date, -days))

    return (
        Exchange.objects.published()
        .exclude(pk=submission.exchange_id)
        .annotate(title_matches=title_matches)
        .filter(similar_title | (close_in_time & shared_names))
        .only("title", "slug", "date", "date_precision", "end_date")
        .order_by("-title_matches", "-date")[:MAX_RESULTS]
    )


def shifted(day, delta):
    """`day` moved by `delta`, stopping at the first or last date there is (0001-01-01 may be typed)."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min
