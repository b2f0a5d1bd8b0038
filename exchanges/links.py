"""An exchange's links to organisations, people and places, read from its texts.

`read_names` is pure: it reads the record's partners, sponsors, participants
and location lines (entities/names.py) into the names to link. `Linker` finds
each name's entity by its key, its Chinese key or an alias (so lines that
differ only in case, punctuation or "U.S."/"US"/"United States" are one
entity), creates the entities it does not find, and replaces the exchange's
links. It works on whatever model registry it is given: the running site's
(`django.apps.apps`) or a migration's historical one, so the data migration
and publishing link in exactly the same way.

What is not linked stays in the record's text, which is kept as recorded:
a participants part that is not a person ("200 students"), and a place that
is neither in the gazetteer nor placed in a country by its line ("By
telephone", "The Hague, Netherlands").
"""

import functools
import re
from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify

from entities.names import (
    Participant,
    PlaceMention,
    abbreviation_aside,
    chinese_names_to_look_up,
    foreign_family_name,
    gazetteer,
    in_two_scripts,
    known_chinese_name,
    known_translation,
    middle_initials,
    normalise,
    organisation_names,
    same_but_for_initials,
    side_by_side_aside,
    slash_in_two_scripts,
    split_organisations,
    split_outside_brackets,
    split_participants,
    split_places,
    with_chinese_in_brackets,
    written_in_chinese,
)
from entities.places import known_place, missing_aliases, where_said

from .models import BARE_ADDRESS
from .search import curated_entity_keys

NAME_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 220
# Between organisations on one line: the semicolon, or the full-width one a Chinese keyboard types;
# not inside brackets ("Peking University (PKU; 北京大学)" is one).
SPLIT_LINE = re.compile("[;；]")
# A web address pasted as a line ("https://www.state.gov", "www.fmprc.gov.cn", or a host and a path
# as sources read one, "history.state.gov/milestones/…"): the site of an organisation, or a source
# in the wrong box, and no name; it stays in the text. A host alone ("Amazon.com") may be a name.
WEB_ADDRESS = re.compile(rf"(?:[a-z][a-z0-9+.-]*://|www\.|{BARE_ADDRESS})\S*", re.IGNORECASE)
# What `Linker.find` gives for a name that is only an alias, of two entities or more.
AMBIGUOUS = object()


class Names(NamedTuple):
    organisations: list  # [(name, role)] with role "partner" or "sponsor"
    people: list  # [Participant(name, role)]
    places: list  # [PlaceMention]


def organisation_lines(text, whole=frozenset()):
    """One organisation a line (or a semicolon), as the import and the form store them, and
    each of several that a line lists ("Peking University / Tsinghua University"), but for a
    line whose key is in `whole` (see whole_lines): an organisation is called by all of it."""
    names = []
    for line in (text or "").splitlines():
        for part in split_outside_brackets(line, SPLIT_LINE):
            if whole and _whole_key(part) in whole:
                both = slash_in_two_scripts(part)
                names.append(with_chinese_in_brackets(*both) if both else part.strip())
            else:
                names.extend(split_organisations(part))
    return [
        name
        for name in names
        if normalise(name) and len(name) <= NAME_MAX_LENGTH and not WEB_ADDRESS.fullmatch(name)
    ]


def _whole_key(part):
    """The key of a line read as one organisation ("X and Y (中文)" is "x and y")."""
    return normalise(organisation_names(part)[0])[:NAME_MAX_LENGTH]


def whole_lines(Organisation, *texts):
    """The keys of the lines of `texts` that split_organisations would part but that an organisation
    is called by whole, by its name, Chinese name or an alias: a moderator overrules a wrong parting
    ("Johns Hopkins University and Nanjing University Center") by giving the whole line to the
    organisation it names. So too a line whose sides of a slash are one organisation's names in
    English and in Chinese ("Ministry of Education / 教育部"), each its name, Chinese name or an
    alias; "University of Virginia / 北京大学" stays two. One query, and only when a line is parted."""
    parted = [
        part
        for text in texts
        for line in (text or "").splitlines()
        for part in split_outside_brackets(line, SPLIT_LINE)
        if len(split_organisations(part)) > 1
    ]
    if not parted:
        return frozenset()
    keys = {_whole_key(part) for part in parted}
    pairs = {}  # {(key of the name in other letters, key of the Chinese): the line's key}
    for part in parted:
        both = slash_in_two_scripts(part)
        if both:
            pairs[(_whole_key(both[0]), normalise(both[1])[:NAME_MAX_LENGTH])] = _whole_key(part)
    searched = keys.union(*pairs)
    called = {}  # {organisation id: the keys it is called by}
    for pk, *names in Organisation._base_manager.filter(
        Q(key__in=searched) | Q(chinese_key__in=searched) | Q(aliases__key__in=searched)
    ).values_list("pk", "key", "chinese_key", "aliases__key"):
        called.setdefault(pk, set()).update(names)
    one = {line for pair, line in pairs.items() if any(own.issuperset(pair) for own in called.values())}
    return frozenset(one | keys.intersection(key for own in called.values() for key in own))


def people_known(Person, participants):
    """The keys of the names in Chinese alone on the participants lines that are people only if a
    person is called so ("尼克松"), that a person is called by, by a name, Chinese name or alias:
    linked to them as their names in English are. One query, and only when the lines hold such a
    name; one beginning with a family name ("邓小平") is a person's whoever is known."""
    keys = chinese_names_to_look_up(participants)
    if not keys:
        return frozenset()
    called = Person._base_manager.filter(
        Q(key__in=keys) | Q(chinese_key__in=keys) | Q(aliases__key__in=keys)
    ).values_list("key", "chinese_key", "aliases__key")
    return frozenset(keys.intersection(key for row in called for key in row))


