"""0042 links again the exchanges whose participants line gives a nationality and "King" with no name.

A database at the state before it (exchanges 0041) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Saudi King"
to a person of that name, "Spanish King, Queen Letizia" to "Spanish King" and Letizia, and "Thai
King" to a person of that name a moderator gave an alias. Migrated forward, the first links to no
one, the second to Letizia alone, and both are dated; "Saudi King" and "Spanish King" are gone and
their addresses listed as deleted, the aliased one kept; "Larry King" and "Saudi King Salman" stay
as they were, as does every other exchange, its links and its date, and the submission. Runs on
SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0041_places_of_one_name_told_apart")
AFTER = exchanges_at("0042_people_after_a_nationality_and_king")

AUDIENCE = "Audience in Riyadh"
GALA = "Madrid gala"
TOUR = "Bangkok tour"
SHOW = "Talk show interview"
TITLES = [AUDIENCE, GALA, TOUR]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (AUDIENCE, "published", {"participants": "Saudi King"}),
            (GALA, "draft", {"participants": "Spanish King, Queen Letizia"}),
            (TOUR, "published", {"participants": "Thai King"}),
            (SHOW, "published", {"participants": "Larry King; Saudi King Salman"}),
        ],
        TITLES,
        made=[
            ("saudi-king", "Saudi King", "", []),
            ("spanish-king", "Spanish King", "", []),
            ("thai-king", "Thai King", "", ["King of Thailand"]),
        ],
        links=[
            (AUDIENCE, "Saudi King", {"title": ""}),
            (GALA, "Spanish King", {"title": ""}),
            (GALA, "Letizia", {"title": "Queen", "position": 1}),
            (TOUR, "Thai King", {"title": ""}),
        ],
    ) as apps:
        yield apps


def test_a_nationality_and_king_alone_is_no_one(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"
    assert people_linked(old_database, SHOW) == [("Larry King", ""), ("Salman", "Saudi King")]

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    Deleted = apps.get_model("entities", "DeletedEntity")
    assert people_linked(apps, AUDIENCE) == []
    assert people_linked(apps, GALA) == [("Letizia", "Queen")]
    assert people_linked(apps, TOUR) == []
    assert all_dated(apps, TITLES)
    for slug in ("saudi-king", "spanish-king"):
        assert not Person.objects.filter(slug=slug).exists()
        assert Deleted.objects.filter(kind="person", slug=slug).exists()
    # A moderator's alias says it is someone: kept, linked to nothing now, counted so.
    assert Person.objects.get(slug="thai-king").exchange_count == 0
    assert Person.objects.get(name="Letizia").exchange_count == 0  # the draft is not counted
    assert all_but(apps, TITLES, "participants") == before
