"""Exchanges whose participants line gives a name alone with where its holder is from or works, or
a group linking read as a person, are linked again.

Linking read "Howard Dean of Vermont" or "Jack Ma of Alibaba" standing alone as no one, and after a
person ("Zhou Enlai, Howard Dean of Vermont") as that person's role, "Dean of Vermont" being a
title; and "Flying Tigers", "Young Pioneers", "Boston Symphony" as people. It now reads a name of
two words or more beginning with a given name (entities/vocabularies/given_names.txt) or an
initial, followed by "of" and capitalised words, as a person with that role (Howard Dean, "of
Vermont"), and groups of entities/vocabularies/not_person_words.txt's new words (symphony,
pioneers, warriors, tigers...) as no one. As exchanges 0038 does for its words, and with its
function, for the lines holding " of " or one of those words: those naming other people than they
link to are linked again as publishing links them and dated if their links changed; a person left
linked by nothing, without an alias, whose name no longer reads as a person of that name ("Flying
Tigers"), is deleted and its address listed among the deleted; the entities touched are counted
again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations

# " of " for the names with where their holder is from; the rest as
# entities/vocabularies/not_person_words.txt gained them when this migration was written.
WORDS = (
    " of ",
    "symphony",
    "philharmonic",
    "ensemble",
    "chorus",
    "pioneers",
    "veterans",
    "warriors",
    "tigers",
    "soldiers",
    "sailors",
    "troops",
    "marines",
    "volunteers",
)


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, WORDS)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0043_people_of_a_title_after_given_names")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
