"""A merge's refusals speak the interface's language: under a small catalogue built here, the
messages a moderator reads when a merge cannot go ahead are the catalogue's."""

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.utils import translation

from entities.merge import MergeError, merge
from entities.models import Person
from tests.config.test_translation_ready import write_mo

from .factories import make_person, make_place

CATALOGUE = {
    "Only two entities of the same kind can be merged.": "只能合并两个同类条目。",
    "An entity cannot be merged into itself.": "条目不能合并到自身。",
    "One of the two entities no longer exists.": "两个条目之一已不存在。",
}


class MergeRefusalTranslationTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.locale = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.locale.cleanup)
        write_mo(Path(cls.locale.name) / "zh_Hans" / "LC_MESSAGES" / "django.mo", CATALOGUE)
        cls.enterClassContext(
            override_settings(
                LANGUAGES=[("en", "English"), ("zh-hans", "简体中文")], LOCALE_PATHS=[cls.locale.name]
            )
        )
        cls.enterClassContext(translation.override("zh-hans"))
        super().setUpClass()

    def test_each_refusal_is_in_the_catalogues_language(self):
        person, vanished = make_person("Wang Yi"), make_person("Wang I")
        Person.objects.filter(pk=vanished.pk).delete()
        for kept, merged, english in [
            (person, make_place("Beijing"), "Only two entities of the same kind can be merged."),
            (person, person, "An entity cannot be merged into itself."),
            (person, vanished, "One of the two entities no longer exists."),
        ]:
            with self.subTest(english=english), self.assertRaisesMessage(MergeError, CATALOGUE[english]):
                merge(kept, merged)
