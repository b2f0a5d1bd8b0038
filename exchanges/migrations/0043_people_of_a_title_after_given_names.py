"""Exchanges whose participants line gives given names and a title that is a family name too are
linked again.

Linking read "Howard Dean", "Paul Judge", "Peter Singer" or "Gary Player" as a title ("Dean",
"Judge", "Singer", "Player") after its qualifier, as in "Harvard Dean": no one, and "Howard Dean,
Gary Locke" as a line of no one at all (the names after a title alone are not read as people). It
now reads "Dean", "Judge", "Singer", "Player", "Painter" and "Chancellor" after given names of
entities/vocabularies/given_names.txt (and initials) as a family name: Howard Dean; Howard Dean and
Gary Locke. "Harvard Dean", "Supreme Court Judge", "German Chancellor" name no one, as before. As
exchanges 0038 does for its words, and with its function, for the lines holding one of these: those
naming other people than they link to are linked again as publishing links them and dated if their
links changed; a person left linked by nothing, without an alias, whose name no longer reads as a
person of that name, is deleted and its address listed among the deleted; the entities touched are
counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations

# As entities.names._FAMILY_NAMES_AFTER_GIVEN_NAMES holds them when this migration was written.
WORDS = ("dean", "judge", "singer", "player", "painter", "chancellor")


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, WORDS)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0042_people_after_a_nationality_and_king")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
