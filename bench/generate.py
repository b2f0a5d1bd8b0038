"""Generate a realistic catalogue of published exchanges for benchmarks.

    .venv/bin/python bench/generate.py --rows 100000
    .venv/bin/python bench/generate.py --rows 1000000 --keep \\
        --database postgres://postgres@127.0.0.1:5432/bench_1m

Migrates the database (a temporary SQLite file unless --database names one; a
PostgreSQL database that does not exist is created), then fills it with
--rows published exchanges, their sources, the organisations, people and places
they are linked to, and the search vocabulary, every column as the site itself
would have written it (Exchange.save(), exchanges/links.py). PostgreSQL is
filled with COPY (its secondary indexes built once at the end), SQLite with
executemany in batches (its FTS5 index rebuilt once at the end). Then, with
--check, it asks the site's main pages for the data (list, search, an exchange,
an entity, the API) and prints their status and time. Prints rows per second.
Without --keep the database is dropped (or the file deleted) afterwards; with
it, bench/serve.py and `manage.py runserver` can use it.

What the rows look like (the shares are in the constants below):
- titles and summaries draw words from a vocabulary of several thousand with
  Zipf-distributed frequencies, as real text does: a common word is in most
  rows, a typical one in a few percent, most in a handful (`word_share` says
  which share of rows a word is expected to match, for the search benchmark);
  one exchange in ten has a Chinese title and summary too;
- types, levels of government, "government?" and "continuing" (both with
  "not recorded"), date precisions and years 1971-2026 weighted toward recent
  years, in the proportions a catalogue of official exchanges has;
- 50,000 organisations, 100,000 people and 5,000 places (the gazetteer's real
  states, provinces and cities first, then generated cities inside them), some
  with Chinese names and aliases; each exchange names 1-4 organisations
  (partners, some sponsors), 0-3 people with the title they held, and 1-2
  places, the places they lie in linked too (direct=False) as
  exchanges/links.py links them. Which entity is named is Zipf-skewed: the
  first few (two ministries, a president) are in a large share of exchanges,
  most in one or two. The record's texts (partners, sponsors, participants,
  location) name the same entities, so publishing a generated record again
  links it the same way.

Other scripts reuse `prepare(url, rows)` and `generate(rows)` with Django set
up on the database. A later migration that adds a column with a default needs
nothing here; one without a default makes the generator stop and name it.
"""

import argparse
import bisect
import datetime
import itertools
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 14
# Words of the domain first (the most frequent), then made-up ones, pronounceable
# and left alone by the English stemmer, up to VOCABULARY_SIZE.
DOMAIN_WORDS = (
    "delegation visit cooperation trade education students university exchange dialogue minister "
    "summit agreement climate energy culture health technology security governors sister city "
    "province state program science research business investment agriculture journalists media "
    "orchestra panda tourism sports festival museum military talks embassy consulate ambassador "
    "president premier secretary congress commerce scholars fellowship language teachers youth "
    "hospital medicine vaccine environment water forestry ocean aviation railway port shipping "
    "bank finance currency tariff export import semiconductor software internet satellite space "
    "nuclear arms maritime coast guard archive library film theater dance music opera painting"
).split()
VOCABULARY_SIZE = 5000
ZIPF_EXPONENT = 1.0
TITLE_WORDS = (4, 9)
SUMMARY_WORDS = (25, 60)
# Summaries are built from fragments drawn from a pool: the word frequencies
# stay Zipfian while a million rows take seconds instead of minutes of choices().
FRAGMENTS = 60_000
FRAGMENT_WORDS = 12
# Chinese titles and summaries: this share of exchanges, from these words (most frequent first).
CHINESE_SHARE = 0.1
CHINESE_WORDS = (
    "代表团 访问 合作 交流 教育 贸易 对话 学生 大学 部长 峰会 协议 气候 能源 文化 卫生 科技 安全 "
    "州长 姐妹城市 省 研究 商业 投资 农业 记者 媒体 乐团 熊猫 旅游 体育 节 博物馆 军事 会谈 使馆 "
    "领事馆 大使 主席 总理 国务卿 国会 商务 学者 语言 教师 青年 医院 疫苗 环境 水 林业 海洋 航空"
).split()

# (value, weight): shares of a catalogue of official and civic exchanges.
TYPES = [
    ("diplomatic", 22), ("education", 17), ("business", 12), ("cultural", 10), ("civic", 8),
    ("science", 7), ("military", 5), ("health", 4), ("environment", 4), ("media", 3),
    ("sports", 3), ("other", 2), ("", 3),
]  # fmt: skip
TYPES_AS_RECORDED = ["Aviation", "Religious", "Legal", "Humanitarian", "Labor", "Veterans"]
GOVERNMENT = [(True, 55), (False, 30), (None, 15)]
LEVELS_OF_GOVERNMENT = [
    ("national", 60), ("state", 14), ("local", 10), ("national,state", 6), ("state,local", 3),
    ("national,state,local", 1), ("", 6),
]  # fmt: skip
LEVELS_OTHERWISE = [("", 92), ("local", 5), ("state", 3)]
CONTINUING = [(False, 55), (True, 15), (None, 30)]
PRECISIONS = [("day", 60), ("month", 25), ("year", 15)]
FIRST_YEAR, LAST_YEAR = 1971, 2026
SOURCES_PER_EXCHANGE = [(1, 60), (2, 30), (3, 10)]
SOURCE_SITES = ["state.gov", "mfa.gov.cn", "whitehouse.gov", "xinhuanet.com", "usc.edu", "chinadaily.com.cn"]

