"""Where an imported row goes: the moderation queue by default, the catalogue for trusted data.

The file is read and each row checked by exchanges/importing.py (one loop for
the import command, the seed and the admin); these stores decide what a good
row becomes. A row is queued as a pending submission, with the file and line
it came from in its note, so that a moderator sees it, with its possible
duplicates, like any contribution. With --publish (and in the admin's import)
it is published at once, through the one publishing function, unless it has
no date, or it very likely repeats a published exchange (the same date and
title told under another source URL: a second news report of one visit): that
row is queued for a moderator, never published.
"""

from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _

from exchanges.importing import CREATED, KEPT, PUBLISHED, RowReport, published_already
from exchanges.models import Exchange
from exchanges.publishing import publish
from exchanges.resources import ExchangeResource

from .duplicates import published_repeat
from .models import Submission


class QueueForModerators:
    def __init__(self, file_name, in_rows=False):
        self.file_name = file_name
        self.in_rows = in_rows  # a workbook's, numbered as Excel numbers its rows

    def is_known(self, row, key):
        return Submission.objects.filter(import_key=key).exists() or published_already(row)

    def store(self, row, key, line, reasons=()):
        where = {"file": self.file_name, "line": line}
        if self.in_rows:
            note = [_("Imported from %(file)s, row %(line)s.") % where]
        else:
            note = [_("Imported from %(file)s, line %(line)s.") % where]
        # The row's Notes are the record's own (row.values), published with it once approved.
        note += [*reasons, *row.warnings]
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
        return RowReport(line, outcome, submission.title, [*reasons, *row.warnings], submission.reference)


class PublishTrusted(QueueForModerators):
    def store(self, row, key, line):
        if not row.has_date:
            return super().store(row, key, line)
        if reason := repeat_reason(row):
            return super().store(row, key, line, [reason])
        exchange = publish(row.values, row.sources)
        # The address as a person reads it: "/exchanges/中美建交/", not its percent-encoded bytes.
        return RowReport(
            line, PUBLISHED, exchange.title, row.warnings, uri_to_iri(exchange.get_absolute_url())
        )


def repeat_reason(row):
    """Why the row, trusted as it is, still waits for a moderator: the published exchange it very
    likely repeats (duplicates.published_repeat), with its address; "" when there is none."""
    repeat = published_repeat(Exchange(**row.values))
    if repeat is None:
        return ""
    return _("Looks like “%(title)s” (%(address)s); queued for a moderator.") % {
        "title": repeat.title,
        "address": uri_to_iri(repeat.get_absolute_url()),
    }


class ModeratedExchangeResource(ExchangeResource):
    """The admin's import, which publishes, holding back a row that likely repeats a published
    exchange as --publish does: queued for a moderator, with the reason in the preview."""

    def hold_back(self, read, key, line, dry_run, result):
        reason = repeat_reason(read)
        if not reason:
            return None
        if Submission.objects.filter(import_key=key).exists():
            return _("Already imported.")
        report = QueueForModerators(self.file_name, in_rows=bool(self.sheet)).store(read, key, line, [reason])
        # Counted apart from the rows skipped: it waits in the queue (ExchangeWithOriginAdmin).
        result.queued = True
        return " ".join(report.messages)
