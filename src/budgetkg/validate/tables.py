"""The report as a table for officers' spreadsheets: CSV and XLSX (openpyxl), one row per finding
with its document, rule, severity, status, message, page and the compared values as printed."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .report import Report, unreadable_reason

COLUMNS = ("document", "unit", "year", "rule", "severity", "status", "waiver", "message", "page", "table", "row",
           "column", "expected", "actual", "compared", "count", "fingerprint")
HEADERS = {
    "zh": ("文件", "单位", "年度", "规则", "严重程度", "状态", "豁免原因", "说明", "页码", "表", "行", "列", "应为", "实为",
           "对照的数", "次数", "指纹"),
    "en": COLUMNS,
}
_SEVERITY = {"zh": {"violation": "违规", "warning": "警告", "info": "提示"},
             "en": {"violation": "violation", "warning": "warning", "info": "info"}}
_STATUS = {"zh": {"open": "待处理", "waived": "已豁免"}, "en": {"open": "open", "waived": "waived"}}
_NOT_CHECKED = {"zh": ("文件", "代码", "原因"), "en": ("source", "code", "reason")}
_PAGE = {"zh": "第{}页", "en": "p. {}"}


def finding_rows(report: Report, lang: str = "zh") -> list[list]:
    documents = {d["id"]: d for d in report.documents}
    rows = []
    for r in report.results:
        document = documents.get(r["document"], {})
        rows.append([
            document.get("source") or r["document"], document.get("unit"), document.get("year"), r["rule"],
            _SEVERITY[lang][r["severity"]], _STATUS[lang][r["status"]], (r["waiver"] or {}).get("reason"),
            r["message"][lang], r["page"], r["table"], r["row"], r["column"], r["expected"], r["actual"],
            compared_values(r, lang), r["count"], r["fingerprint"],
        ])
    return rows


def compared_values(result: dict, lang: str = "zh") -> str:
    """Every compared figure and cell as printed, with where it stands: `T1 · 合计 · 决算数 第5页: 1,234.56`."""
    parts = []
    for e in result["evidence"]:
        if e["kind"] == "sentence":
            continue
        where = " · ".join(p for p in (e["table"], e["row"], e["column"]) if p)
        page = _PAGE[lang].format(e["page"]) if e["page"] else ""
        parts.append(f"{' '.join(p for p in (where, page) if p)}: {e['text']}")
    return " | ".join(parts)


def to_csv(report: Report, lang: str = "zh") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS[lang])
    writer.writerows(finding_rows(report, lang))
    for item in report.not_checked:
        writer.writerow([item["source"]] + [None] * 4 + ["not checked" if lang == "en" else "未检查", None,
                                                         f"{unreadable_reason(item, lang)} [{item['code']}]"] + [None] * 9)
    return buffer.getvalue()


def to_xlsx(report: Report, lang: str = "zh") -> bytes:
    """One sheet of findings with a document column, and one of the files that were not checked."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "发现" if lang == "zh" else "findings"
    sheet.append(HEADERS[lang])
    for row in finding_rows(report, lang):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKLMNOPQ", (36, 24, 6, 6, 8, 8, 20, 60, 6, 5, 20, 12, 12, 12, 60, 5, 22)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[7].alignment = row[14].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    unread = workbook.create_sheet("未检查" if lang == "zh" else "not checked")
    unread.append(_NOT_CHECKED[lang])
    for item in report.not_checked:
        unread.append([item["source"], item["code"], unreadable_reason(item, lang)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
