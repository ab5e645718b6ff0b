"""Organisation hierarchy from the grammar of names (ingest/extract/hierarchy.py)."""

from __future__ import annotations

from ingest.extract.hierarchy import is_sub_unit, parents


def test_sub_units_attach_to_the_longest_named_owner() -> None:
    names = [
        "江川市委", "江川市委第三巡察组", "江川市委巡察办", "江川市委巡察工作领导小组",
        "青禾县人民政府", "青禾县人民政府办公室", "青禾县委", "青禾县委组织部",
        "白鹭学院", "白鹭学院党委", "白鹭学院党委第一巡察组", "白鹭学院后勤管理处",
    ]
    assert parents(names) == {
        "江川市委第三巡察组": "江川市委",
        "江川市委巡察办": "江川市委",
        "江川市委巡察工作领导小组": "江川市委",
        "青禾县人民政府办公室": "青禾县人民政府",
        "青禾县委组织部": "青禾县委",
        "白鹭学院党委": "白鹭学院",
        "白鹭学院党委第一巡察组": "白鹭学院党委",
        "白鹭学院后勤管理处": "白鹭学院",
    }


def test_an_owner_the_document_does_not_name_is_not_invented() -> None:
    assert parents(["白鹭学院党委第一巡察组", "白鹭学院"]) == {"白鹭学院党委第一巡察组": "白鹭学院"}
    assert parents(["江川市委第三巡察组"]) == {}


def test_names_that_only_share_a_prefix_are_not_parts() -> None:
    # 纪委监委 is a body of the county, not of its party committee; a bureau is not part of the place's committee
    names = ["青禾县委", "青禾县纪委监委", "青禾县委员会", "梅岭县农业农村局", "梅岭县委", "江川市委第三巡察组组长"]
    assert parents(names) == {}


def test_sub_unit_forms_are_whole_matches() -> None:
    assert is_sub_unit("第十二巡察组") and is_sub_unit("巡察办") and is_sub_unit("办公室")
    assert not is_sub_unit("") and not is_sub_unit("第三巡察组组长") and not is_sub_unit("办理")
