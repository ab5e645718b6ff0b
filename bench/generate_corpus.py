#!/usr/bin/env python3
"""Deterministic synthetic corpus of fictional inspection rectification notices.

    python bench/generate_corpus.py --count 1000 --out DIR [--seed 7]

Writes ``DIR/n00000.txt …`` (UTF-8) and ``DIR/truth.jsonl`` (one JSON object
per notice, in file order).  Standard library only; the same ``--seed`` and
``--count`` always give byte-identical files, and notice *i* does not depend on
``--count`` (each notice has its own ``random.Random``), so a corpus of 200 is
the first 200 notices of a corpus of 1000.

Everything is invented: the province 云岭省 and its cities, counties,
townships and villages (the sample geography of ``samples/world.json`` plus
names built from syllable lists), the units, the people and every number.
The notices imitate the genre of ``samples/notices``: a title line, an opening
sentence (根据/按照/经…批准, dates, 第N巡察组 对 X 开展了 … 巡察, 反馈),
numbered sections 一、 (一) 1. 一是 (1), 整改情况 paragraphs with measures,
《…》 titles, post + name, reported figures.

Truth (per line): ``file, kind, title, published, issuer, unit_kind,
punctuation, inspections[authority, authority_surface, inspecting_body,
inspecting_body_surface, inspected_unit, inspected_unit_surface, kind, mode,
round, topic, start, end, feedback_date, level], persons[name, posts, org,
post_orgs, surface, responsibilities], regulations[title, relation, issuer],
problems[section, level, headline, category, unit, measures], measures[section,
kind, text], figures[text, metric, value, unit, section], figure_count``.
Schema and conventions follow ``samples/truth.json`` where they overlap
(canonical names such as 青禾县委, 江川市委第三巡察组; sections such as
``二/(一)/1``; the 19 problem categories of ``ingest/data``).
All strings are NFKC-normalised (what the ingest pipeline sees), dates are ISO
(``YYYY-MM`` when the text gives only a month).  Following the gold
convention, the feedback date of an extension (延伸) inspection is null, and
``authority`` is null when the text does not say who deployed the inspection.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

# --------------------------------------------------------------------------- names

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤常温康施牛樊葛邢"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿焦俞左柳甘祝包尚符舒阮柯童凌毕季裴霍涂苗谷盛翁冉骆蓝路游辛靳管柴蒙"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "慕容")
GIVEN = (
    "建明华立志海文俊振春秋晓红林永德宏伟军涛燕霞芳敏静丽勇杰斌峰磊鹏亮辉群成庆福宁远航雅琴书舟承岚川忠光荣"
    "玉兰梅英秀桂锦泽润清源博卫东凯超毅刚健耀祥瑞琳婷慧娟萍莉云飞翔松柏桦楠彬蕾倩颖佳嘉浩宇轩哲晨昊鑫欣怡淑"
    "智仁义礼启元恒达胜兴旺贵茂盛凤鸣鹤雪冰洁璐瑶思若逸晖煜焕炜钧铭锋岩崇岱嵩峻朝旭昕晗彤丹青蓉芸菁茜薇"
)

# Place-name syllables (no level characters 省市县区镇乡村, no function words).
P1 = "青白梅松桃石禾竹云金丰安清泉兰杏枫槐榆鹿鹤凤龙雁晴霞翠碧苍丹紫黛沙岩渡桥塘坪林茶稻荷菱芦樟楠椿银玉锦"
P2 = "川江河湖山岭峰源阳平宁丰溪泉田坪湾口桥岗岩林州城关门亭台浦港坡原滩洲沟谷屏冈"
V2 = "坪湾沟庄岭寨坝营桥塘冲垭岗场"

# The sample geography (samples/world.json), extended programmatically below.
BASE_WORLD: dict[str, dict[str, dict[str, list[str]]]] = {
    "江川市": {
        "青禾县": {"禾丰镇": ["下洼村", "东坪村"], "石门乡": ["岩口村"], "柳溪镇": []},
        "石桥县": {"双河镇": [], "龙泉乡": []},
        "临江区": {},
    },
    "白鹭市": {
        "松溪县": {"竹坪镇": ["新田村"], "白沙乡": []},
        "柳塘县": {"大湾镇": ["河口村"]},
        "云湖区": {},
    },
    "梅山市": {"梅岭县": {"高岗镇": ["王家坪村"]}, "桃源县": {}},
}
#: Ordinary words a made-up name must not end in (a town called 渡城镇 reads as 渡 + 城镇).
COMMON_WORDS = ("城镇", "城市", "城区", "城乡", "山区", "乡村", "小区", "社区", "园区", "景区", "库区", "片区", "林区", "湖区")

PROVINCE = "云岭省"

COUNTY_DEPTS = (
    "教育体育局", "农业农村局", "民政局", "卫生健康局", "水务局", "林业局", "人力资源和社会保障局",
    "市场监督管理局", "交通运输局", "住房和城乡建设局", "自然资源局", "医疗保障局", "财政局", "文化和旅游局",
)
CITY_DEPTS = (
    "住房和城乡建设局", "医疗保障局", "自然资源和规划局", "交通运输局", "水务局", "教育局", "民政局",
    "农业农村局", "生态环境局", "卫生健康委员会", "国有资产监督管理委员会", "城市管理综合执法局",
)
PROV_DEPTS = ("水利厅", "民政厅", "自然资源厅", "交通运输厅", "农业农村厅", "教育厅", "卫生健康委员会", "林业和草原局")
SOES = (
    ("云岭省交通投资集团有限公司", "交投", ("路桥建设", "物流", "高速公路运营", "工程咨询")),
    ("云岭省能源投资集团有限公司", "能投", ("新能源", "电力销售", "天然气", "煤业")),
    ("云岭省文化旅游投资集团有限公司", "文旅", ("酒店管理", "景区运营", "文化传媒", "旅游开发")),
    ("云岭省农业发展集团有限公司", "农发", ("种业", "茶业", "冷链物流", "粮油购销")),
    ("云岭省水务产业投资集团有限公司", "水投", ("供水", "水利工程建设", "环保科技", "水电开发")),
)
UNIVERSITIES = (
    ("云岭师范大学", "云岭师大"),
    ("云岭理工大学", "云岭理工"),
    ("云岭农业大学", "云岭农大"),
    ("云岭医科大学", "云岭医大"),
)
UNIV_UNITS = (
    ("后勤管理处", "党总支", "处"), ("基建处", "党总支", "处"), ("计划财务处", "党支部", "处"),
    ("资产管理处", "党支部", "处"), ("图书馆", "党总支", "馆"), ("文学院", "党委", "院"),
    ("化学化工学院", "党委", "院"), ("马克思主义学院", "党委", "院"), ("教育科学学院", "党委", "院"),
    ("信息工程学院", "党委", "院"), ("继续教育学院", "党委", "院"), ("附属医院", "党委", "院"),
)

CN_DIGITS = "零一二三四五六七八九"


def cn_num(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def nfkc(s: str | None) -> str | None:
    return None if s is None else unicodedata.normalize("NFKC", s)


# --------------------------------------------------------------------------- world


@dataclass
class Place:
    name: str
    level: str  # province city county township village
    parent: "Place | None" = None
    children: list["Place"] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return self.name[-1]

    def chain(self) -> list["Place"]:
        out, p = [], self
        while p is not None:
            out.append(p)
            p = p.parent
        return out

    def up(self, level: str) -> "Place":
        return next(p for p in self.chain() if p.level == level)


class World:
    """The fictional province: 8 cities, 4–6 counties each, 5–9 townships, 3–7 villages."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"world:{seed}")
        self.used: set[str] = set()
        for city, counties in BASE_WORLD.items():
            self.used.add(city[:-1])
            for county, towns in counties.items():
                self.used.add(county[:-1])
                for town, villages in towns.items():
                    self.used.add(town[:-1])
                    self.used.update(v[:-1] for v in villages)
        self.province = Place(PROVINCE, "province")
        city_names = list(BASE_WORLD) + [self._fresh(rng, "市") for _ in range(5)]
        for cname in city_names:
            city = Place(cname, "city", self.province)
            self.province.children.append(city)
            base = BASE_WORLD.get(cname, {})
            county_names = list(base) + [
                self._fresh(rng, "区" if rng.random() < 0.15 else "县") for _ in range(rng.randint(4, 6) - len(base))
            ]
            for kname in county_names:
                county = Place(kname, "county", city)
                city.children.append(county)
                tbase = base.get(kname, {})
                town_names = list(tbase) + [
                    self._fresh(rng, "乡" if rng.random() < 0.3 else "镇")
                    for _ in range(max(0, rng.randint(5, 9) - len(tbase)))
                ]
                for tname in town_names:
                    town = Place(tname, "township", county)
                    county.children.append(town)
                    vbase = tbase.get(tname, [])
                    vnames = list(vbase) + [self._village(rng) for _ in range(max(0, rng.randint(3, 7) - len(vbase)))]
                    for vname in vnames:
                        town.children.append(Place(vname, "village", town))
        self.cities = self.province.children
        self.counties = [k for c in self.cities for k in c.children]
        self.towns = [t for k in self.counties for t in k.children]
        self.villages = [v for t in self.towns for v in t.children]
        # city SOEs and subsidiaries of provincial SOEs
        self.city_soes = {c.name: f"{c.name}城市建设投资集团有限公司" for c in self.cities}

    def _fresh(self, rng: random.Random, suffix: str) -> str:
        while True:
            name = rng.choice(P1) + rng.choice(P2)
            if name not in self.used and name[0] != name[1] and not (name + suffix).endswith(COMMON_WORDS):
                self.used.add(name)
                return name + suffix

    def _village(self, rng: random.Random) -> str:
        while True:
            r = rng.random()
            if r < 0.35:
                name = rng.choice(SURNAMES[:60]) + "家" + rng.choice(V2)
            elif r < 0.55:
                name = rng.choice(P1) + rng.choice(P2) + rng.choice(V2)
            else:
                name = rng.choice(P1) + rng.choice(P2)
            if name not in self.used and name[0] != name[1] and not (name + "村").endswith(COMMON_WORDS):
                self.used.add(name)
                return name + "村"