# Entities, and how many of each an exchange names.
ORGANISATIONS, PEOPLE, PLACES = 50_000, 100_000, 5_000
ORGANISATIONS_PER_EXCHANGE = [(1, 40), (2, 30), (3, 20), (4, 10)]
SPONSOR_SHARE = 0.3  # of the organisations after the first, which is always a partner
PEOPLE_PER_EXCHANGE = [(0, 25), (1, 30), (2, 25), (3, 20)]
TITLED_SHARE = 0.85  # of a person's links that give the title held
PLACES_PER_EXCHANGE = [(1, 70), (2, 30)]
ALIAS_SHARE = 0.1  # of the generated organisations and people, which get one alias
CHINESE_NAME_SHARE = 0.5  # of the organisations that have a Chinese form

# The most-named come first (rank 1 of the Zipf draw), as in a real catalogue.
LEADING_ORGANISATIONS = [
    ("U.S. Department of State", "美国国务院", "State Department"),
    ("Ministry of Foreign Affairs of the People's Republic of China", "中华人民共和国外交部", "MFA"),
    ("The White House", "白宫", ""),
    ("Ministry of Education of the People's Republic of China", "中华人民共和国教育部", "MOE"),
    ("U.S. Department of Commerce", "美国商务部", "Commerce Department"),
    ("Ministry of Commerce of the People's Republic of China", "中华人民共和国商务部", "MOFCOM"),
    ("National Committee on U.S.-China Relations", "美中关系全国委员会", "NCUSCR"),
    ("Chinese People's Association for Friendship with Foreign Countries", "中国人民对外友好协会", "CPAFFC"),
    ("U.S. Department of Defense", "美国国防部", "Pentagon"),
    ("Ministry of National Defense of the People's Republic of China", "中华人民共和国国防部", ""),
    ("Chinese Academy of Sciences", "中国科学院", "CAS"),
    ("National Science Foundation", "美国国家科学基金会", "NSF"),
    ("U.S.-China Business Council", "美中贸易全国委员会", "USCBC"),
    ("China Council for the Promotion of International Trade", "中国国际贸易促进委员会", "CCPIT"),
    ("Fulbright Program", "富布赖特项目", ""),
    ("Peking University", "北京大学", "PKU"),
    ("Tsinghua University", "清华大学", ""),
    ("Harvard University", "哈佛大学", ""),
    ("Sister Cities International", "国际姐妹城市协会", ""),
    ("Asia Society", "亚洲协会", ""),
]
LEADING_PEOPLE = [
    ("Wang Yi", "王毅", "Foreign Minister"),
    ("Xi Jinping", "习近平", "President"),
    ("Antony Blinken", "", "Secretary of State"),
    ("Henry Kissinger", "基辛格", "Secretary of State"),
    ("Li Keqiang", "李克强", "Premier"),
    ("Barack Obama", "奥巴马", "President"),
    ("Hillary Clinton", "希拉里·克林顿", "Secretary of State"),
    ("Yang Jiechi", "杨洁篪", "State Councilor"),
    ("John Kerry", "克里", "Secretary of State"),
    ("Zhou Enlai", "周恩来", "Premier"),
    ("Deng Xiaoping", "邓小平", "Vice Premier"),
    ("Joe Biden", "拜登", "Vice President"),
    ("Hu Jintao", "胡锦涛", "President"),
    ("Richard Nixon", "尼克松", "President"),
    ("Wen Jiabao", "温家宝", "Premier"),
    ("Jimmy Carter", "卡特", "President"),
]
ORGANISATION_KINDS = {
    "Ministry": "部", "Institute": "研究所", "University": "大学", "Council": "理事会",
    "Association": "协会", "Bureau": "局", "Academy": "学院", "Society": "学会",
    "Foundation": "基金会", "Chamber": "商会", "Company": "公司", "Committee": "委员会",
    "Center": "中心", "Museum": "博物馆", "Hospital": "医院", "School": "学校",
    "Federation": "联合会", "Commission": "委员会",
}  # fmt: skip
DOMAIN_CHINESE = {
    "trade": "贸易", "education": "教育", "culture": "文化", "health": "卫生", "technology": "科技",
    "science": "科学", "agriculture": "农业", "energy": "能源", "commerce": "商务", "music": "音乐",
    "medicine": "医学", "environment": "环境", "finance": "金融", "aviation": "航空", "sports": "体育",
}  # fmt: skip
# Pinyin syllables with a character each, for Chinese people's names in both forms.
CHINESE_SURNAMES = (
    "Wang 王 Li 李 Zhang 张 Liu 刘 Chen 陈 Yang 杨 Huang 黄 Zhao 赵 Wu 吴 Zhou 周 Xu 徐 Sun 孙 "
    "Ma 马 Zhu 朱 Hu 胡 Guo 郭 He 何 Lin 林 Luo 罗 Gao 高 Zheng 郑 Liang 梁 Xie 谢 Song 宋 Tang 唐"
).split()
CHINESE_GIVEN = (
    "jian 建 guo 国 hua 华 ming 明 wei 伟 hong 红 li 丽 ping 平 xin 新 yu 宇 hai 海 lin 林 jun 军 "
    "fang 芳 qiang 强 yong 勇 jie 杰 tao 涛 bo 博 yan 燕 xiao 晓 dong 东 zhi 志 wen 文 hui 慧 "
    "chun 春 lei 磊 jing 静 ning 宁 rui 瑞"
).split()
AMERICAN_GIVEN = (
    "John Mary James Anne Robert Linda Michael Susan David Karen Richard Nancy Joseph Lisa Thomas "
    "Betty Charles Helen Daniel Sandra Paul Donna Mark Carol Steven Ruth Kevin Sharon Brian Laura "
    "George Emily Edward Rachel Ronald Megan Timothy Hannah Jason Olivia Jeffrey Grace Ryan Alice"
).split()
AMERICAN_SURNAMES = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
    "Jackson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker "
    "Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards "
    "Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward"
).split()
PLACE_ENDINGS = ["", "", " City", "shan", "zhou", "ville", " Springs", "jiang", "port", "ton"]


