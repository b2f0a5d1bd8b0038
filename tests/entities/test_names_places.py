"""entities.names.split_places: a state after a town, "and" inside a name, a country as written."""

import pytest

from entities.names import _state_borders, chinese_short_name, known_places, split_places


def read(line):
    return [(mention.name, mention.country, mention.parent) for mention in split_places(line)]


@pytest.mark.parametrize(
    "line, expected",
    [
        # A part after a town names the state it is in, not the capital of the same name.
        ("Seattle, Washington", [("Seattle", "US", "Washington State")]),
        ("Bellevue, Washington", [("Bellevue", "US", "Washington State")]),
        (
            "Redmond, Medina and Everett, Washington",
            [("Redmond", "", ""), ("Medina", "", ""), ("Everett", "US", "Washington State")],
        ),
        ("Rochester, New York", [("Rochester", "US", "New York State")]),
        # Two known cities are a list: the capital stays the capital.
        ("Beijing, Washington", [("Beijing", "CN", ""), ("Washington", "US", "District of Columbia")]),
        ("Kennedy Center, Washington, DC", [("Kennedy Center", "US", "Washington")]),
    ],
)
def test_a_state_after_a_town_is_where_the_town_is(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "Shanghai Science and Technology Museum, Shanghai",
            [("Shanghai Science and Technology Museum", "CN", "Shanghai")],
        ),
        (
            "Museum of Science and Industry, Chicago",
            [("Museum of Science and Industry", "US", "Chicago")],
        ),
        ("Springfield and Peoria, Illinois", [("Springfield", "", ""), ("Peoria", "US", "Illinois")]),
        ("Muscatine and Des Moines, Iowa", [("Muscatine", "US", "Iowa"), ("Des Moines", "US", "Iowa")]),
    ],
)
def test_and_inside_an_institutions_name_does_not_split_it(line, expected):
    assert read(line) == expected


def test_a_country_named_alone_drops_its_article():
    assert read("China and the United States") == [("China", "CN", ""), ("United States", "US", "")]


@pytest.mark.parametrize(
    "name, short",
    [
        ("北京市", "北京"),
        ("广东省", "广东"),
        ("加利福尼亚州", "加利福尼亚"),
        ("犹他州", "犹他"),
        ("西藏自治区", "西藏"),
        ("香港特别行政区", "香港"),
        ("广州", ""),  # 州 is part of the name
        ("福州", ""),
        ("上海", ""),
        ("", ""),
    ],
)
def test_a_chinese_place_name_without_its_administrative_word(name, short):
    assert chinese_short_name(name) == short


@pytest.mark.parametrize(
    "line, expected",
    [
        # Its Chinese and its English name side by side, either first, as bilingual sources write.
        ("北京 Beijing, China", [("Beijing", "CN", "")]),
        ("Beijing 北京", [("Beijing", "CN", "")]),
        ("北京市 Beijing", [("Beijing", "CN", "")]),
        ("西安 Xi'an, China", [("Xi'an", "CN", "Shaanxi")]),
        ("纽约 New York", [("New York", "US", "New York State")]),
        # Two places, or one known and one not: as before, a name of both, never the Chinese one's.
        ("上海 Beijing, China", [("上海 Beijing", "CN", "")]),
        ("Springfield 北京, China", [("Springfield 北京", "CN", "")]),
        ("Beijing 上海", [("Beijing 上海", "", "")]),
    ],
)
def test_a_place_written_in_both_scripts_is_the_place_both_name(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        # Chinese writes an address from the largest place down, with no mark between the places.
        ("浙江省杭州市", [("Hangzhou", "CN", "Zhejiang")]),
        ("中国浙江杭州", [("Hangzhou", "CN", "Zhejiang")]),
        ("台湾台北", [("Taipei", "other", "Taiwan")]),
        ("美国加利福尼亚州旧金山市", [("San Francisco", "US", "California")]),
        # A district the gazetteer lacks, in the known place before it.
        ("北京市海淀区", [("海淀区", "CN", "Beijing")]),
        # No place after a place: an institution, or places not lying in one another.
        ("北京大学", [("北京大学", "", "")]),
        ("北京上海", [("北京上海", "", "")]),
        ("杭州市浙江省", [("杭州市浙江省", "", "")]),
    ],
)
def test_a_chinese_address_is_read_from_the_largest_place_down(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Tianjin Municipality", [("Tianjin", "CN", "")]),
        ("臺北, 臺灣", [("Taipei", "other", "Taiwan")]),
        ("澳門", [("Macau", "CN", "")]),
        # A country in brackets, as after a comma.
        ("Beijing (PRC)", [("Beijing", "CN", "")]),
        ("Springfield (USA)", [("Springfield", "US", "")]),
    ],
)
def test_official_and_traditional_spellings_are_the_known_place(line, expected):
    assert read(line) == expected


