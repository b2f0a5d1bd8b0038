"""Exchanges linked to an organisation the old reading made of a line naming a group are linked again.

"Group" is now a word of an organisation's name (entities/vocabularies/organisation_words.txt), as
"Company" is: "Walt Disney Company and Shanghai Shendi Group" is two organisations and "上海申迪集团
(Shanghai Shendi Group)" the group with its Chinese name, where each was one organisation of the
whole line. For every organisation whose name holds "group" and that linking now parts or reads as
another name, but did not before (its name with "Group" read as no such word is read whole: one the
old reading parted too, "Alibaba Group Holding Company and Ford Foundation", may be a moderator's,
named with the whole line to keep it whole), as exchanges 0039 does for commas (its
`relink_organisations_read_otherwise`, 0036's `delete_and_link_again`): deleted first if something
links to it and it has no alias, its address listed among the deleted; its exchanges linked again
from their texts and dated if their links changed; the entities touched counted again. One given
an alias is left as it is, with its exchanges, as 0039 leaves one.

Safe to run again; nothing to undo: the old code reads the new links as any other.
"""

import importlib
import re

from django.db import migrations

# "Group" written as a word no organisation is named by: how the reading before read the name.
_GROUP = re.compile(r"\bgroup\b", re.IGNORECASE)


def read_otherwise_but_for(words):
    """A function telling whether linking reads a name as several organisations or another name
    now, and did not before `words` (a pattern: "Group") named an organisation (exchanges 0045
    reuses it)."""
    from entities.names import organisation_names, split_organisations

    def otherwise(text):
        parted = split_organisations(text)
        return len(parted) > 1 or organisation_names(parted[0] if parted else text)[0] != text.strip()

    def read_otherwise(name):
        return otherwise(name) and not otherwise(words.sub("Xqzv", name))

    return read_otherwise


def link_organisations_as_read_now(apps, schema_editor):
    commas = importlib.import_module(
        "exchanges.migrations.0039_organisations_at_commas_read_as_linking_does_now"
    )
    grouped = apps.get_model("entities", "Organisation")._base_manager.filter(name__icontains="group")
    commas.relink_organisations_read_otherwise(apps, grouped, read_otherwise_but_for(_GROUP))


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0039_organisations_at_commas_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_organisations_as_read_now, migrations.RunPython.noop)]
