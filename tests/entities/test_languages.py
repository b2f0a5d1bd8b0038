"""The `lang_marked` filter: the Chinese in a name marked as Chinese, and nothing else."""

from django.template import Context, Template
from django.test import SimpleTestCase

from entities.templatetags.languages import lang_marked


class LangMarkedTests(SimpleTestCase):
    def test_a_name_in_chinese_is_marked_whole(self):
        self.assertEqual(lang_marked("北京大学"), '<span lang="zh">北京大学</span>')
        # Its spaces and its own punctuation are part of it.
        self.assertEqual(lang_marked("约翰·肯尼迪"), '<span lang="zh">约翰·肯尼迪</span>')
        self.assertEqual(lang_marked("北京大学（北大）"), '<span lang="zh">北京大学（北大）</span>')
        self.assertEqual(lang_marked("中华人民共和国 教育部"), '<span lang="zh">中华人民共和国 教育部</span>')

    def test_only_the_chinese_of_a_label_in_both_languages_is_marked(self):
        self.assertEqual(
            lang_marked("Rancho Mirage (兰乔米拉奇), California"),
            'Rancho Mirage (<span lang="zh">兰乔米拉奇</span>), California',
        )
        self.assertEqual(lang_marked("北大 (Beida)"), '<span lang="zh">北大</span> (Beida)')

    def test_a_name_without_chinese_is_only_escaped(self):
        self.assertEqual(lang_marked("Chou En-lai"), "Chou En-lai")
        self.assertEqual(lang_marked("AT&T <Labs>"), "AT&amp;T &lt;Labs&gt;")
        self.assertEqual(lang_marked("<b>北大</b>"), '&lt;b&gt;<span lang="zh">北大</span>&lt;/b&gt;')

    def test_the_catalogue_pages_load_it_by_its_name(self):
        rendered = Template("{% load languages %}{{ name|lang_marked }}").render(Context({"name": "北大"}))
        self.assertEqual(rendered, '<span lang="zh">北大</span>')