def read_names(partners="", sponsors="", participants="", location="", whole=frozenset(), known=frozenset()):
    """The entities a record's texts name, in their order, each once per role; `whole`: the keys
    of lines read as one organisation however they are written (whole_lines); `known`: those of
    names in Chinese alone that are people as a person is called so (people_known)."""
    organisations, seen = [], set()
    for role, text in (("partner", partners), ("sponsor", sponsors)):
        for name in organisation_lines(text, whole):
            # "Tsinghua University (清华大学)" and "Ministry of Commerce (MOFCOM)" are the organisations
            # "Tsinghua University" and "Ministry of Commerce" are. Each name read once: a form naming
            # hundreds re-read every earlier one for each, in time growing as their square.
            key = (normalise(organisation_names(name)[0]), role)
            if key not in seen:
                seen.add(key)
                organisations.append((name, role))
    people, seen = [], set()
    for line in (participants or "").splitlines():
        for item in split_participants(line, known):
            if isinstance(item, Participant) and len(item.name) <= NAME_MAX_LENGTH:
                # A name beside a Chinese one may be another person's than beside the next one.
                key = (normalise(item.name), item.side_by_side and normalise(item.chinese_name))
                if key[0] and key not in seen:
                    seen.add(key)
                    people.append(item._replace(role=item.role[:NAME_MAX_LENGTH]))
    places, seen = [], set()
    for mention in split_places(location or ""):
        # Where it is too: "Portland, Oregon; Portland, Maine" names two places.
        key = (normalise(mention.name), mention.country, mention.country_name, mention.parent)
        if key[0] and key not in seen and (mention.known or mention.country) and len(mention.name) <= 200:
            seen.add(key)
            places.append(mention)
    return Names(organisations, people, places)


def record_names(record, Organisation=None, Person=None):
    """The entities `record` names; with the Organisation model, lines that an organisation is
    called by whole are read whole (whole_lines); with the Person model, names in Chinese alone
    that a person is called by are people (people_known)."""
    whole = whole_lines(Organisation, record.partners, record.sponsors) if Organisation else frozenset()
    known = people_known(Person, record.participants) if Person else frozenset()
    return read_names(record.partners, record.sponsors, record.participants, record.location, whole, known)


def one_person_both_ways(named, named_in_chinese, name, chinese_name):
    """Whether `name` and `chinese_name`, written side by side ("习近平 Xi Jinping"), are one
    person's: the person each names (`named`, `named_in_chinese`: a person, None or AMBIGUOUS) is
    the same one or, where the Chinese names no one, entities/vocabularies/chinese_names.csv gives
    the person called `name` (in the catalogue or not yet) that Chinese name or Chinese alias. A
    family name alone, as after a title ("奥巴马总统 President Obama"), that no one is called by is
    the name of the person the Chinese names, if their name ends with it."""
    if named is AMBIGUOUS or named_in_chinese is AMBIGUOUS:
        return False
    if named is None and named_in_chinese is not None and len(normalise(name).split()) == 1:
        return normalise(named_in_chinese.name).split()[-1:] == [normalise(name)]
    if named_in_chinese is not None:
        return named == named_in_chinese
    return known_translation("person", name, chinese_name)


