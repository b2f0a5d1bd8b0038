"""Names as an archivist types them into an import: a spouse named beside a leader, a title with
its country and "former" before a name and a form of address after it, an abbreviation of more than
letters, a site "in" a city, a city in a third country, middle initials written with or without."""

import pytest
from django.test import TestCase

from entities.models import Organisation, Person
from entities.names import (
    Participant,
    _given_names,
    _is_group_word,
    _names_a_place,
    _one_word_titles,
    organisation_names,
    split_organisations,
    split_participants,
    split_places,
)
from exchanges.links import names_to_review
from tests.entities.factories import make_person
from tests.factories import make_exchange, make_submission


def people(exchange):
    return list(exchange.person_links.order_by("position").values_list("person__name", "title"))


@pytest.mark.parametrize(
    "line, expected",
    [
        # The spouse after "夫人" is the person; the leader before it is named too.
        ("习近平夫人彭丽媛", [("习近平", ""), ("彭丽媛", "夫人")]),
        ("习近平主席夫人彭丽媛", [("习近平", "主席"), ("彭丽媛", "夫人")]),
        ("美国总统奥巴马夫人米歇尔", [("奥巴马", "美国总统"), ("米歇尔", "夫人")]),
        ("President Xi and his wife Peng Liyuan", [("Xi", "President"), ("Peng Liyuan", "wife")]),
        ("President Obama, his wife Michelle Obama", [("Obama", "President"), ("Michelle Obama", "wife")]),
        ("习近平主席和夫人彭丽媛", [("习近平", "主席"), ("彭丽媛", "夫人")]),
        ("First Lady Peng Liyuan", [("Peng Liyuan", "First Lady")]),
        # A woman's form of address before a family name alone is not her husband's family name.
        ("Mrs. Obama", [("Mrs. Obama", "")]),
        ("Madame Peng", [("Madame Peng", "")]),
        ("Mrs. Michelle Obama", [("Michelle Obama", "Mrs.")]),
    ],
)
def test_a_spouse_is_a_person_of_their_own(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("美国前国务卿基辛格博士", ("基辛格", "美国前国务卿 博士")),
        ("国务卿基辛格博士", ("基辛格", "国务卿 博士")),
        ("美国前总统卡特先生", ("卡特", "美国前总统 先生")),
        ("中国驻美大使崔天凯", ("崔天凯", "中国驻美大使")),
        ("前美国总统卡特", ("卡特", "前美国总统")),
    ],
)
def test_a_title_before_a_chinese_name_and_a_form_of_address_after_it_are_its_role(line, expected):
    assert [(p.name, p.role) for p in split_participants(line)] == [expected]


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "American Chamber of Commerce in China (AmCham China)",
            ("American Chamber of Commerce in China", "", "AmCham China"),
        ),
        (
            "American Chamber of Commerce in Shanghai (AmCham Shanghai)",
            ("American Chamber of Commerce in Shanghai", "", "AmCham Shanghai"),
        ),
        # Words in a bracket that abbreviate nothing stay in the name.
        ("Ford Foundation (Beijing Office)", ("Ford Foundation (Beijing Office)", "", "")),
        ("Asia Society (New York)", ("Asia Society (New York)", "", "")),
    ],
)
def test_an_abbreviation_of_clipped_words_and_whole_ones_is_an_abbreviation(line, expected):
    assert organisation_names(line) == expected


def places(line):
    return [(m.name, m.country, m.country_name, m.parent) for m in split_places(line)]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Peace Hotel in Shanghai", [("Peace Hotel", "CN", "", "Shanghai")]),
        ("the Great Hall of the People in Beijing", [("Great Hall of the People", "CN", "", "Beijing")]),
        ("Carter Center in Atlanta", [("Carter Center", "US", "", "Atlanta")]),
        # No site: "Meeting in Beijing" names no place called "Meeting".
        ("Meeting in Beijing", [("Meeting in Beijing", "", "", "")]),
    ],
)
def test_a_site_in_a_city_lies_in_it(line, expected):
    assert places(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Geneva, Switzerland", [("Geneva", "other", "Switzerland", "")]),
        ("Paris, France", [("Paris", "other", "France", "")]),
        ("Lyon, France", [("Lyon", "other", "France", "")]),
        ("Glasgow, United Kingdom", [("Glasgow", "other", "United Kingdom", "")]),
        ("日内瓦，瑞士", [("Geneva", "other", "Switzerland", "")]),
        # A state of the same name as a country is the state.
        ("Atlanta, Georgia", [("Atlanta", "US", "", "Georgia")]),
    ],
)
def test_a_city_in_a_third_country_is_the_city_in_that_country(line, expected):
    assert places(line) == expected


class SpousesLinkedTests(TestCase):
    def test_a_leader_and_spouse_in_one_chinese_phrase_are_two_people(self):
        exchange = make_exchange(participants="习近平主席夫人彭丽媛")
        self.assertEqual(people(exchange), [("习近平", "主席"), ("彭丽媛", "夫人")])

    def test_mrs_and_a_family_name_is_not_the_person_of_that_family_name(self):
        make_exchange(participants="President Obama")
        exchange = make_exchange(participants="Mrs. Obama")
        self.assertEqual(people(exchange), [("Mrs. Obama", "")])


