"""Narrative claims of three corpus documents, checked by hand against the sentences.

Each entry: (page or line of the paragraph, kind, metric or code, figures as printed, extras,
the table cell the claim is linked to, relative to the disclosure IRI, or None)."""

from decimal import Decimal
from functools import lru_cache

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from budgetkg.claims import narrative_claims
from budgetkg.claims.rdf import claim_iri, find_link
from budgetkg.mapping import disclosure_graph
from budgetkg.structure import check_structure
from budgetkg.vocab import BK

from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE, ZHUZHOU

BASE = "https://example.org/bk/"

ZHUZHOU_CLAIMS = [
    (380, "amount", "income-grand-total", "amount=522.47万元", {}, "T1/income/grand-total/amount"),
    (380, "change", "income-grand-total", "current=522.47万元 delta=197.95万元 rate=37.9%", {"direction": "increase"}, "T1/income/grand-total/amount"),
    (382, "amount", "expenditure-grand-total", "amount=522.47万元", {}, "T1/expense/grand-total/amount"),
    (382, "change", "expenditure-grand-total", "current=522.47万元 delta=197.95万元 rate=37.9%", {"direction": "increase"}, "T1/expense/grand-total/amount"),
    (386, "amount", "total-income", "amount=522.47万元", {}, "T1/income/total-income/amount"),
    (386, "amount", "fiscal-appropriation", "amount=500.57万元", {}, "T2/total/fiscal-appropriation"),
    (386, "share", "fiscal-appropriation", "share=95.81%", {"whole": "total-income"}, "T2/total/fiscal-appropriation"),
    (386, "amount", "superior-subsidy", "amount=0万元", {}, "T1/income/superior-subsidy/amount"),
    (386, "amount", "other-income", "amount=21.9万元", {}, "T1/income/other-income/amount"),
    (386, "share", "other-income", "share=4.2%", {"whole": "total-income"}, "T1/income/other-income/amount"),
    (390, "amount", "basic-expenditure", "amount=403.68万元", {}, "T3/total/basic"),
    (390, "share", "basic-expenditure", "share=77.3%", {"whole": "total-expenditure"}, "T3/total/basic"),
    (390, "amount", "project-expenditure", "amount=118.8万元", {}, "T3/total/project"),
    (390, "share", "project-expenditure", "share=22.7%", {"whole": "total-expenditure"}, "T3/total/project"),
    (390, "amount", "subsidy-to-affiliates", "amount=0万元", {}, "T3/total/subsidy-to-affiliates"),
    (394, "amount", "fiscal-appropriation", "amount=500.57万元", {}, "T2/total/fiscal-appropriation"),
    (394, "change", "fiscal-appropriation", "current=500.57万元 delta=180.52万元 rate=36.1%", {"direction": "increase"}, "T2/total/fiscal-appropriation"),
    (396, "amount", "fiscal-appropriation-expenditure", "amount=500.57万元", {}, "T4/expense/total-expenditure/total"),
    (404, "share", "fiscal-appropriation-expenditure", "share=95.8%", {"whole": "total-expenditure"}, "T5/total/total"),
    (404, "change", "fiscal-appropriation-expenditure", "current=500.57万元 delta=180.52万元 rate=36.1%", {"direction": "increase"}, "T5/total/total"),
    (408, "amount", "201", "amount=500.57万元", {}, "T5/201/total"),
    (408, "share", "201", "share=100%", {"whole": "fiscal-appropriation-expenditure"}, "T5/201/total"),
    (412, "execution", "fiscal-appropriation-expenditure", "budget=377.11万元 actual=500.57万元 rate=132.7%", {}, "T5/total/total"),
    (414, "amount", "20126", "amount=5万元", {}, "T5/20126/total"),
    (416, "execution", "20126", "budget=0万元 actual=5万元 rate=100%", {"comparison": "greater"}, "T5/20126/total"),
    (418, "amount", "20131", "amount=486.40万元", {}, "T5/20131/total"),
    (420, "execution", "20131", "budget=377.11万元 actual=486.40万元 rate=128.98%", {"comparison": "greater"}, "T5/20131/total"),
    (424, "execution", "20136", "budget=0万元 actual=1.25万元 rate=100%", {"comparison": "greater"}, "T5/20136/total"),
    (430, "execution", "20199", "budget=0万元 actual=7.92万元 rate=100%", {"comparison": "greater"}, "T5/20199/total"),
    (434, "amount", "general-budget-basic", "amount=381.78万元", {}, "T5/total/basic"),
    (434, "amount", "personnel-costs", "amount=348.48万元", {}, "T6/personnel-costs/amount"),
    (434, "share", "personnel-costs", "share=91.3%", {"whole": "general-budget-basic"}, "T6/personnel-costs/amount"),
    (434, "amount", "public-costs", "amount=33.3万元", {}, "T6/public-costs/amount"),
    (434, "share", "public-costs", "share=8.7%", {"whole": "general-budget-basic"}, "T6/public-costs/amount"),
    (440, "execution", "sangong", "budget=0万元 actual=0万元 rate=0%", {}, "T7/total/actual"),
    (442, "execution", "abroad", "budget=0万元 actual=0万元 rate=0%", {}, "T7/abroad/actual"),
    (444, "execution", "reception", "budget=0万元 actual=0万元 rate=0%", {}, "T7/reception/actual"),
    (446, "execution", "vehicle", "budget=0万元 actual=0万元 rate=0.0%", {}, "T7/vehicle/actual"),
    (446, "change", "vehicle", "delta=0.86万元 rate=100%", {"direction": "decrease"}, "T7/vehicle/actual"),
    (454, "count", "trip-groups", "count=0个", {}, None),
    (454, "count", "trip-persons", "count=0人次", {}, None),
    (456, "count", "reception-groups", "count=0个", {}, None),
    (456, "count", "reception-persons", "count=0人次", {}, None),
    (458, "amount", "vehicle-purchase", "amount=0万元", {}, "T7/vehicle-purchase/actual"),
    (458, "amount", "vehicle-operation", "amount=0万元", {}, "T7/vehicle-operation/actual"),
    (458, "count", "vehicles-held", "count=0辆", {}, None),
    (470, "amount", "operating-costs", "amount=33.3万元", {}, None),
    (470, "change", "operating-costs", "current=33.3万元 delta=0.58万元 rate=1.8%", {"direction": "decrease"}, None),
    (474, "amount", "meeting-costs", "amount=9.89万元", {}, None),
    (474, "amount", "training-costs", "amount=0.49万元", {}, None),
    (478, "amount", "procurement", "amount=0万元", {}, None),
    (478, "amount", "procurement-services", "amount=0万元", {}, None),
    (478, "share", "sme-awarded", "share=0%", {"whole": "procurement"}, None),
]

