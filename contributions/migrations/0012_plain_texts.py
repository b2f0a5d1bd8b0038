"""Submissions stored with characters that show nothing are made plain, as validation now makes them.

As exchanges 0030 does for the exchanges, with its `make_plain`: the record's texts a submission
shares with an exchange, and its own (sources, the contributor's name and email, the note, the
reason for a rejection). A zero-width space after an email address sent the decision nowhere; a
form feed in a summary failed its approval's feed. Only the rows holding such a character are read,
and only those that change are written, 1,000 at a time. A title or summary left empty is given the
placeholder 0030 gives (see there why).

A suggested change keeps the exchange as its contributor saw it (`started_from`): its texts are made
plain alike, so that a field the contributor left as it was still reads as unchanged, and an
approval does not write it over a moderator's edit made since.

Nothing to undo: the old code reads plain text as any other.
"""

import importlib

from django.db import migrations
from django.db.models import TextField

PLAIN = importlib.import_module("exchanges.migrations.0030_plain_texts")
TEXTS = [*PLAIN.TEXTS, "sources", "contributor_name", "contributor_email", "note", "rejection_reason"]


def make_submissions_plain(apps, schema_editor):
    Submission = apps.get_model("contributions", "Submission")

    def starting_points(submissions):
        for submission in submissions:
            if submission.started_from:
                submission.started_from = plain_snapshot(Submission, submission.started_from)
        return ["started_from"]

    PLAIN.make_plain(Submission, TEXTS, schema_editor.connection, starting_points)


def plain_snapshot(Submission, snapshot):
    """contributions.models.exchange_snapshot's values, the texts made plain; its source lines alike."""
    plain = {
        name: PLAIN.plain_value(name, value, isinstance(Submission._meta.get_field(name), TextField))
        if name in PLAIN.TEXTS
        else value
        for name, value in snapshot.items()
    }
    if isinstance(snapshot.get("sources"), list):
        plain["sources"] = [PLAIN.plain_value("sources", line, True) for line in snapshot["sources"]]
    return plain


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0011_moderators_work_on_entities"),
        ("exchanges", "0030_plain_texts"),
    ]

    operations = [migrations.RunPython(make_submissions_plain, migrations.RunPython.noop, elidable=True)]
