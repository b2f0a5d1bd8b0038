"""Dated releases of the whole database as Frictionless Data Packages.

A release is a folder in RELEASES_DIR named by its date, e.g. 2026.12.02 (a
second one the same day is 2026.12.02.2): exchanges.csv and sources.csv, the
entities (organisations.csv, people.csv, places.csv) and the exchanges' links
to them (exchange_organisations.csv, exchange_people.csv, exchange_places.csv),
each naming the rows it refers to by their slugs, a datapackage.json
describing them (a table schema per file, row counts, SHA-256 checksums, the
licence) and changelog.md (about the exchanges) against the release before;
and exchanges-for-excel.csv, the exchanges as a spreadsheet opens them.
The columns are the models' own fields, so the codebook and the schemas
follow the models as they grow.
"""

import csv
import datetime
import hashlib
import json
import re
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import Organisation, Person, Place
from exchanges.models import (
    Exchange,
    ExchangeOrganisation,
    ExchangePerson,
    ExchangePlace,
    LevelsField,
    Source,
)
from exchanges.rows import excel_safe

NAME = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\.(\d+))?$")
DATAPACKAGE = "datapackage.json"
CHANGELOG = "changelog.md"

# Columns that say nothing about the exchange itself: internal keys and derived values.
# Internal columns: row ids, the publication state (and why it was withdrawn), and what the database derives
# from the record for its own indexes (the last day, the folded search texts, the title as it
# sorts). An entity's folded name keys are derived the same way.
LEFT_OUT = {
    "id",
    "status",
    # Said on the page of one withdrawn; a release holds published exchanges alone.
    "withdrawal_reason",
    "date_last",
    "title_sort",
    "published_date",
    "exchange",
    "search_title",
    "search_names",
    "search_body",
    "key",
    "chinese_key",
}
# Copies a link keeps of another table's column, for the database's own reading: a place link's
# country is its place's, which places.csv gives.
LEFT_OUT_OF = {"ExchangePlace": {"country"}}
FIELD_TYPES = [
    (models.BooleanField, "boolean"),
    (models.IntegerField, "integer"),
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
]


# An empty cell is a missing value in a Data Package: the record does not say.
NOT_RECORDED = {"value": "", "label": _("Not recorded")}
# The value a list column separates its items with: levels are "national,state".
LIST_DELIMITER = ","


def field_type(field):
    if field.is_relation or isinstance(field, models.SlugField):
        return "string"
    if isinstance(field, LevelsField):
        return "list"
    return next((name for cls, name in FIELD_TYPES if isinstance(field, cls)), "string")


def public_fields(model):
    """The model's columns, its permanent key (the slug) right after the title."""
    left_out = LEFT_OUT | LEFT_OUT_OF.get(model.__name__, set())
    fields = [field for field in model._meta.concrete_fields if field.name not in left_out]
    keys = [field for field in fields if field.name == "slug"]
    rest = [field for field in fields if field.name != "slug"]
    return rest[:1] + keys + rest[1:]


def categories(field):
    """The values a column takes with their labels; "Not recorded" for an empty cell where one may be."""
    if isinstance(field, models.BooleanField):
        found = [{"value": "true", "label": _("Yes")}, {"value": "false", "label": _("No")}]
    elif isinstance(field, LevelsField):
        found = [{"value": str(value), "label": label} for value, label in Exchange.Level.choices]
    elif field.choices:
        found = [{"value": str(value), "label": label} for value, label in field.choices]
    else:
        return []
    if field.null or (field.blank and not isinstance(field, models.BooleanField)):
        found.append(NOT_RECORDED)
    return [{"value": item["value"], "label": str(item["label"])} for item in found]


def describe_field(field):
    """A Table Schema field with the model's verbose name, help text and choices; a reference to
    another row is that row's slug."""
    described = {"name": field.name, "title": str(field.verbose_name), "type": field_type(field)}
    if field.help_text:
        described["description"] = str(field.help_text)
    if field.is_relation:
        target = field.related_model._meta.verbose_name
        described["description"] = " ".join(
            filter(None, [described.get("description"), f"The slug of the {target}."])
        )
    if isinstance(field, LevelsField):
        described["delimiter"] = LIST_DELIMITER
        described["itemType"] = "string"
    if field.choices:
        values = [str(value) for value, _label in field.choices]
        described["constraints"] = {"enum": values + ([""] if field.blank and "" not in values else [])}
    if found := categories(field):
        described["categories"] = found
    if not (field.null or field.blank):
        described.setdefault("constraints", {})["required"] = True
    if field.unique and field.name != "id":
        described.setdefault("constraints", {})["unique"] = True
    return described


def cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_DELIMITER.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def exchange_table_fields():
    return [describe_field(field) for field in public_fields(Exchange)]


def exchange_column(what):
    return {
        "name": "exchange",
        "title": "exchange",
        "type": "string",
        "description": f"The slug of the exchange {what}.",
        "constraints": {"required": True},
    }


def source_table_fields():
    return [exchange_column("the source is for"), *[describe_field(field) for field in public_fields(Source)]]


ALIASES = {
    "name": "aliases",
    "title": "aliases",
    "type": "string",
    "description": "Other names: spellings, romanisations, abbreviations, Chinese forms; one per line.",
}


def entity_table_fields(model):
    return [*[describe_field(field) for field in public_fields(model)], ALIASES]


def link_table_fields(model):
    return [exchange_column("linked"), *[describe_field(field) for field in public_fields(model)]]


def column(field):
    """What values_list() reads for a field: the slug of the row a reference points to."""
    return f"{field.name}__slug" if field.is_relation else field.attname


def foreign_key(field, resource):
    return {"fields": [field], "reference": {"resource": resource, "fields": ["slug"]}}


# (file name, title, model) of each kind of entity, and of the table linking exchanges to it.
ENTITY_TABLES = [
    ("organisations.csv", "Organisations", Organisation),
    ("people.csv", "People", Person),
    ("places.csv", "Places", Place),
]
LINK_TABLES = [
    ("exchange_organisations.csv", "Organisations of exchanges", ExchangeOrganisation, "organisations"),
    ("exchange_people.csv", "People in exchanges", ExchangePerson, "people"),
    ("exchange_places.csv", "Places of exchanges", ExchangePlace, "places"),
]


def entity_rows(model):
    """Every entity, by slug, with its aliases one per line (the aliases read in one query)."""
    fields = public_fields(model)
    aliases = {}
    for entity, name in model.aliases.rel.related_model.objects.order_by("entity", "name", "pk").values_list(
        "entity", "name"
    ):
        aliases.setdefault(entity, []).append(name)
    for pk, *values in (
        model.objects.order_by("slug").values_list("pk", *map(column, fields)).iterator(chunk_size=2000)
    ):
        yield [*map(cell, values), "\n".join(aliases.get(pk, []))]


def link_rows(model):
    """The links of the published exchanges, by the exchange's slug and the entity's."""
    fields = public_fields(model)
    links = model.objects.filter(exchange__status=Exchange.Status.PUBLISHED).order_by(
        "exchange__slug", *model._meta.ordering
    )
    for values in links.values_list("exchange__slug", *map(column, fields)).iterator(chunk_size=2000):
        yield list(map(cell, values))


def entity_tables():
    found = []
    for file_name, title, model in ENTITY_TABLES:
        keys = {"primaryKey": ["slug"]}
        if model is Place:
            # A place lies in another place of the same table.
            keys["foreignKeys"] = [foreign_key("parent", "")]
        found.append((file_name, title, entity_table_fields(model), entity_rows(model), keys))
    for file_name, title, model, resource in LINK_TABLES:
        entity = next(field.name for field in public_fields(model) if field.is_relation)
        keys = {"foreignKeys": [foreign_key("exchange", "exchanges"), foreign_key(entity, resource)]}
        found.append((file_name, title, link_table_fields(model), link_rows(model), keys))
    return found


def tables():
    """(file name, title, fields, rows, keys) for each table of a release; rows are lists of cells."""
    exchange_fields = public_fields(Exchange)
    exchanges = Exchange.objects.published().order_by("slug")
    source_fields = public_fields(Source)
    sources = Source.objects.filter(exchange__status=Exchange.Status.PUBLISHED).order_by(
        "exchange__slug", "position", "id"
    )
    return [
        (
            "exchanges.csv",
            "Exchanges",
            exchange_table_fields(),
            (
                [cell(getattr(row, field.attname)) for field in exchange_fields]
                for row in exchanges.iterator(chunk_size=2000)
            ),
            {"primaryKey": ["slug"]},
        ),
        (
            "sources.csv",
            "Sources",
            source_table_fields(),
            (
                [slug, *[cell(value) for value in values]]
                for slug, *values in sources.values_list(
                    "exchange__slug", *[field.attname for field in source_fields]
                ).iterator(chunk_size=2000)
            ),
            {"foreignKeys": [foreign_key("exchange", "exchanges")]},
        ),
        *entity_tables(),
    ]


def release_name(releases_dir, today):
    """Today's date as 2026.12.02, or 2026.12.02.2, .3… when today already has a release."""
    base = today.strftime("%Y.%m.%d")
    if not (releases_dir / base).exists():
        return base
    number = 2
    while (releases_dir / f"{base}.{number}").exists():
        number += 1
    return f"{base}.{number}"


