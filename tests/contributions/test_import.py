"""manage.py import_exchanges: a file of records, row by row, into the moderation queue or the catalogue."""

import datetime
import io
import json
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import make_exchange

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"
HEADER = "Title,Summary,Government?,Type of Exchange,Exchange Date,Level of Government,Source URL\n"


def run(*args):
    """(exit code, output) of the command, as a shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_exchanges", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue() + err.getvalue()


class ExampleFileTests(TestCase):
    def test_the_messy_example_imports_with_a_readable_report(self):
        code, output = run(str(EXAMPLE))
        self.assertEqual(code, 1, output)
        self.assertIn("Unknown columns, ignored: “Image”", output)
        # A row repeated within the file says which line it repeats: nothing was imported before.
        self.assertIn(
            "line 9: “US calls on China for cooperation”: already imported: It repeats line 2 of the file.",
            output,
        )
        self.assertIn("line 10: (no title): rejected: It has no title.", output)
        self.assertIn(
            "line 16: “Spring festival concert tour”: rejected: Exchange Date “Spring 2010”", output
        )
        self.assertIn("kept for a moderator to complete as", output)
        self.assertIn(
            "16 created (16 waiting for a moderator, 0 published), 1 already imported, 3 rejected.", output
        )
        # The good rows wait in the moderation queue; nothing is public.
        self.assertEqual(Submission.objects.pending().count(), 16)
        self.assertFalse(Exchange.objects.exists())

    def test_values_are_read_the_way_people_write_them(self):
        run(str(EXAMPLE))
        governors = Submission.objects.get(title="Governors meet provincial leaders in Salt Lake City")
        self.assertEqual(
            (governors.government, governors.type, governors.levels, governors.display_date),
            (None, "", [], "April 2013"),
        )
        self.assertEqual(
            governors.partners.splitlines()[1],
            "Chinese People’s Association for Friendship with Foreign Countries",
        )
        dialogue = Submission.objects.get(title="Sixth round of the Strategic and Economic Dialogue")
        self.assertEqual((dialogue.display_date, dialogue.participant_count), ("July 9–10, 2014", 400))
        students = Submission.objects.get(title="Chinese students study in Californian high schools")
        self.assertEqual(
            (students.participant_count, students.participant_count_note), (200, "200 Chinese students")
        )
        mission = Submission.objects.get(title="Governor’s trade mission with federal officials")
        self.assertEqual((mission.levels, mission.type), (["national", "state"], "business"))
        aircraft = Submission.objects.get(title="Aircraft purchase agreement signed")
        self.assertEqual((aircraft.type, aircraft.type_as_recorded), ("other", "Boeing Co."))
        teachers = Submission.objects.get(title="Sister-city exchange of teachers")
        self.assertEqual(teachers.display_date, "c. 1985")
        partnership = Submission.objects.get(title="University partnership on clean energy research")
        self.assertEqual((partnership.type, partnership.display_date), ("education", "2013–2016"))
        fair = Submission.objects.get(title="Trade fair for agricultural products")
        self.assertEqual(len(fair.source_lines()), 2)
        self.assertIn("Imported from example_import.csv, line 18.", fair.note)
        mayors = Submission.objects.get(title="Delegation of mayors visits Chinese cities")
        self.assertIsNone(mayors.date)

    def test_a_second_run_creates_nothing(self):
        run(str(EXAMPLE))
        code, output = run(str(EXAMPLE))
        self.assertIn(
            "0 created (0 waiting for a moderator, 0 published), 17 already imported, 3 rejected.", output
        )
        self.assertEqual(Submission.objects.count(), 16)

    def test_a_dry_run_writes_nothing(self):
        code, output = run(str(EXAMPLE), "--dry-run")
        self.assertIn("nothing is written", output)
        self.assertIn("16 would be created (16 to wait for a moderator, 0 to be published)", output)
        self.assertEqual(code, 1)
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(Exchange.objects.exists())

    def test_a_dry_run_says_what_would_happen_and_names_no_reference(self):
        # A reference printed by a dry run would name a submission that was never stored.
        code, output = run(str(EXAMPLE), "--dry-run")
        self.assertIn(
            "line 4: “Governors meet provincial leaders in Salt Lake City”: would wait for a moderator",
            output,
        )
        self.assertIn("would be kept for a moderator to complete", output)
        self.assertIsNone(re.search(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}\b", output), output)
        self.assertNotIn(" created,", output)

    def test_a_dry_run_of_publish_names_no_address(self):
        code, output = run(str(EXAMPLE), "--publish", "--dry-run")
        self.assertIn("would be published", output)
        self.assertIn("15 to be published", output)
        self.assertNotIn("/exchanges/", output)
        self.assertFalse(Exchange.objects.exists())

    def test_a_windows_1252_file_reads_the_same(self):
        windows = EXAMPLE.read_text(encoding="utf-8").encode("cp1252")
        code, output = run(tmp_file(self, windows, ".csv"))
        self.assertIn("16 created", output)
        self.assertTrue(
            Submission.objects.filter(title="Governor’s trade mission with federal officials").exists()
        )

    def test_the_imported_rows_show_in_the_moderation_queue_with_duplicate_hints(self):
        make_exchange(
            title="US calls on China for cooperation after the summit", date=datetime.date(2014, 7, 14)
        )
        run(str(EXAMPLE))
        moderator = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(moderator)
        queue = self.client.get("/admin/contributions/submission/")
        self.assertContains(queue, "Aircraft purchase agreement signed")
        submission = Submission.objects.get(title="US calls on China for cooperation")
        page = self.client.get(f"/admin/contributions/submission/{submission.pk}/change/")
        self.assertContains(page, "US calls on China for cooperation after the summit")


class PublishTests(TestCase):
    def test_publish_puts_trusted_rows_in_the_catalogue_but_never_a_row_without_a_date(self):
        code, output = run(str(EXAMPLE), "--publish")
        self.assertIn("15 published", output)
        self.assertEqual(Exchange.objects.published().count(), 15)
        self.assertFalse(Exchange.objects.filter(title="Delegation of mayors visits Chinese cities").exists())
        self.assertTrue(
            Submission.objects.filter(title="Delegation of mayors visits Chinese cities").exists()
        )
        page = self.client.get(
            Exchange.objects.get(
                title="Governors meet provincial leaders in Salt Lake City"
            ).get_absolute_url()
        )
        self.assertContains(page, "April 2013")
        self.assertContains(page, "Not recorded")
        # Published rows are known by their source URL the next time.
        code, output = run(str(EXAMPLE), "--publish")
        self.assertIn("0 created", output)
        self.assertEqual(Exchange.objects.count(), 15)

    def test_a_row_without_a_url_is_known_by_title_and_date(self):
        path = tmp_file(
            self, (HEADER + "Panda loan,Two pandas arrived.,No,Cultural,April 2013,,\n").encode(), ".csv"
        )
        run(path, "--publish")
        code, output = run(path, "--publish")
        self.assertIn("line 2: “Panda loan”: already imported", output)
        self.assertEqual((code, Exchange.objects.count()), (0, 1))

    def test_two_exchanges_reported_on_one_page_are_two_rows(self):
        # One readout often reports several exchanges: a shared URL does not make them one.
        rows = (
            'Science agreement,Signed.,Yes,Science / technology,"January 31, 1979",National,'
            "https://example.org/accords\n"
            'Cultural agreement,Signed.,Yes,Cultural,"January 31, 1979",National,'
            "https://example.org/accords\n"
        )
        path = tmp_file(self, (HEADER + rows).encode(), ".csv")
        code, output = run(path, "--publish")
        self.assertEqual((code, Exchange.objects.count()), (0, 2), output)
        code, output = run(path, "--publish")
        self.assertIn("2 already imported", output)
        self.assertEqual(Exchange.objects.count(), 2)


class FileTests(TestCase):
    def test_exit_code_0_when_every_row_is_imported(self):
        path = tmp_file(
            self,
            (
                HEADER + "Talks,Officials talked.,Yes,Diplomatic,1979,National,https://example.org/t\n"
            ).encode(),
            ".csv",
        )
        code, output = run(path)
        self.assertEqual(code, 0, output)

    def test_a_file_that_cannot_be_read_exits_with_2_and_says_why(self):
        cases = [
            (b"Summary,Date\nS,2013\n", "It has no Title column"),
            (b"Title\x00,Summary\n", "NUL bytes"),
            (b"", "The file is empty"),
            # JSON Lines saved as .csv, or exported so by a tool: named for what it is.
            (b'{"Title": "Talks", "Summary": "S"}\n', "It is JSON Lines (one JSON object a line), not CSV"),
            ((HEADER + "T\x81\x8d\x8f,S,,,2013,,\n").encode("latin-1"), "neither UTF-8 nor Windows-1252"),
        ]
        for content, message in cases:
            with self.subTest(message=message):
                code, output = run(tmp_file(self, content, ".csv"))
                self.assertEqual(code, 2)
                self.assertIn(message, output)
        code, output = run("/no/such/file.csv")
        self.assertEqual(code, 2)
        self.assertFalse(Submission.objects.exists())

    def test_a_utf8_file_with_a_byte_order_mark(self):
        path = tmp_file(
            self,
            ("\ufeff" + HEADER + "Talks,Officials talked.,Yes,Diplomatic,1979,National,\n").encode(),
            ".csv",
        )
        code, output = run(path)
        self.assertEqual(code, 0, output)
        self.assertEqual(Submission.objects.get().title, "Talks")

    def test_a_file_whose_lines_end_in_carriage_returns_alone(self):
        # Excel for Mac's "CSV (Macintosh)" ends each line with a CR; a cell may still hold a line break.
        text = HEADER.replace("\n", "\r") + 'Talks,"Officials\rtalked.",Yes,Diplomatic,1979,National,\r'
        code, output = run(tmp_file(self, text.encode("cp1252"), ".csv"))
        self.assertEqual(code, 0, output)
        submission = Submission.objects.get()
        self.assertEqual((submission.title, submission.summary), ("Talks", "Officials\ntalked."))

    def test_a_first_line_naming_the_separator_as_excel_reads_it(self):
        # "sep=;" tells Excel which separator the file uses; the headings are on the next line.
        text = (
            "sep=;\r\n"
            + HEADER.replace(",", ";")
            + "Talks;Officials, talked.;Yes;Diplomatic;1979;National;\n"
        )
        code, output = run(tmp_file(self, text.encode("utf-8-sig"), ".csv"))
        self.assertEqual(code, 0, output)
        self.assertIn("line 3: “Talks”", output)
        submission = Submission.objects.get()
        self.assertEqual((submission.title, submission.summary), ("Talks", "Officials, talked."))

    def test_a_quote_never_closed_rejects_what_it_swallowed_saying_so(self):
        # Read on to the end of the file as one cell: the rows after it vanished without a word, and
        # the row itself, its required cells before the quote, was imported with them as its notes.
        text = (
            "Title,Summary,Exchange Date,Notes\n"
            "Talks,Officials talked.,1979,\n"
            'Visit,A visit.,1980,"Seen in a scrapbook\n'
            "Concert,A concert.,1981,\n"
            "Forum,A forum.,1982,\n"
        )
        code, output = run(tmp_file(self, text.encode(), ".csv"))
        self.assertEqual(code, 1, output)
        self.assertIn(
            'line 3: “Visit”: rejected: Line 3 opens a quotation mark (") that no later line closes',
            output,
        )
        self.assertIn("the rest of the file, to line 5, was read as one cell", output)
        self.assertEqual(list(Submission.objects.values_list("title", flat=True)), ["Talks"])

    def test_headings_with_invisible_characters_a_colon_or_a_space_before_the_question_mark(self):
        # A second byte-order mark (a tool that adds one to text that has one), a zero-width space
        # pasted from a web page, "Type of Exchange:" and the French "Government ?": the file was
        # refused as having no Title column, or the columns ignored as unknown.
        header = "\ufeffTitle,Summary\u200b,Government ?,Type of Exchange:,Exchange Date\n"
        code, output = run(
            tmp_file(
                self, ("\ufeff" + header + "Talks,Officials talked.,Yes,Diplomatic,1979\n").encode(), ".csv"
            )
        )
        self.assertEqual(code, 0, output)
        self.assertNotIn("Unknown columns", output)
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.title, submission.summary, submission.government, submission.type),
            ("Talks", "Officials talked.", True, "diplomatic"),
        )

    def test_a_cell_of_characters_that_show_nothing_is_empty(self):
        # A Summary of a zero-width space, pasted from a web page, looked filled: the row was
        # rejected with the model's "This field cannot be blank." and a title of invisible marks.
        rows = "\u200bTalks\u00ad,\u200b\ufeff,Yes,Diplomatic,1979,National,https://example.org/t\n"
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertIn("line 2: “Talks”: rejected: It has no summary.", output)
        self.assertNotIn("cannot be blank", output)
        self.assertFalse(Submission.objects.exists())

    def test_a_line_of_headings_within_the_file_is_named_as_such(self):
        # Two files joined one after the other: the second's headings were read as a record and
        # rejected for "government?" not being Yes or No and "Exchange Date" being no date.
        rows = "Talks,Officials talked.,Yes,Diplomatic,1979,National,https://example.org/t\n"
        more = "Visit,A visit.,No,Cultural,1980,,https://example.org/v\n"
        code, output = run(tmp_file(self, (HEADER + rows + HEADER + more).encode(), ".csv"))
        self.assertIn(
            "line 3: (no title): rejected: It is a line of column headings, not a record (files joined "
            "one after the other?): if the rows after it give their columns in another order, import "
            "them as a file of their own.",
            output,
        )
        self.assertNotIn("is not Yes, No or empty", output)
        self.assertEqual(sorted(Submission.objects.values_list("title", flat=True)), ["Talks", "Visit"])

    def test_a_misspelt_heading_is_named_with_the_column_it_looks_like(self):
        # "Sumary" and "Exchange Dates" were reported among the unknown columns like any other, and
        # every row rejected as having no summary, or queued without its date, the cells ignored.
        header = "Title,Sumary,Exchange Dates,Locaton,Image\n"
        path = tmp_file(self, (header + "Talks,Officials talked.,1979,Beijing,x.png\n").encode(), ".csv")
        code, output = run(path, "--dry-run")
        self.assertIn(
            "Unknown columns, ignored: “Sumary” (is it Summary? Correct its heading to import it), "
            "“Exchange Dates” (is it Exchange Date? Correct its heading to import it), "
            "“Locaton” (is it Location? Correct its heading to import it), “Image”",
            output,
        )

    def test_a_heading_like_a_column_the_file_has_already_is_no_misspelling(self):
        header = "Title,Summary,Summary 2\n"
        code, output = run(tmp_file(self, (header + "Talks,Officials talked.,x\n").encode(), ".csv"))
        self.assertIn("Unknown columns, ignored: “Summary 2”\n", output)

    def test_a_file_whose_title_heading_is_misspelt_is_refused_naming_it(self):
        path = tmp_file(self, b"Titel,Summary,Date\nTalks,S,2013\n", ".csv")
        code, output = run(path)
        self.assertEqual(code, 2)
        self.assertIn("It has no Title column", output)
        self.assertIn("“Titel” looks like it: correct its heading.", output)

    def test_excels_unicode_text_in_utf16_with_tabs(self):
        header = HEADER.replace(",", "\t").replace("\n", "\tTitle (Chinese)\n")
        row = "Talks\tOfficials talked.\tYes\tDiplomatic\t2019年3月5日至8日\tNational\t\t会谈\n"
        code, output = run(tmp_file(self, (header + row).encode("utf-16"), ".txt"))
        self.assertEqual(code, 0, output)
        submission = Submission.objects.get()
        self.assertEqual((submission.title, submission.title_zh), ("Talks", "会谈"))
        self.assertEqual(submission.display_date, "March 5–8, 2019")

    def test_utf16_without_a_byte_order_mark(self):
        # As some tools write "Unicode" text: refused as holding NUL bytes, "not a text file".
        header = HEADER.replace(",", "\t").replace("\n", "\tTitle (Chinese)\n")
        row = "Talks\tOfficials talked.\tYes\tDiplomatic\t1979\tNational\t\t会谈\n"
        for encoding in ("utf-16-le", "utf-16-be"):
            with self.subTest(encoding):
                Submission.objects.all().delete()
                code, output = run(tmp_file(self, (header + row).encode(encoding), ".txt"))
                self.assertEqual(code, 0, output)
                submission = Submission.objects.get()
                self.assertEqual((submission.title, submission.title_zh), ("Talks", "会谈"))

    def test_json_lines_with_the_same_labels(self):
        lines = [
            {
                "Title": "Talks",
                "Summary": "S",
                "Government?": "Yes",
                "Exchange Date": "June 2023",
                "Colour": "red",
            },
            {"Title": "More talks", "Summary": "S", "Partners": ["A", "B"], "Exchange Date": "2024"},
            "not an object",
        ]
        text = "\n".join(json.dumps(line) for line in lines) + "\n{broken\n"
        code, output = run(tmp_file(self, text.encode(), ".jsonl"))
        self.assertEqual(code, 1)
        self.assertIn("Unknown columns, ignored: “Colour”", output)
        self.assertIn("line 3: (no title): rejected: It is not a JSON object", output)
        self.assertIn("line 4: (no title): rejected: It is not JSON", output)
        self.assertEqual(Submission.objects.get(title="More talks").partners, "A\nB")

    def test_json_lines_keys_get_the_hints_headings_get(self):
        # A key is hinted as a CSV heading is, by the columns of the lines that bring it: "Summary 2"
        # beside "Summary" was told "is it Summary?", as no CSV file with both is.
        lines = [
            {"Title": "Talks", "Summary": "S", "Summary 2": "x", "Exchange Date": "1979", "Locaton": "X"},
            {"Title": "Visit", "Sumary": "A visit.", "Exchange Date": "1980"},
            {"Title": "Tour", "Summary": "S", "Sumary": "y", "Exchange Date": "1981"},
        ]
        text = "".join(json.dumps(line) + "\n" for line in lines)
        code, output = run(tmp_file(self, text.encode(), ".jsonl"), "--dry-run")
        self.assertIn(
            "Unknown columns, ignored: “Summary 2”, "
            "“Locaton” (is it Location? Correct its heading to import it), "
            "“Sumary” (is it Summary? Correct its heading to import it)\n",
            output,
        )
        self.assertIn("line 2: “Visit”: rejected: It has no summary.", output)

    def test_json_lines_whose_whole_numbers_are_written_as_decimals(self):
        # A column of numbers with gaps is one of decimals to pandas and other tools: 40.0, 1985.0.
        line = {"Title": "Talks", "Summary": "S", "Number of Participants": 40.0, "Exchange Date": 1985.0}
        code, output = run(tmp_file(self, (json.dumps(line) + "\n").encode(), ".jsonl"))
        self.assertEqual(code, 0, output)
        submission = Submission.objects.get()
        self.assertEqual((submission.participant_count, submission.date), (40, datetime.date(1985, 1, 1)))
        line["Number of Participants"] = 40.5
        code, output = run(tmp_file(self, (json.dumps(line) + "\n").encode(), ".jsonl"))
        self.assertEqual(code, 1, "a fraction is no number of people")

    def test_an_address_in_chinese_is_reported_as_it_reads(self):
        text = "Title,Summary,Exchange Date\n中美建交,两国建立外交关系。,1979年1月1日\n"
        code, output = run("--publish", tmp_file(self, text.encode(), ".csv"))
        self.assertEqual(code, 0, output)
        self.assertIn("line 2: “中美建交”: published at /exchanges/中美建交/", output)

    def test_a_json_array_is_refused_whole_with_what_to_do(self):
        # What many tools export as .json: one array of objects, over many lines or on one.
        rows = [{"Title": "Talks", "Summary": "S", "Exchange Date": "1985"}]
        for text in [json.dumps(rows, indent=2), json.dumps(rows)]:
            with self.subTest(text=text):
                code, output = run(tmp_file(self, text.encode(), ".json"))
                self.assertEqual(code, 2)
                self.assertIn("It is a JSON array, not JSON Lines", output)
                self.assertNotIn("rejected", output)
        self.assertFalse(Submission.objects.exists())

    def test_a_row_with_text_past_the_last_column_is_named_by_its_title_and_stores_nothing(self):
        rows = (
            "Talks,Officials talked.,Yes,Diplomatic,1979,National,https://example.org/t,\n"  # ignored
            "Visit,Mayors visited.,Yes,Diplomatic,1980,National,https://example.org/v,,2017\n"
        )
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        self.assertIn("line 2: “Talks”: created, waiting for a moderator as", output)
        self.assertIn(
            "line 3: “Visit”: rejected: Line 3 has more cells than the first line has columns "
            "(“2017” lies past the last column)",
            output,
        )
        self.assertEqual(list(Submission.objects.values_list("title", flat=True)), ["Talks"])

    def test_about_either_of_two_and_a_quarter_are_read_as_the_form_reads_them(self):
        rows = (
            "Talks,S,Yes,Diplomatic,abt. 1985,National,https://example.org/a\n"
            "Visit,S,Yes,Diplomatic,1985 or 1986,National,https://example.org/b\n"
            "Tour,S,Yes,Diplomatic,Q1 1979,National,https://example.org/c\n"
            "Fair,S,Yes,Diplomatic,1985 or later,National,https://example.org/d\n"
        )
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        stored = {
            title: (str(date), precision, str(end_date), circa)
            for title, date, precision, end_date, circa in Submission.objects.values_list(
                "title", "date", "date_precision", "end_date", "circa"
            )
        }
        self.assertEqual(
            stored,
            {
                "Talks": ("1985-01-01", "year", "None", True),
                "Visit": ("1985-01-01", "year", "1986-12-31", True),
                "Tour": ("1979-01-01", "month", "1979-03-31", False),
            },
        )
        self.assertIn(
            "“Fair”: rejected: Exchange Date “1985 or later”: “or later” leaves the date open", output
        )

    def test_a_number_of_participants_in_words_is_read_as_the_form_reads_it(self):
        header = HEADER.replace("\n", ",Number of Participants\n")
        rows = (
            "Talks,S,Yes,Diplomatic,1985,National,https://example.org/a,a delegation of thirty\n"
            "Visit,S,Yes,Diplomatic,1986,National,https://example.org/b,两百人\n"
            "Tour,S,Yes,Diplomatic,1987,National,https://example.org/c,200 students and twelve teachers\n"
        )
        code, output = run(tmp_file(self, (header + rows).encode(), ".csv"))
        self.assertEqual(code, 0, output)
        self.assertEqual(
            dict(
                (title, (count, note))
                for title, count, note in Submission.objects.values_list(
                    "title", "participant_count", "participant_count_note"
                )
            ),
            {
                "Talks": (30, "a delegation of thirty"),
                "Visit": (200, "两百人"),
                "Tour": (None, "200 students and twelve teachers"),
            },
        )

    def test_a_bad_row_never_stops_the_file(self):
        rows = "".join(
            f"Row {n},S,{'Perhaps' if n % 3 == 0 else 'Yes'},Diplomatic,{2000 + n},National,\n"
            for n in range(1, 10)
        )
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        self.assertIn("6 created", output)
        self.assertIn("line 4: “Row 3”: rejected: Government?: “perhaps” is not Yes, No or empty.", output)

    def test_the_beginning_of_a_web_address_alone_is_refused_naming_the_row_and_column(self):
        rows = "Talks,Officials talked.,Yes,Diplomatic,2001,National,https://\n"
        rows += "Visit,Mayors visited.,Yes,Diplomatic,2002,National,Xinhua; www.\n"
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"))
        self.assertEqual(code, 1)
        alone = "is only the beginning of a web address"
        self.assertIn(f"line 2: “Talks”: rejected: Source URL: Source line 1: “https://” {alone}", output)
        self.assertIn(f"line 3: “Visit”: rejected: Source URL: Source line 2: “www.” {alone}", output)
        self.assertFalse(Submission.objects.exists())

    def test_an_address_no_reader_can_open_or_a_malformed_one_rejects_its_row_saying_why(self):
        rows = "Talks,Officials talked.,Yes,Diplomatic,2001,National,http://[::1]/\n"
        rows += "Visit,Mayors visited.,Yes,Diplomatic,2002,National,Xinhua http://10.0.0.1/x\n"
        rows += "Tour,A tour.,Yes,Diplomatic,2003,National,http://[::1\n"
        rows += "Fair,A fair.,Yes,Diplomatic,2004,National,https://example.org/fair\n"
        code, output = run(tmp_file(self, (HEADER + rows).encode(), ".csv"), "--publish")
        self.assertEqual(code, 1)
        private = "is on the reader's own computer or a private network, which no reader can open"
        self.assertIn(
            f"line 2: “Talks”: rejected: Source URL: Source line 1: “http://[::1]/” {private}", output
        )
        self.assertIn(
            f"line 3: “Visit”: rejected: Source URL: Source line 1: “http://10.0.0.1/x” {private}", output
        )
        self.assertIn(
            "line 4: “Tour”: rejected: Source URL: Source line 1: the web address is not valid.", output
        )
        self.assertNotIn("only the beginning", output)
        self.assertEqual(list(Exchange.objects.values_list("title", flat=True)), ["Fair"])


def tmp_file(test, content, suffix):
    handle = tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False)
    handle.write(content)
    handle.close()
    test.addCleanup(os.unlink, handle.name)
    return handle.name
