"""Exchanges whose participants line gives an emissary's, a clergyman's or a profession's title are
linked again.

Linking read "Zhou Enlai, Goodwill Emissary" as two people, the second called "Goodwill Emissary";
"Jack Ma, Entrepreneur" and "Kurt Campbell, Asia Czar of the NSC" as a person and text; "Bishop
Desmond Tutu" and "Abbot Shi Yongxin" as people called "Bishop Desmond Tutu" and "Abbot Shi
Yongxin". entities/vocabularies/roles.txt gained Emissary, Liaison, Observer, Mediator, Czar, Tsar,
Physician, Surgeon, Nurse, Farmer, Chef, Architect, Designer, Entrepreneur, Investor, Banker,
Philanthropist, Activist, Pastor, Bishop, Archbishop, Priest, Monk, Abbot, Musician, Member, Leader,
Coordinator, Organizer, Organiser, Aide, Assistant, Trustee, Regent, Principal, Superintendent,
Volunteer, Intern and Guide ("Jane Doe, Tour Guide" made a person "Tour Guide", "Jane Doe, Team
Leader" left the title text): it now reads each as the role of the person it stands before or after.
As exchanges 0046 does, with 0038's function: of the lines holding one of those words, those naming
other people than they link to, or giving them other roles, are linked again as publishing links
them and dated if their links changed; a person left linked by nothing, without an alias, whose name
no longer reads as a person of that name ("Goodwill Emissary", "Bishop Desmond Tutu", "Tour Guide"),
is deleted and its address listed among the deleted; the entities touched are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations

# The titles as entities/vocabularies/roles.txt gained them when this migration was written
# ("bishop" finds "Archbishop" too; "intern" finds "International" too, read to no harm).
WORDS = (
    "emissary",
    "liaison",
    "observer",
    "mediator",
    "czar",
    "tsar",
    "physician",
    "surgeon",
    "nurse",
    "farmer",
    "chef",
    "architect",
    "designer",
    "entrepreneur",
    "investor",
    "banker",
    "philanthropist",
    "activist",
    "pastor",
    "bishop",
    "priest",
    "monk",
    "abbot",
    "musician",
    "member",
    "leader",
    "coordinator",
    "organizer",
    "organiser",
    "aide",
    "assistant",
    "trustee",
    "regent",
    "principal",
    "superintendent",
    "volunteer",
    "intern",
    "guide",
)


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, WORDS, roles=True)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0046_people_with_scholars_and_firms_titles")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