def sort_key(name):
    year, month, day, number = NAME.match(name).groups()
    return (int(year), int(month), int(day), int(number or 1))


def release_names(releases_dir=None):
    """Names of the complete releases in RELEASES_DIR, newest first."""
    releases_dir = Path(releases_dir or settings.RELEASES_DIR)
    if not releases_dir.is_dir():
        return []
    names = [
        path.name
        for path in releases_dir.iterdir()
        if NAME.match(path.name) and (path / DATAPACKAGE).is_file()
    ]
    return sorted(names, key=sort_key, reverse=True)


def read_package(releases_dir, name):
    return json.loads((Path(releases_dir) / name / DATAPACKAGE).read_text(encoding="utf-8"))


def write_table(path, fields, rows):
    """Write a CSV and return (row count, SHA-256, bytes)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow([field["name"] for field in fields])
        for row in rows:
            writer.writerow(row)
            count += 1
    return count, file_digest(path), path.stat().st_size


def file_digest(path):
    """The file's SHA-256, as hex."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def describe_resource(file_name, title, fields, keys, count, sha256, size, encoding="utf-8"):
    """The datapackage.json entry of a table written by write_table."""
    return {
        "name": file_name.removesuffix(".csv").replace("-", "_"),
        "title": title,
        "path": file_name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": encoding,
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "rows": count,
        "schema": {"fields": fields, **keys},
    }


# The exchanges as the catalogue's "CSV for Excel" gives them (opendata/downloads.py, csv_chunks):
# Excel reads a CSV file without a byte-order mark as the system's code page and garbles Chinese
# text, and runs a cell beginning with "=" as a formula. exchanges.csv stays the data as stored.
SPREADSHEET_COPY = "exchanges-for-excel.csv"


def spreadsheet_copy(folder, exchanges):
    """Write SPREADSHEET_COPY from the release's exchanges.csv (`exchanges`, its resource) and
    return its resource: a byte-order mark, CRLF line ends, and text cells that a spreadsheet would
    run quoted with "'" as the download quotes them (numbers, dates and lists are never run)."""
    fields = exchanges["schema"]["fields"]
    text = [field["type"] == "string" for field in fields]
    path = folder / SPREADSHEET_COPY
    with (folder / exchanges["path"]).open(encoding="utf-8", newline="") as source:
        rows = csv.reader(source)
        next(rows)
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file, lineterminator="\r\n")
            writer.writerow([field["name"] for field in fields])
            writer.writerows(
                [excel_safe(value) if quoted else value for value, quoted in zip(row, text, strict=True)]
                for row in rows
            )
    written = (exchanges["rows"], file_digest(path), path.stat().st_size)
    keys = {"primaryKey": exchanges["schema"]["primaryKey"]}
    return describe_resource(
        SPREADSHEET_COPY, "Exchanges, for Excel", fields, keys, *written, encoding="utf-8-sig"
    )