class ClippedAbbreviationTests(TestCase):
    def test_the_abbreviation_is_an_alias_of_the_organisation(self):
        make_exchange(partners="American Chamber of Commerce in China (AmCham China)")
        exchange = make_exchange(partners="AmCham China")
        self.assertEqual(
            list(exchange.organisation_links.values_list("organisation__name", flat=True)),
            ["American Chamber of Commerce in China"],
        )
        self.assertEqual(Organisation.objects.count(), 1)


class ThirdCountryLinkedTests(TestCase):
    def test_a_city_in_a_third_country_is_linked_in_it(self):
        exchange = make_exchange(location="Lyon, France")
        self.assertEqual(
            list(exchange.place_links.values_list("place__name", "place__country", "place__country_name")),
            [("Lyon", "other", "France")],
        )


class MiddleInitialsTests(TestCase):
    def test_initials_spaced_otherwise_are_the_same_person(self):
        bush = make_person("George H. W. Bush")
        exchange = make_exchange(participants="George H.W. Bush")
        self.assertEqual(people(exchange), [("George H. W. Bush", "")])
        self.assertEqual(Person.objects.count(), 1)
        self.assertIn("George H.W. Bush", bush.aliases.values_list("name", flat=True))

    def test_a_name_without_its_middle_initial_is_the_person_with_it(self):
        make_person("Jacob J. Lew")
        self.assertEqual(people(make_exchange(participants="Jacob Lew")), [("Jacob J. Lew", "")])
        make_person("Kurt M. Campbell")
        self.assertEqual(people(make_exchange(participants="Kurt Campbell")), [("Kurt M. Campbell", "")])
        self.assertEqual(Person.objects.count(), 2)

    def test_a_name_without_initials_that_people_of_other_initials_share_is_neither_of_theirs(self):
        # George H. W. Bush and George W. Bush are both in chinese_names.csv.
        make_person("George H. W. Bush")
        exchange = make_exchange(participants="George Bush")
        self.assertEqual(people(exchange), [("George Bush", "")])
        self.assertEqual(people(make_exchange(participants="George W. Bush")), [("George W. Bush", "")])
        self.assertEqual(Person.objects.count(), 3)

    def test_the_moderator_sees_the_person_a_name_without_initials_will_be_linked_to(self):
        lew = make_person("Jacob J. Lew")
        make_person("George H. W. Bush")
        review = names_to_review(make_submission(participants="Jacob Lew\nGeorge Bush"))
        people = [(row.name, row.known) for row in review if row.kind == "person"]
        self.assertEqual(people, [("Jacob Lew", lew), ("George Bush", None)])

    def test_other_initials_are_another_person(self):
        make_person("John A. Smith")
        self.assertEqual(people(make_exchange(participants="John B. Smith")), [("John B. Smith", "")])


class SiteLinkedTests(TestCase):
    def test_a_site_in_a_city_places_the_exchange_in_the_city_too(self):
        exchange = make_exchange(location="Peace Hotel in Shanghai")
        linked = exchange.place_links.order_by("-direct", "place__name")
        self.assertEqual(
            list(linked.values_list("place__name", "place__parent__name", "direct")),
            [("Peace Hotel", "Shanghai", True), ("Shanghai", None, False)],
        )


class SiteInBracketsLinkedTests(TestCase):
    def test_a_site_in_brackets_after_a_city_places_the_exchange_in_both(self):
        exchange = make_exchange(location="Beijing (Great Hall of the People)")
        linked = exchange.place_links.order_by("-direct", "place__name")
        self.assertEqual(
            list(linked.values_list("place__name", "place__parent__name", "direct")),
            [("Great Hall of the People", "Beijing", True), ("Beijing", None, False)],
        )


class TitledChineseNameLinkedTests(TestCase):
    def test_a_known_foreign_family_name_between_a_title_and_a_form_of_address_is_that_person(self):
        make_person("Henry Kissinger", chinese_name="亨利·基辛格", aliases=["基辛格"])
        exchange = make_exchange(participants="美国前国务卿基辛格博士")
        self.assertEqual(people(exchange), [("Henry Kissinger", "美国前国务卿 博士")])


@pytest.mark.parametrize(
    "line, expected",
    [
        # "et al.": others, unnamed, after the people named.
        ("Henry Kissinger et al.", [("Henry Kissinger", ""), "et al."]),
        ("Secretary Blinken et al.", [("Blinken", "Secretary"), "et al."]),
        # Two people with their titles joined by 和, not one with the other's name in the role.
        ("中国国家主席习近平和美国总统拜登", [("习近平", "中国国家主席"), ("拜登", "美国总统")]),
        ("中华人民共和国主席习近平", [("习近平", "中华人民共和国主席")]),
        # Two titles joined by "and" after a name are its role.
        (
            "Wang Yi (王毅), State Councilor and Foreign Minister",
            [("Wang Yi", "State Councilor and Foreign Minister")],
        ),
        ("USTR Robert Lighthizer", [("Robert Lighthizer", "USTR")]),
    ],
)
def test_participants_as_an_archivist_types_them(line, expected):
    read = [
        (item.name, item.role) if isinstance(item, Participant) else item for item in split_participants(line)
    ]
    assert read == expected


def test_et_al_after_organisations_is_no_name():
    assert split_organisations("The Asia Foundation, et al.") == ["The Asia Foundation"]


