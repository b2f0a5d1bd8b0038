"""entities.names.split_organisations: a partners or sponsors line that lists several organisations."""

import pytest

from entities.names import abbreviation_aside, organisation_names, side_by_side_aside, split_organisations


@pytest.mark.parametrize(
    "line, expected",
    [
        # A slash with spaces, as spreadsheets list them; the full-width slash and the Chinese
        # enumeration comma, as Chinese records do.
        (
            "University of Virginia / Peking University (北京大学) / "
            "Hong Kong University of Science and Technology",
            [
                "University of Virginia",
                "Peking University (北京大学)",
                "Hong Kong University of Science and Technology",
            ],
        ),
        ("Carnegie Hall／Weill Music Institute", ["Carnegie Hall", "Weill Music Institute"]),
        ("清华大学、北京大学", ["清华大学", "北京大学"]),
        # "and" between two organisations, each named as one.
        ("Iowa Soybean Association and Iowa Farm Bureau", ["Iowa Soybean Association", "Iowa Farm Bureau"]),
        (
            "Sister Cities International and the Chinese People's Association for Friendship with "
            "Foreign Countries (中国人民对外友好协会)",
            [
                "Sister Cities International",
                "Chinese People's Association for Friendship with Foreign Countries (中国人民对外友好协会)",
            ],
        ),
        (
            "University of Michigan & Shanghai Jiao Tong University",
            ["University of Michigan", "Shanghai Jiao Tong University"],
        ),
        # A department, an administration or an office is an organisation of its own, as a ministry is.
        (
            "U.S. Department of Commerce and Ministry of Commerce",
            ["U.S. Department of Commerce", "Ministry of Commerce"],
        ),
        (
            "State Administration of Cultural Heritage and the Asian Art Museum",
            ["State Administration of Cultural Heritage", "Asian Art Museum"],
        ),
        (
            "Food and Drug Administration and the National Medical Products Administration",
            ["Food and Drug Administration", "National Medical Products Administration"],
        ),
        (
            "Department of Health and Human Services and the Ministry of Health",
            ["Department of Health and Human Services", "Ministry of Health"],
        ),
        (
            "Office of Science and Technology Policy and the Ministry of Science and Technology",
            ["Office of Science and Technology Policy", "Ministry of Science and Technology"],
        ),
        (
            "Small Business Administration, Tsinghua University",
            ["Small Business Administration", "Tsinghua University"],
        ),
        # English and Chinese of two organisations, or Chinese that chinese_names.csv does not give it.
        ("University of Virginia / 北京大学", ["University of Virginia", "北京大学"]),
        (
            "Ministry of Education of the People's Republic of China / 外交部",
            ["Ministry of Education of the People's Republic of China", "外交部"],
        ),
    ],
)
def test_a_line_listing_several_organisations_gives_each(line, expected):
    assert split_organisations(line) == expected


EDUCATION = "Ministry of Education of the People's Republic of China"


@pytest.mark.parametrize(
    "line, chinese_name",
    [
        (f"{EDUCATION} / 教育部", "教育部"),
        (f"中华人民共和国教育部 / {EDUCATION}", "中华人民共和国教育部"),
        (f"{EDUCATION}／教育部", "教育部"),
    ],
)
def test_one_organisation_s_english_and_chinese_names_apart_are_one(line, chinese_name):
    # As entities/vocabularies/chinese_names.csv gives them; read as with the Chinese in brackets.
    (name,) = split_organisations(line)
    assert organisation_names(name) == (EDUCATION, chinese_name, "")