# --------------------------------------------------------------------------- units


@dataclass
class Post:
    key: str  # sec head disc org
    titles: list[str]
    orgs: list[str]  # canonical org of each title


@dataclass
class Unit:
    """An inspected unit (and issuer of its rectification notice)."""

    kind: str  # county city township village dept soe univ college subsidiary
    canonical: str  # 青禾县委
    title_name: str  # 中共青禾县委 / 中共青禾县禾丰镇委员会
    signature: str
    short: str  # 县委 / 镇党委 / 局党组 …
    surfaces: list[str]  # how the opening sentence can name it
    reg_prefix: str  # name used in local rule titles
    sub: str  # the units below it
    organs: dict[str, str]
    posts: list[Post]
    place: Place | None = None
    self_word: str = ""  # 我县 …
    parent_canonical: str = ""


def _gov(place: Place) -> str:
    return place.name + "人民政府"


def county_unit(k: Place) -> Unit:
    L = k.suffix
    c = k.name + "委"
    disc = k.name + "纪委监委"
    return Unit(
        kind="county", canonical=c, title_name="中共" + c, signature=f"中共{k.name}委员会", short=f"{L}委",
        surfaces=[f"我{L}", c, f"{L}委"], reg_prefix=k.name, sub="乡镇", place=k, self_word=f"我{L}",
        organs={
            "纪": f"{L}纪委监委", "组织": f"{L}委组织部", "财政": f"{L}财政局", "审计": f"{L}审计局",
            "办": f"{L}委办、{L}政府办", "住建": f"{L}住建局", "农业": f"{L}农业农村局", "民政": f"{L}民政局",
            "医保": f"{L}医保局", "发改": f"{L}发展改革局", "信访": f"{L}信访局", "自然资源": f"{L}自然资源局",
            "应急": f"{L}应急管理局", "国资": f"{L}国有资产服务中心",
        },
        posts=[
            Post("sec", [f"{L}委书记"], [c]),
            Post("head", [f"{L}委副书记", f"{L}长"], [c, _gov(k)]),
            Post("disc", [f"{L}委常委", f"{L}纪委书记", f"{L}监委主任"], [c, disc, disc]),
            Post("org", [f"{L}委常委", "组织部部长"], [c, c + "组织部"]),
        ],
        parent_canonical=k.parent.name + "委" if k.parent else "",
    )


def city_unit(ci: Place) -> Unit:
    c = ci.name + "委"
    disc = ci.name + "纪委监委"
    return Unit(
        kind="city", canonical=c, title_name="中共" + c, signature=f"中共{ci.name}委员会", short="市委",
        surfaces=["我市", c, ci.name], reg_prefix=ci.name, sub="县区", place=ci, self_word="我市",
        organs={
            "纪": "市纪委监委", "组织": "市委组织部", "财政": "市财政局", "审计": "市审计局", "办": "市委办、市政府办",
            "住建": "市住建局", "农业": "市农业农村局", "民政": "市民政局", "医保": "市医保局", "发改": "市发展改革委",
            "信访": "市信访局", "自然资源": "市自然资源和规划局", "应急": "市应急管理局", "国资": "市国资委",
        },
        posts=[
            Post("sec", ["市委书记"], [c]),
            Post("head", ["市委副书记", "市长"], [c, _gov(ci)]),
            Post("disc", ["市委常委", "市纪委书记", "市监委主任"], [c, disc, disc]),
            Post("org", ["市委常委", "组织部部长"], [c, c + "组织部"]),
        ],
        parent_canonical="云岭省委",
    )


def town_unit(t: Place) -> Unit:
    L = t.suffix
    k = t.parent
    assert k is not None
    c = t.name + "党委"
    return Unit(
        kind="township", canonical=c, title_name=f"中共{k.name}{t.name}委员会", signature=f"中共{k.name}{t.name}委员会",
        short=f"{L}党委", surfaces=[c, f"我{L}", f"{L}党委"], reg_prefix=t.name, sub="村", place=t, self_word=f"我{L}",
        organs={
            "纪": f"{L}纪委", "组织": f"{L}党委组织委员", "财政": f"{L}财政所", "审计": f"{L}财政所",
            "办": f"{L}党政办", "住建": f"{L}村镇建设服务中心", "农业": f"{L}农业农村服务中心", "民政": f"{L}社会事务办",
            "医保": f"{L}社会事务办", "发改": f"{L}经济发展办", "信访": f"{L}综治中心", "自然资源": f"{L}自然资源所",
            "应急": f"{L}应急管理办", "国资": f"{L}农村集体“三资”代理服务中心",
        },
        posts=[
            Post("sec", [f"{L}党委书记"], [c]),
            Post("head", [f"{L}党委副书记", f"{L}长"], [c, _gov(t)]),
            Post("disc", [f"{L}纪委书记"], [t.name + "纪委"]),
        ],
        parent_canonical=k.name + "委",
    )


def village_unit(v: Place) -> Unit:
    t = v.parent
    assert t is not None
    c = v.name + "党支部"
    return Unit(
        kind="village", canonical=c, title_name=c, signature=f"中共{t.name}{v.name}支部委员会", short="村党支部",
        surfaces=["我村党支部", c, f"{t.name}{c}"], reg_prefix=v.name, sub="村民小组", place=v, self_word="我村",
        organs={
            "纪": f"{t.suffix}纪委", "组织": "村党支部", "财政": "村报账员", "审计": f"{t.suffix}财政所",
            "办": "村委会", "住建": "村委会", "农业": "村委会", "民政": "村委会", "医保": "村委会", "发改": "村委会",
            "信访": "村调解委员会", "自然资源": "村委会", "应急": "村委会", "国资": f"{t.suffix}“三资”代理服务中心",
        },
        posts=[
            Post("sec", ["村党支部书记", "村委会主任"], [c, v.name + "村民委员会"]),
            Post("disc", ["村务监督委员会主任"], [v.name + "村务监督委员会"]),
        ],
        parent_canonical=t.name + "党委",
    )


def dept_unit(place: Place, dept: str) -> Unit:
    lv = {"province": "省", "city": "市", "county": place.suffix}[place.level]
    word = "厅" if dept.endswith("厅") else ("委" if dept.endswith("委员会") else "局")
    full = place.name + dept
    c = full + "党组"
    short_head = {"厅": "厅长", "委": "主任", "局": "局长"}[word]
    return Unit(
        kind="dept", canonical=c, title_name="中共" + c, signature="中共" + c, short=f"{word}党组",
        surfaces=[f"{lv}{dept}党组", c, f"{word}党组"], reg_prefix=f"{lv}{dept}", sub="科室和下属单位",
        place=place, self_word=f"我{word}",
        organs={
            "纪": f"驻{word}纪检监察组", "组织": "机关党委", "财政": "计划财务科", "审计": "计划财务科",
            "办": f"{word}办公室", "住建": "项目管理科", "农业": "业务科室", "民政": "业务科室", "医保": "基金监管科",
            "发改": "规划科", "信访": "信访办", "自然资源": "业务科室", "应急": "安全监管科", "国资": "资产管理科",
        },
        posts=[
            Post("sec", [f"{word}党组书记", short_head], [c, full]),
            Post("head", [f"{word}党组成员", "副" + short_head], [c, full]),
            Post("disc", [f"驻{word}纪检监察组组长"], [f"{place.name}纪委监委驻{full}纪检监察组"]),
        ],
        parent_canonical=place.name + "委",
    )


def soe_unit(company: str, short: str = "集团公司") -> Unit:
    c = company + "党委"
    return Unit(
        kind="soe", canonical=c, title_name=f"中共{company}委员会", signature=f"中共{company}委员会",
        short=f"{short}党委", surfaces=[c, f"{short}党委"], reg_prefix=short, sub="子公司", self_word="我公司",
        organs={
            "纪": f"{short}纪委", "组织": f"{short}党委组织部", "财政": f"{short}财务部", "审计": f"{short}审计部",
            "办": f"{short}办公室", "住建": f"{short}工程管理部", "农业": "业务部门", "民政": "工会",
            "医保": "人力资源部", "发改": "战略投资部", "信访": f"{short}信访办", "自然资源": "资产管理部",
            "应急": "安全环保部", "国资": "资产管理部",
        },
        posts=[
            Post("sec", [f"{short}党委书记", "董事长"], [c, company]),
            Post("head", ["党委副书记", "总经理"], [c, company]),
            Post("disc", [f"{short}纪委书记"], [company + "纪委"]),
        ],
        parent_canonical="云岭省委",
    )


def subsidiary_unit(group: str, abbr: str, biz: str) -> Unit:
    company = f"云岭{abbr}{biz}有限公司"
    c = company + "党委"
    s = biz[:2] + "公司"
    return Unit(
        kind="subsidiary", canonical=c, title_name=f"中共{company}委员会", signature=f"中共{company}委员会",
        short="公司党委", surfaces=[c, f"{s}党委"], reg_prefix=s, sub="项目部", self_word="我公司",
        organs={
            "纪": "公司纪委", "组织": "公司党群工作部", "财政": "公司财务部", "审计": "公司审计部", "办": "公司办公室",
            "住建": "工程管理部", "农业": "业务部门", "民政": "公司工会", "医保": "人力资源部", "发改": "经营部",
            "信访": "公司办公室", "自然资源": "资产管理部", "应急": "安全质量部", "国资": "资产管理部",
        },
        posts=[
            Post("sec", ["公司党委书记", "董事长"], [c, company]),
            Post("head", ["党委副书记", "总经理"], [c, company]),
            Post("disc", ["公司纪委书记"], [company + "纪委"]),
        ],
        parent_canonical=group + "党委",
    )


