"""production.env.example names every variable the production settings read."""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

BASE_DIR = Path(settings.BASE_DIR)
# Read by the settings (or gunicorn's config), and set by something other than the operator.
NOT_FOR_OPERATORS = {"WEB_PROCESS"}


def variables_read(path):
    """Every env*("NAME", ...) and os.environ read in a file."""
    text = path.read_text()
    return set(
        re.findall(r"""env(?:str|bool|int|list|rate|networks)\(\s*["']([A-Z0-9_]+)["']""", text)
    ) | set(re.findall(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z0-9_]+)["']""", text))


def variables_listed():
    listed = set()
    for line in (BASE_DIR / "production.env.example").read_text().splitlines():
        match = re.match(r"#?\s*([A-Z][A-Z0-9_]*)=", line.strip())
        if match:
            listed.add(match.group(1))
    return listed


class EnvExampleTests(SimpleTestCase):
    def test_every_variable_the_settings_read_is_in_the_example(self):
        read = variables_read(BASE_DIR / "config" / "settings.py") | variables_read(
            BASE_DIR / "config" / "gunicorn.conf.py"
        )
        self.assertIn("SITE_URL", read, "the parser finds the settings' reads")
        self.assertIn("DATABASE_STATEMENT_TIMEOUT", read)
        missing = sorted(read - NOT_FOR_OPERATORS - variables_listed())
        self.assertEqual(missing, [], "production.env.example does not mention these")

    def test_every_variable_the_container_entrypoint_reads_is_in_the_example(self):
        text = (BASE_DIR / "docker" / "entrypoint.sh").read_text()
        read = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):-", text))
        self.assertIn("SEED_IF_EMPTY", read, "the parser finds the entrypoint's reads")
        missing = sorted(read - variables_listed())
        self.assertEqual(missing, [], "production.env.example does not mention these")
