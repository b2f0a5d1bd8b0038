"""entities.names.split_participants: titles taken whole, names that look like names, groups never people.

Each rule is shown on a line as the starter catalogue and its sources write them.
"""

import csv
import re
from pathlib import Path

import pytest

from entities.names import Participant, split_participants

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "exchanges.csv"


def people(line):
    return [(item.name, item.role) for item in split_participants(line) if isinstance(item, Participant)]


# A title with its complement ("for X", "of X", "to X") is taken whole before the name.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Special Envoy for Climate Change Liu Zhenmin", ("Liu Zhenmin", "Special Envoy for Climate Change")),
        (
            "Special Envoy for Climate Change Xie Zhenhua (解振华)",
            ("Xie Zhenhua", "Special Envoy for Climate Change"),
        ),
        (
            "Minister of Foreign Trade and Economic Cooperation Shi Guangsheng (石广生)",
            ("Shi Guangsheng", "Minister of Foreign Trade and Economic Cooperation"),
        ),
        (
            "Special Representative for Global Intergovernmental Affairs Reta Jo Lewis",
            ("Reta Jo Lewis", "Special Representative for Global Intergovernmental Affairs"),
        ),
        (
            "Chief of the U.S. Liaison Office David K. E. Bruce",
            ("David K. E. Bruce", "Chief of the U.S. Liaison Office"),
        ),
        (
            "Chief of the U.S. Liaison Office George H. W. Bush",
            ("George H. W. Bush", "Chief of the U.S. Liaison Office"),
        ),
        (
            "Vice President of Microsoft Research Rick Rashid",
            ("Rick Rashid", "Vice President of Microsoft Research"),
        ),
        ("Governor of Iowa Kim Reynolds", ("Kim Reynolds", "Governor of Iowa")),
        ("Mayor of Shanghai Wang Daohan (汪道涵)", ("Wang Daohan", "Mayor of Shanghai")),
        ("Ambassador to China Nicholas Burns", ("Nicholas Burns", "Ambassador to China")),
        ("Ambassador to the United States Xie Feng (谢锋)", ("Xie Feng", "Ambassador to the United States")),
        (
            "Commander of the East China Sea Fleet Nie Kuiju (聂奎聚)",
            ("Nie Kuiju", "Commander of the East China Sea Fleet"),
        ),
        # Not in the vocabulary: the complement ends at its last word of an office, "Policy".
        (
            "Deputy Director of the Office of Science and Technology Policy Jane Roe",
            ("Jane Roe", "Deputy Director of the Office of Science and Technology Policy"),
        ),
    ],
)
def test_a_title_and_its_complement_are_taken_whole_before_the_name(line, expected):
    assert people(line) == [expected]


# A complement after the name belongs to the title: "Governor Terry Branstad of Iowa".
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Governor Terry Branstad of Iowa", ("Terry Branstad", "Governor of Iowa")),
        ("Mayor James Conway of St. Louis", ("James Conway", "Mayor of St. Louis")),
        ("Mayor Gong Zheng (龚正) of Shanghai", ("Gong Zheng", "Mayor of Shanghai")),
        ("Vice-Mayor Zhao Xingzhi (赵行志) of Shanghai", ("Zhao Xingzhi", "Vice-Mayor of Shanghai")),
        (
            "Deputy Chief of Mission Wu Xi of the Chinese Embassy",
            ("Wu Xi", "Deputy Chief of Mission of the Chinese Embassy"),
        ),
        (
            "Executive editor Dean Baquet of The New York Times",
            ("Dean Baquet", "Executive editor of The New York Times"),
        ),
    ],
)
def test_a_complement_after_the_name_belongs_to_the_title(line, expected):
    assert people(line) == [expected]


