from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from opendata.releases import make_release, read_package


class Command(BaseCommand):
    help = "Write a dated release of the published exchanges as a Frictionless Data Package."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=f"The folder that holds the releases (default: {settings.RELEASES_DIR}).",
        )

    def handle(self, *args, output=None, **options):
        folder = make_release(output)
        package = read_package(folder.parent, folder.name)
        counts = ", ".join(f"{resource['rows']} {resource['name']}" for resource in package["resources"])
        changes = package["changes"]
        self.stdout.write(
            f"Release {folder.name} written to {folder}: {counts}; "
            f"{changes['added']} added, {changes['changed']} changed, {changes['withdrawn']} withdrawn."
        )
