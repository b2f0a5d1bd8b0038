"""Moving the test database to a state of its migrations, for the migrations' own tests."""

import contextlib
import csv
import datetime
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from entities.names import normalise

SEED = Path(__file__).resolve().parent / "data" / "seed_exchanges.csv"


def migrate(targets):
    """Migrate to `targets` ([(app, migration)]) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    # The models of the tables as they now are: a target of one app may unapply another's
    # migrations (entities 0005 unapplies the exchanges ones that depend on a later entities
    # migration), which the state of the targets alone would still hold (a column added since).
    applied = [node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes]
    return executor.loader.project_state(applied).apps


def table_shape(table):
    """({column names}, {index name: [its columns]}) of a table as the database holds it now."""
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, table)}
        constraints = connection.introspection.get_constraints(cursor, table)
    return columns, {name: details["columns"] for name, details in constraints.items() if details["index"]}


def latest():
    """The newest migration of every app: where the suite's database stands."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# The exchanges' migration before the first that needs the newest entities migration: exchanges
# 0035 links every exchange again from its texts (with entities 0012 applied), which the tests of
# the entities' migrations, whose exchanges are left unlinked on purpose, do not ask for.
BEFORE_RELINKING = ("exchanges", "0034_withdrawal_reason")


def latest_but_relinking():
    """latest(), the exchanges' migrations stopping at BEFORE_RELINKING: where the test of an
    entities migration starts (with the entities before it) and ends."""
    return [(app, name) for app, name in latest() if app != "exchanges"] + [BEFORE_RELINKING]


def seed_rows():
    """The seed file's rows, as csv.DictReader reads them."""
    with SEED.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def add_seed_exchanges(Exchange, extra=lambda row: {}):
    """The seed exchanges through a historical `Exchange` model, published, as `seed-0`, `seed-1`…
    dated a day apart from 1 January 2014 in the file's order; `extra(row)`: more fields."""
    for number, row in enumerate(seed_rows()):
        day = datetime.date(2014, 1, 1) + datetime.timedelta(days=number)
        Exchange.objects.create(
            title=row["Title"],
            slug=f"seed-{number}",
            summary=row["Summary"],
            partners=row["Partners"],
            sponsors=row["Sponsors"],
            participants=row["Participants (Types)"],
            location=row["Location"],
            date=day,
            date_last=day,
            status="published",
            **extra(row),
        )


def add_exchanges(Exchange, rows):
    """`rows` ([(title, status, {more fields})]) through a historical `Exchange` model as
    `exchange-0`, `exchange-1`… dated a day apart from 1 March 2015, each summary its title."""
    for number, (title, status, extra) in enumerate(rows):
        day = datetime.date(2015, 3, 1) + datetime.timedelta(days=number)
        exchange = Exchange(
            title=title, slug=f"exchange-{number}", summary=f"{title}.", date=day, date_last=day, **extra
        )
        exchange.status = status
        # The search columns are filled by Exchange.save(), which a historical model lacks.
        exchange.search_title, exchange.search_body = title.lower(), title.lower()
        exchange.save()


def add_searchable_seeds_and_a_submission(apps):
    """The seed exchanges, with the search columns their historical model cannot fill, and a
    pending submission: what a search index's migration must carry over."""
    add_seed_exchanges(
        apps.get_model("exchanges", "Exchange"),
        lambda row: {"search_title": row["Title"], "search_body": row["Summary"]},
    )
    apps.get_model("contributions", "Submission").objects.create(
        title="Ping-pong diplomacy anniversary", summary="Players met again.", date=datetime.date(2021, 4, 10)
    )


def add_linked_seeds_and_a_submission(apps, rows):
    """add_searchable_seeds_and_a_submission, then add_exchanges(`rows`), every exchange linked to
    the organisations, people and places its texts name, as publishing links it."""
    from exchanges.links import link_entities

    Exchange = apps.get_model("exchanges", "Exchange")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(Exchange, rows)
    for exchange in Exchange.objects.all():
        link_entities(exchange, apps)


def submission_rows(apps):
    """Every submission's reference, status and title, sorted: what a migration of the exchanges
    must leave as it was."""
    Submission = apps.get_model("contributions", "Submission")
    return sorted(Submission.objects.values_list("reference", "status", "title"))