def weighted(pairs):
    """A picker for (value, weight) pairs, faster than choices() with weights each time."""
    values = [value for value, _ in pairs]
    cumulative = list(itertools.accumulate(weight for _, weight in pairs))
    total = cumulative[-1]

    def pick(randomiser):
        return values[bisect.bisect_right(cumulative, randomiser.random() * total)]

    return pick


def vocabulary():
    """The words, most frequent first (deterministic)."""
    randomiser = random.Random(SEED)
    words = list(dict.fromkeys(DOMAIN_WORDS))
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = made_up_word(randomiser)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def made_up_word(randomiser):
    onsets = "b c d f g h j k l m n p r s t v z br dr gr kr pl st tr ch sh".split()
    vowels = ["a", "o", "u", "ai", "ao", "ia"]
    return "".join(
        randomiser.choice(onsets) + randomiser.choice(vowels) for _ in range(randomiser.choice((2, 2, 3)))
    )


def word_weights():
    return [1 / rank**ZIPF_EXPONENT for rank in range(1, VOCABULARY_SIZE + 1)]


def word_share(
    rank, words_per_row=(TITLE_WORDS[0] + TITLE_WORDS[1] + SUMMARY_WORDS[0] + SUMMARY_WORDS[1]) / 2
):
    """The expected share of rows whose title or summary holds the word of this rank (0 = commonest)."""
    weights = word_weights()
    probability = weights[rank] / sum(weights)
    return 1 - (1 - probability) ** words_per_row


def word_matching(share):
    """The word expected to match about `share` of the rows (0.03: a typical search, 0.5: half)."""
    words = vocabulary()
    rank = min(range(VOCABULARY_SIZE), key=lambda rank: abs(word_share(rank) - share))
    return words[rank], word_share(rank)


class Writer:
    """Rows into a table: COPY on PostgreSQL, executemany in batches on SQLite."""

    def __init__(self, connection, batch=10_000):
        self.connection, self.batch = connection, batch

    def write(self, table, columns, rows):
        count = 0
        quoted = ", ".join(self.connection.ops.quote_name(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("%s" for _ in columns)
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"
                rows = iter(rows)
                while chunk := list(itertools.islice(rows, self.batch)):
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
        return count

    def write_dicts(self, model, rows):
        """Rows given as {attname: value} into the model's table: every concrete column, those not given
        from the field's default (as a later migration's new column gets it)."""
        rows = list(rows)
        if not rows:
            return 0
        given = rows[0].keys()
        fields = [field for field in model._meta.concrete_fields if field.attname in given]
        defaults = {}
        for field in model._meta.concrete_fields:
            if field.attname in given or (field.primary_key and field.attname not in given):
                continue
            if not field.has_default() and not field.null:
                sys.exit(f"bench/generate.py: {model._meta.db_table}.{field.column} has no default; fill it.")
            value = field.get_default() if field.has_default() else None
            defaults[field] = field.get_db_prep_save(value, self.connection)
        columns = [field.column for field in fields] + [field.column for field in defaults]
        extra = list(defaults.values())
        return self.write(
            model._meta.db_table,
            columns,
            ([row[field.attname] for field in fields] + extra for row in rows),
        )


class Ranked:
    """Entities of one kind in the order of how often exchanges name them (Zipf: rank r ~ 1/r)."""

    def __init__(self, ids):
        self.ids = ids
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(ids) + 1)))

    def pick(self, randomiser, count):
        """`count` different entities, the popular ones far more often."""
        chosen = []
        while len(chosen) < count:
            entity = randomiser.choices(self.ids, cum_weights=self.cumulative)[0]
            if entity not in chosen:
                chosen.append(entity)
        return chosen


