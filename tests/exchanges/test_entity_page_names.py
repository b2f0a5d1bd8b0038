"""An entity's page names it: its name, its Chinese name and its other spellings, each in its language."""

from django.test import TestCase

from tests.entities.factories import make_organisation, make_person


class EntityPageNameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_organisation("Peking University", chinese_name="北京大学", aliases=["Beida", "北大"])
        make_person("Zhou Enlai", chinese_name="周恩来", aliases=["Chou En-lai"])

    def test_the_chinese_name_is_marked_as_chinese(self):
        response = self.client.get("/organisations/peking-university/")
        self.assertContains(response, '<span lang="zh" class="text-body-secondary">北京大学</span>', count=1)

    def test_an_alias_in_chinese_characters_is_marked_as_chinese(self):
        # Without it a screen reader reads 北大 in the page's English voice and a browser may draw it
        # in a Japanese font.
        response = self.client.get("/organisations/peking-university/")
        self.assertContains(response, '<span class="alias"><span lang="zh">北大</span></span>', count=1)
        self.assertContains(response, '<span class="alias">Beida</span>', count=1)

    def test_an_alias_in_letters_is_left_in_the_pages_language(self):
        response = self.client.get("/people/zhou-enlai/")
        self.assertContains(response, '<span class="alias">Chou En-lai</span>', count=1)
        self.assertNotContains(response, '<span lang="zh">Chou')
