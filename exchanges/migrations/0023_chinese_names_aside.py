"""Organisations and people named with their Chinese in brackets become the entity of the name,
with that Chinese name.

Linking read "Tsinghua University (清华大学)" and "Premier Zhou Enlai (周恩来)" whole: the first
became an organisation of that name beside "Tsinghua University" (its links and counts split in
two), and no entity had a Chinese name, so a search in Chinese missed what the name finds. Linking
now sets the bracket aside as the Chinese name (entities.names.chinese_aside). Here, each
organisation or person whose name ends in such a bracket:

- when no other of its kind has the name without it, is renamed, and gains the Chinese name if it
  has none (its slug, its permanent address, stays);
- when another has, is merged into it: its links move there (a link the other has already is
  dropped), its aliases too, the other gains the Chinese name if it has none, and its count of
  published exchanges, and its summary of counts when it has one (exchanges 0019), are made again.

A person's Chinese name was set aside from the participants line and lost ("Premier Zhou Enlai
(周恩来)" made the person "Zhou Enlai"): the exchanges whose participants hold such a bracket are
read again, and each person named with one gains it if they have none.

Nothing to undo: the old code reads the renamed entities as any other.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

# (kind, entity model, link model, fields of a link that make it one: the entity and these)
KINDS = [
    ("organisation", "Organisation", "ExchangeOrganisation", ("exchange_id", "role")),
    ("person", "Person", "ExchangePerson", ("exchange_id",)),
]
NAME_MAX_LENGTH = 200
YES_NO_CODES = {True: "yes", False: "no", None: "none"}


def set_chinese_names_aside(apps, schema_editor):
    from entities.names import chinese_aside, normalise

    EntityCount = apps.get_model("exchanges", "EntityCount")
    for kind, model_name, link_name, link_fields in KINDS:
        model = apps.get_model("entities", model_name)
        link = apps.get_model("exchanges", link_name)
        bracketed = model.objects.filter(Q(name__contains="(") | Q(name__contains="（")).order_by("pk")
        for entity in list(bracketed):
            name, chinese_name = chinese_aside(entity.name)
            if not chinese_name:
                continue
            key = normalise(name)[:NAME_MAX_LENGTH]
            twin = model.objects.filter(key=key).exclude(pk=entity.pk).order_by("pk").first()
            if twin is None:
                entity.name, entity.key = name[:NAME_MAX_LENGTH], key
                _fill_chinese_name(entity, chinese_name, normalise)
                entity.save()
                continue
            _move_links(link, kind, link_fields, entity, twin)
            known = {twin.key, twin.chinese_key} | set(twin.aliases.values_list("key", flat=True))
            for alias in entity.aliases.all():
                if alias.key in known:
                    alias.delete()
                else:
                    alias.entity = twin
                    alias.save()
                    known.add(alias.key)
            _fill_chinese_name(twin, chinese_name or entity.chinese_name, normalise)
            EntityCount.objects.filter(kind=kind, entity_id__in=[entity.pk, twin.pk]).delete()
            entity.delete()
            twin.exchange_count = (
                link.objects.filter(**{kind: twin}, exchange__status="published")
                .values("exchange_id")
                .distinct()
                .count()
            )
            twin.save()
            if twin.exchange_count >= settings.ENTITY_SUMMARY_MIN:
                _summarise(EntityCount, link, kind, twin.pk)
    _people_chinese_names(apps, normalise)


def _people_chinese_names(apps, normalise):
    from exchanges.links import read_names

    Exchange = apps.get_model("exchanges", "Exchange")
    Person = apps.get_model("entities", "Person")
    # Only lines with a bracket opening on a Chinese character: Django gives SQLite a REGEXP too.
    lines = Exchange.objects.filter(participants__regex="[(（]\\s*[\u3400-\u9fff]").values_list(
        "participants", flat=True
    )
    for participants in lines.iterator(chunk_size=2000):
        for person in read_names(participants=participants).people:
            # A name in Chinese beside one in English without brackets ("习近平 Xi Jinping") may be
            # another person's: only one in brackets is given.
            if person.chinese_name and not person.side_by_side:
                key = normalise(person.name)[:NAME_MAX_LENGTH]
                entity = Person.objects.filter(key=key, chinese_name="").order_by("pk").first()
                if entity is not None:
                    _fill_chinese_name(entity, person.chinese_name, normalise)
                    entity.save(update_fields=["chinese_name", "chinese_key"])


def _fill_chinese_name(entity, chinese_name, normalise):
    if chinese_name and not entity.chinese_name:
        entity.chinese_name = chinese_name[:NAME_MAX_LENGTH]
        entity.chinese_key = normalise(entity.chinese_name)[:NAME_MAX_LENGTH]


def _move_links(link, kind, link_fields, entity, twin):
    has = set(link.objects.filter(**{kind: twin}).values_list(*link_fields))
    for row in link.objects.filter(**{kind: entity}):
        if tuple(getattr(row, field) for field in link_fields) in has:
            row.delete()
        else:
            setattr(row, kind, twin)
            row.save()


def _summarise(EntityCount, link, kind, pk):
    """The entity's summary of counts, as exchanges 0019 makes it."""
    rows = (
        link.objects.filter(**{f"{kind}_id": pk}, exchange__status="published")
        .order_by()
        .values(
            "exchange__type",
            "exchange__government",
            "exchange__continuing",
            "exchange__levels",
            year=ExtractYear("exchange__date"),
            last_year=ExtractYear("exchange__date_last"),
        )
        .annotate(n=Count("exchange", distinct=True))
    )
    counts = {}
    for row in rows:
        levels = row["exchange__levels"]
        if not isinstance(levels, str):
            levels = f",{','.join(levels)}," if levels else ""
        key = (
            row["exchange__type"] or "",
            YES_NO_CODES[row["exchange__government"]],
            YES_NO_CODES[row["exchange__continuing"]],
            levels,
            row["year"],
            row["last_year"] if row["last_year"] is not None else row["year"],
        )
        counts[key] = counts.get(key, 0) + row["n"]
    EntityCount.objects.bulk_create(
        EntityCount(
            kind=kind,
            entity_id=pk,
            type=type_,
            government=government,
            continuing=continuing,
            levels=levels,
            year=year,
            last_year=last_year,
            count=n,
        )
        for (type_, government, continuing, levels, year, last_year), n in sorted(counts.items())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0022_fold_pinyin_apostrophes"),
        ("entities", "0002_exchange_count"),
    ]

    operations = [migrations.RunPython(set_chinese_names_aside, migrations.RunPython.noop)]
