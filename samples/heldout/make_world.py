#!/usr/bin/env python3
"""Writes world.json: the fictional 澜沧省 geography of the held-out set (same format as samples/world.json)."""
import json
from pathlib import Path

P = []

def prov(n, short):
    P.append(dict(name=n, level="province", parent=None, aliases=[n, short], party_committee=f"{short}省委",
                  committee_aliases=["省委", f"中共{short}省委"], discipline_commission=f"{short}省纪委监委",
                  government=f"{n}人民政府"))

def city(n, parent):
    s = n[:-1]
    P.append(dict(name=n, level="city", parent=parent, aliases=[n, s], party_committee=f"{n}委",
                  committee_aliases=["市委", f"中共{n}委"], discipline_commission=f"{n}纪委监委",
                  government=f"{n}人民政府"))

def county(n, parent):
    s, suf = n[:-1], n[-1]
    P.append(dict(name=n, level="county", parent=parent, aliases=[n, s] if suf == "县" else [n],
                  party_committee=f"{n}委", committee_aliases=[f"{suf}委", f"中共{n}委"],
                  discipline_commission=f"{n}纪委监委", government=f"{n}人民政府"))

def town(n, parent):
    suf = n[-1]
    P.append(dict(name=n, level="township", parent=parent, aliases=[n, n[:-1]], party_committee=f"{n}党委",
                  committee_aliases=[f"{suf}党委", f"中共{n}委员会"], discipline_commission=f"{n}纪委",
                  government=f"{n}人民政府"))

def village(n, parent, branch="党支部"):
    P.append(dict(name=n, level="village", parent=parent, aliases=[n, n[:-1]], party_committee=f"{n}{branch}",
                  committee_aliases=[f"村{branch}"], village_committee=f"{n}村民委员会"))

prov("澜沧省", "澜沧")
city("雁川市", "澜沧省"); city("枫渚市", "澜沧省")
county("蒲溪县", "雁川市"); county("澄浦区", "雁川市")
county("石砚县", "枫渚市"); county("鹊岭县", "枫渚市")
town("榆箐镇", "蒲溪县"); town("麦垭乡", "蒲溪县")
town("芡塘镇", "澄浦区")
town("鹭岙镇", "石砚县")
town("栗坪乡", "鹊岭县"); town("雀儿滩镇", "鹊岭县")
village("青杠坪村", "榆箐镇"); village("拗口村", "榆箐镇")
village("笋壳岩村", "麦垭乡")
village("荷叶洲村", "芡塘镇", "党总支")
village("柿子湾村", "鹭岙镇"); village("岩脚村", "鹭岙镇"); village("桥头坝村", "鹭岙镇")
village("箐门村", "栗坪乡")
village("鹅颈坳村", "雀儿滩镇")

U = [
    dict(name="雁川市城市建设投资集团有限公司", kind="state_owned_enterprise", level="municipal", place="雁川市",
         aliases=["市城投集团", "集团"], party_committee="雁川市城市建设投资集团有限公司党委"),
    dict(name="枫渚市水务局", kind="department", level="municipal", place="枫渚市",
         aliases=["市水务局"], party_committee="枫渚市水务局党组"),
    dict(name="枫渚市红石坝水库管理所", kind="department", level="municipal", place="枫渚市",
         parent="枫渚市水务局", aliases=["市红石坝水库管理所"]),
    dict(name="澄浦区审计局", kind="department", level="county", place="澄浦区", aliases=["区审计局"]),
]
world = dict(places=P, units=U, notes=(
    "Fictional geography of the held-out set (samples/heldout/notices). One province (澜沧省) with two cities "
    "(雁川市: 蒲溪县, 澄浦区; 枫渚市: 石砚县, 鹊岭县), townships and villages below them. Same format as "
    "samples/world.json: party_committee is the canonical name (X省委 / X市委 / X县委 / X区委 / X镇党委 / X乡党委 / "
    "X村党支部, 荷叶洲村 has a 党总支), committee_aliases are the bare forms that resolve to it inside a notice of "
    "that jurisdiction; climb 'parent' to resolve a bare 市委 in a county notice. Names are invented; the province "
    "name 澜沧 was fixed by the brief (it coincides with a real county name in Yunnan, 澜沧拉祜族自治县)."))
Path(__file__).with_name("world.json").write_text(json.dumps(world, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(len(P), "places,", len(U), "units")
