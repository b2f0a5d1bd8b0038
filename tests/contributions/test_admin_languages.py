"""The moderators' pages mark Chinese text as Chinese, as the public pages do: a screen reader reads
北京 in a Chinese voice rather than the page's English one, and a browser draws it in a Chinese font."""

import re

from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange
from tests.entities.factories import make_organisation
from tests.factories import make_exchange, make_moderator, make_submission


def squeezed(response):
    return re.sub(r"\s+", " ", response.content.decode())


class AdminChineseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.exchange = make_exchange(
            title="Panda loan 大熊猫 to the zoo", title_zh="大熊猫租借", summary_zh="两只大熊猫抵达华盛顿。"
        )
        cls.submission = make_submission(title="Sister cities 友好城市 meet", title_zh="友好城市会议")
        cls.change = make_submission(
            kind=Submission.Kind.CHANGE,
            exchange=cls.exchange,
            title="Panda loan 大熊猫 to the zoo",
            title_zh="大熊猫租借协议",
        )
        cls.organisation = make_organisation(
            "Ministry of Education", chinese_name="教育部", aliases=["Jiaoyubu", "国家教委"]
        )

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_lists_mark_chinese_titles_and_names(self):
        for address, marked in [
            ("/admin/exchanges/exchange/", 'Panda loan <span lang="zh">大熊猫</span> to the zoo'),
            ("/admin/contributions/submission/", 'Sister cities <span lang="zh">友好城市</span> meet'),
            ("/admin/entities/organisation/", '<span lang="zh">教育部</span>'),
            ("/admin/entities/organisation/", 'Jiaoyubu, <span lang="zh">国家教委</span>'),
        ]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 200)
                self.assertIn(marked, squeezed(response))

    def test_the_lists_still_sort_and_link_by_title(self):
        page = squeezed(self.client.get("/admin/exchanges/exchange/?o=1"))
        self.assertIn(f'href="/admin/exchanges/exchange/{self.exchange.pk}/change/', page)
        page = squeezed(self.client.get("/admin/contributions/submission/?o=2"))
        self.assertIn(
            f'/admin/contributions/submission/{self.submission.pk}/change/?_changelist_filters=o%3D2">Sister',
            page,
        )
        self.assertIn('class="sortable column-marked_title sorted ascending"', page)

    def test_the_chinese_fields_are_marked_as_chinese_where_they_are_edited(self):
        for address, names in [
            (f"/admin/exchanges/exchange/{self.exchange.pk}/change/", ["title_zh", "summary_zh"]),
            (f"/admin/contributions/submission/{self.submission.pk}/change/", ["title_zh", "summary_zh"]),
            (f"/admin/entities/organisation/{self.organisation.pk}/change/", ["chinese_name"]),
        ]:
            page = squeezed(self.client.get(address))
            for name in names:
                with self.subTest(address=address, name=name):
                    box = re.search(rf'<(input|textarea) [^>]*name="{name}"[^>]*>', page)
                    self.assertIn('lang="zh"', box.group())

    def test_what_a_change_would_alter_marks_its_chinese(self):
        page = squeezed(self.client.get(f"/admin/contributions/submission/{self.change.pk}/change/"))
        self.assertIn('<span lang="zh">大熊猫租借</span>', page)
        self.assertIn('<span lang="zh">大熊猫租借协议</span>', page)

    def test_a_decided_submission_shows_its_chinese_marked(self):
        Submission.objects.filter(pk=self.submission.pk).update(status=Submission.Status.REJECTED)
        page = squeezed(self.client.get(f"/admin/contributions/submission/{self.submission.pk}/change/"))
        self.assertIn('<div lang="zh">友好城市会议</div>', page)
        self.assertEqual(Exchange.objects.count(), 1)
