"""Names written in Chinese characters and in English side by side, as bilingual sources write
them: a person's ("习近平 Xi Jinping", "President 习近平 Xi Jinping") and a place's, the Chinese or
the English in brackets ("Beijing (北京)", "北京（Beijing）")."""

import pytest

from entities.names import Participant, split_participants, split_places


def beside(name, role, chinese_name):
    return Participant(name, role, chinese_name, side_by_side=True)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("习近平 Xi Jinping", [beside("Xi Jinping", "", "习近平")]),
        ("Xi Jinping 习近平", [beside("Xi Jinping", "", "习近平")]),
        ("President 习近平 Xi Jinping", [beside("Xi Jinping", "President", "习近平")]),
        ("李克强 Li Keqiang (Premier)", [beside("Li Keqiang", "(Premier)", "李克强")]),
        ("约翰·克里 John Kerry", [beside("John Kerry", "", "约翰·克里")]),
        (
            "Secretary of State John Kerry 约翰·克里",
            [beside("John Kerry", "Secretary of State", "约翰·克里")],
        ),
        # A title in Chinese before the name in Chinese is the role too.
        ("国家主席习近平 Xi Jinping", [beside("Xi Jinping", "国家主席", "习近平")]),
        (
            "习近平 Xi Jinping, 奥巴马 Barack Obama",
            [beside("Xi Jinping", "", "习近平"), beside("Barack Obama", "", "奥巴马")],
        ),
        (
            "习近平 Xi Jinping and Barack Obama",
            [beside("Xi Jinping", "", "习近平"), Participant("Barack Obama", "")],
        ),
        (
            "State Councilor and Foreign Minister 王毅 Wang Yi",
            [beside("Wang Yi", "State Councilor and Foreign Minister", "王毅")],
        ),
        # A role after the name is theirs, as after a name in English alone.
        ("Wang Yi 王毅, Foreign Minister", [beside("Wang Yi", "Foreign Minister", "王毅")]),
    ],
)
def test_a_person_named_in_both_scripts_side_by_side_is_read_with_both(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # A place, a title or a group in Chinese is no name of the person beside it.
        "北京 Xi Jinping",
        "外交部长 Wang Yi",
        "学生代表 Student delegates",
    ],
)
def test_chinese_that_is_no_persons_name_stays_as_written(line):
    assert all(not getattr(item, "side_by_side", False) for item in split_participants(line))


def test_a_name_in_brackets_is_read_as_before():
    assert split_participants("Xi Jinping (习近平)") == [Participant("Xi Jinping", "", "习近平")]
    assert split_participants("习近平（Xi Jinping）") == [Participant("Xi Jinping", "", "习近平")]


def test_bare_names_after_a_group_stay_as_written():
    line = "Giant pandas 美香 Mei Xiang, 添添 Tian Tian"
    assert split_participants(line) == [line]


def known(line):
    return [(mention.name, mention.country, mention.known) for mention in split_places(line)]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Beijing (北京)", [("Beijing", "CN", True)]),
        ("Shanghai (上海), China", [("Shanghai", "CN", True)]),
        ("北京 (Beijing)", [("Beijing", "CN", True)]),
        ("Beijing（北京）", [("Beijing", "CN", True)]),
        ("北京（Beijing）", [("Beijing", "CN", True)]),
        ("Beijing (北京) and Shanghai (上海)", [("Beijing", "CN", True), ("Shanghai", "CN", True)]),
        ("Beijing (北京市), China", [("Beijing", "CN", True)]),
    ],
)
def test_a_place_with_its_other_name_in_brackets_is_the_known_place(line, expected):
    assert known(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("上海 (Beijing)", [("上海 (Beijing)", "", False)]),
        ("Shanghai (北京), China", [("Shanghai (北京)", "CN", False)]),
    ],
)
def test_two_places_in_brackets_are_neither(line, expected):
    assert known(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # The Chinese name at the head of a name with its title in English.
        ("习近平 President Xi Jinping", [beside("Xi Jinping", "President", "习近平")]),
        ("习近平主席 President Xi Jinping", [beside("Xi Jinping", "President 主席", "习近平")]),
        # A foreign name's dot as a bullet, or with spaces round it, as text pasted from a page has it.
        ("约翰 · 克里 John Kerry", [beside("John Kerry", "", "约翰·克里")]),
        ("John Kerry (约翰•克里)", [Participant("John Kerry", "", "约翰•克里")]),
        ("John Kerry (约翰 · 克里)", [Participant("John Kerry", "", "约翰·克里")]),
        ("约翰 · 克里 (John Kerry)", [Participant("John Kerry", "", "约翰·克里")]),
    ],
)
def test_more_ways_of_writing_a_name_in_both_scripts(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Wang Yi, 外交部长 Foreign Minister", [Participant("Wang Yi", "外交部长 Foreign Minister")]),
        ("外交部长 Foreign Minister", ["外交部长 Foreign Minister"]),
        ("Barack Obama, 总统 President", [Participant("Barack Obama", "总统 President")]),
    ],
)
def test_a_title_in_both_scripts_is_no_persons_name(line, expected):
    assert split_participants(line) == expected


