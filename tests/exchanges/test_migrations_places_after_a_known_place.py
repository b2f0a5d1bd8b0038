"""0037 links again the exchanges whose location line has a bracket or a district after a known
place, or vague words.

A database at the state before it (exchanges 0036) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Beijing
(APEC)" and a draft's "Tianjin (Binhai New Area)", each read as one place in no country, to no place,
"Beijing, Haidian District" to Beijing only, and "Various cities, United States" to a place "Various
cities" made in the United States. Migrated forward, the exchanges link to Beijing, to Haidian
District in Beijing, to Binhai New Area in Tianjin (and the places these lie in) and to the United
States, and are dated; "Various cities" is gone and its address listed as deleted; the counts
follow; every other exchange, its links and its date, and the submission, stay as they were. Run
again, it changes nothing. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    all_but,
    all_dated,
    exchanges_at,
    link_as_before,
    linked_database_at,
    migrate,
    places_linked,
    relinked_again,
    unlink,
)

BEFORE = exchanges_at("0036_organisations_in_brackets_read_as_linking_does_now")
AFTER = exchanges_at("0037_places_after_a_known_place_read_as_linking_does_now")

SUMMIT = "APEC leaders meet"
CAMPUS = "Campus opens in Haidian"
PORT = "Port delegation"
TOUR = "Acrobats' tour"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with linked_database_at(
        BEFORE,
        [
            (SUMMIT, "published", {"location": "Beijing (APEC)"}),
            (CAMPUS, "published", {"location": "Beijing, Haidian District"}),
            (PORT, "draft", {"location": "Tianjin (Binhai New Area)"}),
            (TOUR, "published", {"location": "Various cities, United States"}),
        ],
    ) as apps:
        Place = apps.get_model("entities", "Place")
        # As the old reading linked them: a place in no country is not linked.
        unlink(apps, "Place", [SUMMIT, CAMPUS, PORT, TOUR])
        Place.objects.filter(
            name__in=["Haidian District", "Binhai New Area", "United States", "Various cities"]
        ).delete()
        # And a place made of vague words in the United States, which is linked.
        vague = Place.objects.create(
            name="Various cities", key="various cities", slug="various-cities", country="US"
        )
        beijing = Place.objects.get(name="Beijing")
        link_as_before(apps, "Place", [(CAMPUS, beijing, {"direct": True}), (TOUR, vague, {"direct": True})])
        yield apps


def test_exchanges_link_the_known_place_and_the_district_in_it(old_database):
    before = all_but(old_database, [SUMMIT, CAMPUS, PORT, TOUR], "location")
    assert len(before[0]) >= 10 and before[1]["Place"] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Place = apps.get_model("entities", "Place")
    assert places_linked(apps, SUMMIT) == [("Beijing", None, "CN", True)]
    assert places_linked(apps, CAMPUS) == [
        ("Beijing", None, "CN", False),
        ("Haidian District", "Beijing", "CN", True),
    ]
    assert places_linked(apps, PORT) == [
        ("Binhai New Area", "Tianjin", "CN", True),
        ("Tianjin", None, "CN", False),
    ]
    assert places_linked(apps, TOUR) == [("United States", None, "US", True)]
    # Vague words made into a place, linked by nothing now: gone, the address listed as deleted.
    assert not Place.objects.filter(slug="various-cities").exists()
    assert (
        apps.get_model("entities", "DeletedEntity")
        .objects.filter(kind="place", slug="various-cities")
        .exists()
    )
    assert all_dated(apps, [SUMMIT, CAMPUS, PORT, TOUR])
    # Counted again: the published exchanges linking to each (the draft not counted).
    assert Place.objects.get(name="Haidian District").exchange_count == 1
    Link = apps.get_model("exchanges", "ExchangePlace")
    beijing = Place.objects.get(name="Beijing")
    assert (
        beijing.exchange_count
        == Link.objects.filter(place=beijing, exchange__status="published")
        .values("exchange")
        .distinct()
        .count()
        > 2
    )
    assert Place.objects.get(name="Binhai New Area").exchange_count == 0
    # Every other exchange as it was: not linked again, not dated.
    assert all_but(apps, [SUMMIT, CAMPUS, PORT, TOUR], "location") == before

    was, again = relinked_again(apps, BEFORE, AFTER)
    assert again == was
