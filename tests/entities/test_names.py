"""entities.names: the key two spellings share, and the reading of participants and location lines."""

import pytest

from entities.names import (
    Participant,
    chinese_aside,
    gazetteer,
    known_places,
    normalise,
    role_titles,
    split_participants,
    split_places,
)


@pytest.mark.parametrize(
    "one, other",
    [
        ("U.S. Department of State", "US Department of State"),
        ("U.S. Department of State", "United States Department of State"),
        ("U.S. Department of State", "the United States of America Department of State"),
        ("USA Gymnastics", "U.S.A. Gymnastics"),
        ("US and Chinese Governments", "United States and Chinese Governments"),
        ("U.S.-China Business Council", "US China Business Council"),
        ("U.S.–China Business Council", "U. S. - China Business Council"),
        ("PRC Ministry of Education", "People's Republic of China Ministry of Education"),
        ("PRC Ministry of Education", "People’s Republic of China Ministry of Education"),
        ("Embassy of the PRC", "Embassy of the People's Republic of China"),
        ("Embassy of the United States", "Embassy of the U.S."),
        ("Ministry of Education, P.R.C.", "Ministry of Education PRC"),
        ("Science & Technology Cooperation", "Science and Technology Cooperation"),
        ("The Asia Society", "Asia Society"),
        ("  Asia   Society ", "asia society"),
        ("Université de Pékin", "Universite de Pekin"),
        ("Nankai University (Tianjin)", "Nankai University, Tianjin"),
        ("ＵＳＡ Ｔｏｄａｙ", "USA Today"),
        ("中华人民共和国教育部", "中国 教育部"),
        ("美利坚合众国驻华大使馆", "美国驻华大使馆"),
        ("Xi Jinping", "XI JINPING"),
        ("Carter Center", "Carter Center."),
    ],
)
def test_spellings_of_one_entity_share_a_key(one, other):
    assert normalise(one) == normalise(other)
    assert normalise(one)


@pytest.mark.parametrize(
    "one, other",
    [
        ("Republic of China", "People's Republic of China"),
        ("University of Texas", "University of Texas System"),
        ("Chinese Academy of Sciences", "Chinese Academy of Social Sciences"),
        ("Theatre Company", "The Theatre Company of Boston"),
    ],
)
def test_different_entities_keep_different_keys(one, other):
    assert normalise(one) != normalise(other)


def test_the_key_keeps_a_lone_the_and_gives_nothing_for_punctuation():
    assert normalise("The") == "the"
    assert normalise(" .,;—") == ""
    assert normalise("") == ""
    assert normalise(None) == ""