# The Republic of China written after Taiwan or a place in it, and the People's Republic with its
# dots, say where the place is as "Taiwan" and "China" do: no place of their own.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Taipei, Taiwan (ROC)", [("Taipei", "other", "Taiwan")]),
        ("Taiwan (ROC)", [("Taiwan", "other", "")]),
        ("Taiwan, R.O.C.", [("Taiwan", "other", "")]),
        ("Taipei, Republic of China", [("Taipei", "other", "Taiwan")]),
        ("Kaohsiung, Taiwan (R.O.C.)", [("Kaohsiung", "other", "Taiwan")]),
        ("Beijing, P.R. China", [("Beijing", "CN", "")]),
        ("Beijing, PR China", [("Beijing", "CN", "")]),
        ("Shanghai, P.R.C.", [("Shanghai", "CN", "")]),
        # Another name of the place in brackets is no place of its own: one of another stays.
        ("Beijing (Peking)", [("Beijing", "CN", "")]),
        ("Shanghai (Beijing)", [("Shanghai (Beijing)", "", "")]),
    ],
)
def test_the_republic_of_china_and_pr_china_are_where_the_place_is(line, expected):
    assert read(line) == expected


# Hong Kong's and Macau's districts, in English, in Chinese from the largest place down, traditional.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Kowloon, Hong Kong", [("Kowloon", "CN", "Hong Kong")]),
        ("香港九龙", [("Kowloon", "CN", "Hong Kong")]),
        ("九龍", [("Kowloon", "CN", "Hong Kong")]),
        ("香港九龙尖沙咀", [("Tsim Sha Tsui", "CN", "Kowloon")]),
        ("澳门氹仔", [("Taipa", "CN", "Macau")]),
        ("Taipa, Macau", [("Taipa", "CN", "Macau")]),
    ],
)
def test_the_districts_of_hong_kong_and_macau_are_known(line, expected):
    assert read(line) == expected
    assert all(place.known for place in split_places(line))


# 和, 与 and 及 join two places in Chinese, never the halves of a name holding them.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("上海, 中华人民共和国", [("Shanghai", "CN", "")]),
        ("和平饭店, 上海", [("和平饭店", "CN", "Shanghai")]),
        ("北京和上海", [("Beijing", "CN", ""), ("Shanghai", "CN", "")]),
        ("北京市和天津市", [("Beijing", "CN", ""), ("Tianjin", "CN", "")]),
    ],
)
def test_and_in_chinese_inside_a_name_is_no_list(line, expected):
    assert read(line) == expected


# "in" between two known places says where the first is, as a comma does; before another word it
# names no place.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("the Diaoyutai State Guesthouse in Beijing", [("Diaoyutai State Guesthouse", "CN", "Beijing")]),
        ("Sunnylands in Rancho Mirage, California", [("Sunnylands", "US", "Rancho Mirage")]),
        ("Meeting in Beijing", [("Meeting in Beijing", "", "")]),
    ],
)
def test_in_between_two_known_places_is_where_the_first_is(line, expected):
    assert read(line) == expected


# Another name of a part's place in brackets inside a line says no more than the place: the place.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Macau (Macao), China", [("Macau", "CN", "")]),
        ("Taipei (Taiwan), ROC", [("Taipei", "other", "Taiwan")]),
        ("台湾高雄", [("Kaohsiung", "other", "Taiwan")]),
        ("Shanghai (Beijing), China", [("Shanghai (Beijing)", "CN", "")]),
    ],
)
def test_another_name_in_brackets_inside_a_line_is_the_place(line, expected):
    assert read(line) == expected