class Linker:
    """Finds or creates entities and links exchanges to them, in the given model registry."""

    def __init__(self, apps):
        self.Organisation = apps.get_model("entities", "Organisation")
        self.Person = apps.get_model("entities", "Person")
        self.Place = apps.get_model("entities", "Place")
        self.PlaceAlias = apps.get_model("entities", "PlaceAlias")
        self.OrganisationAlias = apps.get_model("entities", "OrganisationAlias")
        self.PersonAlias = apps.get_model("entities", "PersonAlias")
        self.ExchangeOrganisation = apps.get_model("exchanges", "ExchangeOrganisation")
        self.ExchangePerson = apps.get_model("exchanges", "ExchangePerson")
        self.ExchangePlace = apps.get_model("exchanges", "ExchangePlace")
        # {place id: its parent's id} of each place `ancestors` read, as it read it.
        self.walked = {}
        # {place id: the places it lies in} as `ancestors` walked them.
        self.lain_in = {}
        # The ids of the organisations found that `organisation` gave an alias: dated once linked.
        self.aliased = set()

    # Finding ----------------------------------------------------------------

    def find(self, model, name, country=None):
        """The entity called `name` (by key, Chinese key or alias), or None; a place of `country` first.

        One called so by its name comes before one that has it as an alias. A name that is
        only an alias, of two entities or more ("CSC": the China Scholarship Council and the
        Computer Sciences Corporation), is neither's: AMBIGUOUS, for a moderator to write out."""
        key = normalise(name)[:NAME_MAX_LENGTH]
        if not key:
            return None
        named = Q(key=key) | Q(chinese_key=key)
        found = (
            model._base_manager.filter(named | Q(aliases__key=key))
            .annotate(
                by_name=Case(When(named, then=Value(True)), default=Value(False), output_field=BooleanField())
            )
            .distinct()
            .order_by("-by_name", "pk")
        )
        if country is not None:
            return next((e for e in found if e.country == country), None) or (
                None if country else found.first()
            )
        first = list(found[:2])
        if len(first) == 2 and not first[0].by_name:
            return AMBIGUOUS
        return first[0] if first else None

    def _called_both_ways(self, model, name, country=None):
        """The entity a name written in Chinese and in other letters side by side ("北京大学 Peking
        University") names by both, as its name, Chinese name or an alias, or None: two entities,
        or one and an unknown name, are neither (never the Chinese part's alone)."""
        both = in_two_scripts(name)
        if both is None:
            return None
        other, chinese = (self.find(model, part, country) for part in both)
        return other if other not in (None, AMBIGUOUS) and other == chinese else None

    # Creating ---------------------------------------------------------------

    def create(self, model, name, where="", **fields):
        """A new entity with its keys and a free slug; a slug taken at the same moment takes the next.
        `where`: where a place lies, which its slug says when its name's is taken ("portland-maine"
        beside Oregon's "portland", where it was "portland-2").

        One named in Chinese alone ("邓小平", "北京大学") has it as its Chinese name too: a moderator
        who gives it its English name later keeps the Chinese where lines written either way find it."""
        if not fields.get("chinese_name") and written_in_chinese(name):
            fields["chinese_name"] = name[:NAME_MAX_LENGTH]
        base = (slugify(name, allow_unicode=True) or model._meta.model_name)[: SLUG_MAX_LENGTH - 8].strip("-")
        for _attempt in range(5):
            slug = self._free_slug(model, base)
            if where and slug != base:
                slug = self._free_slug(
                    model, slugify(f"{base} {where}", allow_unicode=True)[: SLUG_MAX_LENGTH - 8].strip("-")
                )
            entity = model(
                name=name[:NAME_MAX_LENGTH],
                key=normalise(name)[:NAME_MAX_LENGTH],
                chinese_key=normalise(fields.get("chinese_name", ""))[:NAME_MAX_LENGTH],
                slug=slug,
                **fields,
            )
            try:
                with transaction.atomic():
                    entity.save()
                return entity
            except IntegrityError:
                if not model._base_manager.filter(slug=entity.slug).exists():
                    raise
        raise IntegrityError(f"No free slug for {base!r}.")

    def _free_slug(self, model, base):
        taken = set(
            model._base_manager.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
                "slug", flat=True
            )
        )
        number = 2
        slug = base
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug

    def organisation(self, line):
        """The organisation of a partners or sponsors line: "Tsinghua University (清华大学)" is
        Tsinghua University, with its Chinese name; "Ministry of Commerce (MOFCOM)" is the Ministry
        of Commerce, which has the alias MOFCOM from then on. None for an ambiguous alias."""
        name, chinese_name, abbreviation = organisation_names(line)
        english, chinese = side_by_side_aside(name) if not chinese_name else (name, "")
        if chinese and not abbreviation:
            # "… Foreign Countries (CPAFFC) 中国人民对外友好协会": the abbreviation before the Chinese.
            english, abbreviation = abbreviation_aside(english)
        if chinese and (
            known_translation("organisation", english, chinese)
            or (
                self.find(self.Organisation, english) is None
                and self.find(self.Organisation, chinese) is None
            )
        ):
            # "Tsinghua University 清华大学": the one chinese_names.csv gives that Chinese name, or,
            # neither known, a new one of that name and Chinese name. One known by both is found as
            # it is (_called_both_ways); two, or one and an unknown name, stay as written: they may
            # be two organisations ("北京大学 Yale University").
            name, chinese_name = english, chinese
        organisation = self._found_or_new(self.Organisation, name, chinese_name)
        key = normalise(abbreviation)[:NAME_MAX_LENGTH]
        if organisation is not None and key and key not in (organisation.key, organisation.chinese_key):
            # The alias table's unique (entity, key): two publications adding it at once make it once.
            _alias, created = self.OrganisationAlias._base_manager.get_or_create(
                entity=organisation, key=key, defaults={"name": abbreviation}
            )
            if created:
                self.aliased.add(organisation.pk)
        return organisation

    def person(self, name, chinese_name="", side_by_side=False):
        """The person of a participant; one written in two scripts side by side ("习近平 Xi Jinping")
        only where both names are one person's (one_person_both_ways), else None: not linked."""
        if not side_by_side:
            return self._found_or_new(self.Person, name, chinese_name)
        named, named_in_chinese = (self.find(self.Person, each) for each in (name, chinese_name))
        if not one_person_both_ways(named, named_in_chinese, name, chinese_name):
            return None
        return self._given_names(self.Person, named or named_in_chinese, name, chinese_name[:NAME_MAX_LENGTH])

    def _found_or_new(self, model, name, chinese_name):
        """The entity of `name` or, failing that, of its Chinese name; a new one with both when
        neither is known. A Chinese name given beside the name fills a known entity's if it has none.
        None when the names are only aliases of several entities: it is linked to none of them."""
        chinese_name = chinese_name[:NAME_MAX_LENGTH]
        entity = self.find(model, name) or self._called_both_ways(model, name)
        if (entity is None or entity is AMBIGUOUS) and chinese_name:
            entity = self.find(model, chinese_name) or entity
        known = known_chinese_name(model._meta.model_name, name) if entity is None else None
        if known is not None and normalise(known.name) != normalise(name):
            # "State Department", "PRC Ministry of Foreign Affairs": another way of writing the name
            # of a row of chinese_names.csv is the entity of the row's name or Chinese name, or a
            # new one called as the row is.
            entity = self.find(model, known.name) or self.find(model, known.chinese_name)
            name = known.name if entity is None else name
        if entity is AMBIGUOUS:
            return None
        if entity is None and model is self.Person:
            entity = self._spelled_otherwise(name) or self._same_but_for_initials(name)
        return self._given_names(model, entity, name, chinese_name)

    def _spelled_otherwise(self, name):
        """The one person another spelling of `name` on its line of the search's synonyms names
        ("Chou En-lai": Zhou Enlai, "Teng Hsiao-ping": Deng Xiaoping), who has `name` as an alias
        from then on; or None, also when they name two people. No query for a name on no line."""
        found = {self.find(self.Person, spelling) for spelling in other_spellings_of("person", name)}
        found -= {None, AMBIGUOUS}
        if len(found) != 1:
            return None
        (person,) = found
        self.PersonAlias._base_manager.get_or_create(
            entity=person, key=normalise(name)[:NAME_MAX_LENGTH], defaults={"name": name[:NAME_MAX_LENGTH]}
        )
        return person

    def _same_but_for_initials(self, name):
        """The person `name` is, written with other middle initials or none (same_but_for_initials),
        who has it as an alias from then on; or None. One query, for a name of such a shape."""
        parts = middle_initials(name)
        if parts is None:
            return None
        first, last = parts[0].split()
        people = self.Person._base_manager.filter(
            Q(key=parts[0]) | Q(key__startswith=f"{first} ", key__endswith=f" {last}")
        )
        by_name = {person.name: person for person in people}
        person = by_name.get(same_but_for_initials(name, list(by_name)))
        if person is not None:
            # The alias table's unique (entity, key): two publications adding it at once make it once.
            self.PersonAlias._base_manager.get_or_create(
                entity=person,
                key=normalise(name)[:NAME_MAX_LENGTH],
                defaults={"name": name[:NAME_MAX_LENGTH]},
            )
        return person

    def _given_names(self, model, entity, name, chinese_name):
        """`entity`, or a new one called `name` when None, given `chinese_name` (or, none given, the
        standard one of chinese_names.csv, with its other Chinese forms) if it has no Chinese name."""
        # The standard Chinese name of a well-known one (entities/vocabularies/chinese_names.csv)
        # when the line gives none; only given, never looked up: two entities of one person
        # ("Hillary Clinton", "Hillary Rodham Clinton") stay two until a moderator merges them.
        known = known_chinese_name(model._meta.model_name, name) if not chinese_name else None
        if known is not None:
            chinese_name = known.chinese_name[:NAME_MAX_LENGTH]
        if entity is None:
            entity = self.create(model, name, chinese_name=chinese_name)
        elif chinese_name and not entity.chinese_name:
            entity.chinese_name, entity.chinese_key = chinese_name, normalise(chinese_name)
            # Dated too: its record shows its Chinese name.
            entity.save(update_fields=["chinese_name", "chinese_key", "updated"])
        else:
            return entity
        # "亨利·基辛格": the family name after the dot, which the press writes alone ("基辛格").
        family = foreign_family_name(chinese_name) if model is self.Person else ""
        if known is not None or family:
            self._give_aliases(model, entity, known, family)
        return entity

    def _give_aliases(self, model, entity, known, family=""):
        """The other Chinese forms of chinese_names.csv's row `known` (or None), and `family`, the
        family name of a foreign name in Chinese, that `entity`, just made or just given its Chinese
        name (and dated so), is not called by. Two people of one family name (比尔·克林顿, 希拉里·克林顿)
        share it, and a line naming it alone is linked to neither (an ambiguous alias)."""
        Alias = self.PersonAlias if model is self.Person else self.OrganisationAlias
        own = {
            entity.key,
            entity.chinese_key,
            *Alias._base_manager.filter(entity=entity).values_list("key", flat=True),
        }
        missing = missing_aliases(known, own) if known is not None else {}
        if normalise(family) and normalise(family) not in own:
            missing.setdefault(normalise(family)[:NAME_MAX_LENGTH], family)
        for key, name in missing.items():
            # The alias table's unique (entity, key): two publications adding it at once make it once.
            Alias._base_manager.get_or_create(entity=entity, key=key, defaults={"name": name})

    def place(self, mention, depth=0):
        """The place of a PlaceMention, created with the gazetteer's facts and the places it lies in."""
        place = self.find(self.Place, mention.name, mention.country) or self._called_both_ways(
            self.Place, mention.name, mention.country
        )
        if place is not None and not self.is_where_said(place, mention):
            place = self._namesake(mention)
        if place is not None:
            return place
        parent = None
        if mention.parent and depth < 5:
            parent = self.place(self._known(mention.parent, mention.country), depth + 1)
        country = mention.country if mention.country in ("US", "CN", "other") else ""
        place = self.create(
            self.Place,
            mention.name,
            where=mention.parent or (mention.country_name if country == "other" else ""),
            chinese_name=mention.chinese_name[:NAME_MAX_LENGTH],
            kind=mention.kind or "other",
            country=country,
            country_name=mention.country_name if country == "other" else "",
            parent=parent,
        )
        row = known_place(mention.name, mention.country) if mention.known else None
        if row is not None:
            # The gazetteer's other names, as `manage.py load_places` gives them, so that the index,
            # the autocomplete, the hints and the search know Beijing as "Peking" too. One query, on
            # creation only. Not checked against the other places: one that has a spelling too keeps
            # its links, as `find` puts a place called so by its name, then the oldest, first, and
            # a location line's gazetteer spelling is read as the row's name anyway.
            self.PlaceAlias._base_manager.bulk_create(
                self.PlaceAlias(entity=place, key=key, name=name)
                for key, name in missing_aliases(row, {place.key, place.chinese_key}).items()
            )
        return place

    def is_where_said(self, place, mention):
        """where_said, the places `place` lies in walked as linking walks them."""
        return where_said(place, mention, lambda: self.ancestors(place))

    def _namesake(self, mention):
        """Another place of the mention's name and country that is where its line says, or None."""
        key = normalise(mention.name)[:NAME_MAX_LENGTH]
        named = self.Place._base_manager.filter(Q(key=key) | Q(chinese_key=key), country=mention.country)
        return next((place for place in named.order_by("pk") if self.is_where_said(place, mention)), None)

    def _known(self, name, country):
        rows = [row for row in gazetteer()[1].get(normalise(name), []) if row.country == country]
        if rows:
            row = rows[0]
            return PlaceMention(
                name=row.name,
                country=row.country,
                country_name=row.country_name,
                kind=row.kind,
                parent=row.parent,
                chinese_name=row.chinese_name,
                known=True,
            )
        return PlaceMention(name=name, country=country)

    def ancestors(self, place):
        """The places `place` lies in, its parent first (a loop in the parents is walked once); walked
        once a linking, whether to check where a place found is or to link the places it lies in."""
        if place.pk in self.lain_in:
            return self.lain_in[place.pk]
        start, found, seen = place.pk, [], {place.pk}
        self.walked[place.pk] = place.parent_id
        while place.parent_id and place.parent_id not in seen:
            place = self.Place._base_manager.get(pk=place.parent_id)
            self.walked[place.pk] = place.parent_id
            seen.add(place.pk)
            found.append(place)
        self.lain_in[start] = found
        return found

    # Linking ----------------------------------------------------------------

    def link(self, exchange, names, new=False):
        """Replace the exchange's links with those of `names` (see read_names); `new`: the exchange
        was inserted in this transaction, and has none to replace. Returns the kinds it links to
        ("organisation", "person", "place")."""
        # Dated as exchanges/counts.py keeps them: the exchange's date while it is published (not in
        # a migration's models from before the links had dates).
        from .counts import published_day

        dated = {}
        if any(field.name == "published_date" for field in self.ExchangePerson._meta.concrete_fields):
            dated["published_date"] = published_day({"status": exchange.status, "date": exchange.date})
        if not new:
            self.ExchangeOrganisation._base_manager.filter(exchange=exchange).delete()
            self.ExchangePerson._base_manager.filter(exchange=exchange).delete()
            self.ExchangePlace._base_manager.filter(exchange=exchange).delete()
        for _attempt in range(3):
            organisations, people, places = self._entities_of(names)
            found = [
                entity for entity, *_rest in [*organisations.values(), *people.values(), *places.values()]
            ]
            if self._still_there(found):
                break
        self.ExchangeOrganisation._base_manager.bulk_create(
            self.ExchangeOrganisation(
                exchange=exchange, organisation=organisation, role=role, position=position, **dated
            )
            for (_pk, role), (organisation, position) in organisations.items()
        )
        self.ExchangePerson._base_manager.bulk_create(
            self.ExchangePerson(exchange=exchange, person=person, title=title, position=position, **dated)
            for person, title, position in people.values()
        )
        # Each with its place's country, as exchanges/counts.py keeps it (not in a migration's models
        # from before the links held it).
        held = any(field.name == "country" for field in self.ExchangePlace._meta.concrete_fields)
        self.ExchangePlace._base_manager.bulk_create(
            self.ExchangePlace(
                exchange=exchange,
                place=place,
                direct=direct,
                position=position,
                **dated,
                **({"country": place.country} if held else {}),
            )
            for place, direct, position in places.values()
        )
        if self.aliased:
            # Their records list their aliases: one UPDATE of them all.
            self.Organisation._base_manager.filter(pk__in=sorted(self.aliased)).update(updated=timezone.now())
            self.aliased.clear()
        found = {"organisation": organisations, "person": people, "place": places}
        return {kind for kind, entities in found.items() if entities}

    def _still_there(self, entities):
        """Whether every entity found still exists, each locked until the publication commits.

        A moderator's merge locks the two entities, moves their links and deletes the merged one:
        a publication that found it just before would link to a deleted entity, which PostgreSQL
        refuses at commit. Locked here, such an entity is waited for and then gone, and the names
        are read again, finding the entity kept (the merged name is its alias by then); one locked
        here first is merged once the publication commits, its new link moved with the others.
        Only within a transaction (a publication's); SQLite, which writes one at a time, locks
        nothing here."""
        connection = transaction.get_connection()
        if not (connection.in_atomic_block and connection.features.has_select_for_update):
            return True
        wanted = {}
        for entity in entities:
            wanted.setdefault(type(entity), set()).add(entity.pk)
        for model, ids in wanted.items():
            locked = model._base_manager.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
            if len(locked.values_list("pk", flat=True)) != len(ids):
                return False
        return True

    def _entities_of(self, names):
        """({(organisation id, role): (organisation, position)}, {person id: (person, title,
        position)}, {place id: (place, named, position)}) of `names`, the places they lie in too."""
        organisations = {}
        for position, (name, role) in enumerate(names.organisations):
            organisation = self.organisation(name)
            # "MOFCOM" and "Ministry of Commerce" on two lines are one organisation, linked once a role.
            if organisation is not None:
                organisations.setdefault((organisation.pk, role), (organisation, position))
        people = {}
        for position, participant in enumerate(names.people):
            person = self.person(participant.name, participant.chinese_name, participant.side_by_side)
            if person is not None:
                people.setdefault(person.pk, (person, participant.role, position))
        places = {}
        for position, mention in enumerate(names.places):
            place = self.place(mention)
            places[place.pk] = (place, True, position)
        for place, _direct, position in list(places.values()):
            for ancestor in self.ancestors(place):
                places.setdefault(ancestor.pk, (ancestor, False, position))
        return organisations, people, places