def test_the_key_is_stable_when_applied_twice():
    for text in ["U.S. Army", "PRC Navy", "The Brookings Institution", "国务院新闻办公室"]:
        assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "U.S. President Barack Obama, Chinese President Xi Jinping",
            [("Barack Obama", "U.S. President"), ("Xi Jinping", "Chinese President")],
        ),
        ("Secretary of State Antony Blinken", [("Antony Blinken", "Secretary of State")]),
        (
            "Secretary of State Antony Blinken, "
            "Director of the Office of the Central Foreign Affairs Commission Wang Yi",
            [
                ("Antony Blinken", "Secretary of State"),
                ("Wang Yi", "Director of the Office of the Central Foreign Affairs Commission"),
            ],
        ),
        (
            "U.S. Vice President Joe Biden; Chinese Vice President Xi Jinping",
            [("Joe Biden", "U.S. Vice President"), ("Xi Jinping", "Chinese Vice President")],
        ),
        ("President Obama and President Xi", [("Obama", "President"), ("Xi", "President")]),
        ("Chinese Vice Premier Liu He", [("Liu He", "Chinese Vice Premier")]),
        ("Treasury Secretary Janet Yellen", [("Janet Yellen", "Treasury Secretary")]),
        ("Minister of Foreign Affairs Wang Yi", [("Wang Yi", "Minister of Foreign Affairs")]),
        ("Governor of California Jerry Brown", [("Jerry Brown", "Governor of California")]),
        ("California Governor Jerry Brown", [("Jerry Brown", "California Governor")]),
        ("Iowa Governor Terry Branstad", [("Terry Branstad", "Iowa Governor")]),
        ("General Secretary Xi Jinping", [("Xi Jinping", "General Secretary")]),
        ("Secretary of State John F. Kerry", [("John F. Kerry", "Secretary of State")]),
        ("President George H. W. Bush", [("George H. W. Bush", "President")]),
        ("Senator Dianne Feinstein", [("Dianne Feinstein", "Senator")]),
        ("Ambassador Nicholas Burns", [("Nicholas Burns", "Ambassador")]),
        ("then-Vice President Joe Biden", [("Joe Biden", "then-Vice President")]),
        ("former Secretary of State Henry Kissinger", [("Henry Kissinger", "former Secretary of State")]),
        (
            "U.S. Secretary of Health and Human Services Xavier Becerra",
            [("Xavier Becerra", "U.S. Secretary of Health and Human Services")],
        ),
        ("Admiral John Aquilino", [("John Aquilino", "Admiral")]),
        ("Chinese Defense Minister Li Shangfu", [("Li Shangfu", "Chinese Defense Minister")]),
        ("Martin Luther King Jr.", [("Martin Luther King Jr.", "")]),
        ("John Kerry, Secretary of State", [("John Kerry", "Secretary of State")]),
        ("Henry Kissinger, Zhou Enlai", [("Henry Kissinger", ""), ("Zhou Enlai", "")]),
        (
            "Secretary of State Antony Blinken, President Xi Jinping, and Foreign Minister Qin Gang",
            [
                ("Antony Blinken", "Secretary of State"),
                ("Xi Jinping", "President"),
                ("Qin Gang", "Foreign Minister"),
            ],
        ),
        ("美国国务卿布林肯，中国外交部长王毅", [("布林肯", "美国国务卿"), ("王毅", "中国外交部长")]),
        ("国家主席习近平、美国总统拜登", [("习近平", "国家主席"), ("拜登", "美国总统")]),
        ("习近平主席、拜登总统", [("习近平", "主席"), ("拜登", "总统")]),
        ("国务卿安东尼·布林肯", [("安东尼·布林肯", "国务卿")]),
        ("Wang Yi (王毅)", [("Wang Yi", "")]),
        ("Foreign Minister Wang Yi (王毅)", [("Wang Yi", "Foreign Minister")]),
        ("Vice Premier He Lifeng（何立峰）", [("He Lifeng", "Vice Premier")]),
    ],
)
def test_a_participants_line_gives_people_with_their_roles(line, expected):
    found = split_participants(line)
    assert [(item.name, item.role) if isinstance(item, Participant) else item for item in found] == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Wang Yi (王毅)", ["王毅"]),
        ("Foreign Minister Wang Yi（王毅）, Antony Blinken", ["王毅", ""]),
        ("U.S. President Richard Nixon, Premier Zhou Enlai (周恩来)", ["", "周恩来"]),
        ("Secretary of State Henry Kissinger (亨利·基辛格)", ["亨利·基辛格"]),
        # Wherever the name stands: before its place, before a role, joined by "and", after a title.
        ("Mayor Gong Zheng (龚正) of Shanghai", ["龚正"]),
        ("Zhuang Zedong (庄则栋), table tennis world champion", ["庄则栋"]),
        ("Liu Ying (刘英) and Gao Hong (高红)", ["刘英", "高红"]),
        ("Actor and translator Ying Ruocheng (英若诚)", ["英若诚"]),
        # Not a name: a note, one bracket for two people, a title, a place.
        ("President Xi Jinping (letter)", [""]),
        ("Presidents Xi Jinping and Joe Biden (习近平、拜登)", ["", ""]),
        ("Zhang Wei (外交部长), Li Qiang (农业部长)", ["", ""]),
        ("Wang Yi (北京)", [""]),
        # The name with its title, before or after it, as Chinese writes the two together.
        ("President Xi Jinping (习近平主席)", ["习近平"]),
        ("Secretary of State Antony Blinken (国务卿布林肯), Dr. Wang Ming (王明博士)", ["布林肯", "王明"]),
    ],
)
def test_a_name_in_chinese_beside_a_person_is_their_chinese_name(line, expected):
    people = [item for item in split_participants(line) if isinstance(item, Participant)]
    assert [person.chinese_name for person in people] == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("庄则栋 (Zhuang Zedong)", [Participant("Zhuang Zedong", "", "庄则栋")]),
        ("邓小平（Deng Xiaoping）", [Participant("Deng Xiaoping", "", "邓小平")]),
        (
            "Glenn Cowan; 庄则栋 (Zhuang Zedong)",
            [Participant("Glenn Cowan", ""), Participant("Zhuang Zedong", "", "庄则栋")],
        ),
        # Not a person: the bracket is no name, or the Chinese is a place.
        ("北京 (Beijing)", ["北京 (Beijing)"]),
        ("代表团 (50 students)", ["代表团 (50 students)"]),
    ],
)
def test_a_chinese_name_with_its_romanisation_in_brackets_is_that_person(line, expected):
    # Chinese sources put the Chinese first; "Zhuang Zedong (庄则栋)" was read, this way round was not.
    assert split_participants(line) == expected