CAIZHENGJU_CLAIMS = [
    (21, "amount", "income-expenditure-grand-total", "amount=2995.39万元", {}, "T1/income/grand-total/amount"),
    (21, "change", "income-expenditure-grand-total", "current=2995.39万元 delta=56.95万元 rate=1.87%", {"direction": "decrease"}, "T1/income/grand-total/amount"),
    (21, "share", "fiscal-appropriation", "share=99.79%", {"whole": "total-income"}, "T2/total/fiscal-appropriation"),
    (21, "amount", "other-income", "amount=6.2万元", {}, "T1/income/other-income/amount"),
    (21, "share", "other-income", "share=0.21%", {"whole": "total-income"}, "T1/income/other-income/amount"),
    (21, "amount", "basic-expenditure", "amount=2336.91万元", {}, "T3/total/basic"),
    (21, "share", "project-expenditure", "share=20.51%", {"whole": "total-expenditure"}, "T3/total/project"),
    (21, "amount", "appropriation-grand-total", "amount=0.3万元", {}, "T4/expense/grand-total/total"),
    (21, "share", "general-budget-expenditure", "share=100.00%", {"whole": "total-expenditure"}, "T5/total/total"),
    (21, "change", "general-budget-expenditure", "current=2940.05万元 delta=63.14万元 rate=2.10%", {"direction": "decrease"}, "T5/total/total"),
    (21, "amount", "208", "amount=326.72万元", {}, "T5/208/total"),
    (21, "share", "210", "share=2.07%", {"whole": "general-budget-expenditure"}, "T5/210/total"),
    (21, "share", "221", "share=15.16%", {"whole": "general-budget-expenditure"}, "T5/221/total"),
    (21, "execution", "general-budget-expenditure", "budget=2993.92万元 actual=2940.05万元 rate=98.20%", {"comparison": "less"}, "T5/total/total"),
    (22, "execution", "2010601", "budget=1560.05万元 actual=1511.89万元", {"comparison": "less"}, "T5/2010601/total"),
    (22, "execution", "2010602", "budget=10.00万元 actual=10.00万元", {"comparison": "equal"}, "T5/2010602/total"),
    (22, "execution", "2010608", "budget=450.52万元 actual=449.52万元", {"comparison": "less"}, "T5/2010608/total"),
    (22, "execution", "2080505", "budget=161.62万元 actual=160.75万元", {"comparison": "less"}, "T5/2080505/total"),
    (22, "execution", "2101101", "budget=62.29万元 actual=60.99万元", {"comparison": "less"}, "T5/2101101/total"),
    (22, "execution", "2210203", "budget=258.50万元 actual=258.50万元", {"comparison": "equal"}, "T5/2210203/total"),
    (23, "amount", "general-budget-basic", "amount=2336.91万元", {}, "T5/total/basic"),
    (23, "amount", "personnel-costs", "amount=2152.26万元", {}, "T6/personnel-costs/amount"),
    (23, "amount", "public-costs", "amount=184.65万元", {}, "T6/public-costs/amount"),
    (23, "execution", "sangong", "budget=0.95万元 actual=0.00万元 rate=0%", {}, "T7/total/actual"),
    (23, "execution", "abroad", "actual=0.00万元 rate=0%", {}, "T7/abroad/actual"),
    (23, "execution", "vehicle", "actual=0.00万元 rate=0%", {}, "T7/vehicle/actual"),
    (24, "amount", "operating-costs", "amount=184.65万元", {}, None),
    (24, "change", "operating-costs", "current=184.65万元 delta=2.55万元 rate=1.40%", {"direction": "increase"}, None),
    (24, "amount", "procurement", "amount=251.25万元", {}, None),
    (24, "amount", "procurement-goods", "amount=4.79万元", {}, None),
    (24, "amount", "procurement-services", "amount=246.47万元", {}, None),
    (24, "amount", "sme-awarded", "amount=246.47万元", {}, None),
    (24, "count", "vehicles-held", "count=0辆", {}, None),
    (24, "count", "large-equipment", "count=2台（套）", {}, None),
]