def univ_unit(univ: str) -> Unit:
    c = univ + "党委"
    return Unit(
        kind="univ", canonical=c, title_name=f"中共{univ}委员会", signature=f"中共{univ}委员会", short="学校党委",
        surfaces=[c, "学校党委"], reg_prefix="学校", sub="二级单位", self_word="我校",
        organs={
            "纪": "学校纪委", "组织": "党委组织部", "财政": "计划财务处", "审计": "审计处", "办": "党政办公室",
            "住建": "基建处", "农业": "科学技术处", "民政": "学生工作部", "医保": "校医院", "发改": "发展规划处",
            "信访": "党政办公室", "自然资源": "国有资产管理处", "应急": "保卫处", "国资": "国有资产管理处",
        },
        posts=[
            Post("sec", ["校党委书记"], [c]),
            Post("head", ["党委副书记", "校长"], [c, univ]),
            Post("disc", ["校纪委书记"], [univ + "纪委"]),
        ],
        parent_canonical="云岭省委",
    )


def college_unit(univ: str, name: str, org: str, word: str) -> Unit:
    c = f"{univ}{name}{org}"
    head = {"处": "处长", "院": "院长", "馆": "馆长"}[word]
    sec = f"{word}{org}书记" if org != "党委" else "学院党委书记"
    if word == "院" and name == "附属医院":
        sec = "医院党委书记"
    return Unit(
        kind="college", canonical=c, title_name=c if random.Random(c).random() < 0.5 else f"{name}{org}",
        signature=f"{univ}{name}{org}",
        short=f"{name}{org}", surfaces=[f"{name}{org}", c], reg_prefix=name, sub="科室和系部", self_word="",
        organs={
            "纪": "学校纪委", "组织": f"{name}{org}", "财政": "计划财务处", "审计": "审计处", "办": f"{name}办公室",
            "住建": "基建处", "农业": "科学技术处", "民政": "学生工作部", "医保": "校医院", "发改": "发展规划处",
            "信访": f"{name}办公室", "自然资源": "国有资产管理处", "应急": "保卫处", "国资": "国有资产管理处",
        },
        posts=[
            Post("sec", [sec], [c]),
            Post("head", [head], [univ + name]),
        ],
        parent_canonical=univ + "党委",
    )


# --------------------------------------------------------------------------- inspecting bodies


@dataclass
class Body:
    """An inspecting group: 江川市委第三巡察组."""

    canonical: str
    shorts: list[str]
    authority: str  # canonical party committee
    authority_short: str  # 市委
    kind: str  # 巡视 | 巡察
    leader_key: str


def body_of(owner: str, owner_short: str, n: int, kind: str) -> Body:
    g = f"第{cn_num(n)}{kind}组"
    return Body(f"{owner}{g}", [f"{owner_short}{g}", f"{owner}{g}"], owner, owner_short, kind, f"{owner}{g}")


# --------------------------------------------------------------------------- rendering context


class Ctx:
    """State of one notice: random source, target unit, what the truth records."""

    def __init__(self, rng: random.Random, seed: int, unit: Unit, year: int) -> None:
        self.rng = rng
        self.seed = seed
        self.u = unit
        self.year = year
        self.figures: list[dict[str, Any]] = []
        self.regs: dict[str, dict[str, Any]] = {}
        self.persons: dict[str, dict[str, Any]] = {}
        self.names_used: dict[str, str] = {}
        self.section = "0"
        self.kind = "巡察"
        self.used_measures: set[int] = set()

    # numbers --------------------------------------------------------------
    def fig(self, prefix: str, lo: int, hi: int, unit: str, metric: str | None = None) -> str:
        v = self.rng.randint(lo, hi)
        text = f"{prefix}{v}{unit}"
        self.figures.append({"text": text, "metric": metric or prefix, "value": v, "unit": unit, "section": self.section})
        return text

    def money(self, prefix: str, lo: float, hi: float, unit: str = "万元", metric: str | None = None) -> str:
        nd = self.rng.choice((1, 1, 2, 0)) if unit == "万元" else 1
        v = round(self.rng.uniform(lo, hi), nd)
        if nd == 0:
            v = int(v)
        text = f"{prefix}{v}{unit}"
        self.figures.append({"text": text, "metric": metric or prefix, "value": v, "unit": unit, "section": self.section})
        return text

    def pct(self, prefix: str, v: float, metric: str | None = None) -> str:
        text = f"{prefix}{v}%"
        self.figures.append({"text": text, "metric": metric or prefix, "value": v, "unit": "%", "section": self.section})
        return text

    # organs, persons, rules ------------------------------------------------
    def o(self, key: str) -> str:
        return self.u.organs.get(key, self.u.short)

    def person_name(self, key: str) -> str:
        r = random.Random(f"person:{self.seed}:{key}")
        for _ in range(50):
            if r.random() < 0.03:
                s = r.choice(COMPOUND_SURNAMES)
            else:
                s = r.choice(SURNAMES)
            g = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.72 else "")
            name = s + g
            if len(set(g)) == len(g) and self.names_used.get(name, key) == key:
                self.names_used[name] = key
                return name
            key = key + "'"
        raise RuntimeError("no free name")

    def person(self, post: Post, unit: Unit | None = None, honorific: bool | None = None, role: str | None = None,
               role_surface: str | None = None, term_year: int | None = None) -> str:
        unit = unit or self.u
        term = ((term_year or self.year) - 2016) // 3  # the same official for a few years
        name = self.person_name(f"{unit.canonical}|{post.key}|{term}")
        titles = "、".join(post.titles)
        if honorific is None:
            honorific = self.rng.random() < 0.6
        surface = f"{titles}{name}"
        rec = self.persons.get(name)
        if rec is None:
            rec = self.persons[name] = {
                "name": name, "posts": list(post.titles), "org": post.orgs[0],
                "post_orgs": dict(zip(post.titles, post.orgs)), "surface": surface, "responsibilities": [],
            }
        if role:
            rec["responsibilities"].append({"role": role, "surface": role_surface or role})
        return surface + ("同志" if honorific else "")

    def post(self, key: str) -> Post | None:
        return next((p for p in self.u.posts if p.key == key), None)

    def reg(self, title: str, relation: str, issuer: str | None) -> str:
        self.regs.setdefault(title, {"title": title, "relation": relation, "issuer": issuer})
        return f"《{title}》"

    def local(self, name: str) -> str:
        return self.reg(f"{self.u.reg_prefix}{name}", "issued", self.u.canonical)

    def central(self, title: str) -> str:
        return self.reg(title, "cites", None)

    def year_since(self) -> int:
        return self.year - self.rng.randint(2, 4)

    def pick(self, *xs: Any) -> Any:
        return self.rng.choice(xs)


# --------------------------------------------------------------------------- problems and measures
# Each problem template: category, allowed unit kinds (None = all), group headings, item headings, details.
# Each measure: (kind, function of the context).  Texts use {T} (unit short name), {sub}, {纪} …

ALL = None
LOCAL = {"county", "city", "township", "village", "dept"}
CORP = {"soe", "subsidiary"}
EDU = {"univ", "college"}

M = Callable[[Ctx], str]


def _f(s: str, c: Ctx) -> str:
    return s.format(T=c.u.short, sub=c.u.sub, K=c.kind, 纪=c.o("纪"), 财=c.o("财政"), 组=c.o("组织"))


