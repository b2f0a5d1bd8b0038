"""Exchanges are folded again where an apostrophe joins a word to a common one ("Xi'an").

fold() now writes such a word whole ("xian"): read as "xi an", PostgreSQL's index left "an" out,
of a phrase too, and a search for Xi'an found every exchange naming Xi (see `_APOSTROPHE_WORD` in
exchanges/search.py). Only rows whose texts hold an apostrophe can change; of those, only the rows
whose folded columns differ are written, 1,000 at a time. The full-text indexes follow the
columns (PostgreSQL's generated vector, SQLite's triggers), and the new words join the
vocabulary that "Did you mean" reads.

On the generated million, 200,385 exchanges hold an apostrophe: 64 s, mostly folding them.

Nothing to undo: the old code reads the new columns as it read any word it never indexed.
"""

from django.db import migrations
from django.db.models import Q

TEXTS = [
    "title",
    "title_zh",
    "partners",
    "sponsors",
    "participants",
    "location",
    "summary",
    "summary_zh",
    "outcomes",
]
COLUMNS = ["search_title", "search_names", "search_body"]
BATCH = 1000


def fold_again(apps, schema_editor):
    with_apostrophe = Q()
    for field in TEXTS:
        for mark in ("'", "’"):
            with_apostrophe |= Q(**{f"{field}__contains": mark})
    fold_again_where(apps, with_apostrophe)


def fold_again_where(apps, condition):
    """Fold again the search columns of the exchanges `condition` selects, writing only those that
    change, BATCH at a time (0027 calls it for accented letters)."""
    from exchanges.search import search_columns

    Exchange = apps.get_model("exchanges", "Exchange")
    SearchWord = apps.get_model("exchanges", "SearchWord")
    changed = []
    for record in Exchange.objects.filter(condition).order_by("pk").iterator(chunk_size=BATCH):
        folded = search_columns(record)
        if folded == tuple(getattr(record, column) for column in COLUMNS):
            continue
        record.search_title, record.search_names, record.search_body = folded
        changed.append(record)
        if len(changed) == BATCH:
            write(Exchange, SearchWord, changed)
            changed = []
    write(Exchange, SearchWord, changed)


def write(Exchange, SearchWord, records):
    from exchanges.search import remember_words

    Exchange.objects.bulk_update(records, COLUMNS)
    remember_words(SearchWord, [getattr(record, column) for record in records for column in COLUMNS])


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0021_place_links_hold_the_country"),
    ]

    operations = [
        migrations.RunPython(fold_again, migrations.RunPython.noop, elidable=True),
    ]
