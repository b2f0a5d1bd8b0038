"""A spreadsheet headed in Chinese (标题, 摘要, 交流日期…), as a Chinese archive writes one, imports as
one headed in English: through the command and the admin's import alike. Two headings for one column
(Title and 标题) are refused with both named, not one read and the other dropped."""

import csv
import io
import json
import re

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.models import Exchange
from exchanges.rows import COLUMNS, match_columns, read_row
from exchanges.values import VOCABULARIES
from tests.contributions.test_import import run, tmp_file

CHINESE_ROW = {
    "标题": "Talks",
    "摘要": "Officials talked.",
    "成果": "An agreement.",
    "交流日期": "1979年1月1日",
    "结束日期": "1979年1月5日",
    "交流类型": "外交",
    "政府": "是",
    "合作伙伴": "北京大学",
    "赞助方": "美国国务院",
    "参与者": "官员",
    "人数": "40",
    "持续": "否",
    "政府级别": "国家级",
    "地点": "北京",
    "来源网址": "https://example.org/talks",
    "备注": "From the archive's folder 12.",
    "中文标题": "会谈",
    "中文摘要": "官员会谈。",
}
ENGLISH_ROW = {
    "Title": "Talks",
    "Summary": "Officials talked.",
    "Outcomes": "An agreement.",
    "Exchange Date": "1979年1月1日",
    "End Date": "1979年1月5日",
    "Type of Exchange": "外交",
    "Government?": "是",
    "Partners": "北京大学",
    "Sponsors": "美国国务院",
    "Participants (Types)": "官员",
    "Number of Participants": "40",
    "Continuing": "否",
    "Level of Government": "国家级",
    "Location": "北京",
    "Source URL": "https://example.org/talks",
    "Notes": "From the archive's folder 12.",
    "Title (Chinese)": "会谈",
    "Summary (Chinese)": "官员会谈。",
}


def csv_text(row):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(row.keys())
    writer.writerow(row.values())
    return out.getvalue()


def chinese_headings():
    """{column: [its Chinese headings]} as columns.csv lists them."""
    with (VOCABULARIES / "columns.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    found = {column: [] for column in COLUMNS}
    for row in rows:
        if re.search(r"[\u4e00-\u9fff]", row["heading"]):
            found[row["column"]].append(row["heading"])
    return found


class ChineseHeadingsTests(SimpleTestCase):
    def test_every_column_has_a_chinese_heading(self):
        self.assertEqual([column for column, headings in chinese_headings().items() if not headings], [])

    def test_every_chinese_heading_reads_its_column(self):
        for column, headings in chinese_headings().items():
            for heading in headings:
                with self.subTest(heading=heading):
                    self.assertEqual(match_columns([heading]), ({heading: column}, []))

    def test_a_row_headed_in_chinese_reads_as_the_same_row_headed_in_english(self):
        chinese, english = read_row(CHINESE_ROW), read_row(ENGLISH_ROW)
        self.assertEqual((chinese.errors, english.errors), ([], []))
        self.assertEqual((chinese.values, chinese.sources), (english.values, english.sources))
        self.assertEqual(chinese.values["notes"], "From the archive's folder 12.")
        self.assertEqual(chinese.values["participant_count"], 40)

    def test_the_shorter_headings_archives_use(self):
        row = read_row(
            {"标题": "T", "摘要": "S", "日期": "1985", "类型": "外交", "来源": "https://example.org/t"}
        )
        self.assertEqual(row.errors, [])
        self.assertEqual((row.values["date"].year, row.values["type"]), (1985, "diplomatic"))
        self.assertEqual(row.sources, [{"citation": "", "url": "https://example.org/t"}])


class ChineseHeadingsImportTests(TestCase):
    def test_the_command_imports_a_file_headed_in_chinese(self):
        code, output = run(tmp_file(self, csv_text(CHINESE_ROW).encode("gbk"), ".csv"))
        self.assertEqual(code, 0, output)
        self.assertNotIn("no Title column", output)
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.title, submission.title_zh, submission.type, submission.participant_count),
            ("Talks", "会谈", "diplomatic", 40),
        )
        self.assertEqual(submission.notes, "From the archive's folder 12.")

    def test_the_command_refuses_two_headings_for_one_column_naming_both(self):
        text = "Title,标题,Summary,Exchange Date\nTalks,会谈,Officials talked.,1979\n"
        code, output = run(tmp_file(self, text.encode(), ".csv"))
        self.assertEqual(code, 2, output)
        self.assertIn("“Title” and “标题” are both the Title column", output)
        self.assertFalse(Submission.objects.exists())

    def test_a_json_line_with_two_labels_for_one_column_is_rejected_naming_both(self):
        lines = [
            {"Title": "Talks", "标题": "会谈", "Summary": "S", "Exchange Date": "1979"},
            {"标题": "More talks", "摘要": "S", "日期": "1980"},
        ]
        text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
        code, output = run(tmp_file(self, text.encode(), ".jsonl"))
        self.assertEqual(code, 1, output)
        self.assertIn("line 1: “Talks”: rejected: “Title” and “标题” are both the Title column", output)
        self.assertEqual(list(Submission.objects.values_list("title", flat=True)), ["More talks"])


class ChineseHeadingsAdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.staff)

    def upload(self, text, encoding="utf-8"):
        return self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("records.csv", text.encode(encoding), "text/csv"),
            },
        )

    def test_the_admin_previews_and_imports_a_file_headed_in_chinese(self):
        response = self.upload(csv_text(CHINESE_ROW), encoding="gbk")
        self.assertNotContains(response, "no Title column")
        self.assertContains(response, "Would be published.")
        confirm = response.context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
        )
        exchange = Exchange.objects.get()
        self.assertEqual((exchange.title, exchange.title_zh, exchange.type), ("Talks", "会谈", "diplomatic"))

    def test_the_admin_refuses_two_headings_for_one_column_naming_both(self):
        response = self.upload("Exchange Date,Title,Summary,日期\n1979,Talks,Officials talked.,1980\n")
        self.assertContains(response, "“Exchange Date” and “日期” are both the Exchange Date column")
        self.assertNotContains(response, "Confirm import")
        self.assertFalse(Exchange.objects.exists())