def link_entities(exchange, apps=None, new=False, kept_whole=False):
    """Link a saved exchange to the entities its texts name, creating those that are new.

    On the running site (no `apps` given), a published exchange's entities' counts follow:
    those it linked to lose it, those it links to now gain it (exchanges/counts.py), and the
    entities whose count moved are dated. `new`: the exchange was inserted in this transaction,
    so it links to nothing yet: six queries that would find nothing to unlink or uncount are
    left out (a bulk approval publishes thousands). `kept_whole`, in a migration: the lines an
    organisation is called by whole are read whole, as publishing reads them (exchanges 0048);
    without it, as the migrations before it read them, which part a line whose organisation of the
    whole line they made themselves (0025's "University of Virginia / Peking University")."""
    if apps is not None:
        # A migration's historical models: the counts are filled by the migration that adds them.
        linker = Linker(apps)
        if kept_whole:
            linker.link(exchange, record_names(exchange, linker.Organisation, linker.Person))
        else:
            linker.link(exchange, record_names(exchange))
        return
    from django.apps import apps

    from .counts import COUNTED_FIELDS, add_to_entities, date_entities, summary_key

    # The row the counts hold it in: its values as just saved (None: not published).
    key = summary_key({name: getattr(exchange, name) for name in COUNTED_FIELDS})
    if key is not None:
        had = {} if new else add_to_entities(exchange.pk, -1, key, dated=False)
    linker = Linker(apps)
    kinds = linker.link(exchange, record_names(exchange, linker.Organisation, linker.Person), new)
    if key is not None:
        # Dated, as their records show the count: those it links to now and did not before, in the
        # UPDATE that counts them, and those it no longer links to, in one more.
        has = add_to_entities(exchange.pk, 1, key, undated=had, kinds=kinds)
        date_entities({kind: ids - has[kind] for kind, ids in had.items()})
    if linker.walked:
        # Robust: the publish has committed by then. A failure here is logged, and the moderator
        # is still told the publish succeeded, which it did.
        transaction.on_commit(lambda: relink_if_moved(exchange.pk, linker.walked), robust=True)


