"""What a stranger may send, as Hypothesis strategies, and the stored state to compare."""

import operator
import re

from hypothesis import strategies as st

from contributions.models import Submission
from exchanges.models import Exchange, Source

NUL = "\x00"
WHOLE_NUMBER = re.compile(r"[0-9][0-9,]*")
# The largest number PostgreSQL's integer column holds.
LARGEST_COUNT = 2_147_483_647

# Values the site knows, so that fuzzing also reaches the paths past validation.
KNOWN_VALUES = [
    "",
    "diplomatic",
    "education",
    "civic",
    "national",
    "state",
    "local",
    "yes",
    "no",
    "True",
    "False",
    "on",
    "2013",
    "2013-06",
    "2013-06-07",
    "2019-05-20",
    "2019-02-30",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-date",
    "date",
    "title",
    "relevance",
    "day",
    "month",
    "year",
    "0",
    "1",
    "2",
    "-1",
    "40",
    "1,000",
    "2147483647",
    "99999999999999999999",
    "1e10",
    "jane@example.org",
    "https://example.org/x",
    "Citation https://example.org/a\r\nSecond source",
    "Xi",
    '"Chou En-lai" OR Nixon -Xi presid*',
]

# Each query language's own syntax, and the characters that break naive parsers.
SYNTAX = st.text(alphabet="\"-*()':&|!<>^~ORNTAxX1é习 \t\n", max_size=60)
# Big values: long runs of something, up to a few hundred kilobytes.
HUGE = st.builds(
    operator.mul,
    st.sampled_from(["a-b ", "-", "9", '"', "Xi ", "é", "习近平", "word ", "\n", "%"]),
    st.integers(min_value=500, max_value=50_000),
)

value = st.one_of(st.sampled_from(KNOWN_VALUES), st.text(max_size=40), SYNTAX, HUGE)
small_value = st.one_of(st.sampled_from(KNOWN_VALUES), st.text(max_size=40), SYNTAX)


def holds_nul(pairs):
    return any(NUL in name or NUL in text for name, text in pairs)


def flatten(data):
    """A {name: value or [values]} dict as (name, value) pairs."""
    return [
        (name, item)
        for name, values in data.items()
        for item in (values if isinstance(values, list) else [values])
    ]


def snapshot():
    """Every stored exchange, source and submission, as plain values."""
    return {
        model.__name__: {row["id"]: row for row in model.objects.order_by("pk").values()}
        for model in (Exchange, Source, Submission)
    }
