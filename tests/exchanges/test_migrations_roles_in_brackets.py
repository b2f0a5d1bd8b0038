"""0049 links again the exchanges whose participants line gives a role in brackets after a name:
"Zhou Enlai (Premier)", "Wang Yi (Foreign Minister) and Antony Blinken (Secretary of State)".

A database at the state before it (exchanges 0048) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Zhou Enlai
(Premier)" to Zhou Enlai with the role "(Premier)", and a draft of "Wang Yi (Foreign Minister) and
Antony Blinken (Secretary of State)" to no one (the line was text). Migrated forward, the first
links to Zhou Enlai the Premier, the draft to Wang Yi and Antony Blinken with their roles, both
dated. "Jane Doe (Harvard)", a note, stays as it was, as does every other exchange, its links and
its date, and the submission. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0048_organisations_of_units_named_with_and")
AFTER = exchanges_at("0049_people_with_roles_in_brackets")

BANQUET = "Premier's banquet"
DIALOGUE = "Ministers' dialogue draft"
LECTURE = "Harvard lecture"
TITLES = [BANQUET, DIALOGUE]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (BANQUET, "published", {"participants": "Zhou Enlai (Premier)"}),
            (
                DIALOGUE,
                "draft",
                {"participants": "Wang Yi (Foreign Minister) and Antony Blinken (Secretary of State)"},
            ),
            (LECTURE, "published", {"participants": "Jane Doe (Harvard)"}),
        ],
        TITLES,
        links=[(BANQUET, "Zhou Enlai", {"position": 0, "title": "(Premier)"})],
    ) as apps:
        yield apps


def test_a_role_in_brackets_after_a_name_is_the_role(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert before[2][0][1] == "pending"
    assert people_linked(old_database, BANQUET) == [("Zhou Enlai", "(Premier)")]
    assert people_linked(old_database, DIALOGUE) == []
    assert people_linked(old_database, LECTURE) == [("Jane Doe", "(Harvard)")]

    apps = migrate(AFTER)

    assert people_linked(apps, BANQUET) == [("Zhou Enlai", "Premier")]
    assert people_linked(apps, DIALOGUE) == [
        ("Antony Blinken", "Secretary of State"),
        ("Wang Yi", "Foreign Minister"),
    ]
    assert all_dated(apps, TITLES)
    Person = apps.get_model("entities", "Person")
    assert Person.objects.get(name="Zhou Enlai").exchange_count >= 1
    assert people_linked(apps, LECTURE) == [("Jane Doe", "(Harvard)")]
    assert all_but(apps, TITLES, "participants") == before
