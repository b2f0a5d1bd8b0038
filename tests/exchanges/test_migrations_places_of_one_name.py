"""0041 links again the exchanges linked to a place of their line's name that is not where the line says.

A database at the state before it (exchanges 0040) holds the seed exchanges linked as publishing
links them, a pending submission, exchanges in "Portland, Oregon" and "Cambridge, Massachusetts",
and exchanges linked as the old reading and linking linked them: "Portland, Maine" to Oregon's
Portland and to Maine, "Cambridge, UK" to Cambridge, Massachusetts, and a draft's "Springfield (IL)",
read as one place in no country, to none. Migrated forward, they link to a Portland in Maine, a
Cambridge in the United Kingdom and a Springfield in Illinois, and are dated; the counts follow;
every other exchange, its links and its date, and the submission, stay as they were. Run again, it
changes nothing. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0040_organisations_of_groups_read_as_linking_does_now")
AFTER = exchanges_at("0041_places_of_one_name_told_apart")

MAINE = "Lobster fishers visit Zhoushan"
OREGON = "Port of Portland delegation"
UK = "Cambridge scholars in Beijing"
HARVARD = "Harvard hosts Chinese mayors"
ILLINOIS = "Lincoln's town welcomes a choir"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with linked_database_at(
        BEFORE,
        [
            (OREGON, "published", {"location": "Portland, Oregon"}),
            (MAINE, "published", {"location": "Portland, Maine"}),
            (HARVARD, "published", {"location": "Cambridge, Massachusetts"}),
            (UK, "published", {"location": "Cambridge, UK"}),
            (ILLINOIS, "draft", {"location": "Springfield (IL)"}),
        ],
    ) as apps:
        Place = apps.get_model("entities", "Place")
        # As the old code linked them.
        unlink(apps, "Place", [MAINE, UK, ILLINOIS])
        Place.objects.filter(name__in=["Springfield", "Illinois"]).delete()
        Place.objects.filter(country="other", name="Cambridge").delete()
        Place.objects.filter(name="Portland", parent__name="Maine").delete()
        portland = Place.objects.get(name="Portland")
        oregon, maine = Place.objects.get(name="Oregon"), Place.objects.get(name="Maine")
        cambridge, massachusetts = (
            Place.objects.get(name="Cambridge"),
            Place.objects.get(name="Massachusetts"),
        )
        link_as_before(
            apps,
            "Place",
            [
                (MAINE, portland, {"direct": True}),
                (MAINE, maine, {"direct": True, "position": 1}),
                (MAINE, oregon, {"direct": False}),
                (UK, cambridge, {"direct": True}),
                (UK, massachusetts, {"direct": False}),
            ],
        )
        yield apps


def test_each_exchange_links_the_place_of_its_name_where_its_line_says(old_database):
    titles = [MAINE, UK, ILLINOIS]
    before = all_but(old_database, titles, "location")
    assert len(before[0]) >= 10 and before[1]["Place"] and before[2][0][1] == "pending"
    old_places = sorted(old_database.get_model("entities", "Place").objects.values_list("pk", "name"))

    apps = migrate(AFTER)

    Place = apps.get_model("entities", "Place")
    assert places_linked(apps, MAINE) == [("Maine", None, "US", False), ("Portland", "Maine", "US", True)]
    assert places_linked(apps, UK) == [("Cambridge", None, "other", True)]
    assert Place.objects.get(name="Cambridge", country="other").country_name == "United Kingdom"
    assert places_linked(apps, ILLINOIS) == [
        ("Illinois", None, "US", False),
        ("Springfield", "Illinois", "US", True),
    ]
    # The places of the other exchanges stay, with their links.
    assert places_linked(apps, OREGON) == [("Oregon", None, "US", False), ("Portland", "Oregon", "US", True)]
    assert set(old_places) <= set(Place.objects.values_list("pk", "name"))
    assert all_dated(apps, titles)
    # Counted again: the published exchanges linking to each (the draft not counted).
    assert Place.objects.get(name="Portland", parent__name="Maine").exchange_count == 1
    assert Place.objects.get(name="Portland", parent__name="Oregon").exchange_count == 1
    assert Place.objects.get(name="Cambridge", country="US").exchange_count == 1
    assert Place.objects.get(name="Springfield").exchange_count == 0
    assert all_but(apps, titles, "location") == before

    was, again = relinked_again(apps, BEFORE, AFTER)
    assert again == was
