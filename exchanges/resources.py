"""The admin's import and export of exchanges (django-import-export), in the import format.

Every row goes through the one row reader (exchanges/rows.py) and the one
publishing function, like `manage.py import_exchanges --publish`: staff who
import in the admin publish what they upload. The preview (a dry run, rolled
back) lists every row with what would become of it; a row that cannot be
published (a mistake, no date, already in the catalogue) is skipped, with the
reason shown beside it, and the good rows are imported on confirmation.
A row the admin holds back (hold_back(): the moderation app's, for a likely
repeat of a published exchange) is stored otherwise, and the preview says why.
Export writes the selected exchanges as rows that import back unchanged.
"""

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import RowResult

from .importing import published_already, readable, row_key
from .models import Exchange
from .publishing import publish
from .rows import (
    COLUMNS,
    MixedDateOrders,
    dates_day_first,
    exchange_row,
    match_columns,
    read_row,
    repeated_columns,
    title_heading_hint,
    unknown_columns_text,
)

PREVIEW_COLUMNS = ["Title", "Exchange Date", "Type of Exchange", "Government?", "Level of Government"]


class ExchangeResource(resources.ModelResource):
    # One declared field per column, so the export form offers the import format's columns.
    locals().update(
        {f"column_{number}": fields.Field(column_name=column) for number, column in enumerate(COLUMNS)}
    )

    class Meta:
        model = Exchange
        fields = [f"column_{number}" for number in range(len(COLUMNS))]
        import_id_fields = []
        skip_diff = True

    def get_diff_headers(self):
        return [*PREVIEW_COLUMNS, _("What becomes of it")]

    def before_import(self, dataset, **kwargs):
        self.seen = {}  # {row key: the line it was first read on}
        self.file_name = kwargs.get("file_name") or ""
        # The sheet read, in a workbook (UploadedCSV): its rows are numbered as Excel numbers them.
        self.sheet = getattr(dataset, "sheet", None)
        if repeated := repeated_columns(dataset.headers or []):
            raise ValidationError(repeated)
        known, self.unknown_columns = match_columns(dataset.headers or [])
        self.known_columns = known
        # The preview's columns under whatever heading the file gives them ("Date", "Type").
        self.preview_headings = {column: heading for heading, column in known.items()}
        # Why a row cannot be read, by its number (UploadedCSV: a cell past the last column).
        self.row_problems = getattr(dataset, "row_problems", {})
        # Numeric dates are read in the order the file's dates show, as the command reads them.
        lines = self.lines = list(getattr(dataset, "lines", None) or range(2, len(dataset) + 2))
        rows = zip(
            lines, (dict(zip(dataset.headers or [], row, strict=False)) for row in dataset), strict=False
        )
        try:
            self.day_first = dates_day_first(rows)
        except MixedDateOrders as error:
            raise ValidationError(str(error)) from None
        if "Title" not in known.values():
            raise ValidationError(
                _(
                    "The file has no Title column: its first line must name the columns, "
                    "e.g. “Title,Summary,…”."
                )
                + title_heading_hint(self.unknown_columns)
            )

    def import_data(self, dataset, *args, **kwargs):
        result = super().import_data(dataset, *args, **kwargs)
        # For the preview to say which sheet of a workbook it shows.
        result.sheet = getattr(dataset, "sheet", None)
        return result

    def _check_import_id_fields(self, headers):
        # Rows are matched by source URL or title and date, not by an id column.
        return None

    def import_row(self, row, instance_loader, **kwargs):
        result = self.get_row_result_class()()
        result.import_type = RowResult.IMPORT_TYPE_SKIP
        read = read_row(dict(row), getattr(self, "day_first", None))
        problem = getattr(self, "row_problems", {}).get(kwargs.get("row_number"))
        if problem:
            outcome = _("Not imported: %(reasons)s") % {"reasons": problem}
        else:
            line = self.line_of(kwargs.get("row_number"))
            outcome = self.publish_row(read, result, kwargs.get("dry_run", False), line)
        if getattr(self, "unknown_columns", None) and kwargs.get("row_number") == 1:
            outcome += " " + _("Unknown columns, ignored: %(columns)s.") % {
                "columns": unknown_columns_text(self.unknown_columns, self.known_columns.values())
            }
        headings = getattr(self, "preview_headings", {})
        cells = {column: str(row.get(headings.get(column, column)) or "") for column in PREVIEW_COLUMNS}
        cells["Title"] = read.values["title"]
        result.diff = [*(cells[column] for column in PREVIEW_COLUMNS), outcome]
        return result

    def line_of(self, row_number):
        """The file's line a row came from (UploadedCSV passes blank rows over)."""
        lines = getattr(self, "lines", None) or []
        if row_number and 0 < row_number <= len(lines):
            return lines[row_number - 1]
        return (row_number or 0) + 1

    def hold_back(self, read, key, line, dry_run, result):
        """What to say of a row not to publish after all, having stored it otherwise; None to publish it.

        The catalogue publishes every good row; the moderation app holds back a likely repeat of a
        published exchange for a moderator (contributions/importing.py), and marks its `result`
        `queued` for the confirmation to count."""
        return None

    def publish_row(self, read, result, dry_run=False, line=None):
        if read.errors:
            return _("Not imported: %(reasons)s") % {"reasons": " ".join(read.errors)}
        if not read.has_date:
            return _(
                "Not imported: it has no date. Import it with manage.py import_exchanges, "
                "which keeps it for a moderator to complete."
            )
        key = row_key(read)
        if key in self.seen and getattr(self, "sheet", None):
            return _("Already imported: it repeats row %(line)s of the file.") % {"line": self.seen[key]}
        if key in self.seen:
            return _("Already imported: it repeats line %(line)s of the file.") % {"line": self.seen[key]}
        if published_already(read):
            return _("Already imported.")
        self.seen[key] = line
        try:
            with transaction.atomic():
                held = self.hold_back(read, key, line, dry_run, result)
                if held:
                    return held
                exchange = publish(read.values, read.sources)
        except ValidationError as error:
            return _("Not imported: %(reasons)s") % {"reasons": " ".join(readable(error))}
        result.import_type = RowResult.IMPORT_TYPE_NEW
        result.add_instance_info(exchange)
        result.instance = exchange  # for the admin's history of who imported it
        # The preview is rolled back: there the row is not published yet, only would be.
        done = _("Would be published.") if dry_run else _("Published.")
        return " ".join([done, *read.warnings])

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        dataset = tablib.Dataset(headers=COLUMNS)
        for exchange in queryset.prefetch_related("sources").order_by("-date", "-id"):
            row = exchange_row(exchange)
            dataset.append([row[column] for column in COLUMNS])
        return dataset
