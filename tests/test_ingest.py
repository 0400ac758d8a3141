"""Ingestion of the real corpus: lines keep low-baseline digits, paragraphs run across breaks."""

from budgetkg.ingest import Grid, TextLine

from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, ZHUZHOU


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_pdf_line_keeps_latin_digits_on_a_lower_baseline_in_the_sentence(document):
    lines = [_squeezed(line.text) for line in document(CAIZHENGJU).lines()]
    assert any("2024年度收入支出总计2995.39万元" in line for line in lines)


def test_pdf_paragraph_holds_the_income_sentence_whole(document):
    paragraphs = [_squeezed(p.text) for p in document(CAIZHENGJU).paragraphs]
    hits = [p for p in paragraphs if "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元" in p]
    assert len(hits) == 1
    assert hits[0].endswith("其他收入6.2万元，占0.21%；")


def test_pdf_paragraph_runs_across_a_page_break(document):
    doc = document(SHEHUIGONGZUOBU)
    joined = [p for p in doc.paragraphs if len(p.pages) > 1]
    texts = [_squeezed(p.text) for p in joined]
    assert any(t.startswith("一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%") for t in texts)
    assert all(p.pages == [p.pages[0], p.pages[0] + 1] for p in joined)


def test_pdf_paragraph_keeps_its_page_and_box(document):
    paragraph = next(p for p in document(CAIZHENGJU).paragraphs if p.text.startswith("本年收入合计"))
    assert paragraph.location.page == 21
    assert paragraph.location.bbox.as_list() == [96.0, 266.59, 513.99, 283.46]


def test_pdf_grid_cells_span_the_ruled_header(document):
    doc = document(CAIZHENGJU)
    grid = next(b for b in doc.pages[7].blocks if isinstance(b, Grid))  # page 8: 收入决算表
    top_left = grid.rows[0][0]
    assert top_left.text == "项目"
    assert (top_left.col, top_left.col_end) == (0, 4)
    assert grid.rows[0][1] is top_left
    assert grid.ruled


def test_pdf_page_blocks_are_in_reading_order(document):
    page = document(CAIZHENGJU).pages[5]  # page 6: 收入支出决算总表
    kinds = [type(b).__name__ for b in page.blocks]
    texts = [b.text for b in page.blocks if isinstance(b, TextLine)]
    assert kinds[-1] == "Grid"
    assert texts[-2:] == ["收入支出决算总表", "单位：万元"]


def test_text_tables_are_tab_rows_and_a_page_break_does_not_end_them(document):
    doc = document(ZHUZHOU)
    grids = doc.grids()
    # T1 has a blank line (a page break) in the middle of its rows, yet is one grid
    t1 = grids[0]
    assert t1.location.line == 118
    assert len(t1.rows) == 33
    assert [c.text for c in t1.rows[-1]] == ["总计", "13", "522.47", "总计", "26", "522.47"]
    assert not t1.ruled


def test_text_paragraph_broken_by_a_page_break_is_joined(document):
    paragraphs = [p.text for p in document(ZHUZHOU).paragraphs]
    assert (
        "2020年度财政拨款支出500.57万元，与上年相比，增加180.52万元,增长36.1%, 主要是因为职能增加, "
        "石峰区档案局合并到石峰区区委办。" in paragraphs
    )
    assert "年初预算为0万元, 支出决算为1.25万元, 完成年初预算的100%, 决算数大于年初预算数的主要原因是: 职能增加, 部门合并。" in paragraphs


def test_text_heading_is_not_joined_to_its_paragraph(document):
    paragraphs = [p.text for p in document(ZHUZHOU).paragraphs]
    assert "六、一般公共预算财政拨款基本支出决算情况说明" in paragraphs
    assert "3、其他共产党事务支出1.25万元" in paragraphs