PROBLEMS: list[dict[str, Any]] = [
    {
        "cat": "主体责任落实不到位", "units": ALL,
        "groups": ["落实全面从严治党主体责任不够到位", "管党治党责任传导存在层层递减", "“两个责任”贯通协同不够紧密"],
        "items": [
            "{T}专题研究党风廉政建设次数偏少,主体责任清单执行走样",
            "班子成员履行“一岗双责”不到位,对分管领域问题失察失管",
            "对{sub}落实主体责任督促指导偏软",
            "党风廉政建设责任制考核流于形式,考核结果运用不充分",
        ],
        "details": ["巡察期间抽查的会议记录显示,全年专题研究仅1次。", "个别班子成员对分管领域廉政风险点底数不清。", ""],
        "measures": [
            ("制度建设", lambda c: f"{c.u.short}出台{c.local('落实全面从严治党主体责任清单')},逐项明确班子成员职责事项"),
            ("约谈提醒", lambda c: f"{c.u.short}主要负责同志对主体责任落实不力的{c.u.sub}负责人开展约谈,{c.fig('约谈', 2, 9, '人')}"),
            ("督查检查", lambda c: f"班子成员分片包联,对{c.fig('', 5, 24, '个', metric=c.u.sub)}{c.u.sub}开展主体责任专项督导"),
            ("制度建设", lambda c: f"将主体责任落实情况纳入年度综合考核,{c.pct('权重提高到', c.rng.randint(10, 25))}"),
        ],
    },
    {
        "cat": "监督责任落实不到位", "units": ALL,
        "groups": ["监督责任落实存在差距", "日常监督不够精准有效"],
        "items": [
            "{纪}对同级党组织和“一把手”监督办法不多",
            "监督执纪“第一种形态”运用不充分,谈话函询偏少",
            "对重点领域和关键岗位的日常监督存在盲区",
        ],
        "details": ["", "近三年谈话函询数量逐年下降。"],
        "measures": [
            ("制度建设", lambda c: f"{c.o('纪')}制定{c.local('关于加强对“一把手”和领导班子监督的实施办法')},建立廉政档案{c.fig('', 30, 260, '份', metric='廉政档案')}"),
            ("约谈提醒", lambda c: f"{c.o('纪')}开展{c.fig('提醒谈话', 12, 90, '人次')},对{c.fig('', 2, 8, '名', metric='函询干部')}干部进行函询"),
            ("党纪处分", lambda c: f"{c.o('纪')}{c.fig('立案', 2, 18, '件')},{c.fig('给予党纪政务处分', 1, 15, '人')}"),
            ("制度建设", lambda c: f"依照{c.central('中国共产党党内监督条例')}完善日常监督工作机制,建立重点岗位廉政风险台账"),
        ],
    },
    {
        "cat": "民主集中制执行不到位", "units": ALL,
        "groups": ["民主集中制执行不够严格", "“三重一大”决策制度落实不到位"],
        "items": [
            "“三重一大”事项未经集体研究即组织实施",
            "议事规则不健全,重大事项会前酝酿不充分",
            "主要负责人末位表态制度执行不严",
        ],
        "details": ["", "部分大额资金支出由主要负责人签字后直接拨付。"],
        "measures": [
            ("制度建设", lambda c: f"修订{c.local('议事规则')}和{c.local('“三重一大”事项决策实施办法')},明确会前征求意见程序"),
            ("督查检查", lambda c: f"对{c.year_since()}年以来的“三重一大”事项逐项复查,{c.fig('复查事项', 12, 80, '项')},{c.fig('补正程序', 2, 11, '项')}"),
        ],
    },
    {
        "cat": "违反中央八项规定精神", "units": ALL,
        "groups": ["落实中央八项规定精神不够严格", "“四风”问题仍有发生"],
        "items": [
            "公务接待管理不规范,存在无公函接待、超标准接待问题",
            "公务用车管理使用不规范,存在公车私用现象",
            "违规发放津补贴和福利",
            "违规收受管理服务对象礼品礼金",
            "会议费、培训费列支不规范",
        ],
        "details": ["", "巡察抽查发现,部分接待费用无公函、无清单报销。", "个别干部节日期间收受土特产。"],
        "measures": [
            ("制度建设", lambda c: f"{c.o('办')}印发{c.local('公务接待管理办法')},统一接待标准和审批流程"),
            ("资金追缴", lambda c: f"清退违规发放的津补贴{c.money('', 0.6, 48)},{c.fig('涉及干部', 3, 60, '人')}"),
            ("党纪处分", lambda c: f"{c.o('纪')}开展违规吃喝专项整治,{c.fig('查处问题', 2, 14, '起')},{c.fig('给予党纪政务处分', 1, 12, '人')}"),
            ("制度建设", lambda c: f"严格执行{c.central('党政机关厉行节约反对浪费条例')},建立公务用车定位监控平台,{c.fig('收回加油卡', 3, 40, '张')}"),
            ("约谈提醒", lambda c: f"{c.fig('主动上交礼品礼金的干部', 1, 9, '人')},对{c.fig('', 1, 4, '名', metric='诫勉干部')}相关责任人进行诫勉谈话"),
        ],
    },
    {
        "cat": "形式主义官僚主义", "units": ALL,
        "groups": ["形式主义官僚主义问题仍有存在"],
        "items": [
            "以会议落实会议、以文件落实文件问题仍然存在",
            "督查检查考核过多过频,基层填表报数负担较重",
            "服务窗口办事效率不高,群众反映办事难",
        ],
        "details": ["", "部分工作群每天要求基层上报数据。"],
        "measures": [
            ("制度建设", lambda c: f"精简会议文件,{c.pct('全年发文数量同比减少', round(c.rng.uniform(12, 40), 1))}"),
            ("专项整治", lambda c: f"清理规范各类工作群和政务应用{c.fig('', 6, 45, '个', metric='清理工作群')}"),
            ("制度建设", lambda c: f"建立督查检查考核计划管理制度,{c.fig('合并督查事项', 3, 16, '项')}"),
        ],
    },
    {
        "cat": "财经纪律与资金管理", "units": ALL,
        "groups": ["财经纪律执行不严格", "资金管理存在风险", "财务管理混乱,资金监管缺位"],
        "items": [
            "财务报销审核把关不严,存在白条入账问题",
            "大额资金支付未按规定集体研究",
            "专项资金拨付滞后,资金闲置沉淀",
            "往来款长期挂账未清理",
            "预算执行不严格,超范围列支经费",
        ],
        "details": ["", "抽查的凭证中有部分票据要素不全。", "部分资金沉淀超过两年。"],
        "measures": [
            ("资金追缴", lambda c: f"{c.o('财政')}{c.fig('清理不规范票据', 12, 160, '张')},涉及金额{c.money('', 3, 95)},已全部补齐手续或退回"),
            ("专项整治", lambda c: f"{c.o('财政')}牵头清理{c.year_since()}年以来的专项资金,{c.money('盘活闲置资金', 60, 2400)}"),
            ("资金追缴", lambda c: f"{c.fig('清理往来款', 8, 120, '笔')},{c.money('收回资金', 5, 860)}"),
            ("制度建设", lambda c: f"修订{c.local('财务管理制度')},依照{c.central('中华人民共和国会计法')}规范报销审批流程"),
            ("问责", lambda c: f"对{c.fig('', 1, 4, '名', metric='问责财务人员')}负有责任的财务人员进行问责"),
        ],
    },
    {
        "cat": "工程项目与招投标监管", "units": ALL,
        "groups": ["工程建设领域廉政风险突出", "工程项目监管存在漏洞"],
        "items": [
            "工程项目招标设置排他性条款,存在“量身定做”问题",
            "投资项目化整为零规避招标",
            "工程变更签证把关不严,多支付工程款",
            ("工程违法分包转包问题突出", CORP | {"city", "county", "dept"}),
        ],
        "details": ["", "部分项目未批先建、边建边批。"],
        "measures": [
            ("督查检查", lambda c: f"对{c.year_since()}年以来实施的{c.fig('', 12, 140, '个', metric='复查项目')}工程项目开展全面复查"),
            ("专项整治", lambda c: f"依照{c.central('中华人民共和国招标投标法')}纠正不合理条款{c.fig('', 3, 24, '项', metric='纠正条款')},将{c.fig('', 1, 6, '家', metric='不良记录企业')}企业列入不良行为记录"),
            ("资金追缴", lambda c: f"委托第三方重新审计结算,{c.money('追回多付工程款', 20, 600)}"),
            ("专项整治", lambda c: f"开展工程分包专项整治,{c.fig('清退不合规分包单位', 2, 15, '家')}"),
            ("问责", lambda c: f"{c.o('纪')}对{c.fig('', 2, 9, '名', metric='问责人员')}相关责任人给予问责"),
        ],
    },
    {
        "cat": "国有资产管理", "units": CORP | EDU | {"city", "county", "dept", "township"},
        "groups": ["国有资产监管存在漏洞", "资产管理不规范"],
        "items": [
            "国有资产底数不清,部分资产长期闲置",
            ("对外投资决策不审慎,部分投资项目持续亏损", CORP | {"city"}),
            "资产出租未经评估、未公开招租",
            ("集体资产发包不公开,合同期限过长", {"township", "village", "county"}),
        ],
        "details": ["", "部分门面低于市场价出租。"],
        "measures": [
            ("专项整治", lambda c: f"{c.o('国资')}开展资产清查,{c.fig('登记入账资产', 20, 400, '项')}"),
            ("专项整治", lambda c: f"通过公开招租{c.fig('盘活闲置资产', 3, 18, '处')},{c.money('年增加收入', 5, 90)}"),
            ("专项整治", lambda c: f"对{c.fig('', 3, 16, '个', metric='亏损项目')}亏损投资项目开展清理,{c.money('退出低效无效投资', 0.5, 9, '亿元')}", CORP | {"city"}),
            ("制度建设", lambda c: f"出台{c.local('资产出租出借管理办法')},资产出租一律进入公共资源交易平台"),
        ],
    },
    {
        "cat": "群众身边腐败和不正之风", "units": LOCAL,
        "groups": ["群众身边不正之风和腐败问题仍然存在", "损害群众利益问题时有发生"],
        "items": [
            ("村干部优亲厚友,违规认定帮扶对象", {"county", "township", "village"}),
            "个别干部虚报冒领惠农补贴资金",
            "基层站所吃拿卡要、“雁过拔毛”问题时有发生",
        ],
        "details": ["", "群众对此反映较多。"],
        "measures": [
            ("党纪处分", lambda c: f"{c.o('纪')}立案查处群众身边腐败和作风问题{c.fig('', 2, 40, '件', metric='立案')},{c.fig('处理', 2, 50, '人')}"),
            ("资金追缴", lambda c: f"{c.money('追缴违规资金', 0.8, 120)},全部退还群众或上缴财政"),
            ("约谈提醒", lambda c: f"对{c.fig('', 2, 8, '名', metric='诫勉村干部')}村干部进行诫勉谈话"),
        ],
    },
    {
        "cat": "选人用人问题", "units": ALL,
        "groups": ["选人用人工作不够规范", "干部选拔任用把关不严"],
        "items": [
            "干部选拔任用程序执行不严格",
            "干部档案管理不规范,部分档案材料缺失",
            "干部个人有关事项报告查核结果运用不到位",
            "超职数配备干部问题整改不彻底",
        ],
        "details": ["", "个别干部任职资格认定依据不足。"],
        "measures": [
            ("制度建设", lambda c: f"{c.o('组织')}对照{c.central('党政领导干部选拔任用工作条例')}专项审核干部档案{c.fig('', 40, 480, '卷', metric='审核干部档案')},{c.fig('补齐缺失材料', 10, 120, '份')}"),
            ("组织调整", lambda c: f"对查核不一致的{c.fig('', 3, 60, '名', metric='查核不一致干部')}干部逐一认定处理,其中{c.fig('取消提拔资格', 1, 5, '人')}"),
            ("组织调整", lambda c: f"{c.fig('消化超职数配备干部', 1, 12, '名')}"),
            ("问责", lambda c: f"{c.o('组织')}牵头对相关责任人启动问责程序"),
        ],
    },
    {
        "cat": "干部队伍建设与管理", "units": ALL,
        "groups": ["干部队伍建设存在薄弱环节", "干部管理监督不够严格"],
        "items": [
            "年轻干部培养储备不足,干部队伍年龄结构老化",
            "重点岗位干部长期不交流",
            "干部教育培训针对性不强",
            "人员空编缺员,“一人多岗”现象普遍",
        ],
        "details": ["", "35岁以下干部占比偏低。"],
        "measures": [
            ("组织调整", lambda c: f"出台{c.local('重点岗位干部交流轮岗办法')},{c.fig('交流轮岗重点岗位干部', 4, 40, '名')}"),
            ("组织调整", lambda c: f"{c.fig('选派年轻干部', 5, 35, '名')}到基层一线和重点岗位锻炼"),
            ("学习培训", lambda c: f"{c.fig('举办专题培训班', 2, 9, '期')},{c.fig('培训干部', 60, 900, '人次')}"),
            ("组织调整", lambda c: f"通过公开遴选、定向招录{c.fig('补充工作人员', 4, 50, '名')}"),
        ],
    },
    {
        "cat": "基层党组织建设薄弱", "units": ALL,
        "groups": ["基层党组织建设薄弱", "党建工作责任落实不到位"],
        "items": [
            "“三会一课”制度落实不到位,组织生活流于形式",
            "发展党员程序不规范",
            "党费收缴管理不严格",
            "个别党支部软弱涣散,组织力不强",
        ],
        "details": ["", "部分会议记录照抄照搬。"],
        "measures": [
            ("督查检查", lambda c: f"{c.o('组织')}对{c.fig('', 5, 60, '个', metric='检查党支部')}党支部开展“三会一课”专项检查,按照{c.central('中国共产党支部工作条例(试行)')}规范组织生活"),
            ("督查检查", lambda c: f"对近五年发展的党员档案逐一核查,{c.fig('核查党员档案', 12, 200, '份')},补充完善程序材料"),
            ("资金追缴", lambda c: f"督促党员按标准足额交纳党费,{c.money('补交党费', 0.3, 12)}"),
            ("专项整治", lambda c: f"{c.fig('整顿软弱涣散党组织', 1, 6, '个')},选派干部驻点帮带"),
        ],
    },
    {
        "cat": "理论学习与政治建设", "units": ALL,
        "groups": ["理论学习和政治建设有差距", "贯彻落实上级决策部署有偏差"],
        "items": [
            "理论学习中心组学习不深入,以读文件代替研讨",
            "学习贯彻上级决策部署结合实际不够",
        ],
        "details": ["", "学习计划性不强。"],
        "measures": [
            ("学习培训", lambda c: f"修订{c.local('理论学习中心组学习规则')},{c.fig('开展专题研讨', 4, 12, '次')}"),
            ("学习培训", lambda c: f"{c.fig('班子成员讲党课', 3, 15, '人次')},{c.fig('开展警示教育', 1, 6, '场')}"),
        ],
    },
    {
        "cat": "信访与群众诉求", "units": LOCAL | EDU,
        "groups": ["回应群众诉求不够及时"],
        "items": [
            "群众信访诉求办理不及时,部分信访件久拖未决",
            "对群众反映强烈的问题回应不够",
        ],
        "details": ["", "个别信访件办理超过法定期限。"],
        "measures": [
            ("专项整治", lambda c: f"建立信访事项包案化解机制,{c.fig('化解信访积案', 3, 45, '件')}"),
            ("督查检查", lambda c: f"{c.o('信访')}对群众诉求逐件回访,{c.fig('办结群众诉求', 20, 300, '件')}"),
        ],
    },
    {
        "cat": "惠民政策与民生保障落实", "units": LOCAL,
        "groups": ["惠民政策落实不到位", "民生保障工作存在短板"],
        "items": [
            "低保对象认定把关不严,存在“人情保”“关系保”",
            "医保基金监管存在漏洞,欺诈骗保问题时有发生",
            "养老服务设施建成后闲置,民生项目效益不高",
            "防止返贫动态监测帮扶不及时",
        ],
        "details": ["", "个别村存在优亲厚友现象。"],
        "measures": [
            ("专项整治", lambda c: f"{c.o('民政')}对低保对象开展全面复核,{c.fig('清退不符合条件的低保对象', 5, 120, '户')},{c.fig('新纳入', 2, 40, '户')}"),
            ("资金追缴", lambda c: f"{c.o('医保')}开展定点医药机构专项检查,{c.money('追回医保基金', 6, 900)},依照{c.central('医疗保障基金使用监督管理条例')}处理违规机构"),
            ("专项整治", lambda c: f"开展防返贫排查,新识别纳入监测对象{c.fig('', 6, 80, '户', metric='监测对象')},落实帮扶措施{c.fig('', 10, 160, '条', metric='帮扶措施')}"),
        ],
    },
    {
        "cat": "乡村振兴与耕地粮食", "units": {"county", "city", "township", "village"},
        "groups": ["推进乡村振兴不够有力", "耕地保护责任落实不到位"],
        "items": [
            "违规占用耕地建房问题整治不彻底",
            "村集体经济发展缓慢,增收渠道单一",
            "衔接资金项目推进缓慢,资金使用效益不高",
            "高标准农田建设质量不高,验收把关不严",
        ],
        "details": ["", "部分产业项目建成后闲置。"],
        "measures": [
            ("专项整治", lambda c: f"依照{c.central('中华人民共和国土地管理法')}{c.fig('拆除违法占地建筑', 3, 40, '处')},{c.money('复耕', 5, 90, '亩')}"),
            ("专项整治", lambda c: f"盘活闲置产业项目,{c.money('村集体年增收', 2, 40)}"),
            ("督查检查", lambda c: f"{c.o('农业')}建立项目资金周报制度,{c.pct('衔接资金拨付率达到', round(c.rng.uniform(88, 99.5), 1))}"),
            ("资金追缴", lambda c: f"对高标准农田项目开展复核,{c.money('扣减工程款', 8, 180)}"),
        ],
    },
    {
        "cat": "安全生产", "units": ALL,
        "groups": ["安全生产责任落实不到位"],
        "items": ["安全生产隐患排查整治不彻底", "安全生产责任制落实不到位"],
        "details": ["", "部分隐患未及时处置。"],
        "measures": [
            ("督查检查", lambda c: f"对照{c.central('中华人民共和国安全生产法')}开展隐患大排查,{c.fig('排查整改安全隐患', 12, 160, '处')}"),
            ("专项整治", lambda c: f"{c.money('投入资金', 10, 260)}完成隐患治理"),
        ],
    },
    {
        "cat": "巡视巡察整改不力", "units": ALL,
        "groups": ["上轮{K}整改不彻底", "{K}整改责任落实不到位"],
        "items": [
            "上轮{K}反馈问题整改不彻底,部分问题反弹回潮",
            "整改“纸面化”,已销号问题实际未整改到位",
        ],
        "details": ["", "整改台账与实际情况不符。"],
        "measures": [
            ("督查检查", lambda c: f"对上轮整改措施逐条复核,{c.fig('重新打开问题台账', 2, 9, '个')}"),
            ("问责", lambda c: f"对整改不实的{c.fig('', 2, 8, '名', metric='问责干部')}干部进行问责,{c.fig('通报批评', 1, 4, '个', metric='通报批评单位')}单位"),
        ],
    },
    {
        "cat": "政务村务公开不到位", "units": {"village", "township"},
        "groups": ["村务公开不规范"],
        "items": ["村务公开不及时、不全面", "集体资金收支未按季度公开"],
        "details": ["", "公开栏内容长期未更新。"],
        "measures": [
            ("制度建设", lambda c: f"村务监督委员会每季度审核公开内容,{c.fig('补公开收支明细', 2, 6, '期')}"),
            ("制度建设", lambda c: f"按照{c.local('村务公开工作规程')}规范公开内容,在村民微信群同步公布"),
        ],
    },
]

