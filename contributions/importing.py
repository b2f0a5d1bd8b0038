"""Where an imported row goes: the moderation queue by default, the catalogue for trusted data.

The file is read and each row checked by exchanges/importing.py (one loop for
the import command, the seed and the admin); these stores decide what a good
row becomes. A row is queued as a pending submission, with the file and line
it came from in its note, so that a moderator sees it, with its possible
duplicates, like any contribution. With --publish it is published at once,
through the one publishing function, unless it has no date: that row is queued
for a moderator to complete, never published.
"""

from django.utils.translation import gettext as _

from exchanges.importing import CREATED, KEPT, PUBLISHED, RowReport, published_already
from exchanges.publishing import publish

from .models import Submission


class QueueForModerators:
    def __init__(self, file_name):
        self.file_name = file_name

    def is_known(self, row, key):
        return Submission.objects.filter(import_key=key).exists() or published_already(row)

    def store(self, row, key, line):
        note = [_("Imported from %(file)s, line %(line)s.") % {"file": self.file_name, "line": line}]
        note += [row.notes, *row.warnings]
        submission = Submission(
            kind=Submission.Kind.NEW,
            import_key=key,
            sources="\n".join(" ".join(part for part in source.values() if part) for source in row.sources),
            note="\n".join(part for part in note if part),
            **row.values,
        )
        # The reference is random and the database keeps it unique: no query per row to check it.
        submission.full_clean(validate_unique=False)
        submission.save()
        outcome = CREATED if row.has_date else KEPT
        return RowReport(line, outcome, submission.title, row.warnings, submission.reference)


class PublishTrusted(QueueForModerators):
    def store(self, row, key, line):
        if not row.has_date:
            return super().store(row, key, line)
        exchange = publish(row.values, row.sources)
        return RowReport(line, PUBLISHED, exchange.title, row.warnings, exchange.get_absolute_url())
