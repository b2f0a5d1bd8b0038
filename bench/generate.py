"""Generate a realistic catalogue of published exchanges for benchmarks.

    .venv/bin/python bench/generate.py --rows 100000
    .venv/bin/python bench/generate.py --rows 1000000 --keep \\
        --database postgres://postgres@127.0.0.1:5432/bench_exchanges

Migrates the database (a temporary SQLite file unless --database names one; a
PostgreSQL database that does not exist is created), then fills it with
--rows published exchanges, one or two sources each, and the people,
organisations and places they name. PostgreSQL is filled with COPY, SQLite with
executemany in batches; the search index follows (PostgreSQL's tsvector is a
generated column, SQLite's FTS5 table is rebuilt once at the end). Prints rows
per second. Without --keep the database is dropped (or the file deleted)
afterwards; with it, bench/serve.py and `manage.py runserver` can use it.

What the rows look like (the shares are in the constants below):
- titles and summaries draw words from a vocabulary of several thousand with
  Zipf-distributed frequencies, as real text does: a common word is in most
  rows, a typical one in a few percent, most in a handful (`word_share` says
  which share of rows a word is expected to match, for the search benchmark);
- types, levels of government, "government?" and "continuing" (both with
  "not recorded"), date precisions and years 1971-2026 weighted toward recent
  years, in the proportions a catalogue of official exchanges has.

Other scripts reuse `generate(rows, ...)` with Django set up on the database.
"""

import argparse
import bisect
import datetime
import itertools
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 14
# Words of the domain first (the most frequent), then made-up ones, pronounceable
# and left alone by the English stemmer, up to VOCABULARY_SIZE.
DOMAIN_WORDS = (
    "delegation visit cooperation trade education students university exchange dialogue minister "
    "summit agreement climate energy culture health technology security governors sister city "
    "province state program science research business investment agriculture journalists media "
    "orchestra panda tourism sports festival museum military talks embassy consulate ambassador "
    "president premier secretary congress commerce scholars fellowship language teachers youth "
    "hospital medicine vaccine environment water forestry ocean aviation railway port shipping "
    "bank finance currency tariff export import semiconductor software internet satellite space "
    "nuclear arms maritime coast guard archive library film theater dance music opera painting"
).split()
VOCABULARY_SIZE = 5000
ZIPF_EXPONENT = 1.0
TITLE_WORDS = (4, 9)
SUMMARY_WORDS = (25, 60)
# Summaries are built from fragments drawn from a pool: the word frequencies
# stay Zipfian while a million rows take seconds instead of minutes of choices().
FRAGMENTS = 60_000
FRAGMENT_WORDS = 12

# (value, weight): shares of a catalogue of official and civic exchanges.
TYPES = [
    ("diplomatic", 22), ("education", 17), ("business", 12), ("cultural", 10), ("civic", 8),
    ("science", 7), ("military", 5), ("health", 4), ("environment", 4), ("media", 3),
    ("sports", 3), ("other", 2), ("", 3),
]  # fmt: skip
GOVERNMENT = [(True, 55), (False, 30), (None, 15)]
LEVELS_OF_GOVERNMENT = [
    ("national", 60), ("state", 14), ("local", 10), ("national,state", 6), ("state,local", 3),
    ("national,state,local", 1), ("", 6),
]  # fmt: skip
LEVELS_OTHERWISE = [("", 92), ("local", 5), ("state", 3)]
CONTINUING = [(False, 55), (True, 15), (None, 30)]
PRECISIONS = [("day", 60), ("month", 25), ("year", 15)]
FIRST_YEAR, LAST_YEAR = 1971, 2026
SOURCES_PER_EXCHANGE = [(1, 60), (2, 30), (3, 10)]
SOURCE_SITES = ["state.gov", "mfa.gov.cn", "whitehouse.gov", "xinhuanet.com", "usc.edu", "chinadaily.com.cn"]

ORGANISATIONS, PEOPLE, PLACES = 50_000, 100_000, 5_000
SURNAMES = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao smith johnson "
    "williams brown jones miller davis wilson anderson taylor thomas moore martin jackson white harris"
).split()
GIVEN = (
    "wei fang min jing lei jun hong yan ping hua john mary james anne robert linda michael susan "
    "david karen richard nancy joseph lisa thomas betty charles helen daniel sandra paul donna"
).split()
ORGANISATION_KINDS = (
    "Ministry Institute University Council Association Bureau Academy Society Foundation Chamber "
    "Company Committee Center Museum Hospital School Federation Commission"
).split()
PLACE_ENDINGS = ["", " City", " County", "shan", "zhou", "ville", " Springs", "jiang"]


