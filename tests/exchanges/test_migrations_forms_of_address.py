"""0038 links again the exchanges whose participants line gives a form of address or King.

A database at the state before it (exchanges 0037) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "His
Excellency President Xi Jinping" to a person "President Xi Jinping", "Honorable Gina Raimondo" to a
person of that name, "The Honorable Gina Raimondo, Secretary of Commerce" and "Kevin King, Gary
Locke" to no one, and "Honorable Jane Roe" to a person of that name given an alias by a moderator.
Migrated forward, the exchanges link to Xi Jinping and Gina Raimondo with their titles, to Kevin
King and Gary Locke, and are dated; the people of the old readings are gone and their addresses
listed as deleted, but for the one with an alias; the counts follow; every other exchange, its links
and its date, and the submission, stay as they were. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0037_places_after_a_known_place_read_as_linking_does_now")
AFTER = exchanges_at("0038_people_read_as_linking_does_now")

STATE = "State visit"
TALKS = "Commerce talks"
LETTER = "Commerce letter"
ALIASED = "Forum"
KING = "Trade mission"
TITLES = [STATE, TALKS, LETTER, ALIASED, KING]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with people_database_at(
        BEFORE,
        [
            (STATE, "published", {"participants": "His Excellency President Xi Jinping"}),
            (TALKS, "published", {"participants": "The Honorable Gina Raimondo, Secretary of Commerce"}),
            (LETTER, "draft", {"participants": "Honorable Gina Raimondo"}),
            (ALIASED, "published", {"participants": "Honorable Jane Roe"}),
            (KING, "published", {"participants": "Kevin King, Gary Locke"}),
        ],
        TITLES,
        never_made=[
            "Gina Raimondo",
            "Jane Roe",
            "President Xi Jinping",
            "Honorable Gina Raimondo",
            "Honorable Jane Roe",
        ],
        made=[
            ("president-xi-jinping", "President Xi Jinping", "", []),
            ("honorable-gina-raimondo", "Honorable Gina Raimondo", "", []),
            ("honorable-jane-roe", "Honorable Jane Roe", "", ["J. Roe"]),
        ],
        links=[
            (STATE, "President Xi Jinping", {"title": "His Excellency"}),
            (LETTER, "Honorable Gina Raimondo", {"title": ""}),
            (ALIASED, "Honorable Jane Roe", {"title": ""}),
        ],
    ) as apps:
        yield apps


def test_exchanges_link_the_people_after_a_form_of_address(old_database):
    before = all_but(old_database, TITLES, "participants")
    assert len(before[0]) >= 10 and before[1]["Person"] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Person = apps.get_model("entities", "Person")
    Deleted = apps.get_model("entities", "DeletedEntity")
    assert people_linked(apps, STATE) == [("Xi Jinping", "His Excellency President")]
    assert people_linked(apps, TALKS) == [("Gina Raimondo", "The Honorable, Secretary of Commerce")]
    assert people_linked(apps, LETTER) == [("Gina Raimondo", "Honorable")]
    assert people_linked(apps, ALIASED) == [("Jane Roe", "Honorable")]
    assert people_linked(apps, KING) == [("Gary Locke", ""), ("Kevin King", "")]
    assert all_dated(apps, TITLES)
    # The people of the old readings: gone, their addresses listed as deleted; one with an alias kept.
    for slug in ("president-xi-jinping", "honorable-gina-raimondo"):
        assert not Person.objects.filter(slug=slug).exists()
        assert Deleted.objects.filter(kind="person", slug=slug).exists()
    assert Person.objects.filter(slug="honorable-jane-roe").exists()
    # Counted again: the published exchanges of each (the draft not counted).
    assert Person.objects.get(name="Gina Raimondo").exchange_count == 1
    xi = Person.objects.get(name="Xi Jinping")
    Link = apps.get_model("exchanges", "ExchangePerson")
    published = Link.objects.filter(person=xi, exchange__status="published").values("exchange").distinct()
    assert xi.exchange_count == published.count() > 1
    # Every other exchange as it was: not linked again, not dated.
    assert all_but(apps, TITLES, "participants") == before