EDU_EXTRA = {
    "cat": "财经纪律与资金管理", "units": EDU,
    "groups": ["科研经费和基建管理存在廉洁风险"],
    "items": ["科研经费报销审核不严,存在虚列劳务费问题", "基建项目结算审核不严"],
    "details": ["", "部分项目经费长期结余未清理。"],
    "measures": [
        ("资金追缴", lambda c: f"{c.o('财政')}对科研项目经费开展专项审计,{c.money('追回违规报销经费', 1, 60)}"),
        ("制度建设", lambda c: f"修订{c.local('科研经费管理办法')},实行经费使用公示"),
    ],
}
PROBLEMS.append(EDU_EXTRA)

VILLAGE_CATEGORIES = frozenset({
    "主体责任落实不到位", "违反中央八项规定精神", "财经纪律与资金管理", "国有资产管理", "群众身边腐败和不正之风",
    "基层党组织建设薄弱", "信访与群众诉求", "惠民政策与民生保障落实", "乡村振兴与耕地粮食", "政务村务公开不到位",
})


def problems_for(kind: str, mode: str, rng: random.Random) -> list[dict[str, Any]]:
    """The problem templates that suit a unit kind, with their items and measures narrowed to it."""
    out = []
    for p in PROBLEMS:
        if p["units"] is not None and kind not in p["units"]:
            continue
        if kind == "village" and p["cat"] not in VILLAGE_CATEGORIES:
            continue
        if p["cat"] == "巡视巡察整改不力" and mode != "回头看" and rng.random() < 0.7:
            continue
        items = [i if isinstance(i, str) else i[0] for i in p["items"] if isinstance(i, str) or kind in i[1]]
        measures = [m for m in p["measures"] if len(m) == 2 or kind in m[2]]
        if items and measures:
            out.append({**p, "items": items, "measures": measures})
    return out


# --------------------------------------------------------------------------- scenarios

