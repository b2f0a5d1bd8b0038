"""Chinese written inside the pages' English ("President Xi Jinping (习近平)") is marked lang="zh"
wherever a record or a name may hold it: a screen reader then reads it in Chinese, not spelled out
in the page's voice, and a browser draws it in a Chinese font rather than a Japanese one."""

import datetime

from django.test import TestCase

from exchanges.models import Source
from tests.entities.factories import make_organisation
from tests.factories import make_exchange

ZH = '<span lang="zh">{}</span>'


class ExchangePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_organisation("Hanban (Office of Chinese Language Council International, 国家汉办)")
        cls.exchange = make_exchange(
            title="Pandas arrive at the National Zoo",
            summary="Two pandas arrived, greeted as 熊猫外交.",
            outcomes="A ten-year loan (十年租借).",
            partners="China Wildlife Conservation Association (中国野生动物保护协会)\n"
            "Hanban (Office of Chinese Language Council International, 国家汉办)",
            participants="President Xi Jinping (习近平)\nPeng Liyuan (彭丽媛)",
            participant_count_note="40 officials (官员)",
            location="Washington, DC; 北京",
            date=datetime.date(2024, 10, 15),
            sources=0,
        )
        Source.objects.create(exchange=cls.exchange, citation="人民日报, 2024年10月16日")
        Source.objects.create(
            exchange=cls.exchange, citation="新华社, October 16, 2024", url="https://example.org/xinhua"
        )
        cls.response_url = cls.exchange.get_absolute_url()

    def test_chinese_in_the_record_is_marked(self):
        response = self.client.get(self.response_url)
        for text in [
            "熊猫外交",
            "十年租借",
            "习近平",
            "彭丽媛",
            "官员",
            "北京",
            "人民日报",
            "新华社",
        ]:
            with self.subTest(text=text):
                self.assertContains(response, ZH.format(text))

    def test_a_partners_chinese_name_is_shown_and_marked(self):
        response = self.client.get(self.response_url)
        # In the organisation's name as written…
        self.assertContains(response, ZH.format("国家汉办"))
        # …and as its Chinese name, which the record gave in brackets: the link names it in English.
        wildlife = response.context["exchange"].partner_entities[0]
        self.assertEqual(wildlife.chinese_name, "中国野生动物保护协会")
        self.assertContains(
            response,
            f'<a href="{wildlife.get_absolute_url()}">China Wildlife Conservation Association</a> '
            '<span lang="zh" class="text-body-secondary">中国野生动物保护协会</span>',
            html=True,
        )

    def test_a_sponsors_chinese_name_is_shown_and_marked(self):
        exchange = make_exchange(sponsors="Ministry of Education (教育部)", sources=0)
        self.assertContains(
            self.client.get(exchange.get_absolute_url()),
            '<span lang="zh" class="text-body-secondary">教育部</span>',
            html=True,
        )

    def test_marking_keeps_the_lines_and_the_escaping(self):
        exchange = make_exchange(participants="Officials <b>(官员)</b>\nStudents", sources=0)
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(
            response,
            f"<li>Officials &lt;b&gt;({ZH.format('官员')})&lt;/b&gt;</li><li>Students</li>",
        )


class EntityPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hanban = make_organisation("Hanban (Office of Chinese Language Council International, 国家汉办)")
        make_exchange(partners=cls.hanban.name, location="Washington, DC; 北京")

    def test_an_entitys_name_is_marked_on_its_page_and_in_the_index(self):
        for address in [self.hanban.get_absolute_url(), "/organisations/"]:
            with self.subTest(address=address):
                self.assertContains(self.client.get(address), ZH.format("国家汉办"))

    def test_an_entitys_name_is_marked_among_the_catalogues_filters(self):
        self.assertContains(self.client.get("/exchanges/"), ZH.format("国家汉办"))

    def test_the_lists_mark_chinese_in_a_place(self):
        for address in ["/", "/exchanges/"]:
            with self.subTest(address=address):
                self.assertContains(self.client.get(address), ZH.format("北京"))

    def test_chinese_typed_into_a_search_is_marked_where_the_page_says_it_back(self):
        # "2 exchanges matching “北京”" and an empty result read the words typed in the page's
        # English voice.
        for address, said in [
            ("/exchanges/?q=北京", "matching “" + ZH.format("北京") + "”"),
            ("/exchanges/?q=熊猫", "No exchange matches “" + ZH.format("熊猫") + "”."),
            ("/organisations/?q=国家", "1 match for “" + ZH.format("国家") + "”"),
            ("/organisations/?q=熊猫", "No name begins with “" + ZH.format("熊猫") + "”."),
        ]:
            with self.subTest(address=address, said=said):
                self.assertContains(self.client.get(address), said)

    def test_the_filters_in_force_mark_their_chinese_values_apart_from_the_label(self):
        # The chip read "Search: 北京" whole in the page's English voice; the label stays the
        # page's own, the value is marked.
        address = f"/exchanges/?q=北京&organisation={self.hanban.slug}"
        response = self.client.get(address)
        for chip in [
            '">Search: ' + ZH.format("北京") + " <",
            "Partner or sponsor: Hanban (Office of Chinese Language Council International, "
            + ZH.format("国家汉办")
            + ") <",
        ]:
            with self.subTest(chip=chip):
                self.assertContains(response, chip)

    def test_a_filter_in_force_keeps_its_value_escaped(self):
        response = self.client.get("/exchanges/?q=<b>北京</b>")
        self.assertContains(response, "Search: &lt;b&gt;" + ZH.format("北京") + "&lt;/b&gt; <")


class EnglishInChineseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="The New York Philharmonic plays in Beijing",
            title_zh="纽约爱乐乐团 New York Philharmonic 在北京演出",
            summary_zh="乐团与NBA球员O'Neill会面。\n2018年演出。",
            sources=0,
        )

    def test_english_inside_the_chinese_title_and_summary_is_marked(self):
        # The page marks its Chinese title and summary lang="zh"; the English words in them were
        # read in that Chinese voice.
        response = self.client.get(self.exchange.get_absolute_url())
        self.assertContains(
            response,
            '<p class="h4 fw-normal" lang="zh">'
            '纽约爱乐乐团 <span lang="en">New York Philharmonic</span> 在北京演出</p>',
        )
        self.assertContains(
            response,
            '<div lang="zh"><p>乐团与<span lang="en">NBA</span>球员'
            '<span lang="en">O&#x27;Neill</span>会面。<br>2018年演出。</p></div>',
        )