def relink_if_moved(exchange_id, walked):
    """Once an exchange's links have committed: if a place they were made from has another parent
    now (`walked`: {place id: parent id} as read while linking), link it again to the places it
    lies in.

    A moderator may give a place another parent while an exchange naming it is being published.
    The publish read the old parent; the place's own relinking (exchanges/tasks.py) lists the
    place's exchanges once the move commits, and if that was before this publish committed, it
    did not see this exchange. Whichever committed first, one of the two relinks it. It is rare
    and one exchange: done here, not queued."""
    from django.apps import apps

    Place = apps.get_model("entities", "Place")
    now = dict(Place._base_manager.filter(pk__in=list(walked)).values_list("pk", "parent_id"))
    if now != walked:
        relink_places_lain_in([exchange_id])


def relink_places_lain_in(exchange_ids, recount=True):
    """Make again the links of the exchanges `exchange_ids` to the places their named places lie in
    (the links that are not `direct`), from the places' parents as they are now: after a place was
    given another parent, a place was merged into another, or a place was deleted (its exchanges,
    and those of the places within it, kept links to the places it lay in). Returns how many
    exchanges were relinked: only the links that are wrong are written.

    In one transaction, the exchanges locked (a publish of one of them waits, rather than relinks
    it at the same time), a few thousand at a time: a province may have 100,000 exchanges, and
    moving their counts one exchange at a time took 20 ms each. The places whose links changed
    are counted again from their links at the end, as a merge counts the place kept, unless
    `recount` is false (rebuild_counts, which recounts everything next)."""
    from django.apps import apps

    from .cache import bump_catalogue_version
    from .counts import recount_places

    linker = Linker(apps)
    ExchangePlace, Exchange = linker.ExchangePlace, apps.get_model("exchanges", "Exchange")
    ids = sorted(set(exchange_ids))
    places, chains, changed, relinked = {}, {}, set(), 0
    with transaction.atomic():
        for start in range(0, len(ids), RELINK_BATCH):
            batch = ids[start : start + RELINK_BATCH]
            dates = {
                pk: day if status == Exchange.Status.PUBLISHED else None
                for pk, status, day in Exchange._base_manager.select_for_update()
                .filter(pk__in=batch)
                .order_by("pk")
                .values_list("pk", "status", "date")
            }
            links = {}
            for link in ExchangePlace._base_manager.filter(exchange_id__in=batch).values_list(
                "pk", "exchange_id", "place_id", "direct", "position", named=True
            ):
                links.setdefault(link.exchange_id, []).append(link)
            named = {link.place_id for rows in links.values() for link in rows if link.direct}
            places.update(linker.Place._base_manager.in_bulk(named - places.keys()))
            stale, new = [], []
            for exchange, rows in links.items():
                direct = sorted((link for link in rows if link.direct), key=lambda link: link.position)
                wanted = {}
                for link in direct:
                    # Walked once a run for each place: a province's exchanges name the same few cities.
                    if link.place_id not in chains:
                        chains[link.place_id] = linker.ancestors(places[link.place_id])
                    for ancestor in chains[link.place_id]:
                        wanted.setdefault(ancestor.pk, (ancestor, link.position))
                for link in direct:
                    wanted.pop(link.place_id, None)
                held = {link.place_id: link.pk for link in rows if not link.direct}
                if held.keys() == wanted.keys():
                    continue
                relinked += 1
                changed.update(held.keys() ^ wanted.keys())
                stale.extend(pk for place, pk in held.items() if place not in wanted)
                new.extend(
                    ExchangePlace(
                        exchange_id=exchange,
                        place=place,
                        direct=False,
                        position=position,
                        published_date=dates.get(exchange),
                        country=place.country,
                    )
                    for place_pk, (place, position) in wanted.items()
                    if place_pk not in held
                )
            ExchangePlace._base_manager.filter(pk__in=stale).delete()
            ExchangePlace._base_manager.bulk_create(new, batch_size=RELINK_BATCH)
        if changed and recount:
            recount_places(changed)
            bump_catalogue_version()
    return relinked


