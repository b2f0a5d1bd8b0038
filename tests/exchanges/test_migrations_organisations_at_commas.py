"""0039 links again the exchanges of an organisation the old reading made of a line listed with commas.

A database at the state before it (exchanges 0038) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Harvard
University, Peking University, and Tsinghua University" to "Harvard University, Peking University,"
and Tsinghua University, a draft's "National Committee on U.S.-China Relations, Chinese People's
Association for Friendship with Foreign Countries" to one organisation of that whole name,
"Brookings Institution, Tsinghua University" to one organisation of that name a moderator gave an
alias, and "University of California, Berkeley", one organisation, to itself. Migrated forward,
the first two link to each organisation their lines list, and are dated; the organisations of their
lines are gone and their addresses listed as deleted; the one with an alias, and its exchange, are
kept as they were, as is Berkeley's; the counts follow; every other exchange, its links and its
date, and the submission, stay as they were. Runs on SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import (
    add_organisation,
    all_but,
    all_dated,
    exchanges_at,
    link_as_before,
    linked,
    linked_database_at,
    migrate,
    unlink,
)

BEFORE = exchanges_at("0038_people_read_as_linking_does_now")
AFTER = exchanges_at("0039_organisations_at_commas_read_as_linking_does_now")

UNIVERSITIES = "Harvard University, Peking University, and Tsinghua University"
FRIENDSHIP = (
    "National Committee on U.S.-China Relations, "
    "Chinese People's Association for Friendship with Foreign Countries"
)
BERKELEY = "University of California, Berkeley"
BROOKINGS = "Brookings Institution, Tsinghua University"
SUMMIT = "University presidents' summit"
DELEGATION = "Friendship delegation"
CAMPUS = "Campus visit"
CENTER = "Center opens"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with linked_database_at(
        BEFORE,
        [
            (SUMMIT, "published", {"partners": UNIVERSITIES}),
            (DELEGATION, "draft", {"sponsors": FRIENDSHIP}),
            (CAMPUS, "published", {"partners": BERKELEY}),
            (CENTER, "published", {"partners": BROOKINGS}),
        ],
    ) as apps:
        Organisation = apps.get_model("entities", "Organisation")
        # As the old reading linked them.
        unlink(apps, "Organisation", [SUMMIT, DELEGATION, CENTER])
        Organisation.objects.exclude(exchange_links__isnull=False).delete()
        made = {
            name: add_organisation(Organisation, name, slug, aliases=aliases)
            for name, slug, aliases in [
                ("Harvard University, Peking University,", "harvard-university-peking-university", []),
                ("Tsinghua University", "tsinghua-university", []),
                (FRIENDSHIP, "national-committee-cpaffc", []),
                (BROOKINGS, "brookings-institution-tsinghua-university", ["Brookings-Tsinghua"]),
            ]
        }
        link_as_before(
            apps,
            "Organisation",
            [
                (title, made[name], {"role": role})
                for title, name, role in [
                    (SUMMIT, "Harvard University, Peking University,", "partner"),
                    (SUMMIT, "Tsinghua University", "partner"),
                    (DELEGATION, FRIENDSHIP, "sponsor"),
                    (CENTER, BROOKINGS, "partner"),
                ]
            ],
        )
        yield apps


def organisations_of(apps, title):
    return linked(apps, "Organisation", title, "organisation__name", "role")


def test_each_organisation_a_line_lists_with_commas_is_linked(old_database):
    before = all_but(old_database, [SUMMIT, DELEGATION], "partners")
    kept = [organisations_of(old_database, title) for title in (CAMPUS, CENTER)]
    assert kept == [[(BERKELEY, "partner")], [(BROOKINGS, "partner")]] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Organisation = apps.get_model("entities", "Organisation")
    assert organisations_of(apps, SUMMIT) == [
        ("Harvard University", "partner"),
        ("Peking University", "partner"),
        ("Tsinghua University", "partner"),
    ]
    assert organisations_of(apps, DELEGATION) == [
        ("Chinese People's Association for Friendship with Foreign Countries", "sponsor"),
        ("National Committee on U.S.-China Relations", "sponsor"),
    ]
    assert all_dated(apps, [SUMMIT, DELEGATION])
    # The organisations of the old reading: gone, their addresses listed as deleted.
    Deleted = apps.get_model("entities", "DeletedEntity")
    for slug in ("harvard-university-peking-university", "national-committee-cpaffc"):
        assert not Organisation.objects.filter(slug=slug).exists()
        assert Deleted.objects.filter(kind="organisation", slug=slug).exists()
    # Counted again: the published exchanges of each (the draft not counted).
    assert Organisation.objects.get(name="Tsinghua University").exchange_count == 1
    assert Organisation.objects.get(name="National Committee on U.S.-China Relations").exchange_count == 0
    # One organisation of a comma, one a moderator gave an alias, and every other exchange, as they were.
    assert [organisations_of(apps, title) for title in (CAMPUS, CENTER)] == kept
    assert all_but(apps, [SUMMIT, DELEGATION], "partners") == before