@pytest.mark.parametrize(
    "line",
    [
        # "and" inside one organisation's name.
        "Hong Kong University of Science and Technology",
        "Ministry of Industry and Information Technology",
        "Michigan Department of Agriculture and Rural Development",
        "Chinese Center for Disease Control and Prevention",
        "National Aeronautics and Space Administration",
        "Department of Physics and Astronomy",
        "Bureau of Educational and Cultural Affairs",
        "Center for Strategic and International Studies",
        # A department of what the comma names after it.
        "Department of Physics, Peking University",
        "Department of International Cooperation, Ministry of Education",
        "Chinese Students and Scholars Association",
        "Bill & Melinda Gates Foundation",
        "Army and Navy Club",
        "Hopkins-Nanjing Center for Chinese and American Studies",
        "Peking Union Medical College and Hospital",
        # A slash without spaces belongs to the name.
        "AFL/CIO",
        "U.S.-China Business Council",
    ],
)
def test_one_organisation_stays_whole(line):
    assert split_organisations(line) == [line]


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "Chinese People's Association for Friendship with Foreign Countries (CPAFFC)",
            ("Chinese People's Association for Friendship with Foreign Countries", "CPAFFC"),
        ),
        ("U.S. Department of State (DOS)", ("U.S. Department of State", "DOS")),
        (
            "National Committee on U.S.-China Relations (NCUSCR)",
            ("National Committee on U.S.-China Relations", "NCUSCR"),
        ),
        ("Ministry of Commerce (MOFCOM)", ("Ministry of Commerce", "MOFCOM")),
        ("China Scholarship Council (CSC)", ("China Scholarship Council", "CSC")),
        (
            "National Aeronautics and Space Administration（NASA）",
            ("National Aeronautics and Space Administration", "NASA"),
        ),
        ("Chinese Academy of Social Sciences ( CASS )", ("Chinese Academy of Social Sciences", "CASS")),
        # Capitals with the small letters of the words they begin, as ministries write them.
        ("Ministry of Education (MoE)", ("Ministry of Education", "MoE")),
        ("U.S. Department of Defense (DoD)", ("U.S. Department of Defense", "DoD")),
        ("Ministry of Foreign Affairs (MoFA)", ("Ministry of Foreign Affairs", "MoFA")),
        ("Energy Sciences Network (ESnet)", ("Energy Sciences Network", "ESnet")),
        ("University of Chicago (UChicago)", ("University of Chicago", "UChicago")),
        # Romanised Chinese names give their syllables' letters, as Chinese universities abbreviate.
        ("Peking University (PKU)", ("Peking University", "PKU")),
        ("Tsinghua University (THU)", ("Tsinghua University", "THU")),
        ("Zhejiang University (ZJU)", ("Zhejiang University", "ZJU")),
    ],
)
def test_an_organisation_with_its_abbreviation_in_brackets(line, expected):
    assert abbreviation_aside(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # A place, a year, a note: not what the organisation is called.
        "Nankai University (Beijing)",
        "Ping-Pong Diplomacy Committee (1979)",
        "Asia Society (NYC)",
        "U.S. Department of State (letter)",
        "Nankai University (Tianjin)",
        "Asia Society (NewYork)",
        "Sinopec (SinoPec)",
        "Ministry of Education (Moe)",
        # Capitals that are not the name's initials, or a single word's beginning.
        "China Scholarship Council (USA)",
        "Sinopec (SIN)",
        # Longer than an abbreviation, or a bracket in the middle.
        "Chinese People's Association for Friendship with Foreign Countries (CPAFFCABCDE)",
        "Ministry of Commerce (MOFCOM) Beijing Office",
        # The Chinese name, which chinese_aside reads.
        "Tsinghua University (清华大学)",
        "(CSC)",
    ],
)
def test_a_bracket_that_is_not_the_name_abbreviated_stays_in_the_name(line):
    assert abbreviation_aside(line) == (line.strip(), "")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ministry of Commerce (MOFCOM)", ("Ministry of Commerce", "", "MOFCOM")),
        ("Ministry of Commerce (商务部) (MOFCOM)", ("Ministry of Commerce", "商务部", "MOFCOM")),
        ("Ministry of Commerce (MOFCOM) (商务部)", ("Ministry of Commerce", "商务部", "MOFCOM")),
        ("Tsinghua University (清华大学)", ("Tsinghua University", "清华大学", "")),
        # The other way round, as Chinese writers give both names.
        ("北京大学 (Peking University)", ("Peking University", "北京大学", "")),
        ("教育部（Ministry of Education）", ("Ministry of Education", "教育部", "")),
        ("商务部 (Ministry of Commerce) (MOFCOM)", ("Ministry of Commerce", "商务部", "MOFCOM")),
        # Square brackets, as some sources write the other name.
        ("Peking University [北京大学]", ("Peking University", "北京大学", "")),
        ("北京大学【Peking University】", ("Peking University", "北京大学", "")),
        # English in brackets that names no organisation by itself: a place, a short name, a note.
        ("北京大学 (Beijing)", ("北京大学 (Beijing)", "", "")),
        ("中国科学院 (CAS)", ("中国科学院 (CAS)", "", "")),
        ("北京大学 (host)", ("北京大学 (host)", "", "")),
        ("北京 (Peking University)", ("北京 (Peking University)", "", "")),
        ("MOFCOM", ("MOFCOM", "", "")),
        ("Nankai University (Tianjin)", ("Nankai University (Tianjin)", "", "")),
        # Side by side without brackets, the abbreviation after them.
        ("Tsinghua University 清华大学 (THU)", ("Tsinghua University 清华大学", "", "THU")),
    ],
)
def test_an_organisation_line_gives_its_name_chinese_name_and_abbreviation(line, expected):
    assert organisation_names(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # As bilingual letterheads write both, either first.
        ("Tsinghua University 清华大学", ("Tsinghua University", "清华大学")),
        ("清华大学 Tsinghua University", ("Tsinghua University", "清华大学")),
        (
            "国家文物局 State Administration of Cultural Heritage",
            ("State Administration of Cultural Heritage", "国家文物局"),
        ),
        # A place beside the English, English that names no organisation by itself, a slash.
        ("北京 Peking University", ("北京 Peking University", "")),
        ("清华大学 Tsinghua", ("清华大学 Tsinghua", "")),
        ("University of Virginia / 教育部", ("University of Virginia / 教育部", "")),
    ],
)
def test_names_side_by_side_in_two_scripts_are_set_apart(line, expected):
    assert side_by_side_aside(line) == expected
