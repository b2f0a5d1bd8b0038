"""Organisations named with an abbreviation in brackets that mixes capitals and small letters
("Ministry of Education (MoE)", "U.S. Department of Defense (DoD)", "Energy Sciences Network
(ESnet)") become the organisation of the name, with the abbreviation as an alias.

Linking now reads such a bracket as it reads "(MOFCOM)" (entities.names.abbreviation_aside: two
capitals or more). The organisations linked before keep the bracket in their name; 0003's step,
run again with the wider reading, renames each (its slug, its permanent address, stays) or, when
another has the name without it, gives that one the alias for a moderator to merge. Names and
aliases already set aside by 0003 are left as they are. Nothing to undo.
"""

import importlib

from django.db import migrations


def set_abbreviations_aside(apps, schema_editor):
    earlier = importlib.import_module("entities.migrations.0003_abbreviations_aside")
    earlier.set_abbreviations_aside(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_abbreviations_aside")]

    operations = [migrations.RunPython(set_abbreviations_aside, migrations.RunPython.noop)]
