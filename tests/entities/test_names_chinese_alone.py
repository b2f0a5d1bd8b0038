"""entities.names.split_participants: a person written in Chinese characters alone ("邓小平"), as
Chinese sources write a participants line, is a person as "Deng Xiaoping (邓小平)" is."""

import pytest

from entities.names import Participant, chinese_names_to_look_up, normalise, split_participants


@pytest.mark.parametrize(
    "line, expected",
    [
        ("邓小平", [Participant("邓小平", "")]),
        # A role in brackets after the name, full-width or not, is the role it held.
        ("邓小平（副总理）", [Participant("邓小平", "副总理")]),
        ("邓小平 (中国副总理)", [Participant("邓小平", "中国副总理")]),
        # A bracket that is no role stays a note, as after a name in English.
        ("邓小平（四川）", [Participant("邓小平", "(四川)")]),
        # The line's separators: the enumeration comma, the full-width comma and semicolon, "和".
        ("习近平、李克强", [Participant("习近平", ""), Participant("李克强", "")]),
        (
            "习近平，李克强；王毅",
            [Participant("习近平", ""), Participant("李克强", ""), Participant("王毅", "")],
        ),
        ("习近平和彭丽媛", [Participant("习近平", ""), Participant("彭丽媛", "")]),
        # A form of address after a full name, as a title is: Dr., Mr., Ms.
        ("王明博士", [Participant("王明", "博士")]),
        ("习近平主席和彭丽媛女士", [Participant("习近平", "主席"), Participant("彭丽媛", "女士")]),
        ("李强先生与王毅", [Participant("李强", "先生"), Participant("王毅", "")]),
        # "和" after a name and its title joins the next person, never begins their name.
        ("习近平主席和彭丽媛", [Participant("习近平", "主席"), Participant("彭丽媛", "")]),
        ("李克强总理与王毅外长", [Participant("李克强", "总理"), Participant("王毅", "外长")]),
        # A compound family name, a foreign name written with its dot.
        ("欧阳修", [Participant("欧阳修", "")]),
        ("司马相如", [Participant("司马相如", "")]),
        ("亨利·基辛格", [Participant("亨利·基辛格", "")]),
        # Family names that are common words too.
        ("成龙、关之琳", [Participant("成龙", ""), Participant("关之琳", "")]),
        ("章子怡和安文彬", [Participant("章子怡", ""), Participant("安文彬", "")]),
        # Beside people written in English.
        ("Henry Kissinger, 周恩来", [Participant("Henry Kissinger", ""), Participant("周恩来", "")]),
        ("周恩来, Henry Kissinger", [Participant("周恩来", ""), Participant("Henry Kissinger", "")]),
    ],
)
def test_a_name_in_chinese_alone_is_a_person(line, expected):
    assert split_participants(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # Groups, institutions, places, titles and forms of address are no one's name.
        "北京大学",
        "中国代表团",
        "学生代表",
        "高中生",
        "中美青年",
        "北京",
        "美国",
        "200名学生",
        "王先生",
        # A country or an office's words before a title.
        "中国外交部长",
        "美国国务卿",
        # Words that such a family name begins.
        "成员",
        "关系",
        "安排",
        "李教授",
        "总理",
        # Too long for a name of its own.
        "王大小中天",
    ],
)
def test_chinese_that_names_no_one_stays_text(line):
    assert split_participants(line) == [line]


def test_a_name_whose_family_name_is_not_read_is_a_person_when_a_person_is_called_so():
    # "尼克松" (Nixon) begins with no family name: a person only when one has it as a name or alias.
    assert split_participants("尼克松") == ["尼克松"]
    assert split_participants("尼克松、周恩来", known={normalise("尼克松")}) == [
        Participant("尼克松", ""),
        Participant("周恩来", ""),
    ]
    assert split_participants("尼克松（总统）", known={"尼克松"}) == [Participant("尼克松", "总统")]


def test_the_names_to_look_up_are_those_not_read_as_names_already():
    assert chinese_names_to_look_up("尼克松、周恩来\n北京大学; 里根（总统）") == {"尼克松", "里根"}
    # Nothing to look up: no query is made for a line in English, or of names read already.
    assert chinese_names_to_look_up("Henry Kissinger, Zhou Enlai (周恩来)") == set()
    assert chinese_names_to_look_up("周恩来、邓小平") == set()