RELINK_BATCH = 2000


class NameToReview(NamedTuple):
    kind: str  # "organisation", "person" or "place"
    name: str
    known: object  # the entity it will be linked to, or None for a new one
    similar: list  # for a new one: existing entities that may be the same
    ambiguous: tuple = ()  # the entities that all have it as an alias: it is linked to none of them


CANDIDATES = 200
WORDS_A_QUERY = 100


def names_to_review(record, limit=5):
    """Each name a record's texts give, with the entity it will link to or, for a new name,
    the existing entities it resembles (entities.similar): what a moderator checks before approving.

    Two queries per kind of entity named, however many names: the candidates (by key, alias
    or a word's prefix) and their aliases. The words are looked for WORDS_A_QUERY to a subquery:
    a form may name a hundred universities, and SQLite refuses a condition a thousand terms deep."""
    from django.db.models import Prefetch

    from entities.models import ENTITY_MODELS
    from entities.similar import significant_words

    names = record_names(record, ENTITY_MODELS["organisation"], ENTITY_MODELS["person"])
    # (the name as written, its name, its Chinese name)
    wanted = {
        "organisation": [
            (name, *organisation_names(name)[:2])
            for name in dict.fromkeys(name for name, _role in names.organisations)
        ],
        "person": [(person.name, person.name, person.chinese_name) for person in names.people],
        "place": [(mention.name, mention.name, "") for mention in names.places],
    }
    review = []
    for kind, kind_names in wanted.items():
        if not kind_names:
            continue
        model = ENTITY_MODELS[kind]
        # The parts of a name in two scripts too ("北京大学 Peking University"), as Linker finds them.
        keys = {
            normalise(part)[:NAME_MAX_LENGTH]
            for _written, *names in kind_names
            for name in names
            if name
            for part in (
                name,
                *(in_two_scripts(name) or ()),
                *_row_names(kind, name),
                *other_spellings_of(kind, name),
            )
        }
        words = list(
            dict.fromkeys(
                word for _written, name, _chinese in kind_names for word in significant_words(name)[:6]
            )
        )
        by_key = Q(key__in=keys) | Q(chinese_key__in=keys) | Q(aliases__key__in=keys)
        chunks = [words[start : start + WORDS_A_QUERY] for start in range(0, len(words), WORDS_A_QUERY)]
        found = Q()
        for number, chunk in enumerate(chunks or [[]]):
            condition = by_key if number == 0 else Q()
            for word in chunk:
                condition |= (
                    Q(key__startswith=word) | Q(key__contains=f" {word}") | Q(aliases__key__startswith=word)
                )
            found |= Q(pk__in=model.objects.filter(condition).values("pk")[:CANDIDATES])
        candidates = model.objects.filter(found).prefetch_related(Prefetch("aliases"))
        if kind == "place":
            # Where each lies, two places up, for where_said: "Portland, Maine" is not Oregon's.
            candidates = candidates.select_related("parent__parent")
        names_of = {entity: {entity.key, entity.chinese_key} for entity in candidates}
        aliases_of = {entity: {alias.key for alias in entity.aliases.all()} for entity in names_of}
        # Each key's entities, in the candidates' order, looked up by each name rather than searched.
        called, aliased_as = _entities_by_key(names_of), _entities_by_key(aliases_of)
        resemblance = _Resemblance({entity: names_of[entity] | aliases_of[entity] for entity in names_of})

        def entity_of(name, kind=kind, called=called, aliased_as=aliased_as):
            # As Linker.find reads a name: by an entity's own name, then by an alias that one entity
            # alone has (a place, by the first: its country decides); else those that share it.
            key = normalise(name)[:NAME_MAX_LENGTH]
            named, aliased = called.get(key, []), aliased_as.get(key, [])
            if named or len(aliased) == 1 or (aliased and kind == "place"):
                return (named or aliased)[0], ()
            return None, tuple(sorted(aliased, key=lambda one: (one.name, one.pk)))

        def shown(written, known, review=review):
            # Once: "Xi Jinping, 习近平 Xi Jinping" names him twice, each read apart.
            return any(row.name == written and row.known == known for row in review)

        for index, (written, name, chinese_name) in enumerate(kind_names):
            if kind == "person" and names.people[index].side_by_side:
                # "习近平 Xi Jinping": linked only where both are one person's, as Linker.person does.
                named, named_in_chinese = (entity_of(each) for each in (name, chinese_name))
                found = [
                    entity or (AMBIGUOUS if shared else None) for entity, shared in (named, named_in_chinese)
                ]
                known = found[0] or found[1]
                if one_person_both_ways(*found, name, chinese_name) and not shown(written, known):
                    similar = [] if known else resemblance.like(significant_words(name), limit)
                    review.append(NameToReview(kind, written, known, similar))
                continue
            known, ambiguous = None, ()
            # The name, then the Chinese name; then the one entity both parts of a name in two
            # scripts name ("北京大学 Peking University"), as Linker._called_both_ways finds it.
            for each in (name, chinese_name):
                known, shared = entity_of(each) if each else (None, ())
                ambiguous = () if known else ambiguous or shared
                if known:
                    break
            if known is None and not ambiguous and in_two_scripts(name):
                other, chinese = (entity_of(part)[0] for part in in_two_scripts(name))
                known = other if other == chinese else None
            # "State Department": the entity of the chinese_names.csv row it names, as Linker finds it.
            for each in _row_names(kind, name) if known is None and not ambiguous else ():
                known = known or entity_of(each)[0]
            if known is not None and kind == "place":
                # The place of the name where the line says, as Linker.place finds it; none: a new one.
                mention = names.places[index]
                known = next(
                    (
                        place
                        for place in dict.fromkeys(
                            [known, *called.get(normalise(name)[:NAME_MAX_LENGTH], [])]
                        )
                        if where_said(place, mention, lambda place=place: _lain_in(place))
                    ),
                    None,
                )
            if known is None and not ambiguous and kind == "person":
                # "Chou En-lai": the one person another spelling names, as Linker._spelled_otherwise.
                spelt = {entity_of(each)[0] for each in other_spellings_of(kind, name)} - {None}
                known = spelt.pop() if len(spelt) == 1 else None
            if known is None and not ambiguous and kind == "person":
                # "Jacob Lew": the person of other middle initials, as Linker._same_but_for_initials finds.
                others = {entity.name: entity for entity in names_of}
                known = others.get(same_but_for_initials(name, list(others)))
            if known is not None and shown(written, known):
                continue
            similar = [] if known or ambiguous else resemblance.like(significant_words(name), limit)
            review.append(NameToReview(kind, written, known, similar, ambiguous))
    return review


