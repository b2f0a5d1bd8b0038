"""0048 links again the exchanges whose partners or sponsors line names a unit with "and" in its
name before what it is part of ("Institute of Science and Technology, Chinese Academy of Sciences").

A database at the state before it (exchanges 0047) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: one to
"Institute of Science" and "Technology, Chinese Academy of Sciences", and to an organisation of a
whole second line given an alias, as a moderator keeps a line whole; a draft to "Department of
International Cooperation" and "Exchanges, Ministry of Education". Migrated forward, each links to
the unit of its line, the first to the moderator's organisation still, both dated; the four
organisations the old reading made, linked by nothing, are deleted and their addresses listed as
deleted. "Harvard University and Peking University, School of Law", parted before and now, stays as
it was, as does every other exchange, its links and its date, and the submission. Runs on SQLite
and PostgreSQL alike.
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

BEFORE = exchanges_at("0047_people_with_emissaries_clergy_and_professions")
AFTER = exchanges_at("0048_organisations_of_units_named_with_and")

INSTITUTE = "Institute of Science and Technology, Chinese Academy of Sciences"
DEPARTMENT = "Department of International Cooperation and Exchanges, Ministry of Education"
KEPT_WHOLE = "Ford Foundation and Asia Society, New York"
PARTED = "Harvard University and Peking University, School of Law"
LAB, VISIT, SCHOOL = "Laboratory exchange", "Delegation visit draft", "Law school programme"
MADE = [
    (LAB, "Institute of Science", "institute-of-science", "partner"),
    (LAB, "Technology, Chinese Academy of Sciences", "technology-chinese-academy-of-sciences", "partner"),
    (VISIT, "Department of International Cooperation", "department-of-international-cooperation", "sponsor"),
    (VISIT, "Exchanges, Ministry of Education", "exchanges-ministry-of-education", "sponsor"),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with organisations_database_at(
        BEFORE,
        [
            (LAB, "published", {"partners": f"{INSTITUTE}\n{KEPT_WHOLE}"}),
            (VISIT, "draft", {"sponsors": DEPARTMENT}),
            (SCHOOL, "published", {"partners": PARTED}),
        ],
        # As the old reading linked them; the whole line given an alias, as a moderator keeps it.
        [
            *[(title, name, slug, role, ()) for title, name, slug, role in MADE],
            (LAB, KEPT_WHOLE, "ford-foundation-and-asia-society", "partner", ["Ford and Asia Society"]),
        ],
    ) as apps:
        yield apps


def test_a_unit_named_with_and_before_what_it_is_part_of_is_one(old_database):
    before = all_but(old_database, [LAB, VISIT], "partners")
    assert before[2][0][1] == "pending"
    assert [name for name, _chinese in organisations_linked(old_database, SCHOOL)] == [
        "Harvard University",
        "Peking University, School of Law",
    ]

    apps = migrate(AFTER)

    Organisation = apps.get_model("entities", "Organisation")
    Deleted = apps.get_model("entities", "DeletedEntity")
    # The unit of the line, and the moderator's organisation of the whole second line still.
    assert sorted(name for name, _chinese in organisations_linked(apps, LAB)) == [KEPT_WHOLE, INSTITUTE]
    assert [name for name, _chinese in organisations_linked(apps, VISIT)] == [DEPARTMENT]
    assert all_dated(apps, [LAB, VISIT])
    for _title, name, slug, _role in MADE:
        assert not Organisation.objects.filter(name=name).exists()
        assert Deleted.objects.filter(kind="organisation", slug=slug).exists()
    # Counted again: the published exchange (the draft not counted).
    assert Organisation.objects.get(name=INSTITUTE).exchange_count == 1
    assert Organisation.objects.get(name=DEPARTMENT).exchange_count == 0
    assert Organisation.objects.get(name=KEPT_WHOLE).exchange_count == 1
    assert all_but(apps, [LAB, VISIT], "partners") == before