def test_recognised_people_are_participants_and_other_parts_stay_text():
    parts = split_participants("Chinese President Xi Jinping, 300 business leaders")
    assert parts == [Participant("Xi Jinping", "Chinese President"), "300 business leaders"]
    assert isinstance(parts[0], Participant)
    assert isinstance(parts[1], str)


def test_a_person_and_a_group_joined_by_and_are_read_apart():
    assert split_participants("Chinese President Xi Jinping and his delegation") == [
        Participant("Xi Jinping", "Chinese President"),
        "his delegation",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Students and faculty",
        "200 students and teachers from 12 universities",
        "Chinese students",
        "Harvard University",
        "Peking University students, Yale faculty",
        "Governors of five states and provincial leaders",
        "Business leaders; government officials",
        "The Philadelphia Orchestra",
        "President",
        "中美两国青年学生",
        "!!!",
        "U.S. and Chinese delegations (about 40 people)",
    ],
)
def test_a_line_without_a_person_comes_back_whole_and_untouched(line):
    assert split_participants(line) == [line]


def test_an_empty_line_gives_nothing():
    assert split_participants("") == []
    assert split_participants("  \n ") == []


def test_commas_inside_brackets_do_not_split():
    assert split_participants("Ambassador Gary Locke (Seattle, Washington), Mayor Ed Lee") == [
        Participant("Gary Locke", "Ambassador (Seattle, Washington)"),
        Participant("Ed Lee", "Mayor"),
    ]


def test_nothing_of_a_line_is_lost():
    line = "U.S. Trade Representative Katherine Tai, Vice Premier Liu He and 40 officials; the press"
    parts = split_participants(line)
    text = " ".join(part if isinstance(part, str) else f"{part.role} {part.name}" for part in parts)
    for word in line.replace(",", " ").replace(";", " ").split():
        if word != "and":
            assert word in text


def test_the_role_vocabulary_is_a_data_file_read_longest_first():
    titles = role_titles()
    assert "Secretary of State" in titles and "国务卿" in titles
    assert titles.index("Vice President") < titles.index("President")
    assert not any(title.startswith("#") for title in titles)