def _lain_in(place):
    """The place `place` lies in and the one that lies in, as names_to_review reads them."""
    parent = place.parent
    return [each for each in (parent, parent.parent if parent else None) if each is not None]


def _row_names(kind, name):
    """The name and Chinese name of the chinese_names.csv row that `name` writes another way
    ("State Department", "PRC Ministry of Foreign Affairs"), or none: as Linker._found_or_new reads it."""
    known = known_chinese_name(kind, name) if kind != "place" else None
    if known is None or normalise(known.name) == normalise(name):
        return ()
    return tuple(each for each in (known.name, known.chinese_name) if each)


@functools.cache
def _synonym_spellings():
    """{key: the other full spellings, of two words or more, of each line of the synonyms file
    holding it}."""
    spellings = {}
    for line in curated_entity_keys():
        for _spelling, key in line:
            others = [other for other, other_key in line if other_key != key and len(other_key.split()) >= 2]
            spellings[key] = (*spellings.get(key, ()), *others)
    return spellings


def other_spellings_of(kind, name):
    """A person's name as the lines of the search's synonyms (exchanges/vocabularies/synonyms.txt)
    holding it spell it otherwise: Wade-Giles and pinyin ("Chou En-lai", "Zhou Enlai", "周恩来"),
    one person's two forms ("Hillary Rodham Clinton"). Only full names, of two words or more (or
    in Chinese, "邓小平"), and only the line's full names: a family name alone ("Clinton", "Bush",
    "尼克森" for 尼克松) is either of two people as often as not. Only people's: an organisation's or a
    place's other names are its aliases and the gazetteer's."""
    key = normalise(name)[:NAME_MAX_LENGTH]
    if kind != "person" or (len(key.split()) < 2 and not written_in_chinese(name)):
        return ()
    return _synonym_spellings().get(key, ())