# Americans write a town with its state after it: a known town followed by a state it does not lie
# in is another town of that name there, as an unknown town followed by its state is.
@pytest.mark.parametrize(
    "line, expected",
    [
        ("Portland, Maine", [("Portland", "US", "Maine")]),
        ("Portland, ME", [("Portland", "US", "Maine")]),
        ("Columbus, Georgia", [("Columbus", "US", "Georgia")]),
        ("Washington, Pennsylvania", [("Washington", "US", "Pennsylvania")]),
        # A town of a third country the gazetteer knows, in a state: the American one.
        ("Paris, Texas", [("Paris", "US", "Texas")]),
        # Where the gazetteer has it, it is the known town.
        ("Portland, Oregon", [("Portland", "US", "Oregon")]),
        ("Seattle, Washington", [("Seattle", "US", "Washington State")]),
        # Places lying in none, states after states and China's provinces after its cities are lists.
        ("Beijing, Hebei", [("Beijing", "CN", ""), ("Hebei", "CN", "")]),
        ("Texas, Oklahoma", [("Texas", "US", ""), ("Oklahoma", "US", "")]),
        ("Hangzhou, Jiangsu", [("Hangzhou", "CN", "Zhejiang"), ("Jiangsu", "CN", "")]),
        ("Seattle, Tacoma", [("Seattle", "US", "Washington State"), ("Tacoma", "US", "Washington State")]),
        ("Shenzhen, California", [("Shenzhen", "CN", "Guangdong"), ("California", "US", "")]),
        # A city before a state bordering its own: neighbours listed.
        ("New York, New Jersey", [("New York", "US", "New York State"), ("New Jersey", "US", "")]),
        ("Washington, Virginia", [("Washington", "US", "District of Columbia"), ("Virginia", "US", "")]),
        (
            "Washington, Maryland, Virginia",
            [("Washington", "US", "District of Columbia"), ("Maryland", "US", ""), ("Virginia", "US", "")],
        ),
        ("Kansas City, Kansas", [("Kansas City", "US", "Missouri"), ("Kansas", "US", "")]),
    ],
)
def test_a_known_town_in_another_state_is_another_town(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Cambridge, UK", [("Cambridge", "other", "United Kingdom")]),
        ("Cambridge (UK)", [("Cambridge", "other", "United Kingdom")]),
        ("Cambridge, Massachusetts", [("Cambridge", "US", "")]),
        ("Paris, France", [("Paris", "other", "France")]),
        ("London, United Kingdom", [("London", "other", "United Kingdom")]),
        # Taiwan and the places in it are as the gazetteer has them, whatever country is written.
        ("Taipei, China", [("Taipei", "other", "Taiwan")]),
    ],
)
def test_a_known_town_in_another_country_is_another_town(line, expected):
    assert [(m.name, m.country, m.country_name) for m in split_places(line)] == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Portland (Maine)", [("Portland", "US", "Maine")]),
        ("Springfield (IL)", [("Springfield", "US", "Illinois")]),
        ("Springfield (Ill.)", [("Springfield", "US", "Illinois")]),
        ("Athens (Georgia)", [("Athens", "US", "Georgia")]),
        ("Boston (Massachusetts, USA)", [("Boston", "US", "Massachusetts")]),
        ("Des Moines (Iowa) and Beijing", [("Des Moines", "US", "Iowa"), ("Beijing", "CN", "")]),
        # A province of China too, after a town the gazetteer lacks.
        ("Yiwu (Zhejiang)", [("Yiwu", "CN", "Zhejiang")]),
        # Which place of a name is meant, or a note: as before.
        ("Georgia (country)", [("Georgia (country)", "", "")]),
        ("Beijing (APEC)", [("Beijing", "CN", "")]),
    ],
)
def test_a_state_in_a_bracket_is_where_the_town_is(line, expected):
    assert read(line) == expected


def test_the_states_bordering_each_other_are_the_gazetteers_states():
    states = {row.name for row in known_places() if row.kind == "province" and row.country == "US"}
    borders = _state_borders()
    assert set(borders) <= states
    assert all(neighbours <= states for neighbours in borders.values())
    # Read both ways, each state bordering at least one but Alaska, Hawaii and the islands.
    assert "New Jersey" in borders["New York State"] and "New York State" in borders["New Jersey"]
    assert states - set(borders) == {"Alaska", "Hawaii", "Guam", "Puerto Rico"}