# Occupations, ranks and abbreviated titles before a name are roles, not part of the name.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Violinist Isaac Stern", ("Isaac Stern", "Violinist")),
        ("Pianist Liu Shikun (刘诗昆)", ("Liu Shikun", "Pianist")),
        ("Playwright Arthur Miller", ("Arthur Miller", "Playwright")),
        ("Gymnast Li Ning (李宁)", ("Li Ning", "Gymnast")),
        ("Marshal Ye Jianying (叶剑英)", ("Ye Jianying", "Marshal")),
        ("Adm. Timothy Keating", ("Timothy Keating", "Adm.")),
        ("Maj. Gen. Richard Perraut", ("Richard Perraut", "Maj. Gen.")),
        ("Brig. Gen. Charles W. Hooper", ("Charles W. Hooper", "Brig. Gen.")),
        ("Dr. Ray Yip", ("Ray Yip", "Dr.")),
        ("Prof. Yan Xuetong (阎学通)", ("Yan Xuetong", "Prof.")),
        ("Gov. Gavin Newsom", ("Gavin Newsom", "Gov.")),
        ("NBA Commissioner Adam Silver", ("Adam Silver", "NBA Commissioner")),
        ("HHS Secretary Mike Leavitt", ("Mike Leavitt", "HHS Secretary")),
        ("Foreign Editor Joseph Kahn", ("Joseph Kahn", "Foreign Editor")),
        ("Project HOPE founder Dr. William B. Walsh", ("William B. Walsh", "Project HOPE founder Dr.")),
        ("Vice President-elect J.D. Vance", ("J.D. Vance", "Vice President-elect")),
        ("Premier Li Qiang (李强)", ("Li Qiang", "Premier")),
        # Diplomats' style of address, as embassies write it.
        ("H.E. Cui Tiankai", ("Cui Tiankai", "H.E.")),
        ("His Excellency Qin Gang", ("Qin Gang", "His Excellency")),
        ("H.E. Ambassador Nicholas Burns", ("Nicholas Burns", "H.E. Ambassador")),
        ("Madam Fu Ying", ("Fu Ying", "Madam")),
        ("RADM Mark Montgomery", ("Mark Montgomery", "RADM")),
        ("Ambassador-at-Large Nicholas Burns", ("Nicholas Burns", "Ambassador-at-Large")),
        # An abbreviated rank the role's words leave before the name is the role's too.
        (
            "Vice Chairman of the Central Military Commission Gen. Xu Qiliang",
            ("Xu Qiliang", "Vice Chairman of the Central Military Commission Gen."),
        ),
    ],
)
def test_titles_before_a_name_are_the_role_not_the_name(line, expected):
    assert people(line) == [expected]


# A title that is a given name too, after another title and before an initial, is the given name;
# after no title, it is the title.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Secretary of State Dean G. Acheson", ("Dean G. Acheson", "Secretary of State")),
        ("U.S. Secretary of State Dean Acheson", ("Dean Acheson", "U.S. Secretary of State")),
        ("Law School Dean J. Smith", ("J. Smith", "Law School Dean")),
        # Alone at the head of a line with one word after it, it is a name too.
        ("Dean Rusk", ("Dean Rusk", "")),
        ("Harvard Dean Smith", ("Smith", "Harvard Dean")),
    ],
)
def test_a_title_that_is_a_given_name_after_another_title_is_the_name(line, expected):
    assert people(line) == [expected]


