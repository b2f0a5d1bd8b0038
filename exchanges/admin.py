import contextvars
import datetime
import io
import uuid

import tablib
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Length
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_admin_lightweight_date_hierarchy.templatetags.ldh_admin_list import (
    default_date_hierarchy_drilldown,
)
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV
from import_export.tmp_storages import BaseStorage

from entities.templatetags.languages import lang_marked

from .admin_inputs import UntrustedInputAdminMixin
from .counts import among, published_years
from .forms import ExchangeRecordForm, SourceForm
from .importing import (
    HEAD_BYTES,
    UnreadableFile,
    csv_dialect,
    csv_rows,
    decode,
    open_sheet,
    refuse_json_lines,
    sheet_rows,
)
from .links import link_entities
from .models import Exchange, ExchangeRecord, ImportPreview, Source
from .resources import ExchangeResource
from .search import parse, rank_matches, with_whole_words
from .workbooks import is_workbook


class SourceInline(admin.TabularInline):
    model = Source
    form = SourceForm
    extra = 1
    fields = ["citation", "url", "position"]
    # A URL typed without a scheme is read as https://, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# The most rows the admin's import takes. Each row is published to preview it, and again to
# confirm it, within one request, the preview's rows adding up in its transaction: on SQLite 200
# rows took 14 s to preview, 1,000 took 173 s, and the web server gives a request 30 s
# (GUNICORN_TIMEOUT). A longer file goes to manage.py import_exchanges, which streams it.
ADMIN_IMPORT_ROWS = 200


class UploadedCSV(CSV):
    """A CSV upload in the encodings and with the delimiters the import command reads, or an Excel
    workbook (.xlsx) as it reads one."""

    def get_title(self):
        return "csv, xlsx"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        """The rows as the command reads them (exchanges/importing.py's csv_rows): blank rows left
        out, a separator at the end of a line ignored. The dataset also holds each row's line in
        the file (`lines`) and, by its number, why a row cannot be read (`row_problems`), for the
        resource to report beside that row."""
        if isinstance(in_stream, bytes) and is_workbook(in_stream[:HEAD_BYTES]):
            return workbook_dataset(in_stream)
        if isinstance(in_stream, bytes):
            in_stream = decode(in_stream)
        refuse_json_lines(in_stream)
        # A spreadsheet saved where the decimal mark is a comma separates cells with semicolons,
        # and Excel's "Unicode Text" with tabs: the command reads both, so the upload does too.
        rows = csv_rows(io.StringIO(in_stream, newline=""), csv_dialect(in_stream))
        header = next(rows)
        dataset = tablib.Dataset(headers=header)
        dataset.lines, dataset.row_problems = [], {}
        for line, cells, problem in rows:
            if len(dataset) == ADMIN_IMPORT_ROWS:
                raise too_long(ADMIN_IMPORT_ROWS + 1 + sum(1 for _row in rows))
            if problem:
                dataset.row_problems[len(dataset) + 1] = str(problem)
            dataset.append(cells)
            dataset.lines.append(line)
        return dataset


def workbook_dataset(data):
    """The rows of an uploaded workbook's sheet, as create_dataset gives a CSV upload's, with the
    sheet's name (`sheet`) for the preview to say which was read; rows numbered as Excel does."""
    sheet = open_sheet(data)
    dataset = tablib.Dataset(headers=sheet.header)
    dataset.lines, dataset.row_problems, dataset.sheet = [], {}, sheet.name
    rows = sheet_rows(sheet)
    for number, cells in rows:
        if len(dataset) == ADMIN_IMPORT_ROWS:
            # Not counted on: a sheet is read far more slowly than CSV, and counting the rows of
            # a long one took longer than the web server gives a request.
            raise too_long()
        if isinstance(cells, Exception):
            dataset.row_problems[len(dataset) + 1] = str(cells)
            cells = cells.cells
        dataset.append([cells[heading] for heading in sheet.header])
        dataset.lines.append(number)
    return dataset


def too_long(count=None):
    if count is None:
        return UnreadableFile(
            _(
                "It has more than %(limit)s rows: here a file may have %(limit)s, each previewed and "
                "published within one request. Import it with manage.py import_exchanges (--publish to "
                "publish it), which reads a file of any length, or in parts."
            )
            % {"limit": ADMIN_IMPORT_ROWS}
        )
    return UnreadableFile(
        _(
            "It has %(count)s rows: here a file may have %(limit)s, each previewed and published "
            "within one request. Import it with manage.py import_exchanges (--publish to publish "
            "it), which reads a file of any length, or in parts."
        )
        % {"count": count, "limit": ADMIN_IMPORT_ROWS}
    )


