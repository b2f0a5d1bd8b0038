"""People, organisations and places that exchanges link to.

Each kind is its own model on one abstract base, with its own table of aliases
(other spellings, romanisations, abbreviations, Chinese forms) and of former
addresses (the slugs of the entities merged into it, which lead to it). Every name and
alias stores its key from entities.names.normalise beside it, so finding an
entity by any spelling ("US Department of State", "U.S. Dept. of State") is
one indexed lookup in SQL, and a later search-synonym feature reads the alias
tables as they are.

This app is the bottom floor: it imports no other app of the project. The
exchanges app will link to these models; merging two entities (entities/merge.py)
moves such links without knowing them, through Django's model metadata.
"""

import functools
import operator

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .names import normalise

NAME_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 220


class EntityQuerySet(models.QuerySet):
    def with_published_exchanges(self):
        """Entities that at least one published exchange names (the count kept beside each)."""
        return self.filter(exchange_count__gt=0)

    def mark_changed(self):
        """Date these entities now, as saving each would: their `updated`, which the API's
        `modified_after` reads, in one UPDATE. For a change of what their record shows that saves
        none of them (an alias added, the place they lie in merged or deleted); how many."""
        return self.update(updated=timezone.now())

    def matching(self, name):
        """Entities called `name` by their English name, Chinese name or any alias, once each.

        Spellings that differ only in case, punctuation, diacritics or the
        forms of "U.S." and "PRC" match (see entities.names.normalise).
        """
        key = normalise(name)
        if not key:
            return self.none()
        aliased = self.model.aliases.rel.related_model.objects.filter(key=key).values("entity")
        return self.filter(Q(key=key) | Q(chinese_key=key) | Q(pk__in=aliased))

    def kept_for(self, slug):
        """The entity that the one whose address was `slug` was merged into (entities/merge.py), the
        newest kept when that one was merged in turn; None when no entity of this kind had it.

        Only for an address no live entity has: a live one with that slug always comes first."""
        return self.filter(former_slugs__slug=slug).first()

    def kept_for_each(self, slugs):
        """{former slug: the entity kept} for those of `slugs` that were an address of an entity of
        this kind (kept_for), in one query; the others are left out. For the catalogue's filters,
        which read a saved search's old slugs as the entities kept."""
        return {
            entity.former_slug: entity
            for entity in self.filter(former_slugs__slug__in=slugs).annotate(
                former_slug=F("former_slugs__slug")
            )
        }

    def starting_with(self, text, other_spellings=()):
        """Entities whose name, Chinese name, any word of the name, or any alias begins with `text`.

        Those whose name itself begins with it come first, then by name. `other_spellings` are keys
        (entities.names.normalise) of spellings that mean what `text` does, as the catalogue's
        search knows them ("zhou enlai" for "Chou"): the entities whose name, Chinese name or an
        alias begins with one are found too, after the others.
        """
        key = normalise(text)
        if not key:
            return self.none()
        as_typed = Q(key__contains=f" {key}") | self._named(key)
        if not other_spellings:
            return self.filter(as_typed).order_by(
                Case(When(self._begins(key), then=Value(0)), default=Value(1)), "name", "pk"
            )
        # The names found as typed keep their order, ahead of those found by another spelling.
        rank = Case(When(self._begins(key), then=Value(0)), When(as_typed, then=Value(1)), default=Value(2))
        return self.filter(as_typed | self._named_otherwise(*other_spellings)).order_by(rank, "name", "pk")

    def with_spelling_found(self, text, other_spellings):
        """Each entity of starting_with(text, other_spellings) with `found_as`, the spelling that
        found it when its name does not show it: the alias that begins with `text`, or the
        spelling of the catalogue's search `text` began ({key: spelling}); "" otherwise."""
        key = normalise(text)
        aliases = self.model.aliases.rel.related_model.objects
        alias_found = aliases.filter(entity=OuterRef("pk"), key__startswith=key).order_by("name", "pk")
        by_spelling = {}
        for other, found in other_spellings.items():
            by_spelling.setdefault(found, []).append(other)
        other_found = [
            When(self._named_otherwise(*others), then=Value(found)) for found, others in by_spelling.items()
        ]
        return self.annotate(
            found_as=Coalesce(
                Case(When(self._begins(key) | Q(key__contains=f" {key}"), then=Value(""))),
                Subquery(alias_found.values("name")[:1]),
                Case(*other_found, default=Value("")) if other_found else Value(""),
                output_field=models.CharField(),
            )
        )

    def _begins(self, key):
        """Entities whose name or Chinese name begins with `key`."""
        return Q(key__startswith=key) | Q(chinese_key__startswith=key)

    def _named(self, key):
        """Entities whose name, Chinese name or an alias begins with `key`."""
        aliased = self.model.aliases.rel.related_model.objects.filter(key__startswith=key).values("entity")
        return self._begins(key) | Q(pk__in=aliased)

    def _named_otherwise(self, *keys):
        """Entities whose name, Chinese name or an alias begins with any of `keys`, a text's other
        spellings: each kind of name a query of its own, read from its index, where the word match
        beside them reads every row and twenty spellings ("chi") were compared with each of
        100,000 names."""
        vendor = connections[self.db].vendor
        named = self.model.objects.filter(
            _beginning(vendor, "key", keys) | _beginning(vendor, "chinese_key", keys)
        )
        aliased = self.model.aliases.rel.related_model.objects.filter(_beginning(vendor, "key", keys))
        return Q(pk__in=named.values("pk")) | Q(pk__in=aliased.values("entity"))