class Entities:
    """The generated organisations, people and places: their rows and what exchanges name them by."""

    def __init__(self, organisations, people, places, randomiser, now):
        from entities.names import role_titles

        self.randomiser, self.now = randomiser, now
        self.slugs = {}
        self.titles = [title for title in role_titles() if title.isascii()]
        self.places, self.place_aliases = self._places(places)
        self.organisations, self.organisation_aliases = self._organisations(organisations)
        self.people, self.person_aliases = self._people(people)
        # Row indexes: id - 1. The gazetteer's cities and sites are the most named places.
        by_kind = {"city": [], "site": [], "province": [], "other": [], "generated": []}
        for place in self.places:
            by_kind.setdefault("generated" if place["generated"] else place["kind"], []).append(place["id"])
        self.ranked_places = Ranked([place for ids in by_kind.values() for place in ids])
        self.ranked_organisations = Ranked([row["id"] for row in self.organisations])
        self.ranked_people = Ranked([row["id"] for row in self.people])

    def _row(self, kind, number, name, chinese_name=""):
        from django.utils.text import slugify

        from entities.names import normalise

        # As Entity.save() makes it: the name's, numbered on a repeat (names hold no digits).
        base = slugify(name, allow_unicode=True)[:212].strip("-") or kind
        repeats = self.slugs.setdefault(kind, {}).get(base, 0)
        self.slugs[kind][base] = repeats + 1
        slug = f"{base}-{repeats + 1}" if repeats else base
        return {
            "id": number,
            "name": name,
            "chinese_name": chinese_name,
            "slug": slug,
            "key": normalise(name)[:200],
            "chinese_key": normalise(chinese_name)[:200],
            "created": self.now,
            "updated": self.now,
        }

    def _alias(self, entity, name):
        from entities.names import normalise

        return {"entity_id": entity["id"], "name": name, "key": normalise(name)[:200]}

    def _places(self, count):
        from entities.names import known_places

        randomiser, rows, aliases, by_name = self.randomiser, [], [], {}
        for known in known_places():
            if len(rows) >= count:
                break
            row = self._row("place", len(rows) + 1, known.name, known.chinese_name)
            parent = by_name.get((known.parent, known.country))
            row.update(
                kind=known.kind or "other",
                country=known.country,
                country_name=known.country_name if known.country == "other" else "",
                parent_id=parent["id"] if parent else None,
                parent_name=parent["name"] if parent else "",
                generated=False,
            )
            by_name[(known.name, known.country)] = row
            rows.append(row)
            # One alias a key, as the unique constraint has it ("Washington, DC" and "Washington DC").
            keyed = {alias["key"]: alias for alias in map(lambda name: self._alias(row, name), known.aliases)}
            aliases += [alias for key, alias in keyed.items() if key and key != row["key"]]
        provinces = {
            country: [row for row in rows if row["kind"] == "province" and row["country"] == country]
            for country in ("US", "CN")
        }
        while len(rows) < count:
            name = made_up_word(randomiser).capitalize() + randomiser.choice(PLACE_ENDINGS)
            # In the United States or China: a place elsewhere is linked only when the gazetteer knows it.
            country = randomiser.choice(["US", "CN"])
            row = self._row("place", len(rows) + 1, name)
            parent = randomiser.choice(provinces[country]) if provinces.get(country) else None
            row.update(
                kind="city",
                country=country,
                country_name="",
                parent_id=parent["id"] if parent else None,
                parent_name=parent["name"] if parent else "",
                generated=True,
            )
            rows.append(row)
        for row in rows:
            # How a record's location names it: "Wuxi, Jiangsu"; another country's place with its country.
            qualifier = row["parent_name"] or (row["country_name"] if row["country"] == "other" else "")
            row["mention"] = f"{row['name']}, {qualifier}" if qualifier else row["name"]
        return rows, aliases

    def _organisations(self, count):
        randomiser, rows, aliases = self.randomiser, [], []
        for name, chinese_name, alias in LEADING_ORGANISATIONS[:count]:
            row = self._row("organisation", len(rows) + 1, name, chinese_name)
            rows.append(row)
            if alias:
                aliases.append(self._alias(row, alias))
        kinds, domains = list(ORGANISATION_KINDS), DOMAIN_WORDS[:60]
        while len(rows) < count:
            kind, domain = randomiser.choice(kinds), randomiser.choice(domains)
            place = randomiser.choice(self.places)
            shape = randomiser.random()
            if shape < 0.4:
                name = f"{place['name']} {domain.capitalize()} {kind}"
            elif shape < 0.7:
                name = f"{kind} of {domain.capitalize()} of {place['name']}"
            else:
                name = f"{place['name']} {kind}"
                domain = ""
            chinese_name = ""
            if place["chinese_name"] and randomiser.random() < CHINESE_NAME_SHARE:
                chinese_name = (
                    place["chinese_name"] + DOMAIN_CHINESE.get(domain, "") + ORGANISATION_KINDS[kind]
                )
            row = self._row("organisation", len(rows) + 1, name, chinese_name)
            rows.append(row)
            if randomiser.random() < ALIAS_SHARE:
                initials = "".join(word[0] for word in name.split() if word[0].isupper())
                if len(initials) > 1:
                    aliases.append(self._alias(row, initials))
        return rows, aliases

    def _people(self, count):
        randomiser, rows, aliases = self.randomiser, [], []
        for name, chinese_name, title in LEADING_PEOPLE[:count]:
            row = self._row("person", len(rows) + 1, name, chinese_name)
            row["title"] = title
            rows.append(row)
        surnames = list(zip(CHINESE_SURNAMES[::2], CHINESE_SURNAMES[1::2], strict=True))
        given = list(zip(CHINESE_GIVEN[::2], CHINESE_GIVEN[1::2], strict=True))
        while len(rows) < count:
            if randomiser.random() < 0.5:
                surname, surname_zh = randomiser.choice(surnames)
                parts = randomiser.sample(given, randomiser.choice((1, 2, 2)))
                name = f"{surname} {''.join(part for part, _ in parts).capitalize()}"
                row = self._row(
                    "person", len(rows) + 1, name, surname_zh + "".join(char for _, char in parts)
                )
            else:
                first, last = randomiser.choice(AMERICAN_GIVEN), randomiser.choice(AMERICAN_SURNAMES)
                middle = f" {chr(randomiser.randrange(65, 91))}." if randomiser.random() < 0.6 else ""
                name = f"{first}{middle} {last}"
                row = self._row("person", len(rows) + 1, name)
                if randomiser.random() < ALIAS_SHARE:
                    aliases.append(self._alias(row, f"{first[0]}. {last}"))
            # The title they usually held: the same on most of their exchanges, as in real records.
            row["title"] = randomiser.choice(self.titles)
            rows.append(row)
        return rows, aliases

    def write(self, writer):
        """Every entity row and alias; returns {kind: count}."""
        from entities.models import Organisation, OrganisationAlias, Person, PersonAlias, Place, PlaceAlias

        entity_fields = ["id", "name", "chinese_name", "slug", "key", "chinese_key", "created", "updated"]
        place_fields = [*entity_fields, "kind", "country", "country_name", "parent_id"]
        for model, rows, fields in (
            (Place, self.places, place_fields),
            (Organisation, self.organisations, entity_fields),
            (Person, self.people, entity_fields),
        ):
            writer.write_dicts(model, ({field: row[field] for field in fields} for row in rows))
        for model, rows in (
            (PlaceAlias, self.place_aliases),
            (OrganisationAlias, self.organisation_aliases),
            (PersonAlias, self.person_aliases),
        ):
            writer.write_dicts(model, rows)
        return {
            "organisations": len(self.organisations),
            "people": len(self.people),
            "places": len(self.places),
            "aliases": len(self.place_aliases) + len(self.organisation_aliases) + len(self.person_aliases),
        }

    def links(self, exchange, randomiser, pickers):
        """The links of one exchange ({table: [row]}) and its texts naming the same entities."""
        organisation_rows, person_rows, place_rows = [], [], []
        partners, sponsors = [], []
        for position, entity in enumerate(
            self.ranked_organisations.pick(randomiser, pickers["organisations"](randomiser))
        ):
            role = "sponsor" if position and randomiser.random() < SPONSOR_SHARE else "partner"
            name = self.organisations[entity - 1]["name"]
            (sponsors if role == "sponsor" else partners).append(name)
            organisation_rows.append(
                {"exchange_id": exchange, "organisation_id": entity, "role": role, "position": position}
            )
        participants = []
        for position, entity in enumerate(self.ranked_people.pick(randomiser, pickers["people"](randomiser))):
            person = self.people[entity - 1]
            title = person["title"] if randomiser.random() < TITLED_SHARE else ""
            participants.append(f"{title} {person['name']}".strip())
            person_rows.append(
                {"exchange_id": exchange, "person_id": entity, "title": title, "position": position}
            )
        places, mentions = {}, []
        for position, entity in enumerate(self.ranked_places.pick(randomiser, pickers["places"](randomiser))):
            places[entity] = (True, position)
            mentions.append(self.places[entity - 1]["mention"])
        # The places those lie in, as exchanges/links.py links them: not named by the record.
        for entity, (_direct, position) in list(places.items()):
            seen, parent = {entity}, self.places[entity - 1]["parent_id"]
            while parent and parent not in seen:
                seen.add(parent)
                places.setdefault(parent, (False, position))
                parent = self.places[parent - 1]["parent_id"]
        # Each with its place's country, as exchanges/links.py makes them.
        for entity, (direct, position) in places.items():
            place_rows.append(
                {
                    "exchange_id": exchange,
                    "place_id": entity,
                    "direct": direct,
                    "position": position,
                    "country": self.places[entity - 1]["country"],
                }
            )
        texts = {
            "partners": "\n".join(partners),
            "sponsors": "\n".join(sponsors),
            "participants": ", ".join(participants),
            "location": "; ".join(mentions),
        }
        return {"organisations": organisation_rows, "people": person_rows, "places": place_rows}, texts


