"""Exchanges linked to an organisation the old reading made of a line naming a department, an
administration or an office are linked again.

"Department", "Administration" and "Office" are now words of an organisation's name
(entities/vocabularies/organisation_words.txt), as "Ministry" is: "U.S. Department of Commerce and
Ministry of Commerce" is two organisations, "State Administration of Cultural Heritage and the
Asian Art Museum" two, where each was one organisation of the whole line. As exchanges 0040 does
for "Group" (with its function and 0039's): for every organisation whose name holds one of the
words and that linking now parts or reads as another name, but did not before, deleted first if
something links to it and it has no alias, its address listed among the deleted; its exchanges
linked again from their texts and dated if their links changed; the entities touched counted again.
One given an alias is left as it is, with its exchanges. "Department of Agriculture and Rural
Development", "National Aeronautics and Space Administration" and "Department of Physics, Peking
University" are one, as before.

Safe to run again; nothing to undo: the old code reads the new links as any other.
"""

import importlib
import re

from django.db import migrations
from django.db.models import Q

# As entities/vocabularies/organisation_words.txt gained them when this migration was written.
WORDS = ("administration", "department", "office")


def link_organisations_as_read_now(apps, schema_editor):
    commas = importlib.import_module(
        "exchanges.migrations.0039_organisations_at_commas_read_as_linking_does_now"
    )
    groups = importlib.import_module(
        "exchanges.migrations.0040_organisations_of_groups_read_as_linking_does_now"
    )
    named = apps.get_model("entities", "Organisation")._base_manager.filter(
        Q(*[Q(name__icontains=word) for word in WORDS], _connector=Q.OR)
    )
    words = re.compile(rf"\b(?:{'|'.join(WORDS)})\b", re.IGNORECASE)
    commas.relink_organisations_read_otherwise(apps, named, groups.read_otherwise_but_for(words))


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0044_people_alone_with_where_they_are_from")]

    operations = [migrations.RunPython(link_organisations_as_read_now, migrations.RunPython.noop)]
