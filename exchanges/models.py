import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .search import search_queryset

SLUG_MAX_LENGTH = 220


class ExchangeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Exchange.Status.PUBLISHED)

    def for_list(self):
        """Only the columns a list row shows: the long texts stay in the database."""
        return self.only(
            "title",
            "slug",
            "type",
            "government",
            "level",
            "location",
            "date",
            "date_precision",
            "end_date",
            "continuing",
        )

    def for_detail(self):
        return self.prefetch_related("sources")

    def search(self, text):
        """Full-text search over every descriptive field; see exchanges/search.py."""
        return search_queryset(self, text)

    def on_or_after(self, day):
        """Exchanges that were still going on at or after `day` (they end on or after it)."""
        return self.filter(date_last__gte=day)

    def on_or_before(self, day):
        """Exchanges that had begun by `day`."""
        return self.filter(date__lte=day)


class Exchange(models.Model):
    class Type(models.TextChoices):
        DIPLOMATIC = "diplomatic", _("Diplomatic")
        MILITARY = "military", _("Military / security")
        BUSINESS = "business", _("Business / trade")
        EDUCATION = "education", _("Education / science")
        CULTURAL = "cultural", _("Cultural")
        MEDIA = "media", _("Media")
        CIVIC = "civic", _("Civic (people-to-people, sister cities, NGOs)")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        STATE = "state", _("State / provincial")
        LOCAL = "local", _("Local / municipal")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        editable=False,
        help_text=_("The permanent address of the exchange, made from its title once."),
    )
    summary = models.TextField(_("summary"), help_text=_("What happened, in a few sentences."))
    outcomes = models.TextField(_("outcomes"), blank=True, help_text=_("What came of it."))
    government = models.BooleanField(
        _("government?"), help_text=_("Were governments a party to the exchange?")
    )
    type = models.CharField(_("type of exchange"), max_length=20, choices=Type.choices)
    level = models.CharField(
        _("level of government"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Required for government exchanges, empty otherwise."),
    )
    partners = models.TextField(
        _("partners"),
        blank=True,
        help_text=_("Organisations that took part, one per line."),
    )
    sponsors = models.TextField(
        _("sponsors"),
        blank=True,
        help_text=_("Organisations that paid for or hosted it, one per line."),
    )
    participants = models.TextField(
        _("participants (types)"),
        blank=True,
        help_text=_("Who took part, e.g. “U.S. President Barack Obama, Chinese President Xi Jinping”."),
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
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
        help_text=_("For exchanges that lasted several days."),
    )
    # Derived in save(): the last day the exchange may have taken place (its end
    # date, or the end of its month or year). Stored so that date-range filters
    # can use an index instead of computing it per row.
    date_last = models.DateField(editable=False)
    continuing = models.BooleanField(_("continuing"), default=False)
    location = models.CharField(
        _("location"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Beijing and Washington, DC”."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published exchanges are public."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-date", "-id"]
        indexes = [
            # The default list: published exchanges, newest first.
            models.Index(fields=["status", "-date", "-id"], name="exchange_published_date"),
            # date_after: exchanges still going on at or after a day.
            models.Index(fields=["status", "date_last"], name="exchange_published_last"),
            # sort=title.
            models.Index(fields=["status", "title"], name="exchange_published_title"),
            # type= filter and its facet counts.
            models.Index(fields=["status", "type", "-date"], name="exchange_type_date"),
            # level= filter and its facet counts; government= and continuing=.
            models.Index(fields=["status", "level", "-date"], name="exchange_level_date"),
            models.Index(fields=["status", "government", "-date"], name="exchange_government_date"),
            models.Index(fields=["status", "continuing", "-date"], name="exchange_continuing_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(government=False, level="")
                | (models.Q(government=True) & ~models.Q(level="")),
                name="exchange_level_iff_government",
                violation_error_message=_(
                    "A government exchange needs a level of government; a non-government exchange has none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="exchange_end_after_start",
                violation_error_message=_("The end date cannot be before the exchange date."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title, Exchange.objects.exclude(pk=self.pk))
        self.date = normalise_date(self.date, self.date_precision)
        self.date_last = last_day(self.date, self.date_precision, self.end_date)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exchanges:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.government and not self.level:
            errors["level"] = _("Choose the level of government for a government exchange.")
        if self.government is False and self.level:
            errors["level"] = _("Leave the level of government empty when governments were not a party.")
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = _("The end date cannot be before the exchange date.")
        if errors:
            raise ValidationError(errors)

    @property
    def partner_list(self):
        return split_lines(self.partners)

    @property
    def sponsor_list(self):
        return split_lines(self.sponsors)

    @property
    def display_date(self):
        """The date at the precision it is known: "June 2013", never "June 1, 2013"."""
        return format_period(self.date, self.date_precision, self.end_date)


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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(citation="", url=""),
                name="source_has_citation_or_url",
                violation_error_message=_("A source needs a citation, a URL or both."),
            ),
        ]

    def __str__(self):
        return self.citation or self.url

    @property
    def label(self):
        return self.citation or self.url


# Helpers shared by the model, the forms and the seed data.

URL_IN_TEXT = re.compile(r"https?://\S+")


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_source_line(line):
    """Read one line of a sources box: a URL, a citation, or a citation followed by a URL."""
    match = URL_IN_TEXT.search(line)
    if not match:
        return {"citation": line.strip(), "url": ""}
    citation = (line[: match.start()] + line[match.end() :]).strip(" \t-–—:,;")
    return {"citation": citation, "url": match.group(0)}


def unique_slug(title, others):
    """A slug from the title; a repeat of an existing one gets -2, -3, ..."""
    base = slugify(title, allow_unicode=True)[: SLUG_MAX_LENGTH - 10].strip("-") or "exchange"
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def normalise_date(day, precision):
    """A month is stored as its first day, a year as January 1: one value per period."""
    if precision == Exchange.Precision.MONTH:
        return day.replace(day=1)
    if precision == Exchange.Precision.YEAR:
        return day.replace(month=1, day=1)
    return day


def last_day(day, precision, end_date=None):
    if end_date:
        return end_date
    if precision == Exchange.Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == Exchange.Precision.YEAR:
        return day.replace(month=12, day=31)
    return day


def format_period(day, precision, end_date=None):
    """A date at its precision; a span of days is written once: "June 18–19, 2023"."""
    if precision == Exchange.Precision.YEAR:
        return str(day.year)
    if precision == Exchange.Precision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    if not end_date or end_date == day:
        return formats.date_format(day, "DATE_FORMAT")
    if (day.year, day.month) == (end_date.year, end_date.month):
        return f"{formats.date_format(day, 'MONTH_DAY_FORMAT')}–{end_date.day}, {day.year}"
    if day.year == end_date.year:
        return (
            f"{formats.date_format(day, 'MONTH_DAY_FORMAT')} – "
            f"{formats.date_format(end_date, 'MONTH_DAY_FORMAT')}, {day.year}"
        )
    return f"{formats.date_format(day, 'DATE_FORMAT')} – {formats.date_format(end_date, 'DATE_FORMAT')}"


def parse_partial_date(text):
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into (first day, last day); ValueError if malformed."""
    parts = text.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    if len(parts[0]) != 4 or any(len(part) != 2 for part in parts[1:]):
        raise ValueError(text)
    numbers = [int(part) for part in parts]
    if len(numbers) == 3:
        day = datetime.date(*numbers)
        return day, day
    if len(numbers) == 2:
        first = datetime.date(numbers[0], numbers[1], 1)
        return first, last_day(first, Exchange.Precision.MONTH)
    first = datetime.date(numbers[0], 1, 1)
    return first, last_day(first, Exchange.Precision.YEAR)