def weighted(pairs):
    """A picker for (value, weight) pairs, faster than choices() with weights each time."""
    values = [value for value, _ in pairs]
    cumulative = list(itertools.accumulate(weight for _, weight in pairs))
    total = cumulative[-1]

    def pick(randomiser):
        return values[bisect.bisect_right(cumulative, randomiser.random() * total)]

    return pick


def vocabulary():
    """The words, most frequent first (deterministic)."""
    randomiser = random.Random(SEED)
    onsets = "b c d f g h j k l m n p r s t v z br dr gr kr pl st tr ch sh".split()
    vowels = ["a", "o", "u", "ai", "ao", "ia"]
    words = list(dict.fromkeys(DOMAIN_WORDS))
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(
            randomiser.choice(onsets) + randomiser.choice(vowels) for _ in range(randomiser.choice((2, 2, 3)))
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def word_weights():
    return [1 / rank**ZIPF_EXPONENT for rank in range(1, VOCABULARY_SIZE + 1)]


def word_share(
    rank, words_per_row=(TITLE_WORDS[0] + TITLE_WORDS[1] + SUMMARY_WORDS[0] + SUMMARY_WORDS[1]) / 2
):
    """The expected share of rows whose title or summary holds the word of this rank (0 = commonest)."""
    weights = word_weights()
    probability = weights[rank] / sum(weights)
    return 1 - (1 - probability) ** words_per_row


def word_matching(share):
    """The word expected to match about `share` of the rows (0.03: a typical search, 0.5: half)."""
    words = vocabulary()
    rank = min(range(VOCABULARY_SIZE), key=lambda rank: abs(word_share(rank) - share))
    return words[rank], word_share(rank)


class Writer:
    """Rows into a table: COPY on PostgreSQL, executemany in batches on SQLite."""

    def __init__(self, connection, batch=10_000):
        self.connection, self.batch = connection, batch

    def write(self, table, columns, rows):
        count = 0
        quoted = ", ".join(self.connection.ops.quote_name(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("%s" for _ in columns)
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"
                rows = iter(rows)
                while chunk := list(itertools.islice(rows, self.batch)):
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
        return count


def entity_rows(kind, count, randomiser, now):
    """Rows of one entity table, in the columns generate() names."""
    from entities.names import normalise

    for number in range(1, count + 1):
        if kind == "person":
            name = f"{randomiser.choice(GIVEN).capitalize()} {randomiser.choice(SURNAMES).capitalize()}"
        elif kind == "organisation":
            name = (
                f"{randomiser.choice(ORGANISATION_KINDS)} of {randomiser.choice(DOMAIN_WORDS).capitalize()}"
            )
        else:
            name = f"{randomiser.choice(SURNAMES).capitalize()}{randomiser.choice(PLACE_ENDINGS)}"
        name = f"{name} {number}"
        row = [number, name, "", f"{kind}-{number}", normalise(name), "", now, now]
        if kind == "place":
            row += ["city", randomiser.choice(["US", "CN", "CN", "US", "other"]), "", None]
        yield row


def exchange_rows(count, randomiser, now, names):
    """Rows of exchanges_exchange as {column: value}, ids 1..count."""
    from types import SimpleNamespace

    from exchanges.dates import last_day
    from exchanges.search import SEARCH_COLUMNS, search_columns

    words, weights = vocabulary(), word_weights()
    cumulative = list(itertools.accumulate(weights))
    fragments = [
        " ".join(randomiser.choices(words, cum_weights=cumulative, k=FRAGMENT_WORDS))
        for _ in range(FRAGMENTS)
    ]
    pick_type, pick_government = weighted(TYPES), weighted(GOVERNMENT)
    pick_levels, pick_other_levels = weighted(LEVELS_OF_GOVERNMENT), weighted(LEVELS_OTHERWISE)
    pick_continuing, pick_precision = weighted(CONTINUING), weighted(PRECISIONS)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    pick_year = weighted([(year, (year - FIRST_YEAR + 5) ** 1.6) for year in years])
    people, organisations, places = names
    for number in range(1, count + 1):
        title_words = randomiser.choices(words, cum_weights=cumulative, k=randomiser.randint(*TITLE_WORDS))
        title = " ".join(title_words).capitalize()
        parts = randomiser.randint(SUMMARY_WORDS[0], SUMMARY_WORDS[1]) // FRAGMENT_WORDS + 1
        summary = ". ".join(randomiser.choice(fragments) for _ in range(parts)).capitalize() + "."
        government = pick_government(randomiser)
        levels = pick_levels(randomiser) if government else pick_other_levels(randomiser)
        precision = pick_precision(randomiser)
        year = pick_year(randomiser)
        day = datetime.date(year, randomiser.randint(1, 12), randomiser.randint(1, 28))
        if year == LAST_YEAR and day > now.date():
            day = day.replace(month=1)
        circa = False
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day, circa = day.replace(month=1, day=1), randomiser.random() < 0.2
        end_date = None
        if precision == "day" and randomiser.random() < 0.3:
            end_date = day + datetime.timedelta(days=randomiser.randint(1, 10))
        elif precision == "year" and randomiser.random() < 0.2 and year < LAST_YEAR:
            end_date = datetime.date(randomiser.randint(year + 1, LAST_YEAR), 12, 31)
        row = {
            "id": number,
            "title": title,
            "title_zh": "",
            "summary_zh": "",
            "summary": summary,
            "outcomes": randomiser.choice(fragments).capitalize() + "." if randomiser.random() < 0.4 else "",
            "government": government,
            "type": pick_type(randomiser),
            "type_as_recorded": "",
            "levels": f",{levels}," if levels else "",
            "partners": "\n".join(randomiser.choices(organisations, k=randomiser.randint(0, 3))),
            "sponsors": randomiser.choice(organisations) if randomiser.random() < 0.3 else "",
            "participants": ", ".join(randomiser.choices(people, k=randomiser.randint(0, 3))),
            "participant_count": randomiser.choice([None, None, None, 12, 40, 200, 1500]),
            "participant_count_note": "",
            "date": day,
            "date_precision": precision,
            "end_date": end_date,
            "circa": circa,
            "continuing": pick_continuing(randomiser),
            "location": randomiser.choice(places),
            "slug": f"{title_words[0]}-{title_words[-1]}-{number}",
            "date_last": last_day(day, precision, end_date),
            "status": "published",
            "created": now,
            "updated": now,
        }
        # The folded texts the search index reads, as Exchange.save() writes them.
        row.update(zip(SEARCH_COLUMNS, search_columns(SimpleNamespace(**row)), strict=True))
        yield row


def source_rows(count, randomiser):
    pick = weighted(SOURCES_PER_EXCHANGE)
    number = 0
    for exchange in range(1, count + 1):
        for position in range(pick(randomiser)):
            number += 1
            site = randomiser.choice(SOURCE_SITES)
            yield (
                number,
                exchange,
                f"Report {exchange}.{position} ({site})",
                f"https://{site}/r/{number}",
                position,
            )


def link_tables():
    """The models in exchanges/ that link an exchange to an entity: (model, exchange field, entity field)."""
    from django.apps import apps
    from django.db import connection

    from entities.models import Organisation, Person, Place
    from exchanges.models import Exchange

    found = []
    existing = set(connection.introspection.table_names())
    for model in apps.get_app_config("exchanges").get_models():
        keys = {field.related_model: field for field in model._meta.fields if field.many_to_one}
        entity = next((keys[kind] for kind in (Organisation, Person, Place) if kind in keys), None)
        if Exchange in keys and entity and model._meta.db_table in existing:
            found.append((model, keys[Exchange], entity))
    return found


def fill_links(writer, exchanges, entity_counts, randomiser):
    """Link exchanges to the entities they name: a few each, popular entities far more often.

    Extend here as the link models grow fields: each gets the field's default
    (a role, a position) unless set below. Skipped while no link table exists.
    """
    tables = link_tables()
    if not tables:
        print("links: no exchange-entity link tables in this schema; skipped")
        return 0
    written = 0
    for model, exchange_field, entity_field in tables:
        entities = entity_counts[entity_field.related_model._meta.model_name]
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        missing = [
            field.name
            for field in fields
            if field not in (exchange_field, entity_field) and not field.has_default() and not field.null
        ]
        if missing:
            print(
                f"links: {model._meta.db_table} needs {', '.join(missing)}; fill_links must set them; skipped"
            )
            continue
        columns = [field.column for field in fields]
        rows = link_rows(exchanges, entities, fields, exchange_field, entity_field, randomiser)
        written += writer.write(model._meta.db_table, columns, rows)
    return written


def link_rows(exchanges, entities, fields, exchange_field, entity_field, randomiser):
    # Zipf over entities: the most-named appear in thousands of exchanges.
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, entities + 1)))
    population = range(1, entities + 1)
    for exchange in range(1, exchanges + 1):
        chosen = set(randomiser.choices(population, cum_weights=cumulative, k=randomiser.randint(0, 3)))
        for position, entity in enumerate(sorted(chosen)):
            values = {exchange_field.attname: exchange, entity_field.attname: entity, "position": position}
            yield [values.get(field.attname, field.get_default()) for field in fields]