@pytest.mark.parametrize(
    "line, expected",
    [
        # The abbreviation and the Chinese name in one bracket, either first, parted as people part them.
        (
            "Chinese Academy of Social Sciences (CASS, 中国社会科学院)",
            ("Chinese Academy of Social Sciences", "中国社会科学院", "CASS"),
        ),
        ("Peking University (北京大学; PKU)", ("Peking University", "北京大学", "PKU")),
        ("Tsinghua University（THU，清华大学）", ("Tsinghua University", "清华大学", "THU")),
        ("Ministry of Commerce (MOFCOM / 商务部)", ("Ministry of Commerce", "商务部", "MOFCOM")),
        ("Tsinghua University（THU／清华大学）", ("Tsinghua University", "清华大学", "THU")),
        # A bracket of two that are not a name's abbreviation and its Chinese stays in the name.
        ("Asia Society (New York, 纽约)", ("Asia Society (New York, 纽约)", "", "")),
        ("Peking University (Beijing, Haidian)", ("Peking University (Beijing, Haidian)", "", "")),
    ],
)
def test_an_abbreviation_and_a_chinese_name_in_one_bracket(line, expected):
    assert organisation_names(line) == expected


class OneBracketLinkedTests(TestCase):
    def test_a_semicolon_inside_a_bracket_parts_no_organisations(self):
        partners = "Peking University (PKU; 北京大学)\nFord Foundation; Luce Foundation"
        exchange = make_exchange(partners=partners)
        linked = exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True)
        self.assertEqual(list(linked), ["Peking University", "Ford Foundation", "Luce Foundation"])
        university = Organisation.objects.get(name="Peking University")
        self.assertEqual(university.chinese_name, "北京大学")
        self.assertEqual(list(university.aliases.values_list("name", flat=True)), ["PKU"])

    def test_a_slash_inside_a_bracket_parts_no_organisations(self):
        # "Ministry of Commerce (MOFCOM" and "商务部)" were two organisations, as the slash between
        # two organisations ("University of Virginia / Peking University") parts them.
        partners = (
            "Ministry of Commerce (MOFCOM / 商务部)\nPeking University (PKU、北大) / Tsinghua University"
        )
        exchange = make_exchange(partners=partners)
        linked = exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True)
        self.assertEqual(list(linked), ["Ministry of Commerce", "Peking University", "Tsinghua University"])
        ministry = Organisation.objects.get(name="Ministry of Commerce")
        self.assertEqual(ministry.chinese_name, "商务部")
        self.assertEqual(list(ministry.aliases.values_list("name", flat=True)), ["MOFCOM"])
        self.assertEqual(split_organisations("A (x / y) / B"), ["A (x / y)", "B"])

    def test_the_moderator_sees_one_organisation_as_written_before_approving(self):
        line = "Chinese Academy of Social Sciences (CASS；中国社会科学院)"
        exchange = make_exchange(partners=line, status="draft")
        review = [(entry.kind, entry.name) for entry in names_to_review(exchange)]
        self.assertEqual(review, [("organisation", line)])


@pytest.mark.parametrize(
    "line, expected",
    [
        # A site, or a place inside it, in a bracket after a known place: where in that place.
        ("Beijing (Great Hall of the People)", [("Great Hall of the People", "CN", "", "Beijing")]),
        ("Atlanta (Carter Center)", [("Carter Center", "US", "", "Atlanta")]),
        ("Shanghai（Peace Hotel）", [("Peace Hotel", "CN", "", "Shanghai")]),
        ("Beijing, China (Diaoyutai Guesthouse)", [("Diaoyutai Guesthouse", "CN", "", "Beijing")]),
        # Any other bracket is as before: a place of that name elsewhere, say.
        ("Georgia (country)", [("Georgia (country)", "", "", "")]),
    ],
)
def test_a_site_in_brackets_after_a_city_lies_in_it(line, expected):
    assert places(line) == expected


@pytest.mark.parametrize(
    "line, plain",
    [
        # A bracket saying how it was held, not where: the places are read as without it.
        ("Beijing (by video)", "Beijing"),
        ("Washington and Beijing (video call)", "Washington and Beijing"),
        ("Washington, DC and Beijing (by phone)", "Washington, DC and Beijing"),
        ("Washington, D.C. (virtual meeting)", "Washington, D.C."),
        ("Beijing (online)", "Beijing"),
        ("北京（视频会议）", "北京"),
        ("Virtual (Washington and Beijing)", "Washington and Beijing"),
        ("By telephone (Beijing and Palm Beach/Washington)", "Beijing and Palm Beach/Washington"),
        ("Beijing [video]", "Beijing"),
        # Before the places, with a colon, a comma or "between".
        ("Phone call between Washington and Beijing", "Washington and Beijing"),
        ("By phone: Beijing and Washington", "Beijing and Washington"),
        ("Video conference, Beijing and Washington", "Beijing and Washington"),
        # Two known places joined by a dash, as a call's two ends are written.
        ("Washington-Beijing", "Washington and Beijing"),
        ("Telephone (Beijing–Washington)", "Beijing and Washington"),
    ],
)
def test_how_it_was_held_in_brackets_is_no_place(line, plain):
    assert places(line) == places(plain) != []
    assert all(country for _name, country, _country_name, _parent in places(line))


