"""Exchanges are folded again where a letter carries an accent ("Communiqué", "Xí Jìnpíng").

fold() now drops accents and pinyin's tone marks, at index and at query time: PostgreSQL's index
kept them, so "Shanghai Communique" or 上海公报 (a synonym written without the accent) found
nothing there, where SQLite's tokenizer, which drops them, found the communiqué. Only rows whose
texts hold such a letter can change; of those, only the rows whose folded columns differ are
written, 1,000 at a time. The full-text indexes follow the columns (PostgreSQL's generated vector,
SQLite's triggers), and the new words join the vocabulary that "Did you mean" reads.

Nothing to undo: the old code reads the new columns as it read any word it never indexed.
"""

import importlib

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
# Latin letters with accents (Latin-1, Extended-A and -B, Extended Additional) and combining marks.
ACCENTED = "[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]"


def fold_again(apps, schema_editor):
    with_accent = Q()
    for field in TEXTS:
        with_accent |= Q(**{f"{field}__regex": ACCENTED})
    # 0022's loop: only the rows whose folded columns differ are written, 1,000 at a time.
    importlib.import_module("exchanges.migrations.0022_fold_pinyin_apostrophes").fold_again_where(
        apps, with_accent
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0026_first_published"),
    ]

    operations = [
        migrations.RunPython(fold_again, migrations.RunPython.noop, elidable=True),
    ]
