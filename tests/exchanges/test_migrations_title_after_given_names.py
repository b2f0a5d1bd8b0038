"""0043 links again the exchanges whose participants line gives given names and a title that is a
family name too ("Howard Dean", "Paul Judge", "Peter Singer").

A database at the state before it (exchanges 0042) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Howard
Dean, Gary Locke" to no one, "Gary Locke, Paul Judge" to Gary Locke with the role "Paul Judge", and
a draft of "Peter Singer" to no one; none of the three people of those family names existed.
Migrated forward, the first links to Howard Dean and Gary Locke, the second to Gary Locke and Paul
Judge, the draft to Peter Singer, each dated, and the people are counted; "Harvard Dean" stays
as it was (no one), as does every other exchange, its links and its date, and the
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

BEFORE = exchanges_at("0042_people_after_a_nationality_and_king")
AFTER = exchanges_at("0043_people_of_a_title_after_given_names")

HEARING = "Governors' hearing"
FORUM = "Seattle forum"
LECTURE = "Ethics lecture in Beijing"
CAMPUS = "Campus visit"
TITLES = [HEARING, FORUM, LECTURE]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (HEARING, "published", {"participants": "Howard Dean, Gary Locke"}),
            (FORUM, "published", {"participants": "Gary Locke, Paul Judge"}),
            (LECTURE, "draft", {"participants": "Peter Singer"}),
            (CAMPUS, "published", {"participants": "Harvard Dean"}),
        ],
        TITLES,
        # The three people the old reading never read did not exist.
        never_made=["Howard Dean", "Paul Judge", "Peter Singer"],
        links=[(FORUM, "Gary Locke", {"title": "Paul Judge"})],
    ) as apps:
        yield apps


def test_given_names_and_such_a_title_are_a_person(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"
    assert people_linked(old_database, HEARING) == []
    assert people_linked(old_database, CAMPUS) == []

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    assert people_linked(apps, HEARING) == [("Gary Locke", ""), ("Howard Dean", "")]
    assert people_linked(apps, FORUM) == [("Gary Locke", ""), ("Paul Judge", "")]
    assert people_linked(apps, LECTURE) == [("Peter Singer", "")]
    assert all_dated(apps, TITLES)
    assert Person.objects.get(name="Howard Dean").exchange_count == 1
    assert Person.objects.get(name="Gary Locke").exchange_count == 2
    assert Person.objects.get(name="Peter Singer").exchange_count == 0  # the draft is not counted
    assert people_linked(apps, CAMPUS) == []
    assert all_but(apps, TITLES, "participants") == before