def test_a_bracket_that_may_say_which_place_is_not_how_it_was_held():
    assert places("Georgia (country)") == [("Georgia (country)", "", "", "")]
    # A dash inside a place's own name, or between words that are no known places, stays.
    assert places("Winston-Salem, North Carolina") == [("Winston-Salem", "US", "", "North Carolina")]


@pytest.mark.parametrize(
    "line, plain",
    [
        # A bracket adding a place to those before it.
        ("Beijing, Shanghai and Guangzhou (and Tokyo)", "Beijing, Shanghai and Guangzhou and Tokyo"),
        ("Beijing (and Shanghai)", "Beijing and Shanghai"),
        ("Washington, DC (as well as New York)", "Washington, DC and New York"),
    ],
)
def test_a_bracket_adding_places_adds_them(line, plain):
    assert places(line) == places(plain)
    assert all(known for known in (mention.known for mention in split_places(line)))


@pytest.mark.parametrize(
    "line, plain",
    [
        # A note in a bracket after a known place, naming no place the catalogue knows: the place.
        ("Beijing (Haidian)", "Beijing"),
        ("Beijing (APEC)", "Beijing"),
        ("Beijing, China (APEC summit)", "Beijing, China"),
        ("Shenzhen (Special Economic Zone)", "Shenzhen"),
        ("Washington (Federal District)", "Washington"),
        ("Cambridge (MIT)", "Cambridge"),
        ("Beijing (1979)", "Beijing"),
        ("Beijing (海淀)", "Beijing"),
        # So in a list of places, after any of them.
        ("Beijing and Shanghai (APEC)", "Beijing and Shanghai"),
        ("Beijing (APEC) and Shanghai", "Beijing and Shanghai"),
        ("Washington, DC (White House) and Beijing", "White House and Beijing"),
        # A district of a city in China, in a bracket after it or after it with a comma, as Chinese
        # addresses go from the largest place down: the district, in that city.
        ("Tianjin (Binhai New Area)", "Binhai New Area, Tianjin"),
        ("Beijing (Haidian District)", "Haidian District, Beijing"),
        ("Beijing, Haidian District", "Haidian District, Beijing"),
        ("Chongqing (Fengjie County)", "Fengjie County, Chongqing"),
        ("Guangdong, Shenzhen, Nanshan District", "Nanshan District, Shenzhen, Guangdong"),
    ],
)
def test_a_bracket_or_a_district_after_a_known_place_leaves_it_linked(line, plain):
    assert places(line) == places(plain)
    assert all(country for _name, country, _country_name, _parent in places(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        # Which place of a name is meant, or another known place: either might be; as written.
        ("Georgia (country)", [("Georgia (country)", "", "", "")]),
        ("上海 (Beijing)", [("上海 (Beijing)", "", "", "")]),
        # Largest first only in China: Orange County is not in Los Angeles.
        (
            "Los Angeles, Orange County",
            [("Los Angeles", "US", "", "California"), ("Orange County", "", "", "")],
        ),
        # A district word alone, or not capitalised, names no district.
        ("Beijing, the new district", [("Beijing", "CN", "", ""), ("new district", "", "", "")]),
    ],
)
def test_a_bracket_saying_which_place_or_a_district_elsewhere_is_as_written(line, expected):
    assert places(line) == expected


class BracketAfterAPlaceLinkedTests(TestCase):
    def test_the_place_is_linked_in_the_text_and_the_bracket_kept(self):
        exchange = make_exchange(location="Beijing (APEC)")
        self.assertEqual(list(exchange.place_links.values_list("place__name", "direct")), [("Beijing", True)])
        page = self.client.get(exchange.get_absolute_url())
        self.assertContains(page, '<a href="/places/beijing/">Beijing</a> (APEC)', html=False)

    def test_a_district_in_brackets_lies_in_its_city(self):
        exchange = make_exchange(location="Tianjin (Binhai New Area)")
        linked = exchange.place_links.order_by("-direct", "place__name")
        self.assertEqual(
            list(linked.values_list("place__name", "place__parent__name", "place__country", "direct")),
            [("Binhai New Area", "Tianjin", "CN", True), ("Tianjin", None, "CN", False)],
        )


@pytest.mark.parametrize(
    "line, plain",
    [
        # Vague words naming no place: the country or the known place among them, or none.
        ("Various U.S. cities", "United States"),
        ("Various cities, United States", "United States"),
        ("Several Chinese cities", "China"),
        ("Multiple locations, China", "China"),
        ("Cities across China", "China"),
        ("Across the United States", "United States"),
        ("Nationwide (China)", "China"),
        ("Various cities in Guangdong", "Guangdong"),
        ("Beijing and other Chinese cities", "Beijing and China"),
        ("Washington, DC and other U.S. cities", "Washington, DC and United States"),
        ("Various cities in Japan", "Japan"),
        ("Various locations", ""),
        ("Beijing and other cities", "Beijing"),
        # Two countries after one another, neither qualifying a place: both.
        ("United States, China", "United States and China"),
    ],
)
def test_vague_words_name_the_country_or_place_among_them(line, plain):
    assert places(line) == places(plain)


