"""A narrative claim is linked only to the subject its own clause names (RULES.md, "Our gaps are
never the document's fault"): real corpus pages, edited the way unseen documents fail."""

from __future__ import annotations

import copy

import budgetkg.claims as claims_module
from budgetkg.claims import narrative_claims
from budgetkg.codelists import CodeList, code_list_for
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.validate import validate_graphs
from conftest import CAIZHENGJU, ZHUZHOU, _disclosure, corpus_path


def _edited(name: str, old: str, new: str):
    disclosure = copy.deepcopy(_disclosure(name))
    [paragraph] = [p for p in disclosure.paragraphs if old in p.text]
    paragraph.text = paragraph.text.replace(old, new)
    return disclosure


def _findings(disclosure, rules=("N",)) -> list[tuple]:
    iri, graph = disclosure_graph(disclosure)
    return sorted((r["rule"], r["severity"], r["expected"], r["actual"], r["page"])
                  for r in validate_graphs({iri: graph}).results if r["rule"][0] in rules)


def test_an_item_whose_xiang_cannot_be_resolved_stays_unlinked():
    """财政局 p.22, item 2 with its 项 renamed: its 10.00万元 was compared with item 1's 行政运行
    (1,511.89); now it is an info saying the subject was not found."""
    disclosure = _edited(CAIZHENGJU, "一般行政管理事务（项）", "一般行政事务（项）")
    found = [f for f in _findings(disclosure) if f[4] == 22]
    assert found == [("N-01", "info", "（未核对：无法确定“一般公共服务支出(类)财政事务(款)一般行政事务(项)”对应的表中科目）",
                      "10.00万元", 22)]
    [item] = [c for c in narrative_claims(disclosure).claims
              if c.location.page == 22 and "budget" in c.figures and c.figures["budget"].text == "10.00万元"]
    assert (item.metric, item.code) == (None, None)


def test_a_sub_item_is_not_its_parent_total(tmp_path):
    """株洲 三公 section with the 接待 line corrected and a sub-item added ("其中：外宾接待支出…"):
    the sub-item's budget was compared with T7's 公务接待费 (N-06); now it is unlinked."""
    text = corpus_path(ZHUZHOU).read_text(encoding="utf-8")
    old = "公务接待费支出预算为0万元，支出决算为0万元，完成预算的0%。"
    assert text.count(old) == 1
    path = tmp_path / "zhuzhou-sub-item.txt"
    path.write_text(text.replace(old, "公务接待费支出预算为1万元，支出决算为0万元，完成预算的0%，"
                                      "其中：外宾接待支出预算为0.5万元，支出决算为0万元。"), encoding="utf-8")
    found = _findings(recognise(read_document(path)))
    assert [f for f in found if f[0] == "N-06" and f[3] == "0.5万元"] == []
    assert ("N-01", "info", "（未核对：无法确定“外宾接待支出”对应的表中科目）", "0万元", None) in found
    parent = [c for c in narrative_claims(recognise(read_document(path))).claims if "外宾" in c.sentence]
    assert [(c.metric, "budget" in c.figures) for c in parent] == [("reception", True), (None, True)]


def test_a_path_resolves_through_the_documents_own_tables(monkeypatch):
    """财政局 p.22 with 2010602 deleted from the year's list: the item still names the row its
    table prints (a code list gap is not a linking gap)."""
    listed = code_list_for("function", 2024)
    shorter = CodeList(listed.kind, listed.year, {c: n for c, n in listed.names.items() if c != "2010602"},
                       {c: s for c, s in listed.sources.items() if c != "2010602"})
    monkeypatch.setattr(claims_module, "code_list_for", lambda kind, year: shorter)
    items = [c for c in narrative_claims(_disclosure(CAIZHENGJU)).claims if c.kind == "execution" and c.location.page == 22]
    assert [c.code for c in items][:2] == ["2010601", "2010602"]


def test_a_path_with_its_code_in_brackets():
    """“卫生健康支出（210类）”: the code printed with the name is the subject."""
    disclosure = _edited(CAIZHENGJU, "卫生健康支出（类）60.99万元", "卫生健康支出（210类）60.99万元")
    [claim] = [c for c in narrative_claims(disclosure).claims if c.kind == "amount" and "60.99" in c.figures["amount"].text]
    assert claim.code == "210"