# A member of Congress's party and state after the name, after a comma or in brackets, is the role's,
# written in brackets either way; in a line of two joined by "and", each keeps its own.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Sen. Dianne Feinstein, D-Calif.", [("Dianne Feinstein", "Sen. (D-Calif.)")]),
        ("Rep. Tom DeLay (R-Texas)", [("Tom DeLay", "Rep. (R-Texas)")]),
        ("Rep. Tom DeLay, (R-Texas)", [("Tom DeLay", "Rep. (R-Texas)")]),
        ("Sen. Chuck Schumer, D-NY", [("Chuck Schumer", "Sen. (D-NY)")]),
        ("Rep. Chris Smith, R-N.J.", [("Chris Smith", "Rep. (R-N.J.)")]),
        ("Sen. Lindsey Graham, R-South Carolina", [("Lindsey Graham", "Sen. (R-South Carolina)")]),
        # An officer's service, or retirement, likewise.
        ("Cmdr. John Smith, USN", [("John Smith", "Cmdr. (USN)")]),
        ("Adm. Mike Mullen, USN (Ret.)", [("Mike Mullen", "Adm. (USN Ret.)")]),
        ("Gen. Colin Powell, Ret.", [("Colin Powell", "Gen. (Ret.)")]),
        (
            "Senator Max Baucus, D-Mont., and Senator Chuck Grassley, R-Iowa",
            [("Max Baucus", "Senator (D-Mont.)"), ("Chuck Grassley", "Senator (R-Iowa)")],
        ),
        (
            "Sen. Dianne Feinstein (D-Calif.) and Rep. Tom Lantos (D-Calif.)",
            [("Dianne Feinstein", "Sen. (D-Calif.)"), ("Tom Lantos", "Rep. (D-Calif.)")],
        ),
    ],
)
def test_a_party_and_state_after_a_name_is_the_role(line, expected):
    found = split_participants(line)
    assert all(isinstance(item, Participant) for item in found)
    assert people(line) == expected


def test_a_role_after_a_name_with_and_in_its_complement_names_no_one_else():
    line = "Dr. Kurt M. Campbell, Assistant Secretary of State for East Asian and Pacific Affairs"
    role = "Dr., Assistant Secretary of State for East Asian and Pacific Affairs"
    assert split_participants(line) == [Participant("Kurt M. Campbell", role)]


# A nickname in quotes inside a name is left out of it, as one in brackets is.
@pytest.mark.parametrize(
    "line, expected",
    [
        ('Sen. Henry M. "Scoop" Jackson', ("Henry M. Jackson", "Sen.")),
        ("Speaker Thomas P. 'Tip' O'Neill", ("Thomas P. O'Neill", "Speaker")),
        ("Gov. Edmund G. “Jerry” Brown Jr.", ("Edmund G. Brown Jr.", "Gov.")),
    ],
)
def test_a_nickname_in_quotes_is_not_part_of_the_name(line, expected):
    assert people(line) == [expected]


def test_a_party_and_state_tag_alone_or_a_word_like_one_stays_text():
    assert split_participants("D-NY") == ["D-NY"]
    assert split_participants("Henry Kissinger, D-Day veterans") == [
        Participant("Henry Kissinger", ""),
        "D-Day veterans",
    ]


# Lower-case words that qualify a title ("Table tennis player") are part of the role.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Table tennis player Liang Geliang (梁戈亮)", ("Liang Geliang", "Table tennis player")),
        ("Flight engineer James E. Hackett", ("James E. Hackett", "Flight engineer")),
        ("AP Beijing bureau chief John Roderick", ("John Roderick", "AP Beijing bureau chief")),
        ("Chinese diplomat Liu Yangqiao", ("Liu Yangqiao", "Chinese diplomat")),
    ],
)
def test_lower_case_words_before_a_title_are_part_of_the_role(line, expected):
    assert people(line) == [expected]


def test_words_that_start_a_clause_are_not_part_of_a_role():
    # "his wife" starts the next person, the spouse, and no role of the person before.
    assert split_participants("Chinese President Xi Jinping and his wife Peng Liyuan") == [
        Participant("Xi Jinping", "Chinese President"),
        Participant("Peng Liyuan", "wife"),
    ]
    assert people("18 American volunteers, among them librarian Lalla Overby") == [
        ("Lalla Overby", "librarian")
    ]


# "among them" names members of the group before it: names may stand alone after it.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("U.S. table tennis players, among them Judy Bochenski", [("Judy Bochenski", "")]),
        (
            "U.S. women's national team, among them Brandi Chastain, Briana Scurry and Mia Hamm",
            [("Brandi Chastain", ""), ("Briana Scurry", ""), ("Mia Hamm", "")],
        ),
        (
            "27 American journalists, among them Time's Hong Kong bureau chief Marsh Clark",
            [("Marsh Clark", "Time's Hong Kong bureau chief")],
        ),
    ],
)
def test_names_after_among_them_are_the_groups_members(line, expected):
    parts = split_participants(line)
    assert people(line) == expected
    assert isinstance(parts[0], str) and "among" not in parts[0]