class PreviewGone(Exception):
    """The copy of an uploaded file kept between its preview and its confirmation is gone."""


# How long a preview may wait for its confirmation.
PREVIEW_KEPT = datetime.timedelta(days=1)
# Who is uploading, for the preview's row: the library makes its storage without the request.
uploader = contextvars.ContextVar("uploader", default=None)


class PreviewedFile(BaseStorage):
    """Where an upload waits between its preview and its confirmation: a row of ImportPreview,
    in the database every web instance reads.

    A confirmation claims the row before reading it, by an UPDATE that marks it only while it is
    unmarked: of two confirmations sent at the same moment (two moderators, or a double click
    reaching two web instances) exactly one changes the row, and the other is told the import
    was confirmed already. Reading the copy and removing it after the import let both read it
    first, and every row was imported twice. The preview reads the copy it has just stored."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = kwargs.get("user")
        self.data = None

    def save(self, data):
        now = timezone.now()
        ImportPreview.objects.filter(created__lt=now - PREVIEW_KEPT).delete()
        self.name = self.name or uuid.uuid4().hex
        self.data = data.encode(self.encoding or "utf-8") if isinstance(data, str) else data
        ImportPreview.objects.create(name=self.name, data=self.data, created=now, user=self.user)

    def read(self):
        if self.data is None:
            self.claim()
        return self.data if "b" in self.read_mode else self.data.decode(self.encoding or "utf-8")

    def claim(self):
        preview = ImportPreview.objects.filter(
            name=self.name, confirming=False, created__gte=timezone.now() - PREVIEW_KEPT
        )
        if not preview.update(confirming=True):
            raise PreviewGone
        self.data = bytes(ImportPreview.objects.values_list("data", flat=True).get(name=self.name))

    def remove(self):
        ImportPreview.objects.filter(name=self.name).delete()

    @classmethod
    def give_back(cls, name):
        """The preview a confirmation claimed, to confirm again: its import failed and was undone."""
        ImportPreview.objects.filter(name=name).update(confirming=False)


class CountingUpTo(Paginator):
    """A paginator that counts no further than `enough` rows.

    For the autocomplete's suggestions, which ask only for one page and whether there are more:
    counting every exchange that matches four typed letters took 0.75 s among a million."""

    def __init__(self, *args, enough, **kwargs):
        super().__init__(*args, **kwargs)
        self.enough = enough

    @cached_property
    def count(self):
        # Unordered: the rows are only counted, from the search index as they come.
        return self.object_list.order_by()[: self.enough].count()


class LevelFilter(admin.SimpleListFilter):
    """Level of government: an exchange matches each level it names."""

    title = _("level of government")
    parameter_name = "level"
    NOT_RECORDED = "none"

    def lookups(self, request, model_admin):
        return [*ExchangeRecord.Level.choices, (self.NOT_RECORDED, _("Not recorded"))]

    def queryset(self, request, queryset):
        if self.value() == self.NOT_RECORDED:
            return queryset.filter(levels=[])
        if self.value() in ExchangeRecord.Level.values:
            return queryset.filter(levels__has=self.value())
        return queryset


@admin.display(description=_("for the moderator to check"))
def record_warnings(record):
    """What a contributor may send but a moderator should look at, e.g. a level without government."""
    warnings = record.record_warnings() if record else []
    if not warnings:
        return "-"
    return render_to_string("admin/exchanges/_record_warnings.html", {"warnings": warnings})


@admin.register(Exchange)
class ExchangeAdmin(UntrustedInputAdminMixin, ImportMixin, ExportActionMixin, admin.ModelAdmin):
    form = ExchangeRecordForm
    # Import (a file in the import format, previewed, then confirmed) and
    # "Export selected exchanges", both through exchanges/rows.py.
    resource_classes = [ExchangeResource]
    import_template_name = "admin/exchanges/exchange/import.html"

    tmp_storage_class = PreviewedFile

    def get_import_formats(self):
        return [UploadedCSV]

    def import_action(self, request, **kwargs):
        token = uploader.set(request.user)
        try:
            return super().import_action(request, **kwargs)
        finally:
            uploader.reset(token)

    def get_tmp_storage_class_kwargs(self):
        return {**super().get_tmp_storage_class_kwargs(), "user": uploader.get()}

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except PreviewGone:
            self.message_user(
                request,
                _(
                    "This import was confirmed already, or its preview is too old: nothing more was "
                    "imported, and what a first confirmation imported stays. To import the file again, "
                    "upload it again (rows already imported are skipped)."
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:exchanges_exchange_changelist"))

    def process_dataset(self, dataset, form, request, **kwargs):
        try:
            return super().process_dataset(dataset, form, request, **kwargs)
        except Exception:
            # The import was rolled back: the preview may be confirmed again.
            if name := form.cleaned_data.get("import_file_name"):
                self.tmp_storage_class.give_back(name)
            raise

    def get_import_context_data(self, **kwargs):
        # The upload page says how long a file may be before one is sent and refused.
        return {**super().get_import_context_data(**kwargs), "import_rows_limit": ADMIN_IMPORT_ROWS}

    def add_data_read_fail_error_to_form(self, form, e):
        # Why the file cannot be read, as the import command says it, rather than the exception's name.
        if isinstance(e, UnreadableFile):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def has_import_permission(self, request):
        # Importing publishes exchanges: it takes the right to add them.
        return self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_formats(self):
        return [CSV]

    def get_valid_export_item_pks(self, request):
        # The exchanges ticked that exist, as the export form's choices. The library's default (which
        # warns that it is deprecated) lists every exchange in the table: a million choices built and
        # searched to export three rows of a large catalogue.
        ticked = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.model.objects.filter(pk__in=ticked).values_list("pk", flat=True)

    def get_date_hierarchy_drilldown(self, year_lookup, month_lookup):
        """The years of the published exchanges (the summary table) and of the drafts (few, read from
        the date index that begins with the status); a year's months, a month's days."""
        if year_lookup is None and month_lookup is None:
            drafts = Exchange.objects.filter(status=Exchange.Status.DRAFT).dates("date", "year")
            years = {*published_years(), *(day.year for day in drafts)}
            return [datetime.date(year, 1, 1) for year in sorted(years)]
        return default_date_hierarchy_drilldown(year_lookup, month_lookup)

    def get_search_results(self, request, queryset, search_term):
        """The catalogue's own full-text search (exchanges/search.py), over drafts too: what readers
        find, moderators find, with the same syntax ("quotes", OR, -word), in Chinese as in English.
        Django's default, a LIKE over each of search_fields, reads every row: 3 s a query among a
        million exchanges, four queries a page, and as much on each key pressed in the duplicate
        box's autocomplete (contributions/admin.py).

        The last word is taken as the beginning of a word, as LIKE took any part of one: the
        autocomplete asks while it is being typed ("Shenzh" finds Shenzhen)."""
        text = search_term.strip()
        if not text:
            return queryset, False
        if text[-1].isalnum():
            text += "*"
        # Looked up once among the catalogue's words, for the search and the rank alike.
        query = with_whole_words(parse(text), queryset.db)
        found = queryset.search(query, ranked=False)
        if self._is_autocomplete(request):
            return self._best_suggestions_first(found, query), False
        return found, False

    # The duplicate box ranks its suggestions when no more than this many exchanges match.
    RANKED_SUGGESTIONS = 1000

    def _best_suggestions_first(self, found, query):
        """The duplicate box's suggestions, the best matches first when they are few: a moderator who
        types words of a title looks for that exchange, not for the newest of those that share them
        (which may fill the first page). When more match (a few letters typed, a common word),
        newest first, as the changelist lists them: ranking most of a million exchanges for each key
        pressed would take seconds. Chosen in the list's order and ranked among themselves, so that
        each page of the suggestions comes from the same set, in the same order."""
        ids = list(found.values_list("pk", flat=True)[: self.RANKED_SUGGESTIONS + 1])
        if len(ids) > self.RANKED_SUGGESTIONS:
            return found
        few = self.model.objects.filter(among(self.model._meta.db_table, "id", ids))
        return rank_matches(few, query).order_by("-search_rank", *self.ordering)

    @staticmethod
    def _is_autocomplete(request):
        match = request.resolver_match
        return match is not None and match.url_name == "autocomplete"

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The autocomplete's pages count up to one row past the page asked for: enough to serve it
        and to say whether more follow. The changelist says how many in all, so counts them all."""
        if not self._is_autocomplete(request):
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        page = request.GET.get("page", "")
        asked = int(page) if page.isdigit() and 0 < len(page) < 7 else 1
        return CountingUpTo(queryset, per_page, orphans, allow_empty_first_page, enough=asked * per_page + 1)

    list_display = [
        "marked_title",
        "display_date",
        "type",
        "government",
        "levels_display",
        "status",
        "updated",
    ]
    list_filter = ["status", "type", "government", LevelFilter, "continuing", "date_precision", "circa"]
    # What the search box reads is the full-text index of these and more (get_search_results).
    search_fields = ["title", "title_zh", "summary", "partners", "sponsors", "participants", "location"]
    date_hierarchy = "date"
    # The drill-down offers the catalogue's years, then a year's months and a month's days, without
    # reading the exchanges listed (django-admin-lightweight-date-hierarchy). Django's own reads
    # their first and last day and every year among them: 0.4 s a page among a million, and 1.4 s
    # when a search matches most of them.
    date_hierarchy_drilldown = False
    # Drafts first, then published exchanges newest first: the order of the catalogue's date index,
    # which begins with the status. Newest first over every status would sort the whole table for
    # each page (0.75 s among a million), or take another index that the public lists' planner
    # would then be tempted by.
    ordering = ["status", "-date", "-id"]
    # A filtered or searched list says "Show all" rather than counting the whole table again.
    show_full_result_count = False
    readonly_fields = ["slug", "created", "published", "updated", "warnings"]
    inlines = [SourceInline]

    @admin.display(description=Exchange._meta.get_field("title").verbose_name, ordering="title")
    def marked_title(self, exchange):
        # Its Chinese words marked as Chinese, as the public pages mark them.
        return lang_marked(exchange.title)

    class Media:
        css = {"all": ["css/admin-fields.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "withdrawal_reason", "summary", "outcomes"]}),
        (_("In Chinese"), {"fields": ["title_zh", "summary_zh"], "classes": ["collapse"]}),
        (
            _("Classification"),
            {"fields": ["warnings", "government", "type", "type_as_recorded", "levels", "continuing"]},
        ),
        (
            _("Who"),
            {
                "fields": [
                    "partners",
                    "sponsors",
                    "participants",
                    "participant_count",
                    "participant_count_note",
                ]
            },
        ),
        (_("When and where"), {"fields": ["date", "location"]}),
        (_("Notes"), {"fields": ["notes"]}),
        (_("Record"), {"fields": ["created", "published", "updated"]}),
    ]

    @admin.display(description=_("exchange date"), ordering="date")
    def display_date(self, exchange):
        return exchange.display_date

    @admin.display(description=_("level of government"))
    def levels_display(self, exchange):
        return exchange.get_levels_display() or "-"

    def warnings(self, exchange):
        return record_warnings(exchange)

    warnings.short_description = record_warnings.short_description

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The links follow the texts as corrected here, as publishing makes them. A draft's are made
        # when it is published: made now, the names of an exchange readers may not see would become
        # organisations, people and places on the public indexes, the API and the suggestions.
        if form.instance.status == Exchange.Status.PUBLISHED:
            link_entities(form.instance)


@admin.register(ImportPreview)
class ImportPreviewAdmin(admin.ModelAdmin):
    """The uploads waiting between the import's preview and its confirmation: who uploaded what and
    when, and which are being imported or too old to confirm. Made by the import alone, read only
    here; one removed is no longer confirmed (its confirmation says the preview is gone)."""

    list_display = ["name", "created", "user", "size", "state"]
    list_select_related = ["user"]
    fields = ["name", "created", "user", "size", "state"]
    readonly_fields = fields
    ordering = ["-created"]

    def get_queryset(self, request):
        # The file itself is not read to list it: its size is counted by the database.
        return super().get_queryset(request).defer("data").annotate(size=Length("data"))

    @admin.display(description=_("size (bytes)"), ordering="size")
    def size(self, preview):
        return preview.size

    @admin.display(description=_("state"))
    def state(self, preview):
        if preview.confirming:
            return _("Being imported")
        if preview.created < timezone.now() - PREVIEW_KEPT:
            return _("Too old to confirm: upload the file again")
        return _("Waiting for its confirmation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
