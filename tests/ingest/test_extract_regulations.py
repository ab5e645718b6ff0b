"""《》 titles: regulations vs not, kinds, issued vs cited, issuers."""

from __future__ import annotations

from ingest.extract import extract
from tests.ingest._util import clean

TEXT = (
    "中共青禾县委关于巡察整改情况的通报\n"
    "一、存在的问题\n(一)制度执行不到位的问题\n"
    "整改情况:\n"
    "县委制定出台了《中共青禾县委关于加强作风建设的意见》《青禾县财务管理办法》,"
    "按照《中国共产党纪律处分条例》严肃处理,学习新《条例》,观看《镜鉴》,转发《青禾日报》评论。\n"
)


def test_regulations_and_relations() -> None:
    g = extract(clean(TEXT), "t")
    regs = {e.name: e for e in g.entities if e.label == "Regulation"}
    assert set(regs) == {"中共青禾县委关于加强作风建设的意见", "青禾县财务管理办法", "中国共产党纪律处分条例"}
    assert regs["中国共产党纪律处分条例"].props["kind"] == "party_regulation"
    by_type = {(r.type, r.dst) for r in g.relations if r.src_label == "Measure"}
    assert ("ISSUED", regs["青禾县财务管理办法"].id) in by_type
    assert ("CITES", regs["中国共产党纪律处分条例"].id) in by_type
    issuers = {(r.src, r.dst) for r in g.relations if r.type == "ISSUED" and r.src_label == "Organization"}
    org = next(e for e in g.entities if e.name == "青禾县委")
    assert (org.id, regs["中共青禾县委关于加强作风建设的意见"].id) in issuers
    media = [e for e in g.entities if e.label == "Organization" and e.name == "青禾日报"]
    assert media and media[0].props["kind"] == "media"
