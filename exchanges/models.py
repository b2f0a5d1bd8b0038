import datetime
import functools
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, URLValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import Urlizer
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from .citations import iso_date
from .dates import Period, first_day, format_period, last_day
from .search import SEARCH_COLUMNS, remember_words, search_columns, search_queryset
from .text import plain_text

SLUG_MAX_LENGTH = 220
URL_KEY_LENGTH = 200


def latest_allowed_date():
    """Exchanges may be announced ahead, but not further than a year from today."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # February 29
        return today + datetime.timedelta(days=365)


# The columns the structured filters read besides the date: type=, government=, continuing=,
# level= and a whole-year date_after= (the exchange's last day).
STRUCTURED_COLUMNS = ["type", "government", "continuing", "levels", "date_last"]


def structured_columns_but(column):
    return [each for each in STRUCTURED_COLUMNS if each != column]


class ExchangeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Exchange.Status.PUBLISHED)

    def withdrawn(self):
        """Those published once and not now: what the page left at their address, and the API's list
        of withdrawals, say was withdrawn, with the moderator's reason."""
        return self.filter(published__isnull=False).exclude(status=Exchange.Status.PUBLISHED)

    def for_list(self):
        """Only the columns a list row shows, and the title as it sorts, which a page's cursor under
        sort=title holds: the long texts stay in the database."""
        return self.only(
            "title",
            "title_sort",
            "slug",
            "type",
            "type_as_recorded",
            "government",
            "levels",
            "location",
            "date",
            "date_precision",
            "end_date",
            "end_precision",
            "circa",
            "continuing",
        )

    def for_detail(self):
        return self.prefetch_related("sources")

    def with_entities(self):
        """The entities linked, for an exchange's page (places the record names, not those they lie in)."""
        return self.prefetch_related(
            models.Prefetch(
                "organisation_links", queryset=ExchangeOrganisation.objects.select_related("organisation")
            ),
            models.Prefetch("person_links", queryset=ExchangePerson.objects.select_related("person")),
            models.Prefetch(
                "place_links", queryset=ExchangePlace.objects.filter(direct=True).select_related("place")
            ),
        )

    def search(self, text, ranked=True):
        """Full-text search over every descriptive field; see exchanges/search.py."""
        return search_queryset(self, text, ranked=ranked)

    def on_or_after(self, day):
        """Exchanges that were still going on at or after `day` (they end on or after it)."""
        return self.filter(date_last__gte=day)

    def with_level(self, level):
        return self.filter(levels__has=level)

    def on_or_before(self, day):
        """Exchanges that had begun by `day`."""
        return self.filter(date__lte=day)


class LevelsField(models.CharField):
    """Several levels of government in one column: the Python value is a list, ["national", "state"].

    Stored as ",national,state," (empty for none). A delimited text rather than
    a many-to-many table: the vocabulary is three fixed words, the value is read
    on every list row (a join or a prefetch per page for a table), and it copies
    between a submission and an exchange as one value. The delimiters at both
    ends let the `has` lookup match a whole token: `LIKE '%,state,%'` on SQLite,
    and on PostgreSQL the same test on the array of the tokens, which the
    search's GIN index holds beside the words (exchanges/0017). The facet counts
    are one aggregate.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return levels_from_stored(value)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            return list(_stored_levels(value))
        return _known_first(value)

    def get_prep_value(self, value):
        levels = self.to_python(value)
        return f",{','.join(levels)}," if levels else ""

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def run_validators(self, value):
        # The length limit applies to the stored text, not to the list.
        return super().run_validators(self.get_prep_value(value))

    def validate(self, value, model_instance):
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        unknown = [level for level in value if level not in ExchangeRecord.Level.values]
        if unknown:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": unknown[0]}
            )

    def formfield(self, **kwargs):
        options = {
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "required": not self.blank,
            **{key: value for key, value in kwargs.items() if key in {"label", "help_text", "required"}},
        }
        return forms.MultipleChoiceField(
            choices=ExchangeRecord.Level.choices, widget=forms.CheckboxSelectMultiple, **options
        )


def _known_first(levels):
    known = [level for level in ExchangeRecord.Level.values if level in levels]
    return known + [level for level in dict.fromkeys(levels) if level and level not in known]


def levels_from_stored(value):
    """The list of levels a stored value (",national,state,") holds. Read for every row of a list,
    of a facet's sample (10,000 rows) and of a download: the few stored spellings are each
    parsed once, and every row gets a list of its own."""
    return list(_stored_levels(value))


@functools.lru_cache(maxsize=256)
def _stored_levels(value):
    """The levels a stored value (",national,state,") holds, the known ones in their order first."""
    return tuple(_known_first(value.split(","))) if value else ()


@LevelsField.register_lookup
class HasLevel(models.Lookup):
    """`levels__has="state"`: the record names that level, whatever others it names."""

    lookup_name = "has"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} LIKE %s", [*params, f"%,{self.rhs},%"]

    def as_postgresql(self, compiler, connection):
        # The same test as the array of the stored tokens, which the search's GIN index holds
        # (exchanges/0017): there a search under a level filter is answered in the index, and
        # exactly, with no row read again. The expression must stay the index's to match it.
        if not self.rhs:
            # The array of ",national," holds empty strings at its ends: no level is empty.
            return self.as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        return f"string_to_array({lhs}, ',') @> ARRAY[%s]::text[]", [*params, self.rhs]


# The columns whose text is made plain as a record is validated (exchanges/text.py); a TextField's
# text keeps its lines.
TEXT_FIELDS = (models.CharField, models.TextField)


def bounded_text(verbose_name, max_length, **kwargs):
    """A TextField whose limit holds everywhere: forms read max_length, full_clean the validator."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )


# Text limits: generous for real records, and together far below PostgreSQL's
# 1 MB limit on the search column's tsvector (exchanges/migrations/0001), which
# indexes title, summary, outcomes, partners, sponsors, participants and location.
SUMMARY_MAX_LENGTH = 10_000
NAMES_MAX_LENGTH = 5_000
# Notes on the record are not searched (README, "Notes on the record"): they count toward no index.
NOTES_MAX_LENGTH = 5_000
# PostgreSQL's integer column holds no more.
MAX_PARTICIPANTS = 2_147_483_647


class RecordReading:
    """How an exchange's stored values read, for anything holding them: the models below, and the
    downloads' plain records of a million rows (opendata/downloads.py)."""

    __slots__ = ()

    @property
    def display_date(self):
        """The date at the precision it is known: "June 2013", "c. 1985", "2013–2016"."""
        return self.display_date_in(None)

    def display_date_in(self, language):
        """display_date in `language`, or in the active language when None: a million-row download
        looks the language up once, not once a row."""
        return (
            format_period(
                self.date, self.date_precision, self.end_date, self.circa, language, self.end_precision
            )
            if self.date
            else ""
        )

    @property
    def end_date_precision(self):
        """How exactly the end of a span is known ("month" for "1985 – March 1986"): its own
        precision, or the start's; None without an end."""
        return (self.end_precision or self.date_precision) if self.end_date else None

    @property
    def date_iso(self):
        """The date as a <time> element's datetime says it, at the precision known: "1985",
        "2014-04", "2014-04-01"; a span by its beginning. Never the first day that stands for a
        month or a year in the database: that would tell a machine a day no one recorded."""
        return iso_date(self.date, self.date_precision) if self.date else ""

    @property
    def partner_list(self):
        return split_lines(self.partners)

    @property
    def sponsor_list(self):
        return split_lines(self.sponsors)


def places_by_line(location):
    """A location pasted on several lines ("Beijing\nShanghai") parted as a line of places is
    ("Beijing; Shanghai"): made one line, it read as one place, "Beijing Shanghai"."""
    lines = plain_text(location, lines=True).split("\n")
    if len(lines) == 1:
        return location
    return "; ".join(place for line in lines if (place := line.strip(" \t,;，；")))