def _entities_by_key(keys_of):
    """{key: [entity]} of {entity: {key}}, each key's entities in the order of `keys_of`."""
    entities = {}
    for entity, keys in keys_of.items():
        for key in keys:
            entities.setdefault(key, []).append(entity)
    return entities


class _Resemblance:
    """The candidates' words, gathered once and sorted: each new name of a form finds the
    candidates with a word beginning as one of its own by looking its words up in the sorted
    list (the words beginning so are side by side there), where splitting every candidate's
    spellings again and comparing each word to each of theirs took time growing as the number
    of names times the number of candidates."""

    def __init__(self, spellings):
        self.entities = list(spellings)
        self.having = {}  # {word: the candidates (by position) with that word}
        for position, keys in enumerate(spellings.values()):
            for word in {word for key in keys for word in key.split()}:
                self.having.setdefault(word, set()).add(position)
        self.words = sorted(self.having)

    def starting(self, beginning):
        """The candidates (by position) with a word starting with `beginning`."""
        found, index = set(), bisect_left(self.words, beginning)
        while index < len(self.words) and self.words[index].startswith(beginning):
            found |= self.having[self.words[index]]
            index += 1
        return found

    def like(self, words, limit):
        """The candidates sharing most of `words` (as a word's beginning), then by name."""
        shared = Counter()
        for word in words:
            shared.update(self.starting(word))
        # By their position last: the candidates' order among those of the same name.
        ranked = sorted(
            shared, key=lambda position: (-shared[position], self.entities[position].name, position)
        )
        return [self.entities[position] for position in ranked[:limit]]