SHEHUIGONGZUOBU_CLAIMS = [
    (17, "change", "income-expenditure-grand-total", "current=307.82万元 delta=307.82万元 rate=100.00%", {"direction": "increase"}, "T1/income/grand-total/amount"),
    (17, "share", "fiscal-appropriation", "share=100.00%", {"whole": "total-income"}, "T2/total/fiscal-appropriation"),
    (17, "share", "basic-expenditure", "share=34.30%", {"whole": "total-expenditure"}, "T3/total/basic"),
    (17, "amount", "project-expenditure", "amount=202.24万元", {}, "T3/total/project"),
    (17, "change", "appropriation-grand-total", "current=307.82万元 delta=307.82万元 rate=100.00%", {"direction": "increase"}, "T4/expense/grand-total/total"),
    # this paragraph runs from page 17 onto page 18
    (17, "share", "general-budget-expenditure", "share=100.00%", {"whole": "total-expenditure"}, "T5/total/total"),
    (17, "change", "general-budget-expenditure", "current=307.82万元 delta=307.82万元 rate=100.00%", {"direction": "increase"}, "T5/total/total"),
    (18, "amount", "201", "amount=264.87万元", {}, "T5/201/total"),
    (18, "share", "201", "share=86.05%", {"whole": "general-budget-expenditure"}, "T5/201/total"),
    (18, "share", "221", "share=9.55%", {"whole": "general-budget-expenditure"}, "T5/221/total"),
    (18, "execution", "general-budget-expenditure", "budget=321.02万元 actual=307.82万元 rate=95.89%", {"comparison": "less"}, "T5/total/total"),
    (18, "execution", "2013901", "budget=52.00万元 actual=51.32万元 rate=98.69%", {"comparison": "less"}, "T5/2013901/total"),
    (18, "execution", "2013999", "budget=202.24万元 actual=202.24万元", {"comparison": "equal"}, "T5/2013999/total"),
    (19, "execution", "2101101", "budget=2.23万元 actual=2.22万元 rate=99.55%", {"comparison": "less"}, "T5/2101101/total"),
    (19, "execution", "2101102", "budget=2.29万元 actual=0.49万元", {"comparison": "less"}, "T5/2101102/total"),
    (20, "execution", "2210201", "budget=18.12万元 actual=17.70万元 rate=97.68%", {"comparison": "less"}, "T5/2210201/total"),
    (20, "execution", "2210203", "budget=11.72万元 actual=11.72万元", {"comparison": "equal"}, "T5/2210203/total"),
    (20, "amount", "personnel-costs", "amount=95.36万元", {}, "T6/personnel-costs/amount"),
    (20, "amount", "public-costs", "amount=10.23万元", {}, "T6/public-costs/amount"),
    (21, "change", "operating-costs", "current=10.23万元 delta=10.23万元 rate=100.00%", {"direction": "increase"}, None),
    (22, "amount", "procurement-goods", "amount=21.07万元", {}, None),
    (22, "amount", "micro-awarded", "amount=21.07万元", {}, None),
]