def _beginning(vendor, field, keys):
    """`field`, a column of keys, begins with any of `keys`. On SQLite, as the range of texts that
    begin so: its LIKE ignores case and reads no index (0.8 s for twenty spellings among 100,000
    people), and a key is lower-case already, so the range is the same beginning."""
    if vendor != "sqlite":
        return functools.reduce(operator.or_, (Q(**{f"{field}__startswith": key}) for key in keys))
    return functools.reduce(
        operator.or_,
        (Q(**{f"{field}__gte": key, f"{field}__lt": _after_every_beginning(key)}) for key in keys),
    )


def _after_every_beginning(key):
    """The first text after every text that begins with `key`: its last character the next one,
    past the surrogates, which are no characters of UTF-8."""
    following = ord(key[-1]) + 1
    return key[:-1] + chr(0xE000 if 0xD800 <= following <= 0xDFFF else following)


class Entity(models.Model):
    """What every kind of entity has: names in both languages, a permanent slug, aliases."""

    # The name of the URL pattern that shows one entity, e.g. "entities:person".
    url_name = None

    name = models.CharField(
        _("English name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("The name in English as it is best known; other spellings go in the aliases."),
    )
    chinese_name = models.CharField(
        _("Chinese name"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The name in Chinese characters, when known."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        editable=False,
        help_text=_("The permanent address of the page, made from the name once and never changed."),
    )
    key = models.CharField(
        _("name key"),
        max_length=NAME_MAX_LENGTH,
        editable=False,
        help_text=_("The English name folded for matching (case, punctuation, “U.S.”, “PRC”)."),
    )
    chinese_key = models.CharField(
        _("Chinese name key"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The Chinese name folded for matching."),
    )
    # How many published exchanges link to it, kept exact by the exchanges app as it publishes,
    # changes, withdraws and deletes them (exchanges/counts.py) and rebuilt by
    # `manage.py rebuild_counts`. A column rather than a table of counts: the index pages sort
    # by it and the catalogue's unfiltered facets read its top rows, each through one index.
    exchange_count = models.PositiveIntegerField(_("published exchanges"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise(self.name)[:NAME_MAX_LENGTH]
        self.chinese_key = normalise(self.chinese_name)[:NAME_MAX_LENGTH]
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # The count is only ever changed in place (F() + 1): an edit of the names, made from a
            # copy read earlier, must not write back a number that publications have since moved.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "exchange_count"
            ]
        if self.slug:
            return super().save(*args, **kwargs)
        # A new slug: numbered on a repeat ("xi-jinping-2"); a concurrent insert of the
        # same slug loses the race on the unique index and takes the next number.
        base = (slugify(self.name, allow_unicode=True) or self.entity_kind)[: SLUG_MAX_LENGTH - 8].strip("-")
        for _attempt in range(5):
            self.slug = self._free_slug(base)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not type(self).objects.filter(slug=self.slug).exists():
                    raise
        self.slug = ""
        raise IntegrityError(f"No free slug for {base!r} after five attempts.")

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})

    def add_alias(self, name):
        """Give it the alias `name` unless it is called so already (by a name or an alias, as
        matching folds them), and date it (its record lists its aliases); whether it was added."""
        key = normalise(name)[:NAME_MAX_LENGTH]
        if not key or key in (self.key, self.chinese_key) or self.aliases.filter(key=key).exists():
            return False
        self.aliases.create(name=name)
        type(self).objects.filter(pk=self.pk).mark_changed()
        return True

    @property
    def entity_kind(self):
        """The kind in one word ("organisation", "person", "place"), as the suggest endpoint has it.

        Not `kind`: a place has a field of that name (city, province…).
        """
        return self._meta.model_name

    @property
    def chinese_beside(self):
        """The Chinese name to show beside the name: none when it is the name (one named in Chinese
        alone, "邓小平", until a moderator gives it its English name)."""
        return "" if self.chinese_key == normalise(self.name)[:NAME_MAX_LENGTH] else self.chinese_name

    @property
    def label(self):
        """The name with its Chinese form, as a person picking from a list would want to read it."""
        return f"{self.name} ({self.chinese_beside})" if self.chinese_beside else self.name

    def clean(self):
        super().clean()
        if self.name and not normalise(self.name):
            raise ValidationError({"name": _("Write a name with at least one letter or digit.")})

    def _free_slug(self, base):
        taken = set(
            type(self)
            .objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
            .values_list("slug", flat=True)
        )
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"


class Alias(models.Model):
    """Another name of an entity; each kind has its own table on this base."""

    name = models.CharField(
        _("alias"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("Another spelling, romanisation, abbreviation or Chinese form, e.g. “MOE” or “教育部”."),
    )
    key = models.CharField(
        _("alias key"),
        max_length=NAME_MAX_LENGTH,
        editable=False,
        help_text=_("The alias folded for matching (case, punctuation, “U.S.”, “PRC”)."),
    )

    class Meta:
        abstract = True
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise(self.name)[:NAME_MAX_LENGTH]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.name and not normalise(self.name):
            raise ValidationError({"name": _("Write an alias with at least one letter or digit.")})


class FormerSlug(models.Model):
    """The address of an entity merged into another, kept so that it leads to the entity kept:
    researchers cite the pages. Each kind has its own table on this base.

    Its foreign key is moved by a later merge as every link to an entity is (entities/merge.py),
    so an old address leads straight to the newest entity kept, however many merges later."""

    slug = models.SlugField(
        _("former slug"),
        max_length=SLUG_MAX_LENGTH,
        allow_unicode=True,
        # The unique constraint of each kind's table is its index.
        db_index=False,
        help_text=_("The address of an entity merged into this one; it leads here."),
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["slug", "pk"]

    def __str__(self):
        return self.slug


# PostgreSQL serves `LIKE 'key%'` (the suggest endpoint's prefix match) from a
# btree index only with the pattern operator class; it serves `=` too.
# SQLite ignores the operator class.
PATTERN_OPS = ["varchar_pattern_ops"]


class Organisation(Entity):
    url_name = "entities:organisation"

    class Meta(Entity.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # matching() and starting_with(): an organisation by its folded English name.
            models.Index(fields=["key"], name="organisation_key", opclasses=PATTERN_OPS),
            # matching() and starting_with(): by its folded Chinese name.
            models.Index(fields=["chinese_key"], name="organisation_chinese_key", opclasses=PATTERN_OPS),
            # The index sorted by number of exchanges, and the catalogue's unfiltered facet.
            models.Index(fields=["-exchange_count", "name", "id"], name="organisation_by_count"),
            # The index and the API by name, whatever the case: a page of the sorted list without
            # sorting every entity (47 ms for the generated million's 100,000 people).
            models.Index(Lower("name"), "id", name="organisation_by_name"),
            # The feeds' date (opendata/feeds.py, latest_catalogue_change): when an organisation was last
            # renamed, merged or edited, read from the newest entry.
            models.Index(fields=["-updated"], name="organisation_updated"),
        ]


class OrganisationAlias(Alias):
    entity = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta(Alias.Meta):
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        constraints = [
            models.UniqueConstraint(fields=["entity", "key"], name="organisation_alias_once"),
        ]
        indexes = [
            # matching() and starting_with(): organisations by any alias.
            models.Index(fields=["key"], name="organisation_alias_key", opclasses=PATTERN_OPS),
        ]


class OrganisationFormerSlug(FormerSlug):
    entity = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("organisation"),
    )

    class Meta(FormerSlug.Meta):
        verbose_name = _("organisation’s former address")
        verbose_name_plural = _("organisations’ former addresses")
        constraints = [
            # kept_for(): an old address, read from this index; and it leads to one organisation only.
            models.UniqueConstraint(fields=["slug"], name="organisation_former_slug_once"),
        ]


class Person(Entity):
    url_name = "entities:person"

    class Meta(Entity.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # matching() and starting_with(): a person by their folded English name.
            models.Index(fields=["key"], name="person_key", opclasses=PATTERN_OPS),
            # matching() and starting_with(): by their folded Chinese name.
            models.Index(fields=["chinese_key"], name="person_chinese_key", opclasses=PATTERN_OPS),
            # The index sorted by number of exchanges, and the catalogue's unfiltered facet.
            models.Index(fields=["-exchange_count", "name", "id"], name="person_by_count"),
            # The index and the API by name, whatever the case: a page of the sorted list without
            # sorting every entity (47 ms for the generated million's 100,000 people).
            models.Index(Lower("name"), "id", name="person_by_name"),
            # The feeds' date (opendata/feeds.py, latest_catalogue_change): when a person was last
            # renamed, merged or edited, read from the newest entry.
            models.Index(fields=["-updated"], name="person_updated"),
        ]


class PersonAlias(Alias):
    entity = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("person"),
    )

    class Meta(Alias.Meta):
        verbose_name = _("person’s alias")
        verbose_name_plural = _("people’s aliases")
        constraints = [
            models.UniqueConstraint(fields=["entity", "key"], name="person_alias_once"),
        ]
        indexes = [
            # matching() and starting_with(): people by any alias.
            models.Index(fields=["key"], name="person_alias_key", opclasses=PATTERN_OPS),
        ]


class PersonFormerSlug(FormerSlug):
    entity = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("person"),
    )

    class Meta(FormerSlug.Meta):
        verbose_name = _("person’s former address")
        verbose_name_plural = _("people’s former addresses")
        constraints = [
            # kept_for(): an old address, read from this index; and it leads to one person only.
            models.UniqueConstraint(fields=["slug"], name="person_former_slug_once"),
        ]


class Place(Entity):
    url_name = "entities:place"

    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        PROVINCE = "province", _("State, province or region")
        SITE = "site", _("Site or venue")
        OTHER = "other", _("Other or not known")

    class Country(models.TextChoices):
        UNITED_STATES = "US", _("United States")
        CHINA = "CN", _("China")
        OTHER = "other", _("Another country")
        UNKNOWN = "", _("Not known")

    kind = models.CharField(
        _("kind of place"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_("A city, a state or province, or a site such as an estate or a campus."),
    )
    country = models.CharField(
        _("country"),
        max_length=10,
        choices=Country.choices,
        blank=True,
        help_text=_("United States, China, another country (name it below), or empty when not known."),
    )
    country_name = models.CharField(
        _("name of the other country"),
        max_length=100,
        blank=True,
        help_text=_("Only for “Another country”, e.g. “Japan”."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("lies in"),
        help_text=_("The place this one lies in, e.g. California for Los Angeles."),
    )

    class Meta(Entity.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            # matching() and starting_with(): a place by its folded English name.
            models.Index(fields=["key"], name="place_key", opclasses=PATTERN_OPS),
            # matching() and starting_with(): by its folded Chinese name.
            models.Index(fields=["chinese_key"], name="place_chinese_key", opclasses=PATTERN_OPS),
            # The index sorted by number of exchanges, and the catalogue's unfiltered facet.
            models.Index(fields=["-exchange_count", "name", "id"], name="place_by_count"),
            # The index and the API by name, whatever the case: a page of the sorted list without
            # sorting every entity (47 ms for the generated million's 100,000 people).
            models.Index(Lower("name"), "id", name="place_by_name"),
            # The feeds' date (opendata/feeds.py, latest_catalogue_change): when a place was last
            # renamed, merged or edited, read from the newest entry.
            models.Index(fields=["-updated"], name="place_updated"),
            # The country facet and filter to come: places of one country.
            models.Index(fields=["country", "kind"], name="place_country_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(country="other") | Q(country_name=""),
                name="place_country_name_only_for_other",
                violation_error_message=_("Name a country only for “Another country”."),
            ),
        ]

    @property
    def stands_for_its_country(self):
        """Whether this is the place called after the United States or China as a whole ("China and the
        United States" links both): its exchanges are those that name no place within the country, and
        the country filter has every one of them."""
        name = WHOLE_COUNTRY_NAMES.get(self.country)
        return name is not None and self.parent_id is None and self.key == normalise(name)

    @property
    def where(self):
        """Where it lies, for a list of places: the place it lies in, or else its country; "" for a
        country's own place. Two places of one name ("Portland": Oregon, Maine) are told apart."""
        if self.parent_id:
            return self.parent.name
        if self.stands_for_its_country:
            return ""
        return self.country_name or (str(self.get_country_display()) if self.country else "")

    @property
    def label(self):
        """The name, the Chinese name, then where it lies: "Rancho Mirage (兰乔米拉奇), California"."""
        where = [self.parent.name] if self.parent_id else []
        country = self.country_name or (self.get_country_display() if self.country else "")
        if country and country not in where:
            where.append(str(country))
        return ", ".join([super().label, *where])

    def clean(self):
        super().clean()
        if self.country == self.Country.OTHER and not self.country_name.strip():
            raise ValidationError({"country_name": _("Name the other country.")})
        if self.country != self.Country.OTHER and self.country_name:
            raise ValidationError({"country_name": _("Name a country here only for “Another country”.")})
        place, seen = self.parent, set()
        while place is not None and place.pk not in seen:
            if self.pk and place.pk == self.pk:
                raise ValidationError({"parent": _("A place cannot lie in itself or in a place inside it.")})
            seen.add(place.pk)
            place = place.parent


# The English names of the two countries a place can be called after (Place.stands_for_its_country),
# as its key reads them: "U.S." and "USA" are the United States too (entities.names.normalise).
WHOLE_COUNTRY_NAMES = {Place.Country.UNITED_STATES: "United States", Place.Country.CHINA: "China"}


class PlaceAlias(Alias):
    entity = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("place"),
    )

    class Meta(Alias.Meta):
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = [
            models.UniqueConstraint(fields=["entity", "key"], name="place_alias_once"),
        ]
        indexes = [
            # matching() and starting_with(): places by any alias.
            models.Index(fields=["key"], name="place_alias_key", opclasses=PATTERN_OPS),
        ]


class PlaceFormerSlug(FormerSlug):
    entity = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("place"),
    )

    class Meta(FormerSlug.Meta):
        verbose_name = _("place’s former address")
        verbose_name_plural = _("places’ former addresses")
        constraints = [
            # kept_for(): an old address, read from this index; and it leads to one place only.
            models.UniqueConstraint(fields=["slug"], name="place_former_slug_once"),
        ]


class DeletedEntityQuerySet(models.QuerySet):
    def gone(self, model):
        """The addresses of `model`'s kind that no entity has now, each with `merged_into`: the slug
        of the entity it was merged into (the newest kept, after later merges, as its address leads
        there), None for one deleted. An address given again to a new entity is that entity's until
        it goes in turn (its row is then dated anew)."""
        former = model.former_slugs.rel.related_model.objects.filter(slug=OuterRef("slug"))
        return (
            self.filter(kind=model._meta.model_name)
            .exclude(Exists(model.objects.filter(slug=OuterRef("slug"))))
            .annotate(merged_into=Subquery(former.values("entity__slug")[:1]))
        )


class DeletedEntity(models.Model):
    """The address of an organisation, person or place deleted, or merged into another (whose
    address then leads to the one kept), and when: a client mirroring the entities learns from it
    which to delete (/api/v1/withdrawn/people/…), and a feed filtered by it, or whose entries named
    it, changed then without any entry or entity left to date the change. Written by
    entities/signals.py; entities/0010 added the merges made before."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        PERSON = "person", _("person")
        PLACE = "place", _("place")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        allow_unicode=True,
        # The unique constraint is its index.
        db_index=False,
        help_text=_("The address the entity had."),
    )
    name = models.CharField(
        _("English name"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Empty for one merged before its name was kept (entities/0010)."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), auto_now=True)

    objects = DeletedEntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("deleted entity")
        verbose_name_plural = _("deleted entities")
        ordering = ["-deleted_at", "-id"]
        constraints = [
            # An address deleted again (given to a new entity, deleted in turn) is the one row, dated anew.
            models.UniqueConstraint(fields=["kind", "slug"], name="deleted_entity_once"),
        ]
        indexes = [
            # The feeds' date (opendata/feeds.py, latest_catalogue_change): the latest deletion.
            models.Index(fields=["-deleted_at"], name="deleted_entity_deleted_at"),
            # /api/v1/withdrawn/people/?withdrawn_after=…: one kind's, newest first (gone()).
            models.Index(fields=["kind", "-deleted_at", "-id"], name="deleted_entity_kind_deleted_at"),
        ]

    def __str__(self):
        return self.slug


ENTITY_MODELS = {"organisation": Organisation, "person": Person, "place": Place}
