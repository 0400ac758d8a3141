"""Harvest the 功能分类 and 经济分类 codes and names printed in the corpus into the code lists.

    python data/codes/harvest.py [--corpus ../shared/corpus]

Reads every page of every corpus document (pdfplumber's text lines; text files line by line),
takes each line that starts with a code (3, 5 or 7 digits, joined as in "2010101行政运行" or
split into columns as in "201 05 01 行政运行") followed by a name and a figure, and adds the rows
a year's list lacks to `function-YYYY.csv` / `economic-YYYY.csv`, with the document and page as
source. Names already in a list are kept (they were checked); a line whose name runs on to the
next line (a short fragment there) is not taken. The 类 of the official catalogue
(财政部《政府收支分类科目》) are added for every year from CATALOGUE_CLASSES, and the 经济分类 codes a
year from 2018 does not print from the full 2024 printing (the classification of the 2018 reform).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1].parent / "shared" / "corpus"
YEARS = range(2017, 2027)
_YEAR = re.compile(r"-(?P<year>20\d{2})-")
_ROW = re.compile(r"^(?P<code>[23]\d{2}(?:\s?\d{2}){0,2})\s*(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff（）()、“”]*?)"
                  r"\s+-?[\d,]+(?:\.\d+)?(?:\s|$)")
_FRAGMENT = re.compile(r"^[\u4e00-\u9fff）)]{1,4}$")

# 支出功能分类 类 of 财政部《政府收支分类科目》 by year (names change with the 2019 reform)
_CLASSES_2019 = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出",
    "206": "科学技术支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出", "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出", "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出",
}
_CLASSES_2017 = {**{c: n for c, n in _CLASSES_2019.items() if c != "224"},
                 "207": "文化体育与传媒支出", "210": "医疗卫生与计划生育支出", "215": "资源勘探信息等支出",
                 "220": "国土海洋气象等支出"}
CATALOGUE_CLASSES = {year: _CLASSES_2017 if year < 2019 else
                     {**_CLASSES_2019, **({"234": "抗疫特别国债安排的支出"} if year in (2020, 2021) else {})}
                     for year in YEARS}
CATALOGUE_SOURCE = "类: 财政部《{year}年政府收支分类科目》支出功能分类 类 list"
# 部门预算支出经济分类科目 as reformed in 2018 and printed in full in the 2024 corpus T6: the codes a
# year's documents do not print are taken from it, for the years of that classification
ECONOMIC_REFERENCE = HERE / "economic-2024.csv"
ECONOMIC_SINCE = 2018


def kind_of(code: str) -> str:
    return "function" if code[0] == "2" else "economic"


def read_list(path: Path) -> dict[str, tuple[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        return {r["code"]: (r["name"], r["source"]) for r in csv.DictReader(stream)}


def write_list(path: Path, rows: dict[str, tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["code", "name", "source"])
        for code in sorted(rows, key=lambda c: (c[:3], len(c) > 3, c)):
            writer.writerow([code, *rows[code]])


def pages_of(path: Path):
    """(page number or None, lines) of a document."""
    if path.suffix == ".txt":
        yield None, path.read_text(encoding="utf-8").splitlines()
        return
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            yield number, (page.extract_text() or "").splitlines()


def printed_rows(path: Path):
    """(code, name, page) of every coded row line of a document."""
    for page, lines in pages_of(path):
        for i, line in enumerate(lines):
            match = _ROW.match(line.replace("\t", " ").strip())
            if match is None:
                continue
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if _FRAGMENT.match(following):
                continue  # the name runs on to the next line
            code = re.sub(r"\s", "", match["code"])
            if len(code) in (3, 5, 7) and not (kind_of(code) == "economic" and len(code) == 7):
                yield code, match["name"], page


def harvest(corpus: Path) -> dict[tuple[str, int], dict[str, Counter]]:
    found: dict[tuple[str, int], dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for path in sorted(corpus.rglob("*")):
        year = _YEAR.search(path.name)
        if path.suffix not in (".pdf", ".txt") or year is None:
            continue
        name = path.relative_to(corpus).as_posix()
        for code, label, page in printed_rows(path):
            where = f"{name} p.{page}" if page else name
            found[(kind_of(code), int(year["year"]))][code][(label, where)] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    found = harvest(args.corpus)
    # a year no corpus document is of keeps the latest earlier list (budgetkg.codelists.code_list_for)
    for year in sorted({year for _, year in found} | {y for y in YEARS if (HERE / f"function-{y}.csv").exists()}):
        for kind in ("function", "economic"):
            path = HERE / f"{kind}-{year}.csv"
            rows = read_list(path)
            if kind == "function":
                for code, name in CATALOGUE_CLASSES[year].items():
                    rows.setdefault(code, (name, CATALOGUE_SOURCE.format(year=year)))
            for code, seen in found.get((kind, year), {}).items():
                names = Counter()
                for (label, _), count in seen.items():
                    names[label] += count
                label = names.most_common(1)[0][0]
                sources = sorted({where for (name, where) in seen if name == label})
                printed = f"printed in {'; '.join(sources[:3])}" + (f" (+{len(sources) - 3})" if len(sources) > 3 else "")
                if code not in rows:
                    rows[code] = (label, printed)
            if kind == "economic" and year >= ECONOMIC_SINCE:
                for code, (name, _) in read_list(ECONOMIC_REFERENCE).items():
                    rows.setdefault(code, (name, "部门预算支出经济分类科目 (2018 reform), as printed in full in the 2024 corpus T6"
                                                  " (economic-2024.csv)"))
            if rows:
                write_list(path, rows)
                print(f"{path.name}: {len(rows)} codes")


if __name__ == "__main__":
    main()