def record_rows(apps):
    """{"Exchange": {id: row}, "Submission": {id: row}}: every column of every exchange and submission
    at the state `apps` stands for, for a migration's test to compare before and after."""
    return {
        model: {row["id"]: row for row in apps.get_model(app, model).objects.values()}
        for app, model in [("exchanges", "Exchange"), ("contributions", "Submission")]
    }


def found_by_index(word):
    """The ids the full-text index finds for `word`, as each database's index reads it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM exchanges_exchange_fts WHERE exchanges_exchange_fts MATCH %s", [word]
            )
        else:
            cursor.execute(
                "SELECT id FROM exchanges_exchange WHERE search_vector @@ plainto_tsquery('english', %s)",
                [word],
            )
        return sorted(row[0] for row in cursor.fetchall())


def add_organisation(model, name, slug, aliases=(), count=0):
    """An organisation of the historical `model` with its keys, `count` published exchanges and
    `aliases`: as linking made them at a migration's state before."""
    made = model.objects.create(name=name, key=normalise(name), slug=slug, exchange_count=count)
    for alias in aliases:
        made.aliases.create(name=alias, key=normalise(alias))
    return made


def organisation_rows(apps):
    """{slug: (name, key, [(alias, key)])} of every organisation at the state `apps` stands for."""
    Organisation = apps.get_model("entities", "Organisation")
    return {
        entity.slug: (entity.name, entity.key, sorted(entity.aliases.values_list("name", "key")))
        for entity in Organisation.objects.all()
    }


def exchanges_and_submissions(apps, *fields):
    """What a migration must carry over: every exchange's slug, title, status and `fields`, sorted,
    and every submission's row (submission_rows)."""
    Exchange = apps.get_model("exchanges", "Exchange")
    return (
        sorted(Exchange.objects.values_list("slug", "title", "status", *fields)),
        submission_rows(apps),
    )


def add_people(apps, people):
    """`people` ([(slug, name, Chinese name, [aliases typed])]) through the historical Person model,
    keyed as linking keys them."""
    Person = apps.get_model("entities", "Person")
    for slug, name, chinese_name, aliases in people:
        person = Person.objects.create(
            name=name,
            key=normalise(name),
            slug=slug,
            chinese_name=chinese_name,
            chinese_key=normalise(chinese_name),
        )
        for alias in aliases:
            person.aliases.create(name=alias, key=normalise(alias))


def people_rows(apps):
    """{"Person": {id: row}, "PersonAlias": {id: row}}: every column of every person and alias at
    the state `apps` stands for."""
    return {
        model: {row["id"]: row for row in apps.get_model("entities", model).objects.values()}
        for model in ("Person", "PersonAlias")
    }


def all_but(apps, titles, field):
    """What a relinking migration must leave as it was: every exchange but those titled `titles`
    (slug, title, status, `field`, date), its links to organisations, people and places, and every
    submission's row (submission_rows)."""
    rest = apps.get_model("exchanges", "Exchange").objects.exclude(title__in=titles)
    links = {
        kind: sorted(
            apps.get_model("exchanges", f"Exchange{kind}")
            .objects.filter(exchange__in=rest)
            .values_list("exchange__slug", f"{kind.lower()}__slug")
        )
        for kind in ("Organisation", "Person", "Place")
    }
    return sorted(rest.values_list("slug", "title", "status", field, "updated")), links, submission_rows(apps)


LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def exchanges_at(name):
    """The state a relinking migration's test stands at: the exchanges at migration `name`, the
    contributions and the entities at the migrations the relinking migrations run with."""
    return [
        ("exchanges", name),
        ("contributions", "0017_last_changed"),
        ("entities", "0012_foreign_family_name_aliases"),
    ]


def link_as_before(apps, kind, links):
    """Link the exchanges as the old reading linked them: `links` ([(title, entity, {the link's other
    fields})]) to entities of `kind` ("Organisation", "Person", "Place"), each at position 0 unless
    told; then as_long_ago."""
    Exchange = apps.get_model("exchanges", "Exchange")
    Link = apps.get_model("exchanges", f"Exchange{kind}")
    for title, entity, fields in links:
        Link.objects.create(
            exchange=Exchange.objects.get(title=title), **{kind.lower(): entity}, **{"position": 0, **fields}
        )
    as_long_ago(apps, kind)