def test_a_first_name_joined_to_a_full_name_shares_its_family_name():
    assert people("Jay and Linda Mathews, Melinda Liu and other correspondents") == [
        ("Jay Mathews", ""),
        ("Linda Mathews", ""),
    ]
    # Not after a group, where names may be anything.
    assert people("Giant pandas, Lun and Yang Yang") == []


# Of two titles, the name that starts with neither wins: "General Manager", not "General" + "Manager ...".
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Houston Rockets General Manager Daryl Morey", ("Daryl Morey", "Houston Rockets General Manager")),
        (
            "Minister of National Defense Admiral Dong Jun (董军)",
            ("Dong Jun", "Minister of National Defense Admiral"),
        ),
    ],
)
def test_a_name_does_not_start_with_a_title(line, expected):
    assert people(line) == [expected]


# Groups, units, teams, newspapers and places are never people.
@pytest.mark.parametrize(
    "line, kept",
    [
        ("U.S. Navy, Air Force, Coast Guard and Army officers", None),
        ("Yao Ming (姚明), Houston Rockets", "Houston Rockets"),
        ("Liu Wei (刘炜), Sacramento Kings", "Sacramento Kings"),
        ("Fox Butterfield, The New York Times", "The New York Times"),
        ("Sandy Gilmour, NBC News", "NBC News"),
        ("Yang Tao (杨涛), Ministry of Foreign Affairs", "Ministry of Foreign Affairs"),
        (
            "Governors of Georgia, Washington, North Carolina, Hawaii, Guam and the Northern Mariana Islands",
            None,
        ),
        ("Crews of the Haikou, Yueyang, Qiandaohu and Peace Ark", None),
        ("Giant pandas Mei Xiang (美香), Tian Tian (添添) and Xiao Qi Ji (小奇迹)", None),
        ("Greater Bay Area delegation", None),
        ("Lincoln High School students and staff", None),
        ("Philadelphia Orchestra musicians", None),
        ("Chinese women's volleyball team", None),
        ("Mayor of Nanjing", None),
        ("Vice President", None),
        ("Vice Premier and Foreign Minister", None),
    ],
)
def test_groups_and_places_are_never_people(line, kept):
    parts = split_participants(line)
    names = [item.name for item in parts if isinstance(item, Participant)]
    for word in ("Force", "Rockets", "Kings", "Times", "News", "Ministry", "Carolina", "Ark", "Tian", "Vice"):
        assert not any(word in name for name in names)
    if kept is None:
        assert parts == [line]
    else:
        assert kept in parts


# A role after the name, set off by a comma, is the person's role (a second one after a title).
@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "Vice Admiral Henry W. Mauz Jr., commander of the U.S. Seventh Fleet",
            [("Henry W. Mauz Jr.", "Vice Admiral, commander of the U.S. Seventh Fleet")],
        ),
        (
            "Rear Admiral Wang Fushan, deputy commander of the North Sea Fleet",
            [("Wang Fushan", "Rear Admiral, deputy commander of the North Sea Fleet")],
        ),
        (
            "Xi Jinping (习近平), Party secretary of Zhengding County",
            [("Xi Jinping", "Party secretary of Zhengding County")],
        ),
        (
            "Mary Kane, president of Sister Cities International",
            [("Mary Kane", "president of Sister Cities International")],
        ),
        ("Li Furong (李富荣), Chinese table tennis player", [("Li Furong", "Chinese table tennis player")]),
    ],
)
def test_a_role_after_the_name_is_the_persons_role(line, expected):
    assert people(line) == expected
    assert all(isinstance(item, Participant) for item in split_participants(line))