@pytest.mark.parametrize(
    "line, expected",
    [
        # Without a vague word, or with any other word left, a part is as written.
        ("Kansas City, Missouri", [("Kansas City", "US", "", "Missouri")]),
        ("Mexico City", [("Mexico City", "", "", "")]),
        ("Twin Cities, Minnesota", [("Twin Cities", "US", "", "Minnesota")]),
        ("Sites in Beijing", [("Sites in Beijing", "", "", "")]),
        # A country after a place still says where the place is.
        ("Lyon, France", [("Lyon", "other", "France", "")]),
    ],
)
def test_a_part_with_other_words_than_vague_ones_is_as_written(line, expected):
    assert places(line) == expected


class VagueLocationLinkedTests(TestCase):
    def test_the_country_is_linked_and_the_list_filters_by_it(self):
        exchange = make_exchange(location="Various U.S. cities")
        self.assertEqual(
            list(exchange.place_links.values_list("place__name", "place__country")), [("United States", "US")]
        )
        self.assertContains(self.client.get("/exchanges/", {"country": "us"}), exchange.title)
        self.assertNotContains(self.client.get("/exchanges/", {"country": "cn"}), exchange.title)


@pytest.mark.parametrize(
    "line, expected",
    [
        # A form of address of official letters and programmes: the person, the form in the role.
        ("The Honorable Gina Raimondo", [("Gina Raimondo", "The Honorable")]),
        ("Honorable Gina Raimondo", [("Gina Raimondo", "Honorable")]),
        ("The Honourable Kevin Rudd", [("Kevin Rudd", "The Honourable")]),
        (
            "The Honorable Gina Raimondo, Secretary of Commerce",
            [("Gina Raimondo", "The Honorable, Secretary of Commerce")],
        ),
        # Before another title, as "H.E. Ambassador" was read: not a person called "President Xi Jinping".
        ("His Excellency President Xi Jinping", [("Xi Jinping", "His Excellency President")]),
        ("Her Excellency Ambassador Jane Doe", [("Jane Doe", "Her Excellency Ambassador")]),
        ("His Excellency Xi Jinping", [("Xi Jinping", "His Excellency")]),
        # "his" still ends a title's qualifier elsewhere.
        (
            "President Xi Jinping and his wife Peng Liyuan",
            [("Xi Jinping", "President"), ("Peng Liyuan", "wife")],
        ),
    ],
)
def test_a_form_of_address_before_a_name_or_a_title_is_the_roles(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        # "King" after given names is a family name: the person, not the title "King" alone.
        ("Larry King", [("Larry King", "")]),
        ("Thomas P. King", [("Thomas P. King", "")]),
        ("Billie Jean King", [("Billie Jean King", "")]),
        ("Kevin King, Gary Locke", [("Kevin King", ""), ("Gary Locke", "")]),
        ("Minister Song Xinchun, Kevin King", [("Song Xinchun", "Minister"), ("Kevin King", "")]),
        # Before a name, or with an office's or a country's word, it is the title.
        ("King Juan Carlos of Spain", [("Juan Carlos", "King of Spain")]),
        ("Saudi King Salman", [("Salman", "Saudi King")]),
        (
            "Jordanian King Abdullah II and Queen Rania",
            [("Abdullah II", "Jordanian King"), ("Rania", "Queen")],
        ),
    ],
)
def test_king_after_given_names_is_a_family_name(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        # "Dean", "Judge", "Singer"... after given names (given_names.txt) are family names.
        ("Howard Dean", [("Howard Dean", "")]),
        ("Howard B. Dean", [("Howard B. Dean", "")]),
        ("Paul Judge", [("Paul Judge", "")]),
        ("Peter Singer", [("Peter Singer", "")]),
        ("Gary Player", [("Gary Player", "")]),
        ("Robert Chancellor", [("Robert Chancellor", "")]),
        # First on the line: the names after it are people too, as after any person.
        ("Howard Dean, Gary Locke", [("Howard Dean", ""), ("Gary Locke", "")]),
        ("Howard Dean and Gary Locke", [("Howard Dean", ""), ("Gary Locke", "")]),
        ("Gary Locke, Howard Dean", [("Gary Locke", ""), ("Howard Dean", "")]),
        ("Former Governor Howard Dean", [("Howard Dean", "Former Governor")]),
    ],
)
def test_a_title_that_is_a_family_name_after_given_names_is_a_person(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        # A name standing alone, then "of" and where its holder is from or works: the person, the
        # rest their role, as after a title ("Mayor James Conway of St. Louis").
        ("Howard Dean of Vermont", [("Howard Dean", "of Vermont")]),
        ("Henry Kissinger of Harvard University", [("Henry Kissinger", "of Harvard University")]),
        (
            "Jack Ma of Alibaba, Henry Paulson of Goldman Sachs",
            [("Jack Ma", "of Alibaba"), ("Henry Paulson", "of Goldman Sachs")],
        ),
        ("J. Stapleton Roy of Kissinger Associates", [("J. Stapleton Roy", "of Kissinger Associates")]),
        ("Gary Locke of Washington, Zhou Enlai", [("Gary Locke", "of Washington"), ("Zhou Enlai", "")]),
        # After a person it is another person, not the first one's role ("Dean of Vermont").
        ("Zhou Enlai, Howard Dean of Vermont", [("Zhou Enlai", ""), ("Howard Dean", "of Vermont")]),
        ("Xi Jinping and Howard Dean of Vermont", [("Xi Jinping", ""), ("Howard Dean", "of Vermont")]),
        ("Jerry Brown of California and Xi Jinping", [("Jerry Brown", "of California"), ("Xi Jinping", "")]),
        # "and" within the company's name, when what follows it is no one.
        ("Tom Smith of Procter and Gamble", [("Tom Smith", "of Procter and Gamble")]),
        (
            "Governor Terry Branstad of Iowa, Gary Locke of Washington",
            [("Terry Branstad", "Governor of Iowa"), ("Gary Locke", "of Washington")],
        ),
    ],
)
def test_a_name_alone_with_where_its_holder_is_from_is_a_person(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


@pytest.mark.parametrize(
    "line, expected",
    [
        # A Chinese name in pinyin (a family name of romanised_family_names.txt, a given name of
        # pinyin syllables) likewise.
        ("Wang Yi of China", [("Wang Yi", "of China")]),
        ("Li Keqiang of Hebei", [("Li Keqiang", "of Hebei")]),
        ("Yang Jiechi of the CPC Central Committee", [("Yang Jiechi", "of the CPC Central Committee")]),
        ("Deng Xiao-ping of China", [("Deng Xiao-ping", "of China")]),
        ("Ouyang Xiu of Luling", [("Ouyang Xiu", "of Luling")]),
        (
            "Zhou Enlai, Wang Huning of the Politburo",
            [("Zhou Enlai", ""), ("Wang Huning", "of the Politburo")],
        ),
        ("He Yafei of China and Jerry Brown", [("He Yafei", "of China"), ("Jerry Brown", "")]),
        # A family name before words that are no pinyin is no one's name.
        ("Song Dynasty of China", []),
        ("Long Island of New York", []),
        ("Han Chinese of Xinjiang", []),
        ("Tang Poets of China", []),
        # Nor is a given name written otherwise ("jeou" is Wade-Giles; pinyin writes a syllable
        # without an initial inside a word after an apostrophe): as before, text.
        ("Ma Ying-jeou of Taiwan", []),
        # An unknown family name stays text, as an unknown given name does ("Bill Gates of Microsoft").
        ("Nixon Yi of China", []),
    ],
)
def test_a_chinese_name_in_pinyin_alone_with_where_its_holder_is_from_is_a_person(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected


def test_the_romanised_family_names_are_pinyin():
    # A typo in the vocabulary ("zhnag") would read no name and say nothing: each is syllables.
    from entities.names import _PINYIN_GIVEN_NAME, _romanised_family_names

    names = _romanised_family_names()
    assert len(names) > 100 and {"wang", "li", "zhang", "ouyang"} <= names
    assert [name for name in names if not _PINYIN_GIVEN_NAME.fullmatch(name)] == []


@pytest.mark.parametrize(
    "line, expected",
    [
        # The role after a person is still theirs: a title alone is no one's name.
        ("Zhou Enlai, Secretary of State", [("Zhou Enlai", "Secretary of State")]),
        ("Zhou Enlai, Vice Minister of Culture", [("Zhou Enlai", "Vice Minister of Culture")]),
        ("Xi Jinping, General Secretary of the CPC", [("Xi Jinping", "General Secretary of the CPC")]),
        ("Zhou Enlai, Deputy Chief of Mission", [("Zhou Enlai", "Deputy Chief of Mission")]),
        # Scholars' and firms' titles likewise ("Fellow", "Scholar", "Partner" with their qualifiers).
        (
            "Zhou Enlai, Senior Fellow of the Brookings Institution",
            [("Zhou Enlai", "Senior Fellow of the Brookings Institution")],
        ),
        ("Li Ming, Visiting Scholar of Harvard", [("Li Ming", "Visiting Scholar of Harvard")]),
        (
            "Tom Brown, Managing Partner of Goldman Sachs",
            [("Tom Brown", "Managing Partner of Goldman Sachs")],
        ),
        # A role no title of roles.txt begins, after a name: no one, as it begins with no given name.
        ("Kurt Campbell, Asia Hand of the NSC", [("Kurt Campbell", "")]),
        ("Zhou Enlai, Honorary Citizen of Shanghai", [("Zhou Enlai", "")]),
        # What follows "of" in lower case is not where anyone is from.
        ("Howard Dean of Vermont and students", [("Howard Dean", "of Vermont")]),
        ("Howard Dean of vermont", []),
        # Organisations, groups and places named with "of" are no one.
        ("Bank of America", []),
        ("University of Michigan", []),
        ("Students of Beijing University", []),
        ("United States of America", []),
        ("People's Republic of China", []),
        ("Young Pioneers of China", []),
        ("Flying Tigers of China", []),
        ("Boston Symphony of Boston", []),
        ("Zhou Enlai, Terracotta Warriors", [("Zhou Enlai", "")]),
    ],
)
def test_a_role_or_a_group_with_of_is_no_one(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # Scholars', writers' and firms' titles after a name are the person's role, not a person
        # of two capitalised words ("Senior Fellow") nor a title before a name ("Chief Economist").
        ("Zhou Enlai, Senior Fellow", [("Zhou Enlai", "Senior Fellow")]),
        (
            "Elizabeth Economy, Senior Fellow for China Studies",
            [("Elizabeth Economy", "Senior Fellow for China Studies")],
        ),
        ("Zhou Enlai, Visiting Scholar", [("Zhou Enlai", "Visiting Scholar")]),
        ("Zhou Enlai, Fulbright Scholar", [("Zhou Enlai", "Fulbright Scholar")]),
        ("Zhou Enlai, Managing Partner", [("Zhou Enlai", "Managing Partner")]),
        ("Zhou Enlai, Chief Economist", [("Zhou Enlai", "Chief Economist")]),
        ("Zhou Enlai, Graduate Student", [("Zhou Enlai", "Graduate Student")]),
        ("Zhou Enlai, Research Associate", [("Zhou Enlai", "Research Associate")]),
        ("Jane Doe, Historian", [("Jane Doe", "Historian")]),
        ("Jane Doe, Senior Lecturer", [("Jane Doe", "Senior Lecturer")]),
        # "Emeritus" is no one's name: the role is the professor's.
        ("Zhou Enlai, Professor Emeritus", [("Zhou Enlai", "Professor Emeritus")]),
        ("Professor Emeritus Ezra Vogel", [("Ezra Vogel", "Professor Emeritus")]),
        # "of the" and two words after a title is where the holder works, no one called "Brookings
        # Institution"; a word before the name still parts them ("of Boeing John Smith").
        (
            "Zhou Enlai, Director of the Brookings Institution",
            [("Zhou Enlai", "Director of the Brookings Institution")],
        ),
        ("Zhou Enlai, President of the Goldman Sachs", [("Zhou Enlai", "President of the Goldman Sachs")]),
        ("Director of Boeing John Smith", [("John Smith", "Director of Boeing")]),
        ("Chairman of the Joint Staff John F. Smith", [("John F. Smith", "Chairman of the Joint Staff")]),
        # The titles still come before names, one person each in the plural.
        ("Senior Fellow Elizabeth Economy", [("Elizabeth Economy", "Senior Fellow")]),
        ("Students Zhang Wei and Li Na", [("Zhang Wei", "Student"), ("Li Na", "Student")]),
        # Emissaries', clergy's and professions' titles likewise, after a name or before it.
        ("Zhou Enlai, Goodwill Emissary", [("Zhou Enlai", "Goodwill Emissary")]),
        (
            "Zhou Enlai, Goodwill Emissary of the Red Cross",
            [("Zhou Enlai", "Goodwill Emissary of the Red Cross")],
        ),
        ("Kurt Campbell, Asia Czar of the NSC", [("Kurt Campbell", "Asia Czar of the NSC")]),
        ("Jack Ma, Entrepreneur", [("Jack Ma", "Entrepreneur")]),
        ("Bill Gates, Philanthropist", [("Bill Gates", "Philanthropist")]),
        ("I. M. Pei, Architect", [("I. M. Pei", "Architect")]),
        ("Dr. Edgar Liong, the zoo's Chinese liaison", [("Edgar Liong", "Dr., the zoo's Chinese liaison")]),
        ("Bishop Desmond Tutu", [("Desmond Tutu", "Bishop")]),
        ("Abbot Shi Yongxin", [("Shi Yongxin", "Abbot")]),
        ("Designer Vera Wang", [("Vera Wang", "Designer")]),
        # Leaders', members' and helpers' titles: "Tour Guide" and "Senior Aide" were people.
        ("Jane Doe, Tour Guide", [("Jane Doe", "Tour Guide")]),
        ("Jane Doe, Senior Aide", [("Jane Doe", "Senior Aide")]),
        ("Jane Doe, Trip Organizer", [("Jane Doe", "Trip Organizer")]),
        ("Jane Doe, Team Leader", [("Jane Doe", "Team Leader")]),
        ("Jane Doe, Board Member", [("Jane Doe", "Board Member")]),
        ("Jane Doe, Principal of Lincoln High School", [("Jane Doe", "Principal of Lincoln High School")]),
        ("Supreme Leader Kim Jong Un", [("Kim Jong Un", "Supreme Leader")]),
        ("Nurse Jane Doe", [("Jane Doe", "Nurse")]),
        # Longer titles still win: "Principal" before them is their qualifier.
        (
            "Principal Deputy Assistant Secretary of State John Smith",
            [("John Smith", "Principal Deputy Assistant Secretary of State")],
        ),
        # And groups of them are no one.
        ("Bishop Museum", []),
        ("Investor delegation", []),
        ("Youth Leaders of China", []),
        ("Members of the Politburo", []),
        ("Volunteers of America", []),
        ("Student leaders", []),
        ("Observers from the United Nations", []),
        ("Visiting Scholars", []),
        ("Fulbright scholars from Peking University", []),
        ("Students of Beijing University", []),
    ],
)
def test_a_scholars_a_firms_or_a_professions_title_is_the_role(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected


@pytest.mark.parametrize(
    "line",
    [
        "Chinese King",
        "former King",
        "Disney Chairman",
        "Harvard Dean",
        # After anything but given names, such a title is a role: of a school, a court, a country,
        # a state.
        "Yale Dean",
        "Law School Dean",
        "Supreme Court Judge",
        "Opera Singer",
        "German Chancellor",
        "Georgia Judge",
        # A nationality of any country before "King" (nationality_words.txt), as before "Chinese".
        "Saudi King",
        "Spanish King",
        "Thai King",
        "South Korean King",
        "Danish King and Queen",
    ],
)
def test_a_title_after_a_qualifier_alone_is_no_one(line):
    assert split_participants(line) == [line]


@pytest.mark.parametrize(
    "line, expected",
    [
        # Commas between organisations, each side naming one: each.
        (
            "Harvard University, Peking University, and Tsinghua University",
            ["Harvard University", "Peking University", "Tsinghua University"],
        ),
        (
            "National Committee on U.S.-China Relations, "
            "Chinese People's Association for Friendship with Foreign Countries (CPAFFC)",
            [
                "National Committee on U.S.-China Relations",
                "Chinese People's Association for Friendship with Foreign Countries (CPAFFC)",
            ],
        ),
        ("Brookings Institution, Tsinghua University", ["Brookings Institution", "Tsinghua University"]),
        # "Group" names an organisation as "Company" does.
        ("Walt Disney Company, Shanghai Shendi Group", ["Walt Disney Company", "Shanghai Shendi Group"]),
        ("Walt Disney Company and Shanghai Shendi Group", ["Walt Disney Company", "Shanghai Shendi Group"]),
        ("Working Group on Trade and Investment", ["Working Group on Trade and Investment"]),
        # A comma inside a name, before a place or after a person's name, or between a unit and
        # what it is part of: one.
        ("University of California, Berkeley", ["University of California, Berkeley"]),
        ("Ministry of Education (MOE), PRC", ["Ministry of Education (MOE), PRC"]),
        ("Smith, Jones and Partners LLP", ["Smith, Jones and Partners LLP"]),
        ("Department of Physics, Peking University", ["Department of Physics, Peking University"]),
        ("Institute of Politics, Harvard Kennedy School", ["Institute of Politics, Harvard Kennedy School"]),
        (
            "Chinese Academy of Sciences, Institute of Physics",
            ["Chinese Academy of Sciences, Institute of Physics"],
        ),
        ("Boeing, Airbus", ["Boeing, Airbus"]),
        # A unit's name with "and" in it, before what it is part of: one still, not parted at the
        # "and" ("Institute of Science" and "Technology, Chinese Academy of Sciences").
        (
            "Institute of Science and Technology, Chinese Academy of Sciences",
            ["Institute of Science and Technology, Chinese Academy of Sciences"],
        ),
        (
            "Department of International Cooperation and Exchanges, Ministry of Education",
            ["Department of International Cooperation and Exchanges, Ministry of Education"],
        ),
        (
            "College of Agriculture and Life Sciences, Cornell University and Ministry of Agriculture",
            ["College of Agriculture and Life Sciences, Cornell University", "Ministry of Agriculture"],
        ),
        # "and" between two organisations next to it still parts them.
        (
            "Harvard University and Peking University, School of Law",
            ["Harvard University", "Peking University, School of Law"],
        ),
    ],
)
def test_commas_part_organisations_only_between_organisations(line, expected):
    assert split_organisations(line) == expected


def test_a_chinese_name_with_a_groups_english_name_in_brackets_is_the_group():
    assert organisation_names("上海申迪集团 (Shanghai Shendi Group)") == (
        "Shanghai Shendi Group",
        "上海申迪集团",
        "",
    )


def test_no_given_name_of_the_vocabulary_names_a_place_or_a_group():
    # "Georgia Judge", "Houston Chancellor" are roles: a given name that names a place would make
    # them people, as would one that is a word of groups or a title.
    given = sorted(_given_names())
    assert len(given) > 200
    assert [name for name in given if _names_a_place([name.title()])] == []
    assert [name for name in given if _is_group_word(name) or name in _one_word_titles()] == []


@pytest.mark.parametrize(
    "line, expected",
    [
        # A bracket holding a role alone after a name is the role, not a note to none.
        ("Zhou Enlai (Premier)", [("Zhou Enlai", "Premier")]),
        (
            "Henry Kissinger (National Security Adviser), Zhou Enlai (Premier)",
            [("Henry Kissinger", "National Security Adviser"), ("Zhou Enlai", "Premier")],
        ),
        (
            "Kurt Campbell (Assistant Secretary of State for East Asian and Pacific Affairs)",
            [("Kurt Campbell", "Assistant Secretary of State for East Asian and Pacific Affairs")],
        ),
        # Names joined by "and", each with its own role in brackets, are people.
        (
            "Wang Yi (Foreign Minister) and Antony Blinken (Secretary of State)",
            [("Wang Yi", "Foreign Minister"), ("Antony Blinken", "Secretary of State")],
        ),
        # Any other bracket is a note, after a role or alone, as before.
        ("Jane Doe (Harvard)", [("Jane Doe", "(Harvard)")]),
        ("Jane Doe (D-CA)", [("Jane Doe", "(D-CA)")]),
        ("Governor Terry Branstad (Iowa)", [("Terry Branstad", "Governor (Iowa)")]),
        (
            "Sen. Dianne Feinstein (D-Calif.) and Rep. Tom Lantos (D-Calif.)",
            [("Dianne Feinstein", "Sen. (D-Calif.)"), ("Tom Lantos", "Rep. (D-Calif.)")],
        ),
        # A note after names joined by "and" may be of them all: no one, as before.
        ("Lun Lun and Yang Yang (pandas)", []),
        ("Lun Lun (panda) and Yang Yang (panda)", []),
        ("Sarah Lande and Roger Lande (Iowa farmers)", []),
    ],
)
def test_a_role_in_brackets_after_a_name_is_the_role(line, expected):
    assert [(p.name, p.role) for p in split_participants(line) if isinstance(p, Participant)] == expected
