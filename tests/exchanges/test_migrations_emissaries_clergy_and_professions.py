"""0047 links again the exchanges whose participants line gives an emissary's, a clergyman's or a
profession's title: "Zhou Enlai, Goodwill Emissary", "Bishop Desmond Tutu", "Jack Ma,
Entrepreneur".

A database at the state before it (exchanges 0046) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Zhou Enlai,
Goodwill Emissary" to Zhou Enlai and a person "Goodwill Emissary", "Bishop Desmond Tutu" to a person
of that whole name, a draft of "Jack Ma, Entrepreneur" to Jack Ma with no role (the title was text),
"Jane Doe, Tour Guide" to Jane Doe and a person "Tour Guide". Migrated forward, each links to its
person alone with the title as the role, each dated; the three people the old reading made, linked
by nothing, are deleted and their addresses listed among the deleted; the people are counted. "Zhou
Enlai, Special Envoy" stays as it was, as does every other exchange, its links and its date, and the
submission. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0046_people_with_scholars_and_firms_titles")
AFTER = exchanges_at("0047_people_with_emissaries_clergy_and_professions")

MISSION = "Goodwill mission"
SERMON = "Cathedral sermon"
DRAFT = "Hangzhou founders' forum draft"
TOUR = "Great Wall tour"
ENVOY = "Climate envoy's visit"
TITLES = [MISSION, SERMON, DRAFT, TOUR]
# What the old reading made of the titles: people called by them.
MADE = [
    ("goodwill-emissary", "Goodwill Emissary", "", []),
    ("bishop-desmond-tutu", "Bishop Desmond Tutu", "", []),
    ("tour-guide", "Tour Guide", "", []),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (MISSION, "published", {"participants": "Zhou Enlai, Goodwill Emissary"}),
            (SERMON, "published", {"participants": "Bishop Desmond Tutu"}),
            (DRAFT, "draft", {"participants": "Jack Ma, Entrepreneur"}),
            (TOUR, "published", {"participants": "Jane Doe, Tour Guide"}),
            (ENVOY, "published", {"participants": "Zhou Enlai, Special Envoy"}),
        ],
        TITLES,
        # The person the old reading never read did not exist; the titles it read as people did.
        never_made=["Desmond Tutu"],
        made=MADE,
        links=[
            (MISSION, "Zhou Enlai", {"position": 0}),
            (MISSION, "Goodwill Emissary", {"position": 1}),
            (SERMON, "Bishop Desmond Tutu", {"position": 0}),
            (DRAFT, "Jack Ma", {"position": 0}),
            (TOUR, "Jane Doe", {"position": 0}),
            (TOUR, "Tour Guide", {"position": 1}),
        ],
    ) as apps:
        yield apps


def test_an_emissarys_a_clergymans_or_a_professions_title_is_the_role(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"
    assert people_linked(old_database, MISSION) == [("Goodwill Emissary", ""), ("Zhou Enlai", "")]
    assert people_linked(old_database, SERMON) == [("Bishop Desmond Tutu", "")]
    assert people_linked(old_database, ENVOY) == [("Zhou Enlai", "Special Envoy")]

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    Deleted = apps.get_model("entities", "DeletedEntity")
    assert people_linked(apps, MISSION) == [("Zhou Enlai", "Goodwill Emissary")]
    assert people_linked(apps, SERMON) == [("Desmond Tutu", "Bishop")]
    assert Person.objects.get(name="Desmond Tutu").exchange_count == 1
    # The same person, his role now read.
    assert people_linked(apps, DRAFT) == [("Jack Ma", "Entrepreneur")]
    assert people_linked(apps, TOUR) == [("Jane Doe", "Tour Guide")]
    assert all_dated(apps, TITLES)
    for slug, name, *_rest in MADE:
        assert not Person.objects.filter(name=name).exists()
        assert Deleted.objects.filter(kind="person", slug=slug).exists()
    assert Person.objects.get(name="Jack Ma").exchange_count == 0  # the draft is not counted
    assert people_linked(apps, ENVOY) == [("Zhou Enlai", "Special Envoy")]
    assert all_but(apps, TITLES, "participants") == before