# Titles joined by "and" are one person's; names joined by "and" after a plural title share it.
@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "State Councilor and Foreign Minister Wang Yi (王毅)",
            [("Wang Yi", "State Councilor and Foreign Minister")],
        ),
        ("Disney Chairman and CEO Bob Iger", [("Bob Iger", "Disney Chairman and CEO")]),
        (
            "Former governors Gary Locke and Christine Gregoire",
            [("Gary Locke", "Former governor"), ("Christine Gregoire", "Former governor")],
        ),
        (
            "U.S. players Dell Sweeris and Connie Sweeris",
            [("Dell Sweeris", "U.S. player"), ("Connie Sweeris", "U.S. player")],
        ),
        (
            "CCTV hosts Chen Su, Geng Chenchen and Huang Wei",
            [("Chen Su", "CCTV host"), ("Geng Chenchen", "CCTV host"), ("Huang Wei", "CCTV host")],
        ),
        ("Sarah Lande and Roger Lande", [("Sarah Lande", ""), ("Roger Lande", "")]),
    ],
)
def test_and_joins_titles_of_one_person_or_names_under_one_title(line, expected):
    assert people(line) == expected


# Brackets: a Chinese form anywhere and a nickname are set aside; a note at the end goes with the role.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Governor Edmund G. (Jerry) Brown Jr.", [("Edmund G. Brown Jr.", "Governor")]),
        ("Governor Jerry Brown (California)", [("Jerry Brown", "Governor (California)")]),
        ("President Xi Jinping (letter)", [("Xi Jinping", "President (letter)")]),
        ("Tony Wang Tatung (王大东), head of the venture", [("Tony Wang Tatung", "head of the venture")]),
    ],
)
def test_brackets_are_set_aside_from_the_name(line, expected):
    assert people(line) == expected


def test_what_is_unsure_stays_as_written():
    for line in [
        "Acting special envoy for critical and emerging technology Seth Center",
        "Melinda Liu and other correspondents",
        "Crew of USS Cushing",
    ]:
        assert split_participants(line) == [line]


def starter_people():
    with CATALOGUE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [
        item
        for row in rows
        for line in row["Participants (Types)"].splitlines()
        for item in split_participants(line)
        if isinstance(item, Participant)
    ]


def test_the_starter_catalogue_gives_people_without_titles_or_groups_in_their_names():
    found = starter_people()
    names = {person.name for person in found}
    assert len(found) > 400
    group_words = {
        "force",
        "fleet",
        "command",
        "county",
        "region",
        "news",
        "times",
        "international",
        "rockets",
    }
    titles = {
        "change",
        "manager",
        "commissioner",
        "violinist",
        "pianist",
        "marshal",
        "adm.",
        "dr.",
        "secretary",
    }
    for name in names:
        words = name.casefold().split()
        assert 1 <= len(words) <= 4, name
        assert not group_words & set(words), name
        assert words[0] not in titles, name
    assert {"Liu Zhenmin", "Xie Zhenhua", "Todd Stern", "David K. E. Bruce", "Shi Guangsheng"} <= names
    roles = {person.name: person.role for person in found}
    assert roles["Liu Zhenmin"] == "Special Envoy for Climate Change"


def test_no_word_of_a_starter_catalogue_line_is_lost_outside_brackets():
    with CATALOGUE.open(encoding="utf-8", newline="") as file:
        lines = [line for row in csv.DictReader(file) for line in row["Participants (Types)"].splitlines()]
    for line in lines:
        parts = split_participants(line)
        read = " ".join(part if isinstance(part, str) else f"{part.role} {part.name}" for part in parts)
        outside = re.sub(r"[(（][^()（）]*[)）]", " ", line)
        for word in re.split(r"[\s,;]+", outside):
            if word and word not in ("and", "among", "them"):
                # A title in the plural is each person's in the singular ("Former mayors" -> "Former mayor").
                assert word in read or word.removesuffix("s") in read, (line, word)


def test_a_title_after_a_person_names_no_one_of_its_last_word():
    # "General" + "Secretary of the CPC…" was a person called "Secretary".
    line = "Xi Jinping, General Secretary of the CPC Central Committee"
    assert people(line) == [("Xi Jinping", "General Secretary of the CPC Central Committee")]
