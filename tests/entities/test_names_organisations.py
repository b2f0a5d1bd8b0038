"""entities.names.split_organisations: a partners or sponsors line that lists several organisations."""

import pytest

from entities.names import split_organisations


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
    ],
)
def test_a_line_listing_several_organisations_gives_each(line, expected):
    assert split_organisations(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # "and" inside one organisation's name.
        "Hong Kong University of Science and Technology",
        "Ministry of Industry and Information Technology",
        "Michigan Department of Agriculture and Rural Development",
        "Chinese Center for Disease Control and Prevention",
        "National Aeronautics and Space Administration",
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