def generate(rows, organisations=ORGANISATIONS, people=PEOPLE, places=PLACES, report=print):
    """Fill the (migrated, empty) database Django is set up on. Returns the seconds it took."""
    from django.db import connection, transaction
    from django.utils import timezone

    from entities.models import Organisation, Person, Place
    from exchanges.models import Exchange, Source

    started = time.perf_counter()
    randomiser = random.Random(SEED)
    now = timezone.now()
    writer = Writer(connection)
    with transaction.atomic():
        names = {}
        for model, count in ((Person, people), (Organisation, organisations), (Place, places)):
            kind = model._meta.model_name
            table_rows = list(entity_rows(kind, count, randomiser, now))
            columns = ["id", "name", "chinese_name", "slug", "key", "chinese_key", "created", "updated"]
            if model is Place:
                columns += ["kind", "country", "country_name", "parent_id"]
            writer.write(model._meta.db_table, columns, table_rows)
            names[kind] = [row[1] for row in table_rows[:20_000]]
        report(f"entities: {people:,} people, {organisations:,} organisations, {places:,} places")

        lap = time.perf_counter()
        triggers = drop_search_triggers(connection)
        columns = list(next(exchange_rows(1, random.Random(0), now, ([""], [""], [""]))))
        written = writer.write(
            Exchange._meta.db_table,
            columns,
            (
                [row[column] for column in columns]
                for row in exchange_rows(
                    rows, randomiser, now, (names["person"], names["organisation"], names["place"])
                )
            ),
        )
        elapsed = time.perf_counter() - lap
        report(f"exchanges: {written:,} in {elapsed:.1f} s ({written / elapsed:,.0f} rows/s)")
        restore_search_triggers(connection, triggers)
        sources = writer.write(
            Source._meta.db_table,
            ["id", "exchange_id", "citation", "url", "position"],
            source_rows(rows, randomiser),
        )
        report(f"sources: {sources:,}")
        links = fill_links(
            writer, rows, {"person": people, "organisation": organisations, "place": places}, randomiser
        )
        if links:
            report(f"links: {links:,}")
    finish(connection)
    elapsed = time.perf_counter() - started
    report(f"done in {elapsed:.1f} s: {rows / elapsed:,.0f} exchanges/s overall, with the search index")
    return elapsed


