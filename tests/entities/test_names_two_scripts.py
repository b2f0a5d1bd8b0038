"""Names written in Chinese characters and in English side by side, as bilingual sources write
them: a place's, the Chinese or the English in brackets ("Beijing (北京)", "北京（Beijing）")."""

import pytest

from entities.names import split_places


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