EXPECTED = {ZHUZHOU: ZHUZHOU_CLAIMS, CAIZHENGJU: CAIZHENGJU_CLAIMS, SHEHUIGONGZUOBU: SHEHUIGONGZUOBU_CLAIMS}
CASES = [(name, entry) for name, entries in EXPECTED.items() for entry in entries]


@lru_cache(maxsize=None)
def _graph(disclosure, name):
    return disclosure_graph(disclosure(name), BASE)


def _figures(spec: str) -> dict[str, str]:
    return dict(part.split("=") for part in spec.split())


def _matching(claims, where, kind, subject, figures):
    return [
        (k, c) for k, c in enumerate(claims)
        if (c.location.page or c.location.line) == where and c.kind == kind
        and subject in (c.metric, c.code) and {r: f.text for r, f in c.figures.items()} == figures
    ]


def test_at_least_eighty_claims_are_checked_over_three_documents():
    assert len(CASES) >= 80
    assert len(EXPECTED) == 3


@pytest.mark.parametrize("name,entry", CASES, ids=[f"{n.split('/')[0]}-{i}" for i, (n, _) in enumerate(CASES)])
def test_claim(disclosure, name, entry):
    where, kind, subject, spec, extras, link = entry
    d = disclosure(name)
    claims = narrative_claims(d).claims
    figures = _figures(spec)
    found = _matching(claims, where, kind, subject, figures)
    assert len(found) == 1, f"{len(found)} claims match"
    _, claim = found[0]
    for role, printed in figures.items():
        figure = claim.figures[role]
        number, unit = printed[: len(printed) - len(figure.unit)].replace(",", ""), figure.unit
        assert printed.endswith(unit) and unit in ("万元", "%", "个", "人次", "辆", "台（套）")
        assert figure.value == Decimal(number)
        assert figure.decimals == (len(number.split(".")[1]) if "." in number else 0)
    for attribute, value in extras.items():
        assert getattr(claim, attribute) == value
    iri, graph = _graph(disclosure, name)
    index = sum(1 for c in claims[: claims.index(claim) + 1] if c.sentence == claim.sentence)
    node = claim_iri(iri, claim, index)
    assert (node, RDF.type, None) in graph
    linked = graph.value(node, BK.observation)
    assert linked == (URIRef(f"{iri}/{link}") if link else None)