TOPICS = {
    "county": ("乡村振兴领域", "粮食购销领域", "民生领域资金使用", "耕地保护"),
    "city": ("营商环境", "工程建设领域"),
    "township": ("乡村振兴领域", "农村集体“三资”管理", "惠民惠农财政补贴资金"),
    "village": ("村级集体经济", "惠民惠农资金"),
    "dept": ("工程建设领域", "选人用人工作", "医保基金管理使用", "执法领域"),
    "soe": ("工程建设领域", "国有资产管理"),
    "subsidiary": ("工程分包管理", "物资采购"),
    "univ": ("科研经费管理", "基建工程"),
    "college": ("科研经费管理", "招生考试"),
}


@dataclass
class Scenario:
    unit: Unit
    bodies: list[Body]  # one, or two for 联动
    mode: str
    kind: str
    authority: str | None  # canonical
    authority_surface: str | None
    extensions: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, surface)
    topic: str | None = None
    round: int | None = None
    level: str = ""


def choose_scenario(rng: random.Random, w: World) -> Scenario:
    mode = rng.choices(["常规", "专项", "机动", "回头看", "延伸", "提级", "交叉", "联动"],
                       weights=[48, 10, 8, 10, 8, 6, 5, 5])[0]
    allowed = {
        "延伸": ["county-town", "city-county", "prov-soe", "soe-internal"],
        "提级": ["county-town", "county-village"],
        "交叉": ["county-town"],
        "联动": ["county-dept", "county-town"],
    }
    levels = ["prov-city", "prov-dept", "prov-soe", "prov-univ", "city-county", "city-dept", "city-soe",
              "county-town", "county-dept", "county-village", "soe-internal", "univ-internal"]
    weights = [4, 4, 3, 3, 10, 8, 3, 26, 12, 12, 7, 8]
    if mode in allowed:
        pairs = [(lv, w_) for lv, w_ in zip(levels, weights) if lv in allowed[mode]]
        levels, weights = [a for a, _ in pairs], [b for _, b in pairs]
    level = rng.choices(levels, weights=weights)[0]
    groups = rng.randint(1, 8)
    city = rng.choice(w.cities)
    county = rng.choice(city.children)
    town = rng.choice(county.children) if county.children else None
    if level == "prov-city":
        unit = city_unit(city)
        body = body_of("云岭省委", "省委", rng.randint(1, 12), "巡视")
    elif level == "prov-dept":
        unit = dept_unit(w.province, rng.choice(PROV_DEPTS))
        body = body_of("云岭省委", "省委", rng.randint(1, 12), "巡视")
    elif level == "prov-soe":
        unit = soe_unit(rng.choice(SOES)[0])
        body = body_of("云岭省委", "省委", rng.randint(1, 12), "巡视")
    elif level == "prov-univ":
        unit = univ_unit(rng.choice(UNIVERSITIES)[0])
        body = body_of("云岭省委", "省委", rng.randint(1, 12), "巡视")
    elif level == "city-county":
        unit = county_unit(county)
        body = body_of(city.name + "委", "市委", groups, "巡察")
    elif level == "city-dept":
        unit = dept_unit(city, rng.choice(CITY_DEPTS))
        body = body_of(city.name + "委", "市委", groups, "巡察")
    elif level == "city-soe":
        unit = soe_unit(w.city_soes[city.name], "集团公司")
        unit.parent_canonical = city.name + "委"
        body = body_of(city.name + "委", "市委", groups, "巡察")
    elif level == "county-town":
        assert town is not None
        unit = town_unit(town)
        body = body_of(county.name + "委", f"{county.suffix}委", groups, "巡察")
    elif level == "county-dept":
        unit = dept_unit(county, rng.choice(COUNTY_DEPTS))
        body = body_of(county.name + "委", f"{county.suffix}委", groups, "巡察")
    elif level == "county-village":
        assert town is not None
        vill = rng.choice(town.children) if town.children else None
        if vill is None:
            unit = town_unit(town)
        else:
            unit = village_unit(vill)
        body = body_of(county.name + "委", f"{county.suffix}委", groups, "巡察")
    elif level == "soe-internal":
        group, abbr, bizs = rng.choice(SOES)
        unit = subsidiary_unit(group, abbr, rng.choice(bizs))
        body = body_of(group + "党委", "集团党委", rng.randint(1, 4), "巡察")
    else:
        univ = rng.choice(UNIVERSITIES)[0]
        unit = college_unit(univ, *rng.choice(UNIV_UNITS))
        body = body_of(univ + "党委", "校党委", rng.randint(1, 4), "巡察")
    sc = Scenario(unit=unit, bodies=[body], mode=mode, kind=body.kind, authority=body.authority,
                  authority_surface=body.authority_short, level=level)
    if mode == "交叉":
        others = [k for k in city.children if k is not county] or [county]
        other = rng.choice(others)
        sc.bodies = [body_of(other.name + "委", other.name + "委", rng.randint(1, 6), "巡察")]
        sc.bodies[0].shorts = [sc.bodies[0].canonical]
        sc.authority = city.name + "委巡察工作领导小组"
        sc.authority_surface = rng.choice([sc.authority, "市委巡察工作领导小组"])
    elif mode == "提级":
        sc.bodies = [body_of(city.name + "委", "市委", rng.randint(1, 8), "巡察")] if level == "county-town" else [body]
        sc.authority = sc.bodies[0].authority + "巡察工作领导小组"
        sc.authority_surface = sc.bodies[0].authority_short + "巡察工作领导小组"
    elif mode == "联动":
        cb = body_of(city.name + "委", city.name + "委", rng.randint(1, 8), "巡察")
        cb.shorts = [cb.canonical]
        body.shorts = [body.canonical, body.shorts[0]]
        sc.bodies = [cb, body]
        sc.authority = city.name + "委巡察工作领导小组"
        sc.authority_surface = "市委巡察工作领导小组"
    elif mode == "延伸":
        if level == "county-town" and town and town.children:
            vs = rng.sample(town.children, min(len(town.children), rng.randint(1, 2)))
            sc.extensions = [(village_unit(v), v.name) for v in vs]
        elif level == "city-county" and county.children:
            ts = rng.sample(county.children, min(len(county.children), rng.randint(1, 2)))
            sc.extensions = [(town_unit(t), t.name) for t in ts]
        elif level in ("prov-soe", "soe-internal"):
            g = next((s for s in SOES if unit.canonical.startswith(s[0]) or s[1] in unit.canonical), rng.choice(SOES))
            biz = rng.choice(g[2])
            su = subsidiary_unit(g[0], g[1], biz)
            sc.extensions = [(su, su.canonical)]
        if not sc.extensions:
            sc.mode = "常规"
    if sc.mode in ("专项", "机动") and (sc.mode == "专项" or rng.random() < 0.5):
        sc.topic = rng.choice(TOPICS[unit.kind])
    if rng.random() < 0.3:
        sc.round = rng.randint(1, 9)
    return sc


# --------------------------------------------------------------------------- dates


def cn_date(d: dt.date, with_year: bool = True) -> str:
    return (f"{d.year}年" if with_year else "") + f"{d.month}月{d.day}日"


def part_of_month(d: dt.date) -> str:
    return "上旬" if d.day <= 10 else ("中旬" if d.day <= 20 else "下旬")


# --------------------------------------------------------------------------- one notice


def _mode_phrase(sc: Scenario, c: Ctx) -> str:
    k = sc.kind
    if sc.mode == "常规":
        return c.pick(f"常规{k}", f"常规{k}", f"{k}")
    if sc.mode == "专项":
        return f"{sc.topic}专项{k}"
    if sc.mode == "机动":
        return f"{sc.topic}机动{k}" if sc.topic else f"机动{k}"
    if sc.mode == "回头看":
        return c.pick(f"“回头看”{k}", f"{k}“回头看”", f"{k}整改情况“回头看”")
    if sc.mode == "延伸":
        return f"常规{k}"
    if sc.mode == "提级":
        return f"提级{k}"
    if sc.mode == "交叉":
        return f"交叉{k}"
    return c.pick(f"联动{k}", f"上下联动{k}")