class ExchangeRecord(RecordReading, models.Model):
    """An exchange's facts, as a published exchange and a submission both hold them.

    A field is added here once; Exchange (contributions: Submission) inherit it
    with its validation and help text.
    """

    class Type(models.TextChoices):
        DIPLOMATIC = "diplomatic", _("Diplomatic")
        MILITARY = "military", _("Military / security")
        BUSINESS = "business", _("Business / trade")
        EDUCATION = "education", _("Education")
        SCIENCE = "science", _("Science / technology")
        CULTURAL = "cultural", _("Cultural")
        SPORTS = "sports", _("Sports")
        HEALTH = "health", _("Health")
        ENVIRONMENT = "environment", _("Environment / energy")
        MEDIA = "media", _("Media")
        CIVIC = "civic", _("Civic (people-to-people, sister cities, NGOs)")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        STATE = "state", _("State / provincial")
        LOCAL = "local", _("Local / municipal")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    title = models.CharField(_("title"), max_length=300)
    summary = bounded_text(
        _("summary"), SUMMARY_MAX_LENGTH, help_text=_("What happened, in a few sentences.")
    )
    outcomes = bounded_text(_("outcomes"), SUMMARY_MAX_LENGTH, blank=True, help_text=_("What came of it."))
    title_zh = models.CharField(
        _("title (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("The title in Chinese, simplified or traditional, when there is one."),
    )
    summary_zh = bounded_text(
        _("summary (Chinese)"),
        SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("The summary in Chinese, when there is one."),
    )
    government = models.BooleanField(
        _("government?"),
        null=True,
        blank=True,
        help_text=_("Were governments a party to the exchange? Empty when the record does not say."),
    )
    type = models.CharField(
        _("type of exchange"),
        max_length=20,
        choices=Type.choices,
        blank=True,
        help_text=_("Empty when the record does not say; “Other” when no choice fits."),
    )
    type_as_recorded = models.CharField(
        _("type of exchange, as recorded"),
        max_length=200,
        blank=True,
        help_text=_("The source’s own words when no choice fits, e.g. “Aviation”."),
    )
    levels = LevelsField(
        _("level of government"),
        help_text=_("One or more, for an exchange between governments; empty when the record does not say."),
    )
    partners = bounded_text(
        _("partners"),
        NAMES_MAX_LENGTH,
        blank=True,
        help_text=_("Organisations that took part, one per line."),
    )
    sponsors = bounded_text(
        _("sponsors"),
        NAMES_MAX_LENGTH,
        blank=True,
        help_text=_("Organisations that paid for or hosted it, one per line."),
    )
    participants = bounded_text(
        _("participants (types)"),
        NAMES_MAX_LENGTH,
        blank=True,
        help_text=_("Who took part, e.g. “U.S. President Barack Obama, Chinese President Xi Jinping”."),
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("A whole number, when it is known."),
    )
    participant_count_note = models.CharField(
        _("number of participants, as described"),
        max_length=300,
        blank=True,
        help_text=_("As the record words it, e.g. “200 Chinese students, 200 students from 50 US colleges”."),
    )
    date = models.DateField(
        _("exchange date"),
        help_text=_("The first day; for a month or a year, any day in it."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("How exactly the date is known."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("The last day of an exchange that lasted several days, months or years."),
    )
    # Empty for every span whose ends are known alike ("2013–2016", "June 30 – July 2, 2015"): only
    # an end known otherwise than its start says so, which keeps every record stored before as it was.
    end_precision = models.CharField(
        _("end date precision"),
        max_length=5,
        choices=Precision.choices,
        blank=True,
        default="",
        help_text=_(
            "How exactly the end date is known, when not as exactly as the date: “1985 – March 1986” "
            "ends in a month. Empty otherwise."
        ),
    )
    circa = models.BooleanField(
        _("approximate date"),
        default=False,
        help_text=_("The source gives the date as “about” or “c.”."),
    )
    continuing = models.BooleanField(
        _("continuing"),
        null=True,
        blank=True,
        help_text=_("Does it still go on? Empty when the record does not say."),
    )
    location = models.CharField(
        _("location"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Beijing and Washington, DC”."),
    )
    notes = bounded_text(
        _("notes on the record"),
        NOTES_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Public editorial notes: where the sources disagree on a date, a count or a name, which "
            "value the record gives and why, and what is uncertain."
        ),
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Before the fields' own checks: a title of zero-width spaces is then refused as empty.
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if (
                isinstance(field, TEXT_FIELDS)
                and isinstance(value, str)
                and field.name not in (exclude or ())
            ):
                if field.name == "location":
                    value = places_by_line(value)
                setattr(self, field.attname, plain_text(value, lines=isinstance(field, models.TextField)))
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = _("The end date cannot be before the exchange date.")
        # Here, not only on contributions: "2099" typed for "1999" in an imported file or on the
        # exchange's page would otherwise be published, at the head of the catalogue for good.
        latest = latest_allowed_date()
        if self.date and self.date > latest:
            errors["date"] = _("The date cannot be later than a year from today (%(latest)s).") % {
                "latest": latest
            }
        if errors:
            raise ValidationError(errors)

    def record_warnings(self):
        """What a moderator should look at, though a contributor may send it as it is."""
        warnings = []
        if self.levels and self.government is False:
            warnings.append(
                _("A level of government is given, but “Government?” says governments were not a party.")
            )
        if self.type == self.Type.OTHER and not self.type_as_recorded:
            warnings.append(_("The type is “Other”: say in “as recorded” what the source calls it."))
        return warnings

    @property
    def period(self):
        if not self.date:
            return None
        return Period(self.date, self.date_precision, self.end_date, self.circa, self.end_precision)

    def set_period(self, period):
        """Store a parsed date (exchanges/dates.py) in the date columns."""
        self.date = period.first if period else None
        self.date_precision = period.precision if period else self.Precision.DAY
        self.end_date = period.end if period else None
        self.circa = period.circa if period else False
        self.end_precision = stored_end_precision(period)

    def get_levels_display(self):
        labels = dict(self.Level.choices)
        return ", ".join(str(labels.get(level, level)) for level in self.levels)

    @property
    def type_display(self):
        """The type's label, or the source's own words beside "Other"."""
        if self.type_as_recorded and self.type in ("", self.Type.OTHER):
            return self.type_as_recorded
        return self.get_type_display()


# How exactly a date or an end date is known, for the API's schema (config/settings.py).
PRECISIONS = ExchangeRecord.Precision


def stored_end_precision(period):
    """The end_precision column of a parsed date: empty unless the end is known otherwise than the
    start ("1985 – March 1986")."""
    if period is None or period.end is None or period.end_precision == period.precision:
        return ""
    return period.end_precision


# The names of an exchange's facts, in the order of the model: what a submission
# copies to an exchange, what the diff compares, what the admin shows.
RECORD_FIELDS = [field.name for field in ExchangeRecord._meta.local_fields]
# The columns that hold the date; a form shows them as one text input, "date".
PERIOD_FIELDS = ["date", "date_precision", "end_date", "end_precision", "circa"]
FORM_FIELDS = [name for name in RECORD_FIELDS if name == "date" or name not in PERIOD_FIELDS]


class Exchange(ExchangeRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        editable=False,
        help_text=_("The permanent address of the exchange, made from its title once."),
    )
    # Derived in save(): the last day the exchange may have taken place (its end
    # date, or the end of its month or year). Stored so that date-range filters
    # can use an index instead of computing it per row.
    date_last = models.DateField(editable=False)
    # Derived in save(): the texts as search reads them (exchanges/search.py,
    # fold()), indexed by the full-text index of each database.
    search_title = models.TextField(editable=False, default="")
    search_names = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    # Derived in save(): the title as sort=title orders it (sort_title()), so that the order is the
    # alphabet's on either database: SQLite and PostgreSQL's C collation compare bytes, and put
    # "CCTV" before "California", "Xi Jinping" before "Xi and Biden".
    title_sort = models.CharField(max_length=300, editable=False, default="")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published exchanges are public."),
    )
    # Archives say why a record was taken down on the page left in its place: a reader following a
    # citation learns whether it was a duplicate, a mistake or a request, and where to look instead.
    withdrawal_reason = models.TextField(
        _("why it was withdrawn"),
        blank=True,
        default="",
        help_text=_(
            "Shown to readers on its page while it is a draft after being published (“A duplicate of "
            "…”, “The source was retracted.”). Leave empty to give no reason."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Set in save(), the first time it is saved published, and kept: withdrawn and published again,
    # it is not new again. What a feed or a digest calls new; `created` is when the row was made,
    # which for a draft prepared or imported before it is published may be weeks earlier.
    published = models.DateTimeField(
        _("first published"),
        null=True,
        editable=False,
        help_text=_("When it was first made public; kept if it is withdrawn and published again."),
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-date", "-id"]
        # The date-ordered indexes below carry the other structured columns (STRUCTURED_COLUMNS,
        # non-key: PostgreSQL only; SQLite builds them without): the facets' sample of a filtered
        # list, its first 2,000 ids in date order, is then read from the index alone. For a
        # combination that few exchanges match among many that match part of it (2,210 of a
        # million: not government, continuing, local) that is 136,000 index entries in 30 ms
        # rather than as many rows fetched from the table in 380 ms.
        indexes = [
            # The default list: published exchanges, newest first.
            models.Index(
                fields=["status", "-date", "-id"],
                name="exchange_published_date",
                include=STRUCTURED_COLUMNS,
            ),
            # date_after: exchanges still going on at or after a day.
            models.Index(fields=["status", "date_last"], name="exchange_published_last"),
            # The feeds: the newest publications first, under any filter (opendata/feeds.py).
            # Without it every feed request sorted the whole catalogue: 0.6-0.8 s for a million.
            models.Index(fields=["status", "-published", "-id"], name="exchange_first_published"),
            # The sitemap index's date, the latest change to a published exchange: one entry read.
            # Without it PostgreSQL read the whole table for it (0.5-0.8 s for a million).
            models.Index(fields=["status", "-updated"], name="exchange_published_updated"),
            # sort=title, and the import's "already there?" by title and date. With the id, the
            # sort's whole order: a deep page's ids are read from the index alone (exchanges/paging.py).
            models.Index(fields=["status", "title", "id"], name="exchange_published_title"),
            models.Index(fields=["status", "title_sort", "id"], name="exchange_published_title_sort"),
            # type= filter and its facet counts; with the id, as above, for deep pages.
            models.Index(
                fields=["status", "type", "-date", "-id"],
                name="exchange_type_date",
                include=structured_columns_but("type"),
            ),
            # government= and continuing= filters and their counts.
            models.Index(
                fields=["status", "government", "-date", "-id"],
                name="exchange_government_date",
                include=structured_columns_but("government"),
            ),
            models.Index(
                fields=["status", "continuing", "-date", "-id"],
                name="exchange_continuing_date",
                include=structured_columns_but("continuing"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="exchange_end_after_start",
                violation_error_message=_("The end date cannot be before the exchange date."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.date = first_day(self.date, self.date_precision)
        self.date_last = last_day(self.date, self.date_precision, self.end_date)
        self.search_title, self.search_names, self.search_body = search_columns(self)
        self.title_sort = sort_title(self.title)
        derived = [*SEARCH_COLUMNS, "title_sort"]
        if self.status == self.Status.PUBLISHED and self.published is None:
            self.published = timezone.now()
            derived.append("published")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        remember_words(SearchWord, [self.search_title, self.search_names, self.search_body])
        if self.slug:
            return super().save(*args, **kwargs)
        # Two exchanges with one title published at the same moment both pick the
        # same free slug; the second insert then fails on the unique index. It is
        # retried in a savepoint with the next free slug, which it now sees.
        for attempt in range(SLUG_ATTEMPTS):
            self.slug = unique_slug(self.title, Exchange.objects.exclude(pk=self.pk))
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                taken = Exchange.objects.filter(slug=self.slug).exclude(pk=self.pk).exists()
                if not taken or attempt == SLUG_ATTEMPTS - 1:
                    raise

    def get_absolute_url(self):
        return reverse("exchanges:detail", kwargs={"slug": self.slug})

    def organisations_as(self, role):
        return [link.organisation for link in self.organisation_links.all() if link.role == role]

    @property
    def partner_entities(self):
        return self.organisations_as(ExchangeOrganisation.Role.PARTNER)

    @property
    def sponsor_entities(self):
        return self.organisations_as(ExchangeOrganisation.Role.SPONSOR)


class UrlStart(models.Func):
    """A URL's first characters, written with literal bounds so that a query matches its index
    on both databases (an index on an expression serves only the very same expression)."""

    template = f"SUBSTR(%(expressions)s, 1, {URL_KEY_LENGTH})"
    output_field = models.CharField()


class Source(models.Model):
    """Where a fact about an exchange comes from: a URL, a citation, or both."""

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="sources", verbose_name=_("exchange")
    )
    citation = models.CharField(
        _("citation"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “White House statement, July 14, 2014”."),
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["position", "id"]
        indexes = [
            # The import's "already imported?" by source URL. On the URL's first
            # characters: PostgreSQL cannot index a value longer than about 2,700
            # bytes, which a 1,000-character URL in another script may be.
            models.Index(UrlStart("url"), name="source_url_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(citation="", url=""),
                name="source_has_citation_or_url",
                violation_error_message=_("A source needs a citation, a URL or both."),
            ),
        ]

    def __str__(self):
        return self.citation or self.url

    def clean_fields(self, exclude=None):
        # As a record's texts (ExchangeRecord.clean_fields): a citation pasted from a PDF into the
        # admin's sources brings form feeds and zero-width spaces like any other text.
        if "citation" not in (exclude or ()):
            self.citation = plain_text(self.citation or "", lines=False)
        super().clean_fields(exclude=exclude)

    @classmethod
    def with_url(cls, url):
        """Sources with exactly this URL, found through the index on its first characters."""
        # The index finds the few sources that start alike; SQLite would rather scan the
        # table than use it when the whole URL is compared in the same WHERE.
        starting_alike = cls.objects.alias(url_start=UrlStart("url")).filter(url_start=url[:URL_KEY_LENGTH])
        return cls.objects.filter(pk__in=starting_alike.values("pk"), url=url)

    @property
    def label(self):
        return self.citation or self.url


# Helpers shared by the model, the forms and the seed data.

SLUG_ATTEMPTS = 5


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SourceAddresses(Urlizer):
    """Where a web address in a source line ends, by the rules Django's urlize follows: brackets
    that open and close inside it are its own (Wikipedia's "Mercury_(planet)"); a closing bracket
    without its opening, and punctuation after it, belong to the sentence around it. With the
    punctuation and brackets Chinese text writes, which needs no space before them."""

    trailing_punctuation_chars = Urlizer.trailing_punctuation_chars + "。，、；：！"
    wrapping_punctuation = [
        *Urlizer.wrapping_punctuation,
        ("<", ">"),  # urlize's words end at them: "<https://…>" is one of its words here
        ("（", "）"),
        ("【", "】"),
        ("「", "」"),
        ("《", "》"),
    ]


SOURCE_ADDRESSES = SourceAddresses()
# The top-level domains a host written without www. or a scheme may end in and still be read as an
# address: the generic ones Django's urlize knows, and the countries the sources of U.S.-China
# exchanges are published in. A word ending in another (a file's "report.pdf/2", a name's initials)
# is no address a reader would have typed.
BARE_HOST_ENDINGS = "com org net edu gov mil int info cn hk mo tw us uk ca au nz jp kr sg de fr eu".split()
# A host and a path with neither www. nor a scheme: "history.state.gov/milestones/…". Two or more
# labels, the last a known top-level domain, and a "/" right after: citations with dots and
# slashes ("U.S. Dept. of State", "Vol. 2/3", "p. 4/5") have no such word.
HOST_LABELS = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
BARE_ADDRESS = HOST_LABELS + "(?:" + "|".join(BARE_HOST_ENDINGS) + ")(?=/)"
# A DOI as journals print it, labelled or not ("doi:10.1017/…", "DOI: 10.1017/…", "10.1017/…"):
# a directory indicator of 10. and four to nine digits, then a slash. It is linked at doi.org.
DOI_LABEL = re.compile(r"(?:doi\s?:?\s?)?(?=10\.)", re.IGNORECASE)
DOI_START = r"(?:doi\s?:?\s?)?10\.\d{4,9}/"
# Where an address may begin: http:// or https:// anywhere (Chinese text runs into it without a
# space: "见https://…"), www., a bare host and path or a DOI at the start of a word.
ADDRESS_START = re.compile(rf"https?://|(?<![\w./@-])(?:www\.|{BARE_ADDRESS}|{DOI_START})", re.IGNORECASE)
# What cannot be in an address as written in text: it ends there. Spaces, double quotes, an
# opening angle bracket, and Chinese punctuation, which runs on into the next words without a
# space. (Not the apostrophe, as urlize has it: "People's_Republic_of_China" is a page's name.)
ADDRESS_END = re.compile(r"[\s<\"“”‘’。，、；！]")
# The beginning of a web address with nothing after it ("https://", "www."), as a word of a
# citation: addresses_in leaves it there, and it cites nothing.
ADDRESS_START_ALONE = re.compile(
    r"(?:(?<![./@-])https?://|(?<![\w./@-])www\.)(?=$|[\s\"“”‘’()<>\[\],;:!?。，、；！])", re.IGNORECASE
)
# A host written as an IPv6 address ("http://[2001:db8::1]/"), which urlize does not read: left in
# the citation, "http://[::1" was told it was only the beginning of a web address.
BRACKETED_HOST = re.compile(r"https?://\[", re.IGNORECASE)
# What is left between a citation and its address, or at the ends of a citation.
CITATION_EDGES = " \t-–—:,;。，、；："
# The marker a list gives a line, as a word processor's list copies ("•<tab>", "1.<tab>", and
# "o<tab>" or "§<tab>" a level down) or a reference list numbers it ("[1] ", "(1) "): the exchange's
# page numbers its sources itself. Whitespace must follow: "10.5 million" and "1.200" are no markers.
LIST_MARKER = re.compile(r"^\s*(?:(?:[•·◦▪▫■□●○‣⁃∙*\-–—]|\d{1,3}[.)]|\(\d{1,3}\)|\[\d{1,3}\])\s+|[o§]\t)")


def without_list_marker(line):
    return LIST_MARKER.sub("", line, count=1)


def addresses_in(line):
    """[(start, end, url, trail)]: each web address in the line, where it starts and ends, and the
    punctuation after it that is not its own; one written from www., or as a bare host and path,
    is given https://, and a DOI its address at doi.org."""
    found, position = [], 0
    while match := ADDRESS_START.search(line, position):
        # After the start: a DOI's label may hold a space ("DOI: 10.1017/…").
        stop = ADDRESS_END.search(line, match.end())
        position = stop.start() if stop else len(line)
        _lead, url, trail = SOURCE_ADDRESSES.trim_punctuation(line[match.start() : position])
        if match.group().lower() == "www." and url.lower() == "www":
            continue  # "www." alone, its dot taken for the end of a sentence
        if doi := DOI_LABEL.match(url):
            url = "https://doi.org/" + url[doi.end() :]
        elif url.lower().startswith("www."):
            if "." not in url[4:]:
                continue
            url = "https://" + url
        elif not url.lower().startswith(("http://", "https://")):
            url = "https://" + url  # a bare host and path (BARE_ADDRESS)
        elif not (Urlizer.simple_url_re.match(url) or BRACKETED_HOST.match(url)):
            continue  # "https://" with nothing after it
        found.append((match.start(), position - len(trail), url, trail))
    return found


def _citation(before, trail, after=""):
    """The words around an address, without the brackets that wrapped it: "Office of the
    Historian (https://…)" is cited as "Office of the Historian"."""
    closings = {closing: opening for opening, closing in SourceAddresses.wrapping_punctuation}
    for closing in trail:
        opening = closings.get(closing)
        if opening and before.count(opening) > before.count(closing):
            at = before.rindex(opening)
            before = before[:at] + before[at + 1 :]
    parts = [part for part in (part.strip(CITATION_EDGES) for part in (before, after)) if part]
    # The words either side keep the mark that stood between the address and the words after it:
    # "Wiki https://…, accessed 2020" is cited as "Wiki, accessed 2020".
    mark = next((char for char in trail if char in ",;:."), "")
    return f"{mark} ".join(parts)


def parse_sources(line):
    """Read one line of a sources cell as its sources: a citation, a web address, or a citation
    followed by its address. A line with several addresses is a source for each, with the words
    before it; the words after the last address go with the last."""
    line = without_list_marker(line)
    found = addresses_in(line)
    if not found:
        return [parse_source_line(line)] if line.strip() else []
    sources, position = [], 0
    for number, (start, end, url, trail) in enumerate(found, 1):
        after = line[end + len(trail) :] if number == len(found) else ""
        sources.append({"citation": _citation(line[position:start], trail, after), "url": url})
        position = end + len(trail)
    return sources


def parse_source_line(line):
    """Read one line of a sources box as one source: a URL, a citation, or a citation followed by
    a URL. A second address stays in the citation as written: the box holds a source a line."""
    line = without_list_marker(line)
    found = addresses_in(line)
    if not found:
        return {"citation": line.strip(), "url": ""}
    start, end, url, trail = found[0]
    return {"citation": _citation(line[:start], trail, line[end + len(trail) :]), "url": url}


def source_line_errors(number, source):
    """What is wrong with one parsed source line, each message naming the line."""
    errors = []
    citation_limit = Source._meta.get_field("citation").max_length
    url_limit = Source._meta.get_field("url").max_length
    if len(source["citation"]) > citation_limit:
        errors.append(
            _("Source line %(number)s: the citation is longer than %(limit)s characters.")
            % {"number": number, "limit": citation_limit}
        )
    if alone := ADDRESS_START_ALONE.search(source["citation"]):
        errors.append(
            _(
                "Source line %(number)s: “%(start)s” is only the beginning of a web address: write the "
                "whole address, or leave it out."
            )
            % {"number": number, "start": alone.group()}
        )
    if len(source["url"]) > url_limit:
        errors.append(
            _("Source line %(number)s: the web address is longer than %(limit)s characters.")
            % {"number": number, "limit": url_limit}
        )
    elif "…" in source["url"]:
        # Kept, it was published as a link that leads nowhere.
        errors.append(
            _(
                "Source line %(number)s: the web address is shortened (“…”), as a page shows a long one: "
                "copy the whole address from your browser’s address bar."
            )
            % {"number": number}
        )
    elif source["url"] and (problem := source_url_problem(source["url"])):
        if problem == "invalid":
            errors.append(_("Source line %(number)s: the web address is not valid.") % {"number": number})
        else:
            errors.append(
                _(
                    "Source line %(number)s: “%(url)s” is on the reader's own computer or a private "
                    "network, which no reader can open: give the address where the source is published."
                )
                % {"number": number, "url": source["url"]}
            )
    return errors


def source_url_problem(url):
    """What keeps a reader from following a source's web address: "invalid" (a port past 65535
    too, which URLValidator lets by), "private" for one on the reader's own computer or a private
    network (localhost, 127.0.0.1, 10.0.0.1, [::1]), where each reader's link leads to their own
    machine or router, never to the source; None for a good one."""
    try:
        URLValidator()(url)
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError past 65535
    except (ValidationError, ValueError):
        return "invalid"
    return "private" if is_private_host(parts.hostname or "") else None


def is_private_host(host):
    """Whether a URL's host names the computer reading it or a private network: "localhost" and the
    names under it (RFC 6761), or an address that is not global (loopback, private, link-local)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False  # a name, not an address


# Words the site's own pages use right under /exchanges/ (the search feed is
# /exchanges/feed/): an exchange with such a slug would be hidden behind that page.
# tests/opendata/test_reserved_slugs.py checks the list against the URL patterns.
RESERVED_SLUGS = frozenset({"feed"})


def sort_title(title):
    """The title as the list sorts it: case, accents and the marks before its first letter or digit do
    not count ("“Ping-pong” diplomacy" sorts under P, "École" under E)."""
    text = unicodedata.normalize("NFKD", title or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"^[\W_]+", "", text)[:300]


def unique_slug(title, others):
    """A slug from the title; a repeat of an existing one, or a reserved word, gets -2, -3, ..."""
    base = slugify(title, allow_unicode=True)[: SLUG_MAX_LENGTH - 10].strip("-") or "exchange"
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


# Links to the entities (entities/models.py). The record's texts (partners,
# sponsors, participants, location) stay as the source wrote them: they are the
# record "as recorded", searched, exported and shown beside the links, so a line
# that cannot be read as an entity ("200 students", "By telephone") is never
# lost. The links are read from those texts each time an exchange is published
# (exchanges/links.py); a moderator tidies the entities (merge, aliases) and the
# next publication finds them by their keys and aliases.


class LinkQuerySet(models.QuerySet):
    """Of the links of an exchange to an organisation or a person (ENTITY names the entity's field,
    PART the field of what it was in the exchange)."""

    def parts_in(self, entity, exchanges):
        """{exchange id: [what `entity` was in it]} for `exchanges` (a page of them): a person's
        title held ("Secretary of State"), an organisation's role ("partner", "sponsor"); by the
        link's order, blanks left out. One query, on the entity's index of its exchanges."""
        parts = {}
        links = self.filter(
            **{self.model.ENTITY: entity}, exchange__in=[exchange.pk for exchange in exchanges]
        )
        for exchange, part in links.values_list("exchange", self.model.PART):
            if part:
                parts.setdefault(exchange, []).append(part)
        return parts


class DatedLink(models.Model):
    """A link that also holds its exchange's date while the exchange is published: an entity's
    published exchanges nearest a day are then a few rows of the link's own index, whatever the
    number it has (exchanges/related.py). Kept with the exchange's status and date by
    exchanges/counts.py, as the entities' counts are."""

    published_date = models.DateField(_("date of the published exchange"), null=True, editable=False)

    class Meta:
        abstract = True


class ExchangeOrganisation(DatedLink):
    ENTITY, PART = "organisation", "role"

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        SPONSOR = "sponsor", _("Sponsor")

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="organisation_links", verbose_name=_("exchange")
    )
    organisation = models.ForeignKey(
        "entities.Organisation",
        on_delete=models.CASCADE,
        related_name="exchange_links",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation of an exchange")
        verbose_name_plural = _("organisations of exchanges")
        ordering = ["role", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "organisation", "role"], name="exchange_organisation_once"
            ),
        ]
        indexes = [
            # The organisation filter's EXISTS and an organisation's page: its exchanges.
            models.Index(fields=["organisation", "exchange"], name="exchange_organisation_entity"),
            # Its published exchanges nearest a day (exchanges/related.py).
            models.Index(
                fields=["organisation", "published_date", "exchange"], name="exchange_organisation_by_date"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ExchangePerson(DatedLink):
    ENTITY, PART = "person", "title"

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="person_links", verbose_name=_("exchange")
    )
    person = models.ForeignKey(
        "entities.Person", on_delete=models.CASCADE, related_name="exchange_links", verbose_name=_("person")
    )
    title = models.CharField(
        _("title held"),
        max_length=200,
        blank=True,
        help_text=_("The title the person held at the time, e.g. “Secretary of State”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("person in an exchange")
        verbose_name_plural = _("people in exchanges")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "person"], name="exchange_person_once"),
        ]
        indexes = [
            # The person filter's EXISTS and a person's page: their exchanges.
            models.Index(fields=["person", "exchange"], name="exchange_person_entity"),
            # Its published exchanges nearest a day (exchanges/related.py).
            models.Index(fields=["person", "published_date", "exchange"], name="exchange_person_by_date"),
        ]

    def __str__(self):
        return f"{self.title} {self.person}".strip()


class ExchangePlace(DatedLink):
    """A place of an exchange. `direct` links are the places the record names; the others are
    the places those lie in (Rancho Mirage and California for Sunnylands), stored so that
    "everything in California" is one indexed EXISTS and its facet count one GROUP BY."""

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="place_links", verbose_name=_("exchange")
    )
    place = models.ForeignKey(
        "entities.Place", on_delete=models.CASCADE, related_name="exchange_links", verbose_name=_("place")
    )
    direct = models.BooleanField(
        _("named by the record"), default=True, help_text=_("False for a place the named one lies in.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The place's country, as the place gives it: the country filter and its facet read the links
    # alone, as the date above lets an entity's exchanges be read by date without the exchanges.
    # Joining each link to its place to test the country doubled the cost of the filter's EXISTS
    # (set when the links are made, exchanges/links.py; moved when the place changes, exchanges/counts.py).
    country = models.CharField(_("country of the place"), max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("place of an exchange")
        verbose_name_plural = _("places of exchanges")
        ordering = ["-direct", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "place"], name="exchange_place_once"),
        ]
        indexes = [
            # The place filter's EXISTS and a place's page: its exchanges.
            models.Index(fields=["place", "exchange"], name="exchange_place_entity"),
            # Its published exchanges nearest a day (the places the records name, exchanges/related.py).
            models.Index(
                fields=["place", "direct", "published_date", "exchange"], name="exchange_place_by_date"
            ),
            # Its published exchanges newest first, those of the places within it too, as the other
            # links have them: its page sorted by relevance walks them (ExchangeFilter._newest_ids),
            # which the index above could give only by sorting all of a city's 140,000 links.
            models.Index(fields=["place", "published_date", "exchange"], name="exchange_place_all_by_date"),
            # The country filter's EXISTS, read from this index alone: whether an exchange has a place in
            # a country, or for a country few places are in, its exchanges (led by the country).
            models.Index(fields=["country", "exchange"], name="exchange_place_country"),
        ]

    def __str__(self):
        return str(self.place)


class ImportPreview(models.Model):
    """An upload to the admin's import, kept between its preview and its confirmation.

    In the database, which every web instance reads: the site runs as several stateless web
    containers, and a copy kept in one's temporary folder was not found by a confirmation that
    another served. A confirmation claims it (exchanges/admin.py, PreviewedFile); a preview is
    confirmed within a day, and older ones are removed as a new one is stored."""

    name = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    created = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by the confirmation importing it, cleared again if that import fails.
    confirming = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("import preview")

    def __str__(self):
        return self.name


class SearchWord(models.Model):
    """A word of the catalogue, as fold() writes it: what "Did you mean…?" picks from.

    Filled by Exchange.save() (exchanges/search.py, remember_words); a word is
    never removed, and a suggestion is only followed when it finds exchanges.
    """

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search word")

    def __str__(self):
        return self.word


class CountedCombination(models.Model):
    """How many published exchanges share one combination of the structured filters' values.

    "Yes", "no" and "none" rather than a nullable boolean: a unique constraint
    treats NULLs as distinct, and the insert of a missing row relies on it.
    """

    type = models.CharField(max_length=20, blank=True)
    government = models.CharField(max_length=4)
    continuing = models.CharField(max_length=4)
    # As Exchange stores it: ",national,state," (empty for none).
    levels = models.CharField(max_length=60, blank=True)
    year = models.IntegerField()
    # The year of the last day it may have taken place (Exchange.date_last): whole-year date filters
    # ("from 2010", "to 2014") are sums over it and the year too.
    last_year = models.IntegerField()
    count = models.IntegerField(default=0)

    # Its rows are written only in the transaction of a change to the exchanges, which retires the
    # cached pages itself, or by rebuild_counts, which retires them too: its own writes send the
    # page cache nothing, and deleting its rows is one statement (exchanges/cache.py).
    written_within_a_change = True

    class Meta:
        abstract = True

    def __str__(self):
        values = [self.type or "-", self.government, self.continuing, self.levels or "-", self.year]
        return f"{' '.join(map(str, values))}: {self.count}"


class CatalogueCount(CountedCombination):
    """The catalogue's published exchanges by combination of the structured filters' values.

    The catalogue's total and the counts beside its type, level, government,
    continuing and year filters, under any combination of those filters, are
    sums over this table (exchanges/counts.py): a few hundred rows however many
    exchanges there are, instead of a count over the whole catalogue on every
    request. It is kept exact by the exchanges' save and delete signals, in the
    transaction of the write, and rebuilt from scratch by `manage.py rebuild_counts`.
    """

    class Meta:
        verbose_name = _("catalogue count")
        constraints = [
            models.UniqueConstraint(
                fields=["type", "government", "continuing", "levels", "year", "last_year"],
                name="catalogue_count_once",
            ),
        ]


class EntityCount(CountedCombination):
    """The published exchanges of one much-linked organisation, person or place, by combination of
    the structured filters' values: the same counts as CatalogueCount, among its exchanges only.

    Kept for the entities with at least ENTITY_SUMMARY_MIN published exchanges (those whose lists
    would otherwise be counted over their first COUNT_CAP exchanges), so that their page, or their
    filter under any structured filters, is counted exactly by a sum over their rows rather than by
    reading a sixth of the catalogue. An entity has rows exactly while it is summarised; they are
    made when it reaches the threshold, moved with every write of its exchanges or links, and
    dropped when it falls below (exchanges/counts.py).
    """

    kind = models.CharField(max_length=12)  # "organisation", "person" or "place", as the filters name them
    entity_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("entity count")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    *["kind", "entity_id"],
                    *["type", "government", "continuing", "levels", "year", "last_year"],
                ],
                name="entity_count_once",
            ),
        ]