def located(line):
    return [(mention.name, mention.country) for mention in split_places(line)]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Fudan Guesthouse, China (中国)", [("Fudan Guesthouse", "CN")]),
        ("Fudan Guesthouse, 中国 China", [("Fudan Guesthouse", "CN")]),
        ("Blair House, United States（美国）", [("Blair House", "US")]),
        ("Shanghai (上海), China (中国)", [("Shanghai", "CN")]),
        ("China (中国)", [("China", "CN")]),
        # Two countries are neither.
        ("Fudan Guesthouse, China (美国)", [("Fudan Guesthouse", ""), ("China (美国)", "")]),
    ],
)
def test_a_country_in_both_scripts_is_that_country(line, expected):
    assert located(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # A state's Chinese name is often written without its 州 ("state"), as a province's without 省.
        ("Los Angeles, 加利福尼亚 California", [("Los Angeles", "US", True)]),
        ("Iowa (艾奥瓦)", [("Iowa", "US", True)]),
        ("加利福尼亚", [("California", "US", True)]),
        # A short name two places share stays the one whose name it is: 华盛顿 is the city.
        ("华盛顿", [("Washington", "US", True)]),
        # Square brackets, as some sources write the other name.
        ("Beijing [北京]", [("Beijing", "CN", True)]),
        ("Beijing【北京】, China", [("Beijing", "CN", True)]),
    ],
)
def test_more_ways_of_writing_a_place_in_both_scripts(line, expected):
    assert known(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # Family name first, as a list of names sorts them, the Chinese name after the given name.
        ("Kerry, John (约翰·克里)", [beside("John Kerry", "", "约翰·克里")]),
        (
            "Kerry, John（约翰·克里）, Wang Yi (王毅)",
            [beside("John Kerry", "", "约翰·克里"), Participant("Wang Yi", "", "王毅")],
        ),
        # Without a Chinese name to tell, a comma parts two names.
        ("Kerry, John", ["Kerry, John"]),
        ("Premier, Li (李克强)", ["Premier, Li (李克强)"]),
    ],
)
def test_a_name_written_family_name_first_with_its_chinese(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # A foreign person's Chinese name before or after a Chinese title, the title in English too.
        ("奥巴马总统 President Obama", [beside("Obama", "President 总统", "奥巴马")]),
        ("Secretary Blinken 布林肯国务卿", [beside("Blinken", "Secretary 国务卿", "布林肯")]),
        (
            "国务卿克里 Secretary of State John Kerry",
            [beside("John Kerry", "Secretary of State 国务卿", "克里")],
        ),
        # The words of an office before 部长 ("minister") are no name: the whole is the title.
        ("农业部长 Secretary Tom Vilsack", [Participant("Tom Vilsack", "农业部长 Secretary")]),
        ("外交部长 Foreign Minister Wang Yi", [Participant("Wang Yi", "外交部长 Foreign Minister")]),
        # A governor's or a mayor's title after a name; before it, a place's name is no person's.
        ("Governor Jerry Brown 布朗州长", [beside("Jerry Brown", "Governor 州长", "布朗")]),
        ("华盛顿州长 Governor Jay Inslee", [Participant("Jay Inslee", "华盛顿州长 Governor")]),
        # Without the title in English, the Chinese with its title stays the role, as before.
        ("农业部长 Tom Vilsack", [Participant("Tom Vilsack", "农业部长")]),
    ],
)
def test_a_foreign_name_in_chinese_with_a_chinese_title_is_the_persons(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("习近平 Xi Jinping 主席", [beside("Xi Jinping", "主席", "习近平")]),
        ("President Xi Jinping 习近平 主席", [beside("Xi Jinping", "President 主席", "习近平")]),
        # Two names in Chinese stay as written.
        ("习近平 Xi Jinping 彭丽媛", ["习近平 Xi Jinping 彭丽媛"]),
    ],
)
def test_a_chinese_title_after_a_name_in_both_scripts_is_the_role(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("彭丽媛 Peng Liyuan (习近平夫人)", [beside("Peng Liyuan", "(习近平夫人)", "彭丽媛")]),
        ("Wang Yi (外交部长)", [Participant("Wang Yi", "(外交部长)")]),
        # A name in Chinese with its title is the name, the title added to the role.
        (
            "Vice President Joe Biden (拜登副总统)",
            [Participant("Joe Biden", "Vice President 副总统", "拜登")],
        ),
        # A name in Chinese in brackets is the name, not a note.
        ("Xi Jinping (习近平)", [Participant("Xi Jinping", "", "习近平")]),
    ],
)
def test_a_note_in_chinese_in_brackets_is_kept_in_the_role(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Xi Jinping [习近平]", [Participant("Xi Jinping", "", "习近平")]),
        ("Xi Jinping【习近平】", [Participant("Xi Jinping", "", "习近平")]),
        ("习近平 [Xi Jinping]", [Participant("Xi Jinping", "", "习近平")]),
        (
            "Premier Li Keqiang [李克强], Wang Yi",
            [Participant("Li Keqiang", "Premier", "李克强"), Participant("Wang Yi", "")],
        ),
        ("Kerry, John [约翰·克里]", [beside("John Kerry", "", "约翰·克里")]),
        # What is no person keeps its brackets as written.
        ("Xi Jinping, Students [50]", [Participant("Xi Jinping", ""), "Students [50]"]),
    ],
)
def test_a_name_in_square_brackets_is_read_as_in_round_ones(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Washington, D.C. (华盛顿特区)", [("Washington", "US", True)]),
        ("Washington, DC [华盛顿]", [("Washington", "US", True)]),
        ("Rancho Mirage, California (加利福尼亚州)", [("Rancho Mirage", "US", True)]),
        ("北京, 中国 (Beijing, China)", [("Beijing", "CN", True)]),
        # A bracket naming another place stays in the part it follows.
        ("Washington, D.C. (上海)", [("Washington", "US", True), ("D.C. (上海)", "", False)]),
    ],
)
def test_the_other_name_of_a_whole_location_in_brackets_after_it(line, expected):
    assert known(line) == expected
