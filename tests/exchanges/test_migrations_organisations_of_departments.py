"""0045 links again the exchanges of an organisation the old reading made of a line naming a
department, an administration or an office.

A database at the state before it (exchanges 0044) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "U.S.
Department of Commerce and Ministry of Commerce" to one organisation of that whole name, a draft's
"State Administration of Cultural Heritage and the Asian Art Museum" to another, "Department of
Agriculture and Rural Development" to one (read whole still), and "Office of Science and Technology
Policy and Peking University" to an organisation of that whole name given an alias, as a moderator
keeps a line whole. Migrated forward, the first two link to each organisation of their line and are
dated; their old organisations are gone and their addresses listed as deleted; the other two are
kept with their exchanges; every other exchange, its links and its date, and the submission, stay
as they were. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    all_but,
    all_dated,
    exchanges_at,
    migrate,
    organisations_database_at,
    organisations_linked,
)

BEFORE = exchanges_at("0044_people_alone_with_where_they_are_from")
AFTER = exchanges_at("0045_organisations_of_departments_and_offices")

COMMERCE = "U.S. Department of Commerce and Ministry of Commerce"
HERITAGE = "State Administration of Cultural Heritage and the Asian Art Museum"
ONE = "Department of Agriculture and Rural Development"
KEPT_WHOLE = "Office of Science and Technology Policy and Peking University"
TRADE, LOAN, FARMS, POLICY = "Trade talks", "Exhibition loan", "Farm visit", "Policy forum"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with organisations_database_at(
        BEFORE,
        [
            (TRADE, "published", {"partners": COMMERCE}),
            (LOAN, "draft", {"sponsors": HERITAGE}),
            (FARMS, "published", {"partners": ONE}),
            (POLICY, "published", {"partners": KEPT_WHOLE}),
        ],
        # As the old reading linked them; the last given an alias, as a moderator keeps a line whole.
        [
            (TRADE, COMMERCE, "us-department-of-commerce-and-ministry-of-commerce", "partner", ()),
            (LOAN, HERITAGE, "state-administration-of-cultural-heritage-and-the-asian-art", "sponsor", ()),
            (FARMS, ONE, "department-of-agriculture-and-rural-development", "partner", ()),
            (
                POLICY,
                KEPT_WHOLE,
                "office-of-science-and-technology-policy-and-pku",
                "partner",
                ["OSTP and PKU"],
            ),
        ],
    ) as apps:
        yield apps


def test_each_organisation_of_a_line_naming_a_department_is_linked(old_database):
    before = all_but(old_database, [TRADE, LOAN], "partners")
    assert organisations_linked(old_database, TRADE) == [(COMMERCE, "")] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Organisation = apps.get_model("entities", "Organisation")
    assert [name for name, _chinese in organisations_linked(apps, TRADE)] == [
        "Ministry of Commerce",
        "U.S. Department of Commerce",
    ]
    assert [name for name, _chinese in organisations_linked(apps, LOAN)] == [
        "Asian Art Museum",
        "State Administration of Cultural Heritage",
    ]
    assert all_dated(apps, [TRADE, LOAN])
    Deleted = apps.get_model("entities", "DeletedEntity")
    for slug in (
        "us-department-of-commerce-and-ministry-of-commerce",
        "state-administration-of-cultural-heritage-and-the-asian-art",
    ):
        assert not Organisation.objects.filter(slug=slug).exists()
        assert Deleted.objects.filter(kind="organisation", slug=slug).exists()
    # Counted again: the published exchanges of each (the draft not counted).
    assert Organisation.objects.get(name="Ministry of Commerce").exchange_count >= 1
    assert Organisation.objects.get(name="Asian Art Museum").exchange_count == 0
    # A name read whole, the moderator's whole line, and every other exchange, as they were.
    assert organisations_linked(apps, FARMS) == [(ONE, "")]
    assert organisations_linked(apps, POLICY) == [(KEPT_WHOLE, "")]
    assert all_but(apps, [TRADE, LOAN], "partners") == before
