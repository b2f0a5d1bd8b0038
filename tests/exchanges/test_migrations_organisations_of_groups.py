"""0040 links again the exchanges of an organisation the old reading made of a line naming a group.

A database at the state before it (exchanges 0039) holds the seed exchanges linked as publishing
links them, a pending submission, and exchanges linked as the old reading linked them: "Walt Disney
Company and Shanghai Shendi Group" to one organisation of that whole name, a draft's "上海申迪集团
(Shanghai Shendi Group)" to another, and "Alibaba Group Holding Company and Ford Foundation" to an
organisation of that whole name, as a moderator names one to keep a line the old reading parted too.
Migrated forward, the first two link to Walt Disney Company and to Shanghai Shendi Group (上海申迪集团),
and are dated; their old organisations are gone and their addresses listed as deleted; the
moderator's is kept with its exchange; every other exchange, its links and its date, and the
submission, stay as they were. Runs on SQLite and PostgreSQL alike.
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

BEFORE = exchanges_at("0039_organisations_at_commas_read_as_linking_does_now")
AFTER = exchanges_at("0040_organisations_of_groups_read_as_linking_does_now")

RESORT = "Walt Disney Company and Shanghai Shendi Group"
SHENDI = "上海申迪集团 (Shanghai Shendi Group)"
KEPT_WHOLE = "Alibaba Group Holding Company and Ford Foundation"
OPENING, TALKS, GRANT = "Resort opening", "Resort talks", "Grant"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    with organisations_database_at(
        BEFORE,
        [
            (OPENING, "published", {"partners": RESORT}),
            (TALKS, "draft", {"partners": SHENDI}),
            (GRANT, "published", {"sponsors": KEPT_WHOLE}),
        ],
        # As the old reading linked them.
        [
            (OPENING, RESORT, "walt-disney-company-and-shanghai-shendi-group", "partner", ()),
            (TALKS, SHENDI, "上海申迪集团-shanghai-shendi-group", "partner", ()),
            (GRANT, KEPT_WHOLE, "alibaba-group-holding-company-and-ford-foundation", "sponsor", ()),
        ],
    ) as apps:
        yield apps


def test_each_organisation_of_a_line_naming_a_group_is_linked(old_database):
    before = all_but(old_database, [OPENING, TALKS], "partners")
    assert organisations_linked(old_database, GRANT) == [(KEPT_WHOLE, "")] and before[2][0][1] == "pending"

    apps = migrate(AFTER)

    Organisation = apps.get_model("entities", "Organisation")
    # Each with the Chinese name entities/vocabularies/chinese_names.csv gives it.
    assert organisations_linked(apps, OPENING) == [
        ("Shanghai Shendi Group", "上海申迪集团"),
        ("Walt Disney Company", "华特迪士尼公司"),
    ]
    assert organisations_linked(apps, TALKS) == [("Shanghai Shendi Group", "上海申迪集团")]
    assert all_dated(apps, [OPENING, TALKS])
    Deleted = apps.get_model("entities", "DeletedEntity")
    for slug in ("walt-disney-company-and-shanghai-shendi-group", "上海申迪集团-shanghai-shendi-group"):
        assert not Organisation.objects.filter(slug=slug).exists()
        assert Deleted.objects.filter(kind="organisation", slug=slug).exists()
    # Counted again: the published exchanges of each (the draft not counted).
    assert Organisation.objects.get(name="Shanghai Shendi Group").exchange_count == 1
    # The moderator's whole line, and every other exchange, as they were.
    assert organisations_linked(apps, GRANT) == [(KEPT_WHOLE, "")]
    assert all_but(apps, [OPENING, TALKS], "partners") == before
