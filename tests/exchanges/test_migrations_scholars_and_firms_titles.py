"""0046 links again the exchanges whose participants line gives a scholar's or a firm's title after a
name ("Zhou Enlai, Senior Fellow"), a title with "of the" and where its holder works ("Zhou Enlai,
Director of the Brookings Institution") or a name in pinyin alone before "of" ("Wang Huning of the
Politburo").

A database at the state before it (exchanges 0045) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Zhou Enlai,
Senior Fellow" to Zhou Enlai and a person "Senior Fellow", "Zhou Enlai, Director of the Brookings
Institution" to Zhou Enlai and a person "Brookings Institution" titled "Director of the", and a
draft of "Ezra Vogel, Professor Emeritus" to Ezra Vogel and a person "Emeritus" titled "Professor",
"Jane Doe, Historian" to Jane Doe with no role (the title was text), and "Zhou Enlai, Wang Huning of
the Politburo" to Zhou Enlai alone (the rest was text). Migrated forward, each of the first four
links to its first person alone with the title as the role, the last to Zhou Enlai and Wang Huning,
each dated; the three people the old reading made, linked by nothing, are deleted and their
addresses listed among the deleted; the people are counted. "Director of Boeing John Smith" stays as
it was, as does every other exchange, its links and its date, and the submission. Runs on SQLite and
PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    all_but,
    all_dated,
    exchanges_at,
    migrate,
    people_database_at,
    people_linked,
)

BEFORE = exchanges_at("0045_organisations_of_departments_and_offices")
AFTER = exchanges_at("0046_people_with_scholars_and_firms_titles")

SEMINAR = "Brookings seminar"
LECTURE = "Brookings lecture"
DRAFT = "Harvard talk draft"
PANEL = "Historians' panel"
TALKS = "Foreign ministers' talks"
VISIT = "Boeing visit"
TITLES = [SEMINAR, LECTURE, DRAFT, PANEL, TALKS]
# What the old reading made of the titles: people called by them.
MADE = [
    ("senior-fellow", "Senior Fellow", "", []),
    ("brookings-institution", "Brookings Institution", "", []),
    ("emeritus", "Emeritus", "", []),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (SEMINAR, "published", {"participants": "Zhou Enlai, Senior Fellow"}),
            (LECTURE, "published", {"participants": "Zhou Enlai, Director of the Brookings Institution"}),
            (DRAFT, "draft", {"participants": "Ezra Vogel, Professor Emeritus"}),
            (PANEL, "published", {"participants": "Jane Doe, Historian"}),
            (TALKS, "published", {"participants": "Zhou Enlai, Wang Huning of the Politburo"}),
            (VISIT, "published", {"participants": "Director of Boeing John Smith"}),
        ],
        TITLES,
        # The person the old reading never read did not exist; the titles it read as people did.
        never_made=["Wang Huning"],
        made=MADE,
        links=[
            (SEMINAR, "Zhou Enlai", {"position": 0}),
            (SEMINAR, "Senior Fellow", {"position": 1}),
            (LECTURE, "Zhou Enlai", {"position": 0}),
            (LECTURE, "Brookings Institution", {"position": 1, "title": "Director of the"}),
            (DRAFT, "Ezra Vogel", {"position": 0}),
            (DRAFT, "Emeritus", {"position": 1, "title": "Professor"}),
            (PANEL, "Jane Doe", {"position": 0}),
            (TALKS, "Zhou Enlai", {"position": 0}),
        ],
    ) as apps:
        yield apps


def test_a_title_after_a_name_is_its_role_and_no_one_else(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"
    assert people_linked(old_database, SEMINAR) == [("Senior Fellow", ""), ("Zhou Enlai", "")]
    assert people_linked(old_database, LECTURE) == [
        ("Brookings Institution", "Director of the"),
        ("Zhou Enlai", ""),
    ]
    assert people_linked(old_database, VISIT) == [("John Smith", "Director of Boeing")]

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    Deleted = apps.get_model("entities", "DeletedEntity")
    assert people_linked(apps, SEMINAR) == [("Zhou Enlai", "Senior Fellow")]
    assert people_linked(apps, LECTURE) == [("Zhou Enlai", "Director of the Brookings Institution")]
    assert people_linked(apps, DRAFT) == [("Ezra Vogel", "Professor Emeritus")]
    # The same person, her role now read.
    assert people_linked(apps, PANEL) == [("Jane Doe", "Historian")]
    # A name in pinyin standing alone before "of": a person, made now.
    assert people_linked(apps, TALKS) == [("Wang Huning", "of the Politburo"), ("Zhou Enlai", "")]
    assert Person.objects.get(name="Wang Huning").exchange_count == 1
    assert all_dated(apps, TITLES)
    for slug, name, *_rest in MADE:
        assert not Person.objects.filter(name=name).exists()
        assert Deleted.objects.filter(kind="person", slug=slug).exists()
    assert Person.objects.get(name="Ezra Vogel").exchange_count == 0  # the draft is not counted
    assert people_linked(apps, VISIT) == [("John Smith", "Director of Boeing")]
    assert all_but(apps, TITLES, "participants") == before
