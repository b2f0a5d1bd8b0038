"""The address of an entity merged into another is remembered as a deleted one's is (DeletedEntity), so
that the API tells a client mirroring the entities to drop it and where it leads
(/api/v1/withdrawn/people/…: DeletedEntity.objects.gone()).

Until now only deletions were remembered. Each merge made before is added from the address it left
behind (the kind's former slugs), dated when that was recorded; an address deleted too keeps the
later of the two dates. Its name is not known any more (it became an alias of the one kept, among
others): left empty. Safe to run again. Going back leaves the rows: the code before reads them only
to date the feeds, which the merge's change to the one kept dated already.
"""

from django.db import migrations, models

FORMER_SLUGS = {
    "organisation": "OrganisationFormerSlug",
    "person": "PersonFormerSlug",
    "place": "PlaceFormerSlug",
}


def remember_merges(apps, schema_editor):
    DeletedEntity = apps.get_model("entities", "DeletedEntity")
    for kind, former_slugs in FORMER_SLUGS.items():
        merged = apps.get_model("entities", former_slugs).objects.values_list("slug", "created")
        for slug, recorded in merged.iterator():
            row, new = DeletedEntity.objects.get_or_create(kind=kind, slug=slug, defaults={"name": ""})
            # Dated apart from the row's saving, which dates it now (auto_now).
            DeletedEntity.objects.filter(pk=row.pk).update(
                deleted_at=recorded if new else max(row.deleted_at, recorded)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0009_deleted_entities"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deletedentity",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Empty for one merged before its name was kept (entities/0010).",
                max_length=200,
                verbose_name="English name",
            ),
        ),
        migrations.AddIndex(
            model_name="deletedentity",
            index=models.Index(fields=["kind", "-deleted_at", "-id"], name="deleted_entity_kind_deleted_at"),
        ),
        migrations.RunPython(remember_merges, migrations.RunPython.noop),
    ]
