"""The problem taxonomy: its data file, the scoring rules, and the shared category nodes in the graph.

The headlines below are invented for these tests (none is taken from a notice,
and none repeats an example of the data file), so they check that the rules
generalise rather than that they remember.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import make_id
from graph.store.falkor import FalkorStore
from ingest.extract import lexicon
from ingest.extract.categories import (
    categorise,
    default_category,
    nearest_by_examples,
    taxonomy,
)
from ingest.pipeline import document_from_file, ingest_paths
from tests.conftest import SAMPLES, SEEDS

FIELDS = {"name", "description", "keywords", "weak", "exclude", "examples", "weight"}


def _primary(headline: str, description: str = "") -> str | None:
    got = categorise(headline, description)
    return got[0][0].name if got else None


# ------------------------------------------------------------------ the data file


def test_data_file_validates() -> None:
    data = lexicon.load("problem_categories")
    cats = data["categories"]
    names = [c["name"] for c in cats]
    assert len(cats) >= 19
    assert len(set(names)) == len(names), "category names must be unique"
    assert data["default"] in names
    assert default_category().name == data["default"]
    for c in cats:
        assert set(c) <= FIELDS, f"{c['name']}: unknown fields {set(c) - FIELDS}"
        assert c["description"]
        assert c["keywords"], f"{c['name']} has no keywords"
        words = [*c["keywords"], *c.get("weak", [])]
        assert all(isinstance(w, str) and w.strip() == w and w for w in words), c["name"]
        assert len(set(words)) == len(words), f"{c['name']}: a keyword is listed twice"
        assert all(isinstance(x, str) and x for x in c.get("exclude", [])), c["name"]
        assert 2 <= len(c["examples"]) <= 4, f"{c['name']} needs 2-4 examples"
        assert float(c.get("weight", 1.0)) > 0
    examples = [e for c in cats for e in c["examples"]]
    assert len(set(examples)) == len(examples), "an example is listed under two categories"


def test_the_gold_categories_are_in_the_taxonomy() -> None:
    names = {c.name for c in taxonomy()[0]}
    for required in (
        "主体责任落实不到位", "监督责任落实不到位", "民主集中制执行不到位", "违反中央八项规定精神",
        "形式主义官僚主义", "财经纪律与资金管理", "工程项目与招投标监管", "国有资产管理",
        "群众身边腐败和不正之风", "选人用人问题", "干部队伍建设与管理", "基层党组织建设薄弱",
        "理论学习与政治建设", "信访与群众诉求", "惠民政策与民生保障落实", "乡村振兴与耕地粮食",
        "安全生产", "巡视巡察整改不力", "政务村务公开不到位",
    ):
        assert required in names


@pytest.mark.parametrize(
    ("category", "example"),
    [(c.name, e) for c in taxonomy()[0] for e in c.examples],
)
def test_each_example_categorises_to_its_own_category(category: str, example: str) -> None:
    assert _primary(example) == category


# ------------------------------------------------------------------ invented headlines

INVENTED = [
    ("局党组管党治党宽松软,一岗双责停留在口头", "主体责任落实不到位"),
    ("派驻纪检监察组对驻在单位日常监督偏弱", "监督责任落实不到位"),
    ("党组议事决策随意,重大事项会前沟通不够", "民主集中制执行不到位"),
    ("下属单位违规使用公务用车接送家属", "违反中央八项规定精神"),
    ("调研走过场,文件照搬照抄上级", "形式主义官僚主义"),
    ("部门预算编制粗放,年底突击花钱", "财经纪律与资金管理"),
    ("重点工程围标串标线索未深入核查", "工程项目与招投标监管"),
    ("国有企业资产处置程序不规范,存在低价转让", "国有资产管理"),
    ("村组干部截留挪用土地补偿款", "群众身边腐败和不正之风"),
    ("违规突击提拔干部,动议程序不规范", "选人用人问题"),
    ("年轻干部教育培训缺乏系统规划", "干部队伍建设与管理"),
    ("部分村党支部主题党日活动内容单一", "基层党组织建设薄弱"),
    ("第一议题学习后研究落实措施不具体", "理论学习与政治建设"),
    ("重复信访问题化解率偏低", "信访与群众诉求"),
    ("特困人员供养标准落实不到位", "惠民政策与民生保障落实"),
    ("耕地保护考核偏软,违法占地问题多发", "乡村振兴与耕地粮食"),
    ("危化品企业安全隐患整治不彻底", "安全生产"),
    ("巡视整改台账销号随意", "巡视巡察整改不力"),
    ("村级财务公开不及时,群众看不懂", "政务村务公开不到位"),
]


@pytest.mark.parametrize(("headline", "category"), INVENTED)
def test_invented_headlines_get_the_right_primary(headline: str, category: str) -> None:
    assert _primary(headline) == category


# ------------------------------------------------------------------ the rules

MONEY = "经核查,相关资金支出未入账,财务审核缺失,票据不全,经费报销随意,收支不清,往来款挂账多年。"


def test_money_in_the_description_does_not_outweigh_the_headline() -> None:
    assert _primary("重点工程围标串标线索未深入核查", MONEY) == "工程项目与招投标监管"
    assert _primary("村党支部三会一课记录空白", MONEY) == "基层党组织建设薄弱"


def test_the_description_decides_only_when_the_headline_has_no_keyword() -> None:
    assert _primary("执行上级规定有偏差", MONEY) == "财经纪律与资金管理"
    assert _primary("执行上级规定有偏差", "") is None


def test_a_longer_keyword_is_more_specific() -> None:
    # 优亲厚友 outweighs the two-character 低保 that comes first
    assert _primary("低保评定中存在优亲厚友") == "群众身边腐败和不正之风"


def test_a_keyword_inside_a_longer_one_is_not_evidence_of_its_own() -> None:
    # 经费 is part of 三公经费; 档案 is part of 干部档案
    assert _primary("三公经费压减不到位") == "违反中央八项规定精神"
    names = [c.name for c, _ in categorise("干部档案材料缺页漏页", "")]
    assert names[0] == "选人用人问题"
    assert "干部队伍建设与管理" not in names


def test_weak_keywords_count_in_the_headline_only() -> None:
    assert _primary("资金拨付不及时") == "财经纪律与资金管理"
    assert _primary("部分村组长期无人管理", "资金 资金 资金") is None


def test_exclude_phrases_stop_a_keyword_meaning_something_else() -> None:
    names = [c.name for c, _ in categorise("粮食安全工作责任压得不实", "")]
    assert names[0] == "乡村振兴与耕地粮食"
    assert "安全生产" not in names


def test_quotation_marks_do_not_split_a_keyword() -> None:
    assert _primary("村“两委”换届后分工不明") == "基层党组织建设薄弱"


def test_other_headline_categories_follow_the_primary() -> None:
    names = [c.name for c, _ in categorise("公务用车使用登记缺失,津补贴发放无依据", "")]
    assert names[0] == "违反中央八项规定精神"
    assert "财经纪律与资金管理" in names
    assert len(names) <= 3


def test_nearest_by_examples_is_a_cautious_last_resort() -> None:
    cat = nearest_by_examples("白条抵账现象屡禁不止")
    assert cat is not None and cat.name == "财经纪律与资金管理"
    assert nearest_by_examples("有关情况说明") is None


# ------------------------------------------------------------------ every problem is categorised


def _notices() -> list[Path]:
    files = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.html"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    return files


def test_every_problem_has_a_category_and_category_ids_come_from_the_name() -> None:
    seen = 0
    for path in _notices():
        doc = document_from_file(path)
        cats = {e.id: e for e in doc.entities if e.label == "ProblemCategory"}
        for c in cats.values():
            assert c.id == make_id("ProblemCategory", c.name)
        links: dict[str, list[bool]] = {}
        for r in doc.relations:
            if r.type == "OF_CATEGORY":
                assert r.dst in cats
                links.setdefault(r.src, []).append(bool(r.props.get("primary")))
        for e in doc.entities:
            if e.label == "Problem":
                seen += 1
                assert links.get(e.id), f"{path.name}: {e.name} has no category"
                assert links[e.id].count(True) == 1, f"{path.name}: {e.name} needs exactly one primary"
    assert seen > 50


def test_two_notices_meet_in_one_category_node(falkor: FalkorStore) -> None:
    """The 主体责任 problems of a county notice and of a township notice link to the same node."""
    paths = [SAMPLES / "s02_qinghe_county_2021_rectification.txt", SAMPLES / "s21_gaogang_town_2024.txt"]
    assert not ingest_paths(falkor, paths).failed
    name = "主体责任落实不到位"
    nodes = falkor.read("MATCH (c:ProblemCategory {name: $name}) RETURN c.id", {"name": name}).rows
    assert nodes == [[make_id("ProblemCategory", name)]]
    rows = falkor.read(
        "MATCH (d:Document)-[:MENTIONS]->(p:Problem)-[:OF_CATEGORY]->(c:ProblemCategory {name: $name}) "
        "RETURN DISTINCT d.source AS source, p.headline AS headline",
        {"name": name},
    ).records()
    sources = {Path(r["source"]).name for r in rows}
    assert sources == {p.name for p in paths}, rows
    total = falkor.read("MATCH (c:ProblemCategory) RETURN count(c) AS n, count(DISTINCT c.name) AS names").rows
    assert total[0][0] == total[0][1], "one node per category name"
    orphans = falkor.read("MATCH (p:Problem) WHERE NOT (p)-[:OF_CATEGORY]->(:ProblemCategory) RETURN count(p)")
    assert orphans.scalar() == 0
