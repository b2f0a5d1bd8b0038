"""0046 links again the exchanges whose participants line gives a scholar's or a firm's title after
a name ("Zhou Enlai, Senior Fellow") or a title with "of the" and where its holder works ("Zhou
Enlai, Director of the Brookings Institution").

A database at the state before it (exchanges 0045) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Zhou Enlai,
Senior Fellow" to Zhou Enlai and a person "Senior Fellow", "Zhou Enlai, Director of the Brookings
Institution" to Zhou Enlai and a person "Brookings Institution" titled "Director of the", and a
draft of "Ezra Vogel, Professor Emeritus" to Ezra Vogel and a person "Emeritus" titled "Professor",
and "Jane Doe, Historian" to Jane Doe with no role (the title was text). Migrated forward, each
links to its first person alone with the title as the role, each dated; the three people the old
reading made, linked by nothing, are deleted and their addresses listed among the deleted; the
people are counted. "Director of Boeing John Smith" stays as it was, as does every other exchange,
its links and its date, and the submission. Runs on SQLite and PostgreSQL alike.
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
VISIT = "Boeing visit"
TITLES = [SEMINAR, LECTURE, DRAFT, PANEL]
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
            (VISIT, "published", {"participants": "Director of Boeing John Smith"}),
        ],
        TITLES,
        made=MADE,
        links=[
            (SEMINAR, "Zhou Enlai", {"position": 0}),
            (SEMINAR, "Senior Fellow", {"position": 1}),
            (LECTURE, "Zhou Enlai", {"position": 0}),
            (LECTURE, "Brookings Institution", {"position": 1, "title": "Director of the"}),
            (DRAFT, "Ezra Vogel", {"position": 0}),
            (DRAFT, "Emeritus", {"position": 1, "title": "Professor"}),
            (PANEL, "Jane Doe", {"position": 0}),
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
    assert all_dated(apps, TITLES)
    for slug, name, *_rest in MADE:
        assert not Person.objects.filter(name=name).exists()
        assert Deleted.objects.filter(kind="person", slug=slug).exists()
    assert Person.objects.get(name="Ezra Vogel").exchange_count == 0  # the draft is not counted
    assert people_linked(apps, VISIT) == [("John Smith", "Director of Boeing")]
    assert all_but(apps, TITLES, "participants") == before
