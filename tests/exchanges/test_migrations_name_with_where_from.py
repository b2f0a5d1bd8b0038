"""0044 links again the exchanges whose participants line gives a name alone with where its holder
is from ("Howard Dean of Vermont") or a group the old reading took for a person ("Flying Tigers").

A database at the state before it (exchanges 0043) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Zhou Enlai,
Howard Dean of Vermont" to Zhou Enlai with the role "Howard Dean of Vermont", "Jack Ma of Alibaba"
to no one, a draft of "Tom Smith of Procter and Gamble" to no one, and "Zhou Enlai, Flying Tigers"
to Zhou Enlai and a person "Flying Tigers". Migrated forward, the first links to Zhou Enlai and
Howard Dean ("of Vermont"), the second to Jack Ma, the draft to Tom Smith, the last to Zhou Enlai
alone, each dated; "Flying Tigers", linked by nothing, is deleted and its address listed among the
deleted; the people are counted. "Mayor James Conway of St. Louis" stays as it was, as does every
other exchange, its links and its date, and the submission. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0043_people_of_a_title_after_given_names")
AFTER = exchanges_at("0044_people_alone_with_where_they_are_from")

TALKS = "Vermont talks"
FORUM = "Hangzhou forum"
MISSION = "Trade mission draft"
TOUR = "Veterans' tour"
VISIT = "Mayor's visit"
TITLES = [TALKS, FORUM, MISSION, TOUR]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (TALKS, "published", {"participants": "Zhou Enlai, Howard Dean of Vermont"}),
            (FORUM, "published", {"participants": "Jack Ma of Alibaba"}),
            (MISSION, "draft", {"participants": "Tom Smith of Procter and Gamble"}),
            (TOUR, "published", {"participants": "Zhou Enlai, Flying Tigers"}),
            (VISIT, "published", {"participants": "Mayor James Conway of St. Louis"}),
        ],
        TITLES,
        # The three people the old reading never read did not exist; the group it read did.
        never_made=["Howard Dean", "Jack Ma", "Tom Smith"],
        made=[("flying-tigers", "Flying Tigers", "", [])],
        links=[
            (TALKS, "Zhou Enlai", {"title": "Howard Dean of Vermont"}),
            (TOUR, "Zhou Enlai", {"position": 0}),
            (TOUR, "Flying Tigers", {"position": 1}),
        ],
    ) as apps:
        yield apps


def test_a_name_with_where_from_is_a_person_and_a_group_is_no_one(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"
    assert people_linked(old_database, TALKS) == [("Zhou Enlai", "Howard Dean of Vermont")]
    assert people_linked(old_database, TOUR) == [("Flying Tigers", ""), ("Zhou Enlai", "")]
    assert people_linked(old_database, VISIT) == [("James Conway", "Mayor of St. Louis")]

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    Deleted = apps.get_model("entities", "DeletedEntity")
    assert people_linked(apps, TALKS) == [("Howard Dean", "of Vermont"), ("Zhou Enlai", "")]
    assert people_linked(apps, FORUM) == [("Jack Ma", "of Alibaba")]
    assert people_linked(apps, MISSION) == [("Tom Smith", "of Procter and Gamble")]
    assert people_linked(apps, TOUR) == [("Zhou Enlai", "")]
    assert all_dated(apps, TITLES)
    assert not Person.objects.filter(name="Flying Tigers").exists()
    assert Deleted.objects.filter(kind="person", slug="flying-tigers").exists()
    assert Person.objects.get(name="Howard Dean").exchange_count == 1
    assert Person.objects.get(name="Jack Ma").exchange_count == 1
    assert Person.objects.get(name="Tom Smith").exchange_count == 0  # the draft is not counted
    assert people_linked(apps, VISIT) == [("James Conway", "Mayor of St. Louis")]
    assert all_but(apps, TITLES, "participants") == before
