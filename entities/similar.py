"""Entities that may be the one a new name means: what a moderator is shown before approving.

A name is known when an entity has it as its name, Chinese name or alias
(same key, entities.names.normalise). Otherwise its similar entities are those
whose name or alias begins with one of its words of three letters or more
(ignoring "united", "states", "china" and other words nearly every name has),
most words in common first. Prefix matches use the key indexes on both databases.
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
    "of",
    "people",
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
}
SIMILAR = 5


def significant_words(name):
    return [word for word in normalise(name).split() if len(word) >= 3 and word not in COMMON_WORDS]


def similar_entities(model, name, limit=SIMILAR):
    """Up to `limit` entities of `model` that look like `name`, most words in common first."""
    words = significant_words(name)[:6]
    found = {}
    for word in words:
        for entity in model.objects.starting_with(word)[: limit * 2]:
            found.setdefault(entity.pk, [entity, 0])[1] += 1
    ranked = sorted(found.values(), key=lambda pair: (-pair[1], pair[0].name))
    return [entity for entity, _count in ranked[:limit]]
