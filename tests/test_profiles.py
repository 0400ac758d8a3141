"""Template profiles are data: the shipped ones load, and a new template is a new file."""

import shutil

import pytest

from budgetkg.errors import UnknownTemplate
from budgetkg.ingest import read_document
from budgetkg.recognise import recognise
from budgetkg.recognise.profiles import PROFILE_DIR, load_profiles

from conftest import corpus_path


def test_shipped_profiles_cover_the_nine_roles():
    profiles = {p.id: p for p in load_profiles()}
    finals = [p for p in profiles.values() if p.kind == "final-accounts"]
    assert [p.id for p in finals] == ["cn-national-2020-final", "cn-shanghai-2024-final"]
    for profile in finals:
        assert [t.role for t in profile.tables] == [f"T{i}" for i in range(1, 10)]
        assert all(t.columns for t in profile.tables)
        assert len(profile.sections) == 14


def test_shanghai_budget_profiles_print_the_roles_in_their_own_order():
    profiles = {p.id: p for p in load_profiles()}
    for pid, scope in [("cn-shanghai-district-department-budget", "department"),
                       ("cn-shanghai-district-unit-budget", "unit"), ("cn-shanghai-municipal-unit-budget", "unit")]:
        profile = profiles[pid]
        assert (profile.kind, profile.scope) == ("budget", scope)
        assert [t.role for t in profile.tables] == ["T1", "T2", "T3", "T4", "T5", "T8", "T9", "T6", "T7"]
        assert profile.sections_after == "contents"
        assert profile.table_for_title("2025年部门收入预算总表") is (profile.tables[1] if scope == "department" else None)


NEW_TEMPLATE = """\
id = "xx-county-final"
extends = "final-accounts"
name = "某县部门决算（测试用）"

[detect]
all = ["部门决算"]

[metadata]
unit = ["^编报单位[:：](?P<unit>.+)$"]
year = ["(?P<year>20\\\\d\\\\d)年部门决算"]

[[tables]]
role = "T5"
titles = ["财政拨款支出明细表"]

[[tables]]
role = "T2"
titles = ["收入明细表"]

[[tables]]
role = "T3"
titles = ["支出明细表"]
"""

DOCUMENT = "\n".join([
    "2023年部门决算",
    "编报单位：某县档案馆",
    "财政拨款支出明细表",
    "单位：元",
    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "201\t一般公共服务支出\t1,200.50\t1,000.00\t200.50",
    "2012601\t档案馆\t1,200.50\t1,000.00\t200.50",
    "收入明细表",
    "科目编码\t科目名称\t合计\t财政拨款收入",
    "201\t一般公共服务支出\t1,200.50\t1,200.50",
    "支出明细表",
    "科目编码\t科目名称\t合计\t基本支出",
    "201\t一般公共服务支出\t1,200.50\t",
])


def test_a_new_template_is_a_profile_file(tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(PROFILE_DIR / "final-accounts.toml", profiles)
    (profiles / "xx-county-final.toml").write_text(NEW_TEMPLATE, encoding="utf-8")
    source = tmp_path / "county.txt"
    source.write_text(DOCUMENT, encoding="utf-8")

    disclosure = recognise(read_document(source), profile_dir=profiles)

    assert (disclosure.profile, disclosure.unit_name, disclosure.year) == ("xx-county-final", "某县档案馆", 2023)
    assert disclosure.amount_unit == "元"
    t5 = disclosure.table("T5")
    assert [(r.code, r.cells["project"].text) for r in t5.rows] == [("201", "200.50"), ("2012601", "200.50")]
    assert disclosure.table("T3").rows[0].cells["basic"].is_blank


def test_kind_and_scope_come_from_the_document_not_the_file_name(tmp_path):
    """A budget saved under a 决算-like name is still a 部门预算; a 单位预算 is a unit's."""
    misleading = tmp_path / "wanlijiedao-2024-juesuan-danwei.pdf"
    shutil.copy(corpus_path("putuo/wanlijiedao-2024-yusuan.pdf"), misleading)
    disclosure = recognise(read_document(misleading))
    assert (disclosure.kind, disclosure.scope, disclosure.year) == ("budget", "department", 2024)
    assert disclosure.unit_name == "上海市普陀区人民政府万里街道办事处"
    unit = recognise(read_document(corpus_path("putuo/quzhengfuban-2025-danwei-yusuan.pdf")))
    assert (unit.kind, unit.scope, unit.profile) == ("budget", "unit", "cn-shanghai-district-unit-budget")