def finish(connection):
    """The search index and the planner's statistics, and sequences that continue after the ids written."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("exchanges_exchange", "exchanges_source", *entity_tables()):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("INSERT INTO exchanges_exchange_fts(exchanges_exchange_fts) VALUES('rebuild')")
            cursor.execute("ANALYZE")


def drop_search_triggers(connection):
    """SQLite: the FTS5 triggers, dropped while rows are written (one rebuild at the end is faster)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'exchanges_exchange'"
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    return triggers


def restore_search_triggers(connection, triggers):
    with connection.cursor() as cursor:
        for _, sql in triggers:
            cursor.execute(sql)


def entity_tables():
    from entities.models import Organisation, Person, Place

    return [model._meta.db_table for model in (Person, Organisation, Place)]


def setup_django(url):
    os.environ.update(DATABASE_URL=url, DEBUG="false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def create_postgres_database(url):
    """CREATE DATABASE when the URL names one that does not exist yet. Returns whether it did."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')
    return not exists


def drop_postgres_database(url):
    import dj_database_url
    import psycopg

    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url, rows, report=print):
    """Migrate the database at `url` and fill it, unless it already holds exactly the rows asked for.

    Returns whether it generated. A database holding other exchanges is refused.
    """
    if url.startswith("postgres"):
        create_postgres_database(url)
    setup_django(url)
    from django.core.management import call_command

    from exchanges.models import Exchange

    call_command("migrate", verbosity=0)
    existing = Exchange.objects.count()
    if existing == rows and not Exchange.objects.exclude(status="published").exists():
        report(f"the database already holds {rows:,} published exchanges: reused")
        return False
    if existing:
        sys.exit(f"That database holds {existing:,} exchanges, not {rows:,}; name an empty or new one.")
    generate(rows, report=report)
    return True


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="Published exchanges (default 1,000,000)."
    )
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    parser.add_argument("--keep", action="store_true", help="Keep the database for server runs.")
    args = parser.parse_args()

    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(prefix="bench-", suffix=".sqlite3", delete=False).name
        args.database = f"sqlite:///{scratch}"
    prepare(args.database, args.rows)
    typical, typical_share = word_matching(0.03)
    half, half_share = word_matching(0.5)
    print(f"search words: {typical!r} ~{typical_share:.0%} of rows, {half!r} ~{half_share:.0%}")
    if args.keep:
        print(f"kept: DATABASE_URL={args.database}")
        return
    from django.db import connections

    connections.close_all()
    if scratch:
        os.unlink(scratch)
    elif args.database.startswith("postgres"):
        drop_postgres_database(args.database)
    print("dropped (use --keep to keep it)")


if __name__ == "__main__":
    main()
