import time

from django.core.management.base import BaseCommand, CommandError
from django.db import Error, connections


class Command(BaseCommand):
    help = (
        "Wait until the database answers a query, retrying once a second. Exits 0 as "
        "soon as it does, 1 when --timeout seconds pass first. The container "
        "entrypoint runs it before migrating, so a web instance started together "
        "with its database does not fail while the database is still starting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=60, help="Seconds to wait at most (default 60).")
        parser.add_argument("--database", default="default", help="Which database to wait for.")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        deadline = time.monotonic() + options["timeout"]
        while True:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except Error as error:
                connection.close()
                reason = first_line(error)
                if time.monotonic() >= deadline:
                    raise CommandError(
                        f"The database did not answer within {options['timeout']} s: {reason}"
                    ) from None
                self.stderr.write(f"Waiting for the database: {reason}")
                time.sleep(1)
            else:
                self.stdout.write("The database answers.")
                return


def first_line(error):
    """psycopg's messages run over several lines; the first says what failed."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