def place(mention):
    return (mention.name, mention.country, mention.parent, mention.known)


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "Beijing and Washington, DC",
            [("Beijing", "CN", "", True), ("Washington", "US", "District of Columbia", True)],
        ),
        ("Washington, D.C.", [("Washington", "US", "District of Columbia", True)]),
        ("Washington DC", [("Washington", "US", "District of Columbia", True)]),
        ("Sunnylands, Rancho Mirage, California", [("Sunnylands", "US", "Rancho Mirage", True)]),
        ("Rancho Mirage, CA", [("Rancho Mirage", "US", "California", True)]),
        ("Muscatine, Iowa", [("Muscatine", "US", "Iowa", True)]),
        ("Zhengding, Hebei Province", [("Zhengding", "CN", "Hebei", True)]),
        ("Beijing, China", [("Beijing", "CN", "", True)]),
        ("Shanghai, PRC", [("Shanghai", "CN", "", True)]),
        (
            "Beijing, Shanghai, Guangzhou",
            [
                ("Beijing", "CN", "", True),
                ("Shanghai", "CN", "", True),
                ("Guangzhou", "CN", "Guangdong", True),
            ],
        ),
        ("Springfield, Illinois", [("Springfield", "US", "Illinois", False)]),
        ("Tsinghua University, Beijing", [("Tsinghua University", "CN", "Beijing", False)]),
        ("Foo Hall, Rancho Mirage, California", [("Foo Hall", "US", "Rancho Mirage", False)]),
        ("Woodside, California", [("Woodside", "US", "California", True)]),
        ("Xi'an", [("Xi'an", "CN", "Shaanxi", True)]),
        ("Xian", [("Xi'an", "CN", "Shaanxi", True)]),
        ("Peking", [("Beijing", "CN", "", True)]),
        ("Hong Kong SAR", [("Hong Kong", "CN", "", True)]),
        ("New York, NY", [("New York", "US", "New York State", True)]),
        ("Seattle, WA", [("Seattle", "US", "Washington State", True)]),
        ("Washington State", [("Washington State", "US", "", True)]),
        ("北京和华盛顿", [("Beijing", "CN", "", True), ("Washington", "US", "District of Columbia", True)]),
        ("北京、上海", [("Beijing", "CN", "", True), ("Shanghai", "CN", "", True)]),
        ("加州", [("California", "US", "", True)]),
        # A third country after a place the gazetteer lacks says where it is (countries.csv).
        ("Kyoto, Japan", [("Kyoto", "other", "", False)]),
        ("China", [("China", "CN", "", False)]),
        # Vague words naming no place: the country among them.
        ("various cities across the United States", [("United States", "US", "", False)]),
        ("Beijing; Tianjin", [("Beijing", "CN", "", True), ("Tianjin", "CN", "", True)]),
        (
            "Beijing / Washington",
            [("Beijing", "CN", "", True), ("Washington", "US", "District of Columbia", True)],
        ),
        ("in Shanghai", [("Shanghai", "CN", "", True)]),
        ("Taipei", [("Taipei", "other", "Taiwan", True)]),
        ("Geneva, Switzerland", [("Geneva", "other", "", True)]),
    ],
)
def test_a_location_line_gives_places_with_their_countries(line, expected):
    assert [place(mention) for mention in split_places(line)] == expected


def test_a_known_place_carries_its_chinese_name_and_kind():
    (beijing,) = split_places("Beijing")
    assert (beijing.chinese_name, beijing.kind) == ("北京市", "city")
    (geneva,) = split_places("Geneva")
    assert geneva.country_name == "Switzerland"


def test_an_empty_location_line_gives_nothing():
    assert split_places("") == []
    assert split_places(" ; ") == []


def test_the_gazetteer_holds_every_state_and_province_with_chinese_names():
    places = known_places()
    states = [row for row in places if row.country == "US" and row.kind == "province"]
    provinces = [row for row in places if row.country == "CN" and row.kind == "province"]
    assert len(states) >= 51  # fifty states and the District of Columbia
    assert len(provinces) == 33 - 4  # provinces, regions and SARs; the four municipalities are cities
    assert all(row.chinese_name for row in places)
    names = {row.name for row in places}
    assert all(row.parent in names for row in places if row.parent), "every parent is itself in the file"
    assert len([row for row in places if row.kind == "city"]) >= 60


def test_every_spelling_in_the_gazetteer_leads_to_its_place():
    _rows, by_key = gazetteer()
    assert by_key[normalise("Calif.")][0].name == "California"
    assert by_key[normalise("广东")][0].name == "Guangdong"
    assert by_key[normalise("Canton")][0].name == "Guangzhou"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Tsinghua University (清华大学)", ("Tsinghua University", "清华大学")),
        (
            "Beijing People's Art Theatre（北京人民艺术剧院）",
            ("Beijing People's Art Theatre", "北京人民艺术剧院"),
        ),
        # A place or a country in brackets says where; brackets of other words are part of the name.
        ("Peking University (北京)", ("Peking University (北京)", "")),
        ("Embassy of Sweden (中国)", ("Embassy of Sweden (中国)", "")),
        ("Ministry of Commerce (MOFCOM)", ("Ministry of Commerce (MOFCOM)", "")),
        ("清华大学", ("清华大学", "")),
    ],
)
def test_an_organisation_with_its_chinese_in_brackets(name, expected):
    assert chinese_aside(name) == expected
