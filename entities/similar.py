"""What makes two names alike enough to show a moderator, before a new name becomes an entity.

A name is known when an entity has it as its name, Chinese name or alias (the
same key, entities.names.normalise). Otherwise the entities shown beside it
are those whose name or alias has a word beginning with one of its words of
three letters or more, ignoring words nearly every name has ("united",
"states", "ministry"), most words in common first (exchanges.links.names_to_review).
"""

from .names import normalise

# Words so common in names that sharing one says nothing.
COMMON_WORDS = {
    "united",
    "states",
    "china",
    "chinese",
    "the",
    "and",
    "for",
    "peoples",
    "republic",
    "government",
    "ministry",
    "department",
    "university",
    "association",
    "council",
    "national",
    "committee",
    "president",
}


def significant_words(name):
    return [word for word in normalise(name).split() if len(word) >= 3 and word not in COMMON_WORDS]