def render_notice(index: int, seed: int, world: World) -> tuple[str, dict[str, Any]]:
    rng = random.Random(f"notice:{seed}:{index}")
    sc = choose_scenario(rng, world)
    u = sc.unit
    # dates
    start = dt.date(2019, 3, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
    end = start + dt.timedelta(days=rng.randint(25, 70))
    feedback = end + dt.timedelta(days=rng.randint(12, 60))
    published = feedback + dt.timedelta(days=rng.randint(60, 160))
    c = Ctx(rng, seed, u, feedback.year)
    kind = c.kind = sc.kind
    ascii_punct = rng.random() < 0.3
    indent = "　　" if rng.random() < 0.35 else ""
    month_only = rng.random() < 0.08

    # --- opening sentence -------------------------------------------------------
    body = sc.bodies[0]
    if len(sc.bodies) == 2:
        body_s = f"{sc.bodies[0].shorts[0]}、{sc.bodies[1].shorts[0]}"
    else:
        body_s = rng.choice(body.shorts)
    target_s = rng.choice(u.surfaces)
    fb_to = rng.choice([s for s in u.surfaces if not s.startswith("我")] or u.surfaces)
    if month_only:
        rng_text = (f"{start.year}年{start.month}月至{end.month}月" if start.year == end.year
                    else f"{start.year}年{start.month}月至{end.year}年{end.month}月")
        start_iso, end_iso = f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
        fb_text = (f"{feedback.year}年" if feedback.year != end.year else "") + f"{feedback.month}月{part_of_month(feedback)}"
        fb_iso = f"{feedback.year:04d}-{feedback.month:02d}"
    else:
        same = start.year == end.year
        rng_text = f"{cn_date(start)}至{cn_date(end, not same or rng.random() < 0.3)}"
        start_iso, end_iso = start.isoformat(), end.isoformat()
        fb_text = cn_date(feedback, feedback.year != end.year or rng.random() < 0.5)
        fb_iso = feedback.isoformat()
    variant = rng.choices([1, 2, 3, 4, 5, 6], weights=[24, 24, 18, 14, 12, 8])[0]
    if variant == 5 and len(sc.bodies) == 2:
        variant = 2
    A = sc.authority_surface or ""
    cue = rng.choice(["根据", "按照"])
    round_stated = False
    if sc.mode in ("交叉", "联动", "提级"):
        auth_phrase = f"{A}{rng.choice(['统一安排', '部署', '统一部署'])}"
    elif sc.round:
        auth_phrase = rng.choice([f"{A}关于第{cn_num(sc.round)}轮{kind}工作的统一部署", f"{A}第{cn_num(sc.round)}轮{kind}工作安排"])
        round_stated = variant != 5 and variant != 6
    else:
        auth_phrase = rng.choice([f"{A}统一部署", f"{A}{kind}工作统一安排", f"{A}{kind}工作领导小组部署", f"{A}部署"])
        if "领导小组" in auth_phrase and variant not in (5, 6):
            sc.authority = (sc.authority or "") + f"{kind}工作领导小组"
            sc.authority_surface = f"{A}{kind}工作领导小组"
    mp = _mode_phrase(sc, c)
    ext = ""
    ext_surfaces: list[str] = []
    if sc.extensions:
        names = [s for _, s in sc.extensions]
        last_org = sc.extensions[-1][0]
        suffix = last_org.canonical[len(names[-1]):] if last_org.canonical.startswith(names[-1]) else ""
        ext_surfaces = names[:-1] + [names[-1] + suffix]
        ext = f",{rng.choice(['并', '同时'])}对{'、'.join(ext_surfaces)}开展了延伸{kind}"
    if sc.mode == "回头看" and rng.random() < 0.35:
        target_clause = f"对{target_s}{start.year - rng.randint(2, 3)}年{kind}整改情况开展了“回头看”"
    else:
        target_clause = f"对{target_s}开展了{mp}"
    verb_alt = target_clause.replace("开展了", rng.choice(["开展了", "进行了", "开展了"]), 1)
    authority_stated = True
    group_word = f"{kind}组"
    if variant == 1:
        opening = f"{cue}{auth_phrase},{rng_text},{body_s}{verb_alt}{ext},并于{fb_text}反馈了{kind}意见。"
    elif variant == 2:
        opening = (f"{cue}{auth_phrase},{rng_text},{body_s}{verb_alt}{ext}。{fb_text},"
                   f"{body.shorts[0] if len(sc.bodies) == 1 else group_word}向{fb_to}反馈了{kind}意见。")
    elif variant == 3:
        opening = f"{cue}{auth_phrase},{body_s}于{rng_text}{verb_alt}{ext},{fb_text}向{fb_to}反馈了{kind}意见。"
    elif variant == 4:
        opening = (f"{rng_text},{body_s}{cue}{auth_phrase},{verb_alt}{ext}。{fb_text},"
                   f"{group_word}召开反馈会议,向{fb_to}反馈了{kind}意见。")
    elif variant == 5:
        leader_post = Post("leader", ["组长"], [body.canonical])
        lead = c.person(leader_post, unit=_pseudo_unit(body), honorific=False, term_year=start.year)
        if sc.mode not in ("交叉", "提级"):
            sc.authority, sc.authority_surface = body.authority, body.authority_short
        opening = (f"经{sc.authority_surface}批准,{body_s}于{rng_text}{verb_alt}{ext}。{fb_text},"
                   f"{body.shorts[0]}{lead}代表{group_word}向{fb_to}反馈了{kind}意见。")
    else:
        opening = f"{rng_text},{body_s}{verb_alt}{ext}。{fb_text},{group_word}向{fb_to}反馈了{kind}意见。"
        authority_stated = False
    lead_in = rng.choice([
        f"根据{c.central('中国共产党巡视工作条例')}和{kind}整改公开的有关要求,现将整改进展情况公布如下。",
        "按照整改公开要求,现将整改情况通报如下。",
        "现将整改进展情况予以公布。",
        "根据有关规定,现将整改落实情况公告如下。" if u.kind == "village" else "现将有关整改情况通报如下。",
    ])
    opening += lead_in

    # --- the problems -----------------------------------------------------------
    n_leaves = rng.randint(2, 8)
    style = rng.choices(["A", "B", "C", "D"], weights=[40, 25, 20, 15])[0]
    if u.kind == "village" and rng.random() < 0.6:
        style = "C"
    pool = problems_for(u.kind, sc.mode, rng)
    rng.shuffle(pool)
    groups: list[tuple[dict[str, Any], list[tuple[dict[str, Any], str]]]] = []
    if style == "C":
        for p in pool[:n_leaves]:
            groups.append((p, [(p, _f(rng.choice(p["items"]), c))]))
    else:
        n_groups = rng.randint(-(-n_leaves // 3), min(n_leaves, 5))
        cats = pool[:n_groups]
        sizes = [1] * len(cats)
        room = [min(3, len(p["items"])) for p in cats]
        for _ in range(n_leaves - len(cats)):
            open_ = [i for i in range(len(cats)) if sizes[i] < room[i]]
            if not open_:
                break
            sizes[rng.choice(open_)] += 1
        for p, size in zip(cats, sizes):
            heads = rng.sample(p["items"], size)
            groups.append((p, [(p, _f(h, c)) for h in heads]))

    problems_truth: list[dict[str, Any]] = []
    measures_truth: list[dict[str, Any]] = []
    blocks: list[list[str]] = []  # one list of lines per group, so trimming is by whole group
    measure_lead = rng.choice(["整改情况:", "整改措施:", "整改中,"])
    for gi, (gp, items) in enumerate(groups):
        lines: list[str] = []
        gnum = f"({cn_num(gi + 1)})"
        if style == "C":
            p, head = items[0]
            sec = f"二/{gnum}"
            detail = _f(rng.choice(p["details"]), c)
            lines.append(f"{gnum}{head}。{detail}")
            ms = _measures(c, p, sec, measures_truth)
            lines.append(f"{measure_lead}{ms}")
            problems_truth.append({"section": sec, "level": "item", "headline": head, "category": p["cat"],
                                   "unit": u.canonical, "measures": ms.count("。")})
            blocks.append(lines)
            continue
        ghead = _f(rng.choice(gp["groups"]), c)
        gsec = f"二/{gnum}"
        lines.append(f"{gnum}{ghead}")
        problems_truth.append({"section": gsec, "level": "group", "headline": ghead, "category": gp["cat"],
                               "unit": u.canonical, "measures": 0})
        for ii, (p, head) in enumerate(items):
            detail = _f(rng.choice(p["details"]), c)
            if style == "A":
                mark, sec = f"{ii + 1}.", f"{gsec}/{ii + 1}"
            elif style == "B":
                mark, sec = f"{cn_num(ii + 1)}是", f"{gsec}/{cn_num(ii + 1)}是"
            else:
                mark, sec = f"({ii + 1})", f"{gsec}/({ii + 1})"
            ms = _measures(c, p, sec, measures_truth)
            if style == "B":
                lines.append(f"{mark}{head}。{detail}整改中,{ms}")
            else:
                lines.append(f"{mark}{head}。{detail}")
                lines.append(f"{measure_lead}{ms}")
            problems_truth.append({"section": sec, "level": "item", "headline": head, "category": p["cat"],
                                   "unit": u.canonical, "measures": ms.count("。")})
        blocks.append(lines)

    # --- section 一: how the rectification was organised -----------------------------
    c.section = "一"
    sec_post = c.post("sec")
    head_post = c.post("head")
    disc_post = c.post("disc")
    total_problems = n_leaves + rng.randint(0, 14)
    total_measures = total_problems * rng.randint(2, 4) + rng.randint(0, 9)
    done = max(1, total_problems - rng.randint(0, min(4, total_problems - 1)))
    meeting = {"county": f"{u.short}常委会会议", "city": "市委常委会会议", "township": "党委会议", "village": "支委会议",
               "dept": "党组会议", "soe": "党委会", "subsidiary": "党委会", "univ": "党委常委会会议",
               "college": "党政联席会议"}[u.kind]
    plan_owner = u.canonical if u.kind in ("county", "city", "dept") else u.reg_prefix
    plan_group = body.shorts[0] if len(sc.bodies) == 1 else f"联动{kind}组"
    if rng.random() < 0.75:
        plan_title = c.reg(f"{plan_owner}{rng.choice(['落实', '关于落实'])}{plan_group}反馈意见整改方案", "issued", u.canonical)
    else:
        plan_title = c.local(f"{kind}整改任务清单")
    org_lines = []
    p1 = (f"{u.short}把{kind}整改作为一项重大政治任务来抓。"
          if rng.random() < 0.5 else f"{u.short}{rng.choice(['高度重视', '认真对待'])}{kind}反馈意见,坚持边改边立、立行立改。")
    if sec_post:
        role_s = rng.choice(["整改第一责任人", "第一责任人"])
        p1 += (f"{c.person(sec_post, role='第一责任人', role_surface=role_s)}作为{role_s},"
               f"主持召开{meeting}{c.fig('', 3, 12, '次', metric='专题会议')}专题研究整改工作。")
    p1 += f"{u.short}制定{plan_title},把反馈的{c.fig('', total_problems, total_problems, '个', metric='反馈问题')}问题细化为{c.fig('', total_measures, total_measures, '条', metric='整改措施')}整改措施"
    if head_post and rng.random() < 0.7:
        p1 += f",{c.person(head_post, role='牵头', role_surface='牵头')}牵头负责{rng.choice(['财务管理', '工程项目', '作风建设', '民生领域', '选人用人'])}方面问题整改"
    p1 += "。"
    if disc_post and rng.random() < 0.35:
        p1 += f"{c.person(disc_post)}带队开展整改督查,实行清单化管理、销号式推进。"
    pct = round(done * 100 / total_problems, 1)
    cutoff = published - dt.timedelta(days=rng.randint(5, 40))
    p1 += (f"截至{cutoff.year}年{cutoff.month}月底,{c.fig('已完成整改', done, done, '个', metric='已完成整改问题')}"
           + (f",{c.pct('完成率', pct)}" if rng.random() < 0.6 and done < total_problems else "")
           + ("。" if done < total_problems else ",全部问题已整改到位。"))
    org_lines.append(p1)

    # --- closing -----------------------------------------------------------------------
    c.section = "三"
    closing = rng.choice([
        f"{u.short}将坚持目标不变、标准不降、力度不减,对已完成的整改事项适时开展“回头看”,防止问题反弹回潮。",
        f"{u.short}将把{kind}整改与日常工作结合起来,建立健全长效机制,以整改实效取信于民。",
        f"下一步,{u.short}将持续抓好剩余问题整改,严格执行{c.central('中国共产党纪律处分条例')},确保问题见底清零。",
        f"{u.short}将继续对照反馈意见抓好整改验收,推动{kind}整改成果转化为发展成效。",
    ])
    if rng.random() < 0.5:
        phone = f"0{rng.randint(870, 879)}-{rng.randint(5000000, 8999999)}"
        closing += f"欢迎广大干部群众对整改落实情况进行监督。联系电话:{phone}。"

    # --- title and header -----------------------------------------------------------------
    auth_title = body.authority_short if len(sc.bodies) == 1 else "市县"
    if sc.mode == "交叉":
        auth_title = ""
    special = {"专项": f"{sc.topic}专项{kind}" if sc.topic else f"专项{kind}", "机动": f"机动{kind}",
               "回头看": f"{kind}“回头看”", "交叉": f"交叉{kind}", "提级": f"提级{kind}", "联动": f"联动{kind}"}
    what = special.get(sc.mode, kind)
    head_name = u.title_name
    title = rng.choice([
        f"{head_name}关于{auth_title}{what}整改进展情况的通报",
        f"{head_name}关于{auth_title}{what}反馈意见整改情况的通报",
        f"{head_name}关于{body.shorts[0] if len(sc.bodies) == 1 else auth_title}{what}反馈意见整改落实情况的通报",
    ])
    if u.kind == "village":
        title = f"{u.canonical}关于{auth_title}{what}反馈问题整改情况的公告"
    header = ""
    r = rng.random()
    if r < 0.3:
        source = {"county": f"{u.place.name if u.place else ''}纪委监委", "city": f"{u.place.name if u.place else ''}纪委监委",
                  "township": f"{u.place.name if u.place else ''}纪委"}.get(u.kind, u.signature)
        header = f"来源:{source}　发布时间:{published.isoformat()}"
    elif r < 0.55:
        header = f"({cn_date(published)})"

    sections_1 = ["一、整改工作的组织推进", "一、整改工作总体情况", "一、提高政治站位,压实整改责任", "一、整改工作开展情况"]
    sections_2 = ["二、反馈问题的整改落实情况", "二、具体问题整改情况", "二、问题整改情况", "二、反馈问题整改情况"]
    sections_3 = ["三、下一步打算", "三、下一步工作", "三、巩固深化整改成果"]
    s1, s2, s3 = rng.choice(sections_1), rng.choice(sections_2), rng.choice(sections_3)
    signature = u.signature
    rng_state_village = rng.random() < 0.5

    def assemble(blocks_: list[list[str]]) -> str:
        out = [title]
        if header:
            out.append(header)
        out.append("")
        if u.kind == "village" and rng_state_village:
            out.append("村民同志们:")
        out.append(indent + opening)
        out.append(indent + s1)
        out.extend(indent + line for line in org_lines)
        out.append(indent + s2)
        for b in blocks_:
            out.extend(indent + line for line in b)
        out.append(indent + s3)
        out.append(indent + closing)
        out.append("")
        out.append(signature)
        out.append(cn_date(published))
        text = "\n".join(out) + "\n"
        if not ascii_punct:
            text = text.translate(_FULLWIDTH)
        return text

    text = assemble(blocks)
    # keep notices in the 1.5–4 KB band: drop whole trailing groups (and their truth) while too long
    while len(text.encode("utf-8")) > 4096 and len(blocks) > 1:
        blocks.pop()
        gone = problems_truth[-1]["section"].split("/")[1]
        problems_truth = [p for p in problems_truth if p["section"].split("/")[1] != gone]
        measures_truth = [m for m in measures_truth if m["section"].split("/")[1] != gone]
        c.figures = [f for f in c.figures if not f["section"].startswith(f"二/{gone}")]
        text = assemble(blocks)

    # --- truth -------------------------------------------------------------------------------
    norm = unicodedata.normalize("NFKC", text)
    figures = [f for f in c.figures if nfkc(f["text"]) in norm]
    regs = [r for r in c.regs.values() if nfkc(f"《{r['title']}》") in norm]
    persons = [p for p in c.persons.values() if nfkc(p["name"]) in norm]
    inspections = []
    for b in sc.bodies:
        inspections.append({
            "authority": sc.authority if authority_stated else None,
            "authority_surface": sc.authority_surface if authority_stated else None,
            "inspecting_body": b.canonical,
            "inspecting_body_surface": body_s if len(sc.bodies) == 1 else b.shorts[0],
            "inspected_unit": u.canonical,
            "inspected_unit_surface": target_s,
            "kind": kind,
            "mode": "常规" if sc.mode == "延伸" else sc.mode,
            "round": sc.round if round_stated else None,
            "topic": sc.topic,
            "start": start_iso,
            "end": end_iso,
            "feedback_date": fb_iso,
            "level": sc.level,
        })
    for (eu, _), surface in zip(sc.extensions, ext_surfaces):
        inspections.append({
            **inspections[0],
            "inspected_unit": eu.canonical,
            "inspected_unit_surface": surface,
            "mode": "延伸",
            "topic": None,
            "feedback_date": None,
        })
    truth = {
        "file": f"n{index:05d}.txt",
        "kind": "rectification_notice",
        "title": title,
        "published": published.isoformat(),
        "issuer": u.canonical,
        "unit_kind": u.kind,
        "punctuation": "ascii" if ascii_punct else "fullwidth",
        "inspections": inspections,
        "persons": persons,
        "regulations": regs,
        "problems": problems_truth,
        "measures": measures_truth,
        "figures": figures,
        "figure_count": len(figures),
    }
    return text, _nfkc_tree(truth)


def _pseudo_unit(body: Body) -> Unit:
    """A stand-in unit so a group leader's identity is the group (and the year)."""
    return Unit(kind="group", canonical=body.canonical, title_name="", signature="", short="", surfaces=[],
                reg_prefix="", sub="", organs={}, posts=[])


GENERIC_MEASURES: list[tuple[str, M]] = [
    ("督查检查", lambda c: f"{c.o('纪')}将该问题整改纳入日常监督重点,{c.fig('开展跟踪督查', 2, 8, '次')}"),
    ("约谈提醒", lambda c: f"对相关责任人{c.fig('进行提醒谈话', 2, 30, '人次')}"),
    ("制度建设", lambda c: "建立问题整改台账,逐项明确责任人和完成时限,实行销号管理"),
    ("学习培训", lambda c: f"{c.fig('组织开展专题学习', 2, 10, '次')},以案促改、以案促治"),
    ("问责", lambda c: f"对负有领导责任的{c.fig('', 1, 6, '名', metric='批评教育干部')}干部进行批评教育"),
    ("督查检查", lambda c: f"举一反三开展自查,{c.fig('查摆同类问题', 3, 40, '个')},已全部整改到位"),
]


def _measures(c: Ctx, p: dict[str, Any], sec: str, out: list[dict[str, Any]]) -> str:
    """1–4 measures for one problem; no measure template is used twice in a notice."""
    c.section = sec
    n = c.rng.randint(1, 4)
    own = [m for m in p["measures"] if id(m) not in c.used_measures]
    generic = [m for m in GENERIC_MEASURES if id(m) not in c.used_measures]
    c.rng.shuffle(own)
    c.rng.shuffle(generic)
    chosen = own[:n]
    if not chosen or (len(chosen) < n and c.rng.random() < 0.5):
        chosen += generic[: max(1, n - len(chosen)) if not chosen else n - len(chosen)]
    if not chosen:
        chosen = [c.rng.choice(GENERIC_MEASURES)]
    texts = []
    for m in chosen:
        c.used_measures.add(id(m))
        mkind, fn = m[0], m[1]
        t = fn(c)
        texts.append(t)
        out.append({"section": sec, "kind": mkind, "text": t})
    return "".join(t + "。" for t in texts)


_FULLWIDTH = str.maketrans({",": "\uff0c", ":": "\uff1a", "(": "\uff08", ")": "\uff09", ";": "\uff1b"})


def _nfkc_tree(x: Any) -> Any:
    if isinstance(x, str):
        return unicodedata.normalize("NFKC", x)
    if isinstance(x, list):
        return [_nfkc_tree(v) for v in x]
    if isinstance(x, dict):
        return {(_nfkc_tree(k) if isinstance(k, str) else k): _nfkc_tree(v) for k, v in x.items()}
    return x


# --------------------------------------------------------------------------- main


def generate(count: int, out: Path, seed: int = 7) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    total = 0
    with (out / "truth.jsonl").open("w", encoding="utf-8") as tf:
        for i in range(count):
            text, truth = render_notice(i, seed, world)
            data = text.encode("utf-8")
            (out / truth["file"]).write_bytes(data)
            total += len(data)
            tf.write(json.dumps(truth, ensure_ascii=False) + "\n")
    return {"count": count, "bytes": total, "dir": str(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    info = generate(args.count, args.out, args.seed)
    dt_s = time.perf_counter() - t0
    print(f"wrote {info['count']} notices ({info['bytes'] / 1e6:.2f} MB) and truth.jsonl to {info['dir']} in {dt_s:.2f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