class Records:
    """The exchanges' own columns, as Exchange.save() writes them."""

    def __init__(self, randomiser, now):
        words, weights = vocabulary(), word_weights()
        self.words, self.cumulative = words, list(itertools.accumulate(weights))
        self.fragments = [
            " ".join(randomiser.choices(words, cum_weights=self.cumulative, k=FRAGMENT_WORDS))
            for _ in range(FRAGMENTS)
        ]
        chinese_cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(CHINESE_WORDS) + 1)))
        self.chinese = lambda k: "".join(
            randomiser.choices(CHINESE_WORDS, cum_weights=chinese_cumulative, k=k)
        )
        self.pick_type, self.pick_government = weighted(TYPES), weighted(GOVERNMENT)
        self.pick_levels, self.pick_other_levels = weighted(LEVELS_OF_GOVERNMENT), weighted(LEVELS_OTHERWISE)
        self.pick_continuing, self.pick_precision = weighted(CONTINUING), weighted(PRECISIONS)
        self.pick_year = weighted(
            [(year, (year - FIRST_YEAR + 5) ** 1.6) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
        )
        self.randomiser, self.now, self.slugs = randomiser, now, {}

    def row(self, number, texts):
        from django.utils.text import slugify

        from exchanges.dates import first_day, last_day

        randomiser = self.randomiser
        title_words = randomiser.choices(
            self.words, cum_weights=self.cumulative, k=randomiser.randint(*TITLE_WORDS)
        )
        title = " ".join(title_words).capitalize()
        parts = randomiser.randint(SUMMARY_WORDS[0], SUMMARY_WORDS[1]) // FRAGMENT_WORDS + 1
        summary = ". ".join(randomiser.choice(self.fragments) for _ in range(parts)).capitalize() + "."
        title_zh = summary_zh = ""
        if randomiser.random() < CHINESE_SHARE:
            title_zh = self.chinese(randomiser.randint(3, 6))
            summary_zh = (
                "。".join(self.chinese(randomiser.randint(4, 9)) for _ in range(randomiser.randint(2, 4)))
                + "。"
            )
        government = self.pick_government(randomiser)
        levels = self.pick_levels(randomiser) if government else self.pick_other_levels(randomiser)
        kind = self.pick_type(randomiser)
        precision = self.pick_precision(randomiser)
        year = self.pick_year(randomiser)
        day = datetime.date(year, randomiser.randint(1, 12), randomiser.randint(1, 28))
        if year == LAST_YEAR and day > self.now.date():
            day = day.replace(month=1)
        day = first_day(day, precision)
        circa = precision == "year" and randomiser.random() < 0.2
        end_date = None
        if precision == "day" and randomiser.random() < 0.3:
            end_date = day + datetime.timedelta(days=randomiser.randint(1, 10))
        elif precision == "year" and randomiser.random() < 0.2 and year < LAST_YEAR:
            end_date = datetime.date(randomiser.randint(year + 1, LAST_YEAR), 12, 31)
        # The slug as unique_slug() makes it: the title's, numbered on a repeat.
        base = slugify(title, allow_unicode=True)[:210].strip("-") or "exchange"
        repeats = self.slugs.get(base, 0)
        self.slugs[base] = repeats + 1
        return {
            "id": number,
            "title": title,
            "summary": summary,
            "outcomes": randomiser.choice(self.fragments).capitalize() + "."
            if randomiser.random() < 0.4
            else "",
            "title_zh": title_zh,
            "summary_zh": summary_zh,
            "government": government,
            "type": kind,
            "type_as_recorded": randomiser.choice(TYPES_AS_RECORDED) if kind == "other" else "",
            "levels": f",{levels}," if levels else "",
            **texts,
            "participant_count": randomiser.choice([None, None, None, 12, 40, 200, 1500]),
            "participant_count_note": "",
            "date": day,
            "date_precision": precision,
            "end_date": end_date,
            "circa": circa,
            "continuing": self.pick_continuing(randomiser),
            # None drawn: a draw here would change every row after it, and the figures measured on them.
            "notes": "",
            "slug": f"{base}-{repeats + 1}" if repeats else base,
            "date_last": last_day(day, precision, end_date),
            "status": "published",
            "created": self.now,
            "updated": self.now,
            # First published as it was made, as publishing a new exchange sets it (Exchange.save()).
            "published": self.now,
        }


def source_rows(exchange, randomiser, pick):
    rows = []
    for position in range(pick(randomiser)):
        site = randomiser.choice(SOURCE_SITES)
        rows.append(
            {
                "exchange_id": exchange,
                "citation": f"Report {exchange}.{position} ({site})",
                "url": f"https://{site}/r/{exchange}-{position}",
                "position": position,
            }
        )
    return rows


CHUNK = 20_000


def generate(rows, organisations=ORGANISATIONS, people=PEOPLE, places=PLACES, report=print, chunk=CHUNK):
    """Fill the (migrated, empty) database Django is set up on. Returns the seconds it took."""
    from types import SimpleNamespace

    from django.db import connection, transaction
    from django.utils import timezone

    from exchanges.models import (
        Exchange,
        ExchangeOrganisation,
        ExchangePerson,
        ExchangePlace,
        SearchWord,
        Source,
        sort_title,
    )
    from exchanges.search import SEARCH_COLUMNS, search_columns, vocabulary_words

    started = time.perf_counter()
    randomiser = random.Random(SEED)
    now = timezone.now()
    writer = Writer(connection)
    link_models = {"organisations": ExchangeOrganisation, "people": ExchangePerson, "places": ExchangePlace}
    pickers = {
        "organisations": weighted(ORGANISATIONS_PER_EXCHANGE),
        "people": weighted(PEOPLE_PER_EXCHANGE),
        "places": weighted(PLACES_PER_EXCHANGE),
    }
    pick_sources = weighted(SOURCES_PER_EXCHANGE)
    counts = dict.fromkeys(["sources", *link_models], 0)
    folded_words = set()
    with transaction.atomic():
        entities = Entities(organisations, people, places, randomiser, now)
        made = entities.write(writer)
        report("entities: " + ", ".join(f"{count:,} {kind}" for kind, count in made.items()))
        lap = time.perf_counter()
        records = Records(randomiser, now)
        tables = [model._meta.db_table for model in (Exchange, Source, *link_models.values())]
        with bulk_load(connection, tables):
            for first in range(1, rows + 1, chunk):
                exchanges, sources = [], []
                links = {kind: [] for kind in link_models}
                for number in range(first, min(rows, first + chunk - 1) + 1):
                    exchange_links, texts = entities.links(number, randomiser, pickers)
                    row = records.row(number, texts)
                    folded = search_columns(SimpleNamespace(**row))
                    row.update(zip(SEARCH_COLUMNS, folded, strict=True))
                    row["title_sort"] = sort_title(row["title"])
                    for text in folded:
                        folded_words.update(text.split())
                    exchanges.append(row)
                    sources += source_rows(number, randomiser, pick_sources)
                    # Dated as exchanges/counts.py keeps them: the exchange's date while it is published.
                    day = row["date"] if row["status"] == "published" else None
                    for kind, link_rows in exchange_links.items():
                        links[kind] += [{**link, "published_date": day} for link in link_rows]
                writer.write_dicts(Exchange, exchanges)
                counts["sources"] += writer.write_dicts(Source, sources)
                for kind, model in link_models.items():
                    counts[kind] += writer.write_dicts(model, links[kind])
                done = min(rows, first + chunk - 1)
                if done % 100_000 < chunk or done == rows:
                    elapsed = time.perf_counter() - lap
                    report(f"exchanges: {done:,} in {elapsed:.0f} s ({done / elapsed:,.0f} rows/s)")
            report("indexes: building")
        words = sorted(vocabulary_words(folded_words))
        writer.write_dicts(SearchWord, ({"word": word} for word in words))
        report(
            f"sources: {counts['sources']:,}; links: {counts['organisations']:,} to organisations, "
            f"{counts['people']:,} to people, {counts['places']:,} to places; search words: {len(words):,}"
        )
    finish(connection)
    elapsed = time.perf_counter() - started
    report(f"done in {elapsed:.1f} s: {rows / elapsed:,.0f} exchanges/s overall, with the indexes")
    return elapsed


class bulk_load:
    """PostgreSQL: the tables' secondary indexes dropped while rows are copied in and built once after
    (much faster than keeping a GIN index up to date row by row), and the foreign keys not checked row
    by row (the generator writes only ids it made; tests/bench checks them). SQLite: the FTS5 triggers
    dropped, the index rebuilt once at the end."""

    def __init__(self, connection, tables):
        self.connection, self.tables, self.saved = connection, tables, []

    def __enter__(self):
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [self.tables],
                )
                self.saved = cursor.fetchall()
                for name, _ in self.saved:
                    cursor.execute(f'DROP INDEX "{name}"')
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = 'exchanges_exchange'"
                )
                self.saved = cursor.fetchall()
                for name, _ in self.saved:
                    cursor.execute(f'DROP TRIGGER "{name}"')
        return self

    def __exit__(self, *exc_info):
        if exc_info[0]:
            return False
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for _, sql in self.saved:
                cursor.execute(sql)
            if self.connection.vendor == "sqlite":
                cursor.execute("INSERT INTO exchanges_exchange_fts(exchanges_exchange_fts) VALUES('rebuild')")
        return False


