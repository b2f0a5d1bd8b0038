"""Exchanges whose participants line gives a nationality and "King" with no name are linked again.

Linking read "Saudi King", "Spanish King" or "Thai King" (a nationality the reading did not know
before the one-word title "King", a family name too) as given names and a family name: a person
called "Saudi King". It now knows the nationalities of entities/vocabularies/nationality_words.txt
there, as it knew "Chinese King": the line names no one, and "Saudi King Salman" is Salman, the
Saudi King, as before. As exchanges 0038 does for its words, and with its function, for the lines
holding "King": those naming other people than they link to are linked again as publishing links
them and dated if their links changed; a person left linked by nothing, without an alias, whose
name no longer reads as a person of that name ("Saudi King") is deleted and its address listed
among the deleted; the entities touched are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, ("king",))


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0041_places_of_one_name_told_apart")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