def exchange_versions(folder, columns=None):
    """{slug: everything a release says about it} from a release's exchanges.csv and sources.csv,
    only `columns` of each ({file name: column names}) when given."""
    versions = {}
    with (folder / "exchanges.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            versions[row["slug"]] = [kept(row, columns, "exchanges.csv")]
    sources = folder / "sources.csv"
    if sources.is_file():
        with sources.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                versions.setdefault(row["exchange"], [[]]).append(kept(row, columns, "sources.csv"))
    return versions


def kept(row, columns, file_name):
    return sorted(
        (name, value) for name, value in row.items() if columns is None or name in columns[file_name]
    )


def header(path):
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as file:
        return set(next(csv.reader(file), []))


def changelog(previous_dir, current_dir):
    """(added, changed, withdrawn) slugs against the previous release, each sorted. Only the columns
    both releases have are compared: a column added or left out (a derived one) is no change to the
    exchanges, and would otherwise list every one of them as changed."""
    columns = None
    if previous_dir:
        columns = {
            name: header(previous_dir / name) & header(current_dir / name)
            for name in ("exchanges.csv", "sources.csv")
        }
    current = exchange_versions(current_dir, columns)
    previous = exchange_versions(previous_dir, columns) if previous_dir else {}
    added = sorted(set(current) - set(previous))
    withdrawn = sorted(set(previous) - set(current))
    changed = sorted(slug for slug in set(current) & set(previous) if current[slug] != previous[slug])
    return added, changed, withdrawn


def changelog_text(name, previous_name, added, changed, withdrawn):
    lines = [f"# Release {name}", ""]
    if previous_name:
        lines.append(
            f"Against release {previous_name}: {len(added)} added, {len(changed)} changed, "
            f"{len(withdrawn)} withdrawn."
        )
    else:
        lines.append(f"The first release: {len(added)} exchanges.")
    for title, slugs in (("Added", added), ("Changed", changed), ("Withdrawn", withdrawn)):
        if slugs and (previous_name or title != "Added"):
            lines += ["", f"## {title}", "", *[f"- {slug}" for slug in slugs]]
    return "\n".join(lines) + "\n"


def make_release(releases_dir=None, today=None):
    """Write a new release and return its folder."""
    releases_dir = Path(releases_dir or settings.RELEASES_DIR)
    releases_dir.mkdir(parents=True, exist_ok=True)
    previous = release_names(releases_dir)
    previous_name = previous[0] if previous else None
    name = release_name(releases_dir, today or timezone.localdate())
    folder = releases_dir / name
    partial = releases_dir / f".{name}.partial"
    partial.mkdir()
    resources = []
    for file_name, title, fields, rows, keys in tables():
        written = write_table(partial / file_name, fields, rows)
        resources.append(describe_resource(file_name, title, fields, keys, *written))
    resources.append(spreadsheet_copy(partial, resources[0]))
    added, changed, withdrawn = changelog(previous and releases_dir / previous_name, partial)
    (partial / CHANGELOG).write_text(
        changelog_text(name, previous_name, added, changed, withdrawn), encoding="utf-8"
    )
    package = {
        "profile": "tabular-data-package",
        "name": "us-china-exchanges",
        "title": "U.S.-China Exchange Database",
        "version": name,
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "homepage": settings.SITE_URL.rstrip("/") + "/data/",
        "licenses": [
            {
                "name": settings.DATA_LICENSE,
                "title": settings.DATA_LICENSE_TITLE,
                "path": settings.DATA_LICENSE_URL,
            }
        ],
        "changes": {
            "previous": previous_name,
            "added": len(added),
            "changed": len(changed),
            "withdrawn": len(withdrawn),
        },
        "resources": resources,
    }
    (partial / DATAPACKAGE).write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    # Only a complete release gets its name, so /data/ never lists one half written.
    partial.rename(folder)
    return folder


def codebook():
    """(file name, fields) for each table of a release: what /data/ documents."""
    return [
        ("exchanges.csv", exchange_table_fields()),
        ("sources.csv", source_table_fields()),
        *[(file_name, entity_table_fields(model)) for file_name, _title, model in ENTITY_TABLES],
        *[(file_name, link_table_fields(model)) for file_name, _title, model, _to in LINK_TABLES],
    ]


def dataset_json_ld(request, latest_name=None):
    """schema.org Dataset for the database as a whole, with its downloads, as JSON text for a <script>."""
    from exchanges.citations import json_for_script

    site = settings.SITE_URL.rstrip("/")
    distribution = [
        {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": site + "/exchanges.csv"},
        {
            "@type": "DataDownload",
            "encodingFormat": "application/json",
            "contentUrl": site + "/exchanges.json",
        },
    ]
    if latest_name:
        distribution.append(
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "name": f"Release {latest_name} (Frictionless Data Package)",
                "contentUrl": f"{site}/data/{latest_name}/{DATAPACKAGE}",
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "U.S.-China Exchange Database",
        "description": (
            "An open database of exchanges between the United States and China: diplomatic, military, "
            "business, education, cultural, media and civic, each with its sources."
        ),
        "url": site + "/data/",
        "license": settings.DATA_LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "U.S.-China Exchange Database"},
        "distribution": distribution,
    }
    if latest_name:
        data["version"] = latest_name
    return json_for_script(data)


def dataset_citations(today=None):
    """APA and Chicago citations of the database as a whole, naming the latest release when there is one."""
    from django.utils.html import format_html

    names = release_names()
    today = today or timezone.localdate()
    url = settings.SITE_URL.rstrip("/") + "/data/"
    title = "U.S.-China Exchange Database"
    if names:
        year, month, day, _number = sort_key(names[0])
        made = datetime.date(year, month, day)
        version = f" (Version {names[0]})"
        # Chicago dates a data set as any other work: the release's day, which its name gives.
        chicago_version = f" Version {names[0]}. {made:%B} {made.day}, {made.year}."
    else:
        year, version, chicago_version = today.year, "", f" Accessed {today:%B} {today.day}, {today.year}."
    return {
        "apa": format_html("{}. ({}). <i>{}</i>{} [Data set]. {}", title, year, title, version, url),
        "chicago": format_html("{}. <i>{}</i>.{} Dataset. {}.", title, title, chicago_version, url),
        "release": names[0] if names else None,
    }