def finish(connection):
    """The planner's statistics, and sequences that continue after the ids written."""
    from django.apps import apps

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in [
                *apps.get_app_config("exchanges").get_models(),
                *apps.get_app_config("entities").get_models(),
            ]:
                table = model._meta.db_table
                if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    )
            cursor.execute("VACUUM ANALYZE" if not connection.in_atomic_block else "ANALYZE")
        else:
            cursor.execute("ANALYZE")


def check_pages(report=print):
    """The site's main pages on the generated data, as a reader asks them: (path, status, ms) each.

    Counts as much as `manage.py check` does for code: the site answers 200 on this data."""
    from django.test import Client
    from django.urls import reverse

    from entities.models import Organisation, Person, Place
    from exchanges.models import Exchange

    middle = Exchange.objects.published().order_by("id").only("slug")[Exchange.objects.count() // 2]
    typical, _ = word_matching(0.03)
    paths = [
        reverse("home"),
        reverse("exchanges:list"),
        f"{reverse('exchanges:list')}?q={typical}",
        f"{reverse('exchanges:list')}?type=education&level=state&date_after=2010",
        middle.get_absolute_url(),
        *(model.objects.get(pk=1).get_absolute_url() for model in (Organisation, Person, Place)),
        reverse("api:exchange-list"),
    ]
    client, results = Client(), []
    for path in paths:
        started = time.perf_counter()
        status = client.get(path).status_code
        results.append((path, status, (time.perf_counter() - started) * 1000))
        report(f"check: {status} in {results[-1][2]:,.0f} ms  {path}")
    return results


def setup_django(url):
    os.environ.update(DATABASE_URL=url, DEBUG="false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def create_postgres_database(url):
    """CREATE DATABASE when the URL names one that does not exist yet. Returns whether it did."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')
    return not exists


def drop_postgres_database(url):
    import dj_database_url
    import psycopg

    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Run after migrating a generated database whenever migrations were applied or rows generated,
# when the project has them: commands that rebuild what later migrations derive from the rows.
REBUILD_COMMANDS = ["rebuild_counts"]


def prepare(url, rows, report=print):
    """Migrate the database at `url` and fill it, unless it already holds exactly the rows asked for.

    Returns whether it generated. A database holding other exchanges is refused.
    """
    if url.startswith("postgres"):
        create_postgres_database(url)
    setup_django(url)
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from exchanges.models import Exchange

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        report(f"migrating: {len(pending)} migrations to apply")
    call_command("migrate", verbosity=0)
    existing = Exchange.objects.count()
    generated = False
    if existing == rows and not Exchange.objects.exclude(status="published").exists():
        report(f"the database already holds {rows:,} published exchanges: reused")
    elif existing:
        sys.exit(f"That database holds {existing:,} exchanges, not {rows:,}; name an empty or new one.")
    else:
        generate(rows, report=report)
        generated = True
    if pending or generated:
        for command in REBUILD_COMMANDS:
            if command in get_commands():
                started = time.perf_counter()
                call_command(command)
                report(f"{command}: {time.perf_counter() - started:.0f} s")
    return generated


def database_size(url):
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return cursor.fetchone()[0]
    path = url.removeprefix("sqlite:///")
    return f"{os.path.getsize(path) / 2**20:,.0f} MB"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="Published exchanges (default 1,000,000)."
    )
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    parser.add_argument("--keep", action="store_true", help="Keep the database for server runs.")
    parser.add_argument(
        "--check",
        action="store_true",
        help="Then ask the main pages (list, search, exchange, entities, API) and report their status.",
    )
    args = parser.parse_args()

    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(prefix="bench-", suffix=".sqlite3", delete=False).name
        args.database = f"sqlite:///{scratch}"
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    # Pages name their static files by the manifest, as in production.
    os.environ.setdefault("STATIC_ROOT", static_root)
    prepare(args.database, args.rows)
    print(f"database size: {database_size(args.database)}")
    typical, typical_share = word_matching(0.03)
    half, half_share = word_matching(0.5)
    print(f"search words: {typical!r} ~{typical_share:.0%} of rows, {half!r} ~{half_share:.0%}")
    failed = []
    if args.check:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        failed = [path for path, status, _ in check_pages() if status != 200]
    if args.keep:
        print(f"kept: DATABASE_URL={args.database}")
    else:
        from django.db import connections

        connections.close_all()
        if scratch:
            os.unlink(scratch)
        elif args.database.startswith("postgres"):
            drop_postgres_database(args.database)
        print("dropped (use --keep to keep it)")
    if failed:
        sys.exit(f"Pages not answering 200: {', '.join(failed)}")


if __name__ == "__main__":
    main()