def test_a_sentence_can_hold_many_claims(disclosure):
    claims = narrative_claims(disclosure(ZHUZHOU)).claims
    income = [c for c in claims if c.sentence.startswith("本年收入合计522.47万元")]
    assert [(c.kind, c.metric) for c in income] == [
        ("amount", "total-income"),
        ("amount", "fiscal-appropriation"), ("share", "fiscal-appropriation"),
        ("amount", "superior-subsidy"), ("share", "superior-subsidy"),
        ("amount", "business-income"), ("share", "business-income"),
        ("amount", "operating-income"), ("share", "operating-income"),
        ("amount", "affiliate-remittance"), ("share", "affiliate-remittance"),
        ("amount", "other-income"), ("share", "other-income"),
    ]


def test_a_sentence_broken_by_a_page_break_is_read_whole(disclosure):
    claims = narrative_claims(disclosure(SHEHUIGONGZUOBU)).claims
    change = next(c for c in claims if c.kind == "change" and c.metric == "general-budget-expenditure")
    assert change.sentence == "与2023年度相比，一般公共预算财政拨款支出增加307.82万元，增长100.00%。"
    [paragraph] = [p for p in disclosure(SHEHUIGONGZUOBU).paragraphs if change.sentence in p.text]
    assert paragraph.pages == [17, 18]


def test_a_classification_path_names_its_code(disclosure):
    claims = narrative_claims(disclosure(CAIZHENGJU)).claims
    claim = next(c for c in claims if c.code == "2080506")
    assert claim.subject == "社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位职业年金缴费支出(项)"


@pytest.mark.parametrize("name", [ZHUZHOU, CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE])
def test_every_claim_has_provenance(disclosure, name):
    iri, graph = _graph(disclosure, name)
    claims = [s for s in graph.subjects(BK.disclosure, iri)
              if (s, RDF.type, BK.DisclosureTable) not in graph and (s, RDF.type, BK.PageIssue) not in graph]
    assert len(claims) == len(narrative_claims(disclosure(name)).claims)
    for claim in claims:
        span = graph.value(claim, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert graph.value(span, BK.text) is not None and graph.value(span, BK.sourceFile) is not None
        assert graph.value(span, BK.page) is not None or graph.value(span, BK.line) is not None


# A claim whose metric has a table cell (a line in data/claim-links.csv) is linked, with one
# exception: an execution claim that states only a budget (社会工作部: 年初预算为 0 万元, then a
# second claim for 全年预算 with the actual) has no actual to link.
UNLINKED_WITH_A_TABLE_CELL = {ZHUZHOU: 0, CAIZHENGJU: 0, SHEHUIGONGZUOBU: 1, TEMPLATE: 0}


@pytest.mark.parametrize("name", list(UNLINKED_WITH_A_TABLE_CELL))
def test_claims_with_a_table_cell_are_linked(disclosure, name):
    d = disclosure(name)
    iri, graph = _graph(disclosure, name)
    claims = narrative_claims(d).claims
    unlinked = []
    for claim in claims:
        if claim.kind == "count" or find_link(claim.metric, claim.code, claim.section) is None:
            continue
        k = sum(1 for c in claims[: claims.index(claim) + 1] if c.sentence == claim.sentence)
        if graph.value(claim_iri(iri, claim, k), BK.observation) is None:
            unlinked.append(claim)
    assert len(unlinked) == UNLINKED_WITH_A_TABLE_CELL[name]
    assert all(c.kind == "execution" and set(c.figures) == {"budget"} for c in unlinked)


@pytest.mark.parametrize("name", [ZHUZHOU, CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE])
def test_coverage_of_sentences_with_figures(disclosure, name):
    found = narrative_claims(disclosure(name))
    assert found.coverage >= 0.95
    assert found.unparsed == []


def test_structural_shapes_report_a_claim_without_its_sentence(disclosure):
    iri, graph = disclosure_graph(disclosure(CAIZHENGJU), BASE)
    claim = sorted(graph.subjects(RDF.type, BK.AmountClaim))[0]
    graph.remove((claim, PROV.wasDerivedFrom, None))
    violations = [r for r in check_structure(graph, BASE) if r.severity == "Violation"]
    assert [(r.focus, r.path) for r in violations] == [(str(claim), str(PROV.wasDerivedFrom))]