def unlink(apps, kind, titles):
    """Delete the links to entities of `kind` of the exchanges titled `titles`."""
    apps.get_model("exchanges", f"Exchange{kind}").objects.filter(exchange__title__in=titles).delete()


def as_long_ago(apps, kind):
    """Every exchange dated LONG_AGO and every entity of `kind` ("Person", "Place"…) counted 0: the
    fixture of a relinking migration's test, which then sees which it dates and counts again."""
    apps.get_model("exchanges", "Exchange").objects.update(updated=LONG_AGO)
    apps.get_model("entities", kind).objects.update(exchange_count=0)


def linked(apps, kind, title, *fields):
    """The links to entities of `kind` of the exchange titled `title`, as sorted rows of `fields`."""
    Link = apps.get_model("exchanges", f"Exchange{kind}")
    return sorted(Link.objects.filter(exchange__title=title).values_list(*fields))


def places_linked(apps, title):
    """The places the exchange titled `title` links to: (name, its parent's name, country, direct)."""
    return linked(apps, "Place", title, "place__name", "place__parent__name", "place__country", "direct")


def relinked_again(apps, before, after):
    """A relinking migration undone (`before`) and done again (`after`) once `apps`' database stands
    after it: (its links to places and its exchanges' dates as they were, as they are again)."""

    def links_and_dates(apps):
        Link, Exchange = (apps.get_model("exchanges", model) for model in ("ExchangePlace", "Exchange"))
        return (
            sorted(Link.objects.values_list("exchange_id", "place_id", "direct")),
            sorted(Exchange.objects.values_list("pk", "updated")),
        )

    was = links_and_dates(apps)
    migrate(before)
    return was, links_and_dates(migrate(after))


@contextlib.contextmanager
def linked_database_at(before, rows):
    """The database at migrations `before` holding the seeds, a pending submission and `rows`, all
    linked as publishing links them (add_linked_seeds_and_a_submission): a relinking migration's
    old database. Back at the newest migrations afterwards."""
    apps = migrate(before)
    try:
        add_linked_seeds_and_a_submission(apps, rows)
        yield apps
    finally:
        migrate(latest())


@contextlib.contextmanager
def people_database_at(before, rows, relinked, never_made=(), made=(), links=()):
    """linked_database_at(`before`, `rows`), then the exchanges titled `relinked` linked to people as
    the old reading linked them: their links to people deleted, the people it never made
    (`never_made`, names) deleted, those it made (`made`, as add_people takes them) added, and `links`
    ([(title, the person's name, the link's other fields)]) made (link_as_before)."""
    with linked_database_at(before, rows) as apps:
        Person = apps.get_model("entities", "Person")
        unlink(apps, "Person", relinked)
        Person.objects.filter(name__in=never_made).delete()
        add_people(apps, made)
        link_as_before(
            apps, "Person", [(title, Person.objects.get(name=name), fields) for title, name, fields in links]
        )
        yield apps


@contextlib.contextmanager
def organisations_database_at(before, rows, links):
    """linked_database_at(`before`, `rows`), then the exchanges of `links` linked to organisations
    as the old reading linked them: their links to organisations deleted, the organisations then
    linked by nothing deleted, and each of `links` ([(title, name, slug, role, aliases)]) made to an
    organisation of that name (add_organisation)."""
    with linked_database_at(before, rows) as apps:
        Organisation = apps.get_model("entities", "Organisation")
        unlink(apps, "Organisation", {title for title, *_rest in links})
        Organisation.objects.exclude(exchange_links__isnull=False).delete()
        link_as_before(
            apps,
            "Organisation",
            [
                (title, add_organisation(Organisation, name, slug, aliases), {"role": role})
                for title, name, slug, role, aliases in links
            ],
        )
        yield apps


def organisations_linked(apps, title):
    """The organisations the exchange titled `title` links to: (name, Chinese name)."""
    return linked(apps, "Organisation", title, "organisation__name", "organisation__chinese_name")


def people_linked(apps, title):
    """The people the exchange titled `title` links to: (name, the link's title)."""
    return linked(apps, "Person", title, "person__name", "title")


def all_dated(apps, titles):
    """Whether every exchange titled `titles` is dated since LONG_AGO: linked again."""
    changed = apps.get_model("exchanges", "Exchange").objects.filter(title__in=titles)
    return all(updated > LONG_AGO for updated in changed.values_list("updated", flat=True))
