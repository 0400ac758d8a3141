"""Reading claims out of the 情况说明.

A section is read sentence by sentence (a sentence ends at 。), a sentence clause by clause
(，；：、). Every figure is given a role from the words just before it (预算为 → budget, 增加 →
delta, 完成预算的 → rate, 占 → share ...) and a subject: the last metric or 类/款/项 named before it
in the clause, else the subject the sentence or paragraph is about. Figures of one subject in one
sentence make one claim (an execution claim holds budget, actual and rate). The wordings of the
metrics are the labels of the metric scheme (ontology/concepts.ttl), so a new wording is data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..codelists import CodeList
from ..ingest.model import Location, Paragraph
from ..recognise.text import label_key, squeeze
from ..vocab import metric_by_label
from .model import COUNT_UNITS, MONEY_UNITS, Claim, Figure, NarrativeClaims, Unparsed

_UNIT = "|".join(re.escape(u) for u in ("台(套)",) + MONEY_UNITS + ("%",) + COUNT_UNITS)
_FIGURE = re.compile(rf"(?P<num>-?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?P<unit>{_UNIT})")
_THRESHOLD = re.compile(r"^(\(含\))?(以上|及以下|以下)")
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:、]")
# a name may hold a bracketed word of its own ("党委办公厅（室）及相关机构事务"), never a level mark
_NAME_PART = r"(?:[^,;:、()%。\d]|\((?![类款项\d])[\u4e00-\u9fff]{1,3}\))"
# a 类/款/项 path; the codes printed with it are the whole code ("（210类）") or, from 2026, the
# parts ("（201类）（03款）（01项）")
_PATH = re.compile(rf"(?P<class>[\u4e00-\u9fff]{_NAME_PART}*?)\((?P<class_code>\d{{3}})?类\)"
                   rf"(?:(?P<kuan>{_NAME_PART}+?)\((?P<kuan_code>\d{{5}}|\d{{2}})?款\))?"
                   rf"(?:(?P<xiang>{_NAME_PART}+?)\((?P<xiang_code>\d{{7}}|\d{{2}})?项\))?")
# the words a figure's own subject ends with, when budgetkg knows no metric or code for it
# ("其中：外宾接待支出0.00万元"), once the role words before the figure are taken off
_UNKNOWN_SUBJECT = re.compile(r"(?P<subject>[\u4e00-\u9fff“”()（）]{2,}?(支出|经费|费用|费|收入|资金))$")
_ROLE_WORDS = re.compile(r"(年初|全年)?(预算|决算)?(数)?(为|是|共|合计)?$")
# budgets: "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目" and "“一般公共服务支出”科目"
_DASHED_PATH = re.compile(r"(?P<class>[\u4e00-\u9fff][^,;:、()%。\d-]*?支出)(?:-(?P<kuan>[^,;:、%。\d-]+?))?(?:-(?P<xiang>[^,;:、%。\d-]+?))?科目")
# Jiangsu: "人大事务（款）行政运行（项）支出7448.2万元", the 款 and its 项 without the 类
_KUAN_PATH = re.compile(rf"(?<![\u4e00-\u9fff])(?<![类款项]\))(?P<kuan>[\u4e00-\u9fff]{_NAME_PART}*?)\(款\)(?:(?P<xiang>{_NAME_PART}+?)\(项\))?")
# ... and "人大事务行政运行（项）": the 款 name run into the 项 name, without the 款 mark
_RUN_PATH = re.compile(rf"(?<![\u4e00-\u9fff])(?<![类款项]\))(?P<run>[\u4e00-\u9fff]{_NAME_PART}*?)\(项\)")
_PREVIOUS_EXECUTION = re.compile(r"(\d{4}年)?(当年)?预算执行数(为|是)?$")
_BUDGETED = re.compile(r"(\d{4}年(度)?)?预算安排(为|是)?$")

_INCREASE, _DECREASE = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")
_BUDGET = re.compile(r"(年初|全年)?预算(数)?(为|是)?$")
_ACTUAL = re.compile(r"决算(数)?(为|是)?$")
_EXECUTION_RATE = re.compile(r"完成.*预算(数)?的$")
_WHOLE = re.compile(r"占(?P<whole>.*?)的?$")
_LEAD_WORDS = r"\d{4}年度?|本部门|本单位"  # what may stand before the subject of a clause
_LEAD = re.compile(rf"^({_LEAD_WORDS})?$")
# the words a reason opens with: 主要原因是, 原因为, 主要是因为, 主要是因, 主要是由, 主要是, 由于
_REASON = re.compile(r"(?:原因(?:是|为|主要是)?|主要是(?:因为|由于|因|由)?|是因为|由于)[:：，,]?\s*(?P<reason>[^。；;]*)")
# a sentence without figures right after a change, in its item, explains it ("与上年相比增加743.39万元。
# 此项级科目为今年新增科目。"), unless it only opens the parts or says what the money is for
_NOT_A_REASON = re.compile(r"^(其中|具体|包括|如下|主要用于|用于|本表|注)")
_FLAT = re.compile(r"(上年|\d{4}年度?|同比).*持平")
# metrics stated as counts (辆, 台(套), 个, 批次, 人次): a money figure is not about them
_COUNTED = {"vehicles-held", "vehicles-purchased", "large-equipment", "performance-projects",
            "trip-groups", "trip-persons", "reception-groups", "reception-persons"}
_REASON_START = re.compile(r"^(主要原因|原因|主要是|主要用于)")
# a clause that gives a reason: it and the clauses after it in the sentence explain the change
_REASON_CLAUSE = re.compile(r"原因(是|为|主要是|在于)|主要是因为|是因为|^由于")
# a wording that ends a classification name ("公务接待费（款）"): the row, not the metric
_IN_CLASS_NAME = re.compile(r"[\u4e00-\u9fff]*\([类款项]\)")
# the generic total words: the total of the subject the sentence names ("检察（款）：…预算支出合计…")
_GENERIC_TOTALS = {"total", "grand-total"}
_PERSONS_OF_GROUPS = {"trip-groups": "trip-persons", "reception-groups": "reception-persons"}
# a count of a 三公 item is its groups or its persons, by the count's unit ("公务接待2批次、26人次")
_COUNT_OF_ITEM = {("reception", "批次"): "reception-groups", ("reception", "个"): "reception-groups",
                  ("reception", "人次"): "reception-persons", ("abroad", "个"): "trip-groups",
                  ("abroad", "批次"): "trip-groups", ("abroad", "人次"): "trip-persons"}
_COUNT_LEAD = re.compile(r"(全年|共|累计|合计|计|为|是|约)+$")
_COMPARISON = (("大于", "greater"), ("高于", "greater"), ("超过", "greater"), ("小于", "less"),
               ("低于", "less"), ("等于", "equal"), ("持平", "equal"))


@dataclass
class _Subject:
    metric: str | None
    code: str | None
    wording: str
    bare_name: bool = False  # a 款/项 name printed without its 类/款/项 path

    @property
    def unresolved(self) -> bool:
        """Named, but neither a metric nor a code budgetkg can tell: the claim stays unlinked."""
        return self.metric is None and self.code is None

def _figure(match: re.Match) -> Figure:
    number = match["num"].replace(",", "")
    unit = "%" if match["unit"] == "%" else ("台（套）" if match["unit"] == "台(套)" else match["unit"])
    decimals = len(number.split(".")[1]) if "." in number else 0
    return Figure(Decimal(number), decimals, unit, match["num"] + unit)


class SectionReader:
    """Reads the claims of one document's narrative, section by section."""

    def __init__(self, code_list: CodeList | None, printed: dict[str, str] | None = None, budget: bool = False):
        """`printed`: the document's own 功能分类 codes and names (code -> name, as its tables print
        them), which name a 类/款/项 path as well as the year's list does."""
        self.code_list = code_list
        self.printed = printed or {}
        # in a budget every 预算 figure is the document's own (no 决算 to execute against)
        self.budget = budget
        self.labels = sorted(metric_by_label(budget).items(), key=lambda item: -len(item[0]))
        self.bare_names = _bare_names(code_list) if code_list is not None else []
        self.claims: list[Claim] = []
        self.unparsed: list[Unparsed] = []
        self.sentences_with_figures = 0
        self.subject: _Subject | None = None
        self.awaiting_reason: list[Claim] = []
        self.awaiting_parts: list[Claim] = []

    # --- subjects -------------------------------------------------------------------------

    def _mentions(self, clause: str) -> list[tuple[int, int, _Subject]]:
        """Subjects named in a clause: metrics (longest wording first) and 类/款/项 paths."""
        taken: list[tuple[int, int, _Subject]] = []
        paths = list(_PATH.finditer(clause)) + list(_DASHED_PATH.finditer(clause)) + list(_KUAN_PATH.finditer(clause))
        paths += [m for m in _RUN_PATH.finditer(clause) if all(m.end() <= p.start() or m.start() >= p.end() for p in paths)]
        for match in paths:
            groups = match.groupdict()
            code = (self._path_code(match) if "class" in groups else
                    self._kuan_path_code(match) if "kuan" in groups else self._run_path_code(match["run"]))
            if all(match.end() <= s or match.start() >= e for s, e, _ in taken):
                # a path that does not resolve is still this clause's subject: unresolved, not its parent's
                taken.append((match.start(), match.end(), _Subject(None, code, match.group(0))))
        # longest wording first; of two as long that overlap, the one printed first ("基本支出预算数":
        # 基本支出, not 支出预算); a name followed by (款)/(项) is a classification row, not the metric
        found = [(-len(key), match.start(), match.end(), key, concept)
                 for key, concept in self.labels for match in re.finditer(re.escape(key), clause)]
        for _, start, end, key, concept in sorted(found):
            if _IN_CLASS_NAME.match(clause, end):
                continue
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, _Subject(str(concept).rsplit("/", 1)[-1], None, key)))
        if self.code_list is not None:
            taken += self._code_names(clause, taken)
        taken.sort(key=lambda t: t[0])
        # "三公经费财政拨款支出": a metric right after another qualifies it, the first one is meant
        return [t for i, t in enumerate(taken) if i == 0 or taken[i - 1][1] != t[0]]

    def _path_code(self, match: re.Match) -> str | None:
        """The code of a 类/款/项 path: the code printed with it, else the names resolved level by
        level (the document's tables, then the year's list); None when a level cannot be resolved."""
        printed = _printed_code(match)
        if printed:
            return printed
        groups = match.groupdict()
        class_code = code = groups.get("class_code") or self._class(match["class"])
        for level in ("kuan", "xiang"):
            if code and match[level]:
                code = _with_part(code, groups.get(f"{level}_code")) or self._child(code, match[level])
        if code is None and class_code and match["xiang"]:
            code = self._printed_item(class_code, match["xiang"])  # a 款 named wrongly (X-09 says so)
        return code

    def _printed_item(self, class_code: str, name: str) -> str | None:
        """The one 项 of this 类 the document's tables print under this name, if there is one."""
        key = label_key(name)
        found = [c for c, n in self.printed.items() if len(c) == 7 and c.startswith(class_code) and label_key(n) == key]
        return found[0] if len(found) == 1 else None

    def _names(self) -> list[tuple[str, str]]:
        listed = self.code_list.names.items() if self.code_list is not None else []
        return list(self.printed.items()) + list(listed)

    def _class(self, name: str) -> str | None:
        keys = {label_key(name), label_key(re.sub(r"支出$", "", name) + "支出")}
        return next((c for c, n in self._names() if len(c) == 3 and label_key(n) in keys), None)

    def _kuan_path_code(self, match: re.Match) -> str | None:
        """A 款 named without its 类: the one 款 with that name, then its 项."""
        key = label_key(match["kuan"])
        found = {c for c, n in self._names() if len(c) == 5 and label_key(n) == key}
        if len(found) != 1:
            return None  # not known, or in several 类: not guessed
        kuan = found.pop()
        return self._child(kuan, match["xiang"]) if match["xiang"] else kuan

    def _run_path_code(self, run: str) -> str | None:
        """"人大事务行政运行": a 款 name followed by the name of one of its 项."""
        key = label_key(run)
        found = {child for code, name in self._names()
                 if len(code) == 5 and key.startswith(label_key(name)) and len(key) > len(label_key(name))
                 and (child := self._child(code, key[len(label_key(name)):]))}
        return found.pop() if len(found) == 1 else None

    def _child(self, parent: str, name: str) -> str | None:
        key = label_key(name)
        width = len(parent) + 2
        return next((c for c, n in self._names()
                     if len(c) == width and c.startswith(parent) and label_key(n) == key), None)

    def _code_names(self, clause: str, taken) -> list[tuple[int, int, _Subject]]:
        """款 or 项 names printed without their path ("2、党委办公厅(室)及相关机构事务486.40万元"),
        only where the name is unique in the year's list."""
        found = []
        for key, code in self.bare_names:
            position = clause.find(key)
            if position >= 0:
                end = position + len(key)
                if all(end <= s or position >= e for s, e, _ in taken + found):
                    found.append((position, end, _Subject(None, code, key, bare_name=True)))
        return found

    # --- sentences ------------------------------------------------------------------------

    def read_paragraph(self, paragraph: Paragraph, section: str | None) -> None:
        first = len(self.claims)
        earlier = self._reason_for_previous_paragraph(paragraph.text)
        for sentence in re.split(r"(?<=。)", paragraph.text):
            if sentence.strip():
                self._read_sentence(sentence.strip(), paragraph.location, section)
        for claim in self.claims[first:]:
            if claim.kind == "change":
                claim.reason = _reason(paragraph.text, claim.sentence)
                if claim.reason is None:
                    claim.reason = _explaining_sentence(paragraph.text, claim.sentence)
        unexplained = [c for c in self.claims[first:] if c.kind == "change" and not c.reason]
        self.awaiting_reason = earlier + unexplained if unexplained else []
        # "三公经费预算数为47.91万元，比上年增加25万元。其中：" — the items that follow give the reasons
        self.awaiting_parts += [c for c in unexplained if _items_follow(paragraph.text, c.sentence)]

    def _reason_for_previous_paragraph(self, text: str) -> list[Claim]:
        """A paragraph that opens with the reason ("财政拨款收入支出增加的主要原因是…") gives it to the
        changes of the paragraphs just before, which stated none; the changes still waiting."""
        opening = re.split(r"(?<=。)", text, maxsplit=1)[0]
        match = _REASON.search(opening)
        item_reason = _REASON.search(text)
        if item_reason and item_reason["reason"].strip() and self.awaiting_parts:
            for claim in self.awaiting_parts:
                claim.reason = item_reason["reason"].strip()
            self.awaiting_parts = []
        waiting, self.awaiting_reason = self.awaiting_reason, []
        if match and not _FIGURE.search(opening[: match.start()]):
            for claim in waiting:
                claim.reason = match["reason"].strip()
            return []
        return waiting

    def _read_sentence(self, sentence: str, location: Location, section: str | None) -> None:
        text = squeeze(sentence)
        parent = None
        if text.startswith("其中"):
            # sub-items name their own subjects; none of them is the total before
            parent, self.subject = self.subject, None
        explaining = bool(_REASON_START.match(text))
        kept = self.subject
        if explaining:
            # "主要原因是…专项经费23.3万元，…增加35万元": the parts of a reason are no figures of
            # the subject before; they count only where they name their own
            self.subject = None
        money_or_percent = [m for m in _FIGURE.finditer(text) if m["unit"] in MONEY_UNITS + ("%",)]
        if money_or_percent:
            self.sentences_with_figures += 1
        made: list[Claim] = []
        consumed: set[int] = set()
        sentence_subject: _Subject | None = None
        offset = 0
        for clause in _CLAUSE_BREAK.split(text):
            if not explaining and _REASON_CLAUSE.search(clause):
                # "…增长16.47%，主要原因是新增…专项经费280万元": from here on the figures are the
                # reason's parts, not figures of the subject (nor of a name inside a word of it)
                explaining, kept, self.subject = True, self.subject, None
            mentions = self._mentions(clause)
            if mentions and sentence_subject is None and not explaining:
                sentence_subject = mentions[0][2]
            for match in _FIGURE.finditer(clause):
                before = clause[: match.start()]
                # in "占本年支出合计的95.8%" the words after 占 name the whole, not the subject
                limit = before.rfind("占") if match["unit"] == "%" and "占" in before else match.start()
                preceding = [m for m in mentions if m[1] <= limit]
                if explaining and match["unit"] not in COUNT_UNITS or _aside(before):
                    # a reason's part, or an aside in brackets ("（上年财政仅安排…140.2万元）")
                    self.subject, preceding = None, []
                elif preceding:
                    self.subject = self._named(preceding[-1], clause, sentence_subject, parent)
                else:
                    unknown = _unknown_subject(before, counted=match["unit"] in COUNT_UNITS)
                    if unknown is not None:
                        self.subject, preceding = unknown, [(0, 0, unknown)]
                if self._place(match, before, clause, made, sentence_subject, sentence, location, section,
                               named=bool(preceding)):
                    consumed.add(offset + match.start())
            if not _FIGURE.search(clause):
                if mentions and _LEAD.match(clause[: mentions[0][0]]) and not mentions[0][2].bare_name:
                    self.subject = mentions[0][2]  # the clause is about it, not just naming it
                self._no_figure_clause(clause, made, sentence, location, section)
            offset += len(clause) + 1
        if explaining:
            self.subject = kept
        self.claims.extend(made)
        leftover = [m.group(0) for m in money_or_percent if not self._is_consumed(m, text, consumed)]
        if leftover:
            self.unparsed.append(Unparsed(sentence, location, section, leftover))

    @staticmethod
    def _named(mention, clause: str, sentence_subject: _Subject | None, parent: _Subject | None) -> _Subject:
        """The subject a figure's clause names. A bare 合计/总计 is the total of the subject the
        sentence named before it ("检察（款）：2018年预算支出合计…"); in a "其中" sentence the
        parent's own wording with a qualifier before it ("其中，货物类政府采购支出预算…") is a
        part, which budgetkg cannot tell (unresolved), not the parent."""
        start, end, subject = mention
        if subject.metric in _GENERIC_TOTALS and sentence_subject is not None and sentence_subject is not subject:
            return sentence_subject
        qualifier = re.sub(rf"^(其中|{_LEAD_WORDS})+", "", clause[:start])
        if parent is not None and subject.metric and subject.metric == parent.metric and qualifier:
            return _Subject(None, None, qualifier + subject.wording)
        return subject

    @staticmethod
    def _carried(subject: _Subject | None, kind: str, made: list[Claim], named: bool) -> _Subject | None:
        """A subject carried over from an earlier clause that already has its figure of this
        kind in the sentence is not what this figure is about ("年初结转和结余0万元；支出0万元")."""
        if named or subject is None:
            return subject
        stated = any(c.kind == kind and (c.metric, c.code) == (subject.metric, subject.code) for c in made)
        return None if stated else subject

    @staticmethod
    def _is_consumed(match: re.Match, text: str, consumed: set[int]) -> bool:
        return match.start() in consumed or bool(_THRESHOLD.match(text[match.end():]))

    def _place(self, match, before, clause, made, sentence_subject, sentence, location, section, named) -> bool:
        """Give one figure its claim; False when it is a threshold or cannot be placed."""
        figure = _figure(match)
        after = clause[match.end():]
        if figure.unit in MONEY_UNITS and _THRESHOLD.match(after):
            return True  # 单价100万元以上设备: a threshold, not an amount
        subject = self.subject
        if figure.unit == "%":
            return self._percent(figure, before, made, subject, sentence_subject, sentence, location, section)
        if figure.unit in MONEY_UNITS:
            return self._money(figure, before, made, subject, sentence, location, section, named)
        return self._count(figure, made, self._carried(subject, "count", made, named), sentence, location, section)

    def _claim(self, kind, subject, sentence, location, section, **extra) -> Claim:
        return Claim(kind, subject.metric if subject else None, sentence, location, section,
                     code=subject.code if subject else None, subject=subject.wording if subject else None, **extra)

    def _open(self, made: list[Claim], kind: str, subject: _Subject | None, role: str) -> Claim | None:
        """The claim of this sentence, kind and subject still missing this figure."""
        for claim in reversed(made):
            same = claim.kind == kind and (subject is None or (claim.metric, claim.code) == (subject.metric, subject.code))
            if same and role not in claim.figures:
                return claim
        return None

    def _money(self, figure, before, made, subject, sentence, location, section, named) -> bool:
        if self.budget and _PREVIOUS_EXECUTION.search(before):
            # "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%"
            claim = self._open(made, "change", subject, "previous") or self._new(made, "change", subject, sentence, location, section)
            claim.figures["previous"] = figure
            return True
        if self.budget and _BUDGETED.search(before):
            # the item's amount said again: the current figure of the change, and an amount (N-08)
            claim = self._open(made, "change", subject, "current")
            if claim is not None:
                claim.figures["current"] = figure
            made.append(self._claim("amount", subject, sentence, location, section, phase="budget", figures={"amount": figure}))
            return True
        executing = not self.budget and (_BUDGET.search(before) or (_ACTUAL.search(before) and "预算" in sentence))
        if executing:
            role = "budget" if _BUDGET.search(before) else "actual"
            claim = self._open(made, "execution", subject, role)
            if claim is None:
                claim = self._claim("execution", subject, sentence, location, section)
                made.append(claim)
            claim.figures[role] = figure
            return True
        direction = _direction(before)
        if direction:
            claim = self._open(made, "change", subject, "delta") or self._new(made, "change", subject, sentence, location, section)
            claim.figures["delta"] = figure
            claim.direction = direction
            return True
        phase = "budget" if self.budget or "预算" in before[-6:] else "actual"
        if not named and subject is not None and subject.metric in _COUNTED:
            subject = None  # an amount is never a count's ("车辆7辆…其他固定资产0万元")
        subject = self._carried(subject, "amount", made, named)
        made.append(self._claim("amount", subject, sentence, location, section, phase=phase, figures={"amount": figure}))
        return True

    def _new(self, made, kind, subject, sentence, location, section) -> Claim:
        claim = self._claim(kind, subject, sentence, location, section)
        if kind == "change":
            current = self._current(subject, made)
            if current is not None:
                claim.figures["current"] = current
        made.append(claim)
        return claim

    def _current(self, subject: _Subject | None, made: list[Claim]) -> Figure | None:
        """The figure the sentence, or the sentence before it, states for the subject of a change."""
        if subject is None:
            return None
        # the sentence's own figure first; a subject budgetkg cannot resolve is only itself (its
        # wording), never another unresolved one
        key = (subject.metric, subject.code) if not subject.unresolved else (None, None, subject.wording)
        for claim in [*reversed(made), *reversed(self.claims[-3:])]:
            own = (claim.metric, claim.code) if not subject.unresolved else (claim.metric, claim.code, claim.subject)
            if claim.kind == "amount" and own == key:
                return claim.figures["amount"]
        return None

    def _percent(self, figure, before, made, subject, sentence_subject, sentence, location, section) -> bool:
        if _EXECUTION_RATE.search(before):
            claim = self._open(made, "execution", subject, "rate") or self._new(made, "execution", subject, sentence, location, section)
            claim.figures["rate"] = figure
            return True
        direction = _direction(before)
        if direction:
            claim = self._open(made, "change", subject, "rate") or self._new(made, "change", subject, sentence, location, section)
            claim.figures["rate"] = figure
            claim.direction = claim.direction or direction
            return True
        whole = _WHOLE.search(before)
        if whole is None:
            return False
        claim = self._new(made, "share", subject, sentence, location, section)
        claim.figures["share"] = figure
        stated = whole["whole"]
        whole_subject = self._whole(stated, sentence_subject, subject)
        if whole_subject is not None:
            claim.whole, claim.whole_code = whole_subject.metric, whole_subject.code
        return True

    def _whole(self, stated: str, sentence_subject: _Subject | None, part: _Subject | None) -> _Subject | None:
        """The denominator: the whole the sentence names ("占本年支出合计的"), read as the
        sentence's own total when that total ends with those words ("财政拨款基本支出" for
        "占基本支出的"); where no whole is named, the sentence's total."""
        if stated:
            if sentence_subject and sentence_subject.wording.endswith(stated):
                return sentence_subject
            mentions = self._mentions(stated)
            return mentions[0][2] if mentions else _Subject(None, None, stated)
        if sentence_subject is not None and part is not None and sentence_subject is not part:
            return sentence_subject
        return None

    def _count(self, figure, made, subject, sentence, location, section) -> bool:
        if figure.unit == "人次" and made and made[-1].kind == "count" and made[-1].metric in _PERSONS_OF_GROUPS:
            subject = _Subject(_PERSONS_OF_GROUPS[made[-1].metric], None, subject.wording if subject else "")
        elif subject is not None and (subject.metric, figure.unit) in _COUNT_OF_ITEM:
            subject = _Subject(_COUNT_OF_ITEM[subject.metric, figure.unit], None, subject.wording)
        made.append(self._claim("count", subject, sentence, location, section, figures={"count": figure}))
        return True

    def _no_figure_clause(self, clause, made, sentence, location, section) -> None:
        """持平 against last year, without a figure; 决算数大于（小于）预算数 said after the figures."""
        if _FLAT.search(clause):
            claim = self._new(made, "change", self.subject, sentence, location, section)
            claim.direction = "flat"
            return
        if "决算" not in clause or "预算" not in clause:
            return
        for word, comparison in _COMPARISON:
            if word in clause:
                target = next((c for c in reversed(self.claims + made) if c.kind == "execution"), None)
                if target is not None and target.comparison is None:
                    target.comparison = comparison
                return


def _bare_names(code_list: CodeList) -> list[tuple[str, str]]:
    """款 and 项 names that name one code (or a 款 and its one 项 of the same name), longest
    first, with the code they stand for."""
    names: dict[str, list[str]] = {}
    for code, name in code_list.names.items():
        if len(code) > 3:
            names.setdefault(label_key(name), []).append(code)
    unique = []
    for key, codes in names.items():
        codes = sorted(codes, key=len)
        if len(key) >= 4 and (len(codes) == 1 or (len(codes) == 2 and codes[1].startswith(codes[0]))):
            unique.append((key, codes[0]))
    return sorted(unique, key=lambda item: -len(item[0]))


def _printed_code(match: re.Match) -> str | None:
    """The code printed with a path's deepest level, whole or as its parts, if it is printed."""
    groups = match.groupdict()  # a dashed path ("…-…-…”科目") prints no code
    deepest = "xiang" if groups["xiang"] else "kuan" if groups["kuan"] else "class"
    whole = groups.get(f"{deepest}_code")
    if whole and len(whole) == {"class": 3, "kuan": 5, "xiang": 7}[deepest]:
        return whole
    code = groups.get("class_code")
    for level in ("kuan", "xiang"):
        if code and groups[level]:
            code = _with_part(code, groups.get(f"{level}_code"))
    return code


def _with_part(parent: str, printed: str | None) -> str | None:
    """A child's code from its printed code: the whole code, or the two digits after its parent's."""
    if not printed:
        return None
    if len(printed) == 2:
        return parent + printed
    return printed if len(printed) == len(parent) + 2 and printed.startswith(parent) else None


def quoted_names(wording: str | None, code: str | None) -> list[tuple[str, str]]:
    """(code, name) of each level of the 类/款/项 path a claim's subject was read from, the codes
    from the digits of the code the path resolved to; none for any other subject."""
    match = _PATH.fullmatch(wording or "")
    if match is None or not code:
        return []
    levels = (("class", 3), ("kuan", 5), ("xiang", 7))
    return [(code[:width], match[level]) for level, width in levels if match[level] and len(code) >= width]


def _unknown_subject(before: str, counted: bool = False) -> _Subject | None:
    """The subject a clause names right before its figure in words budgetkg does not know (a
    sub-item such as "其中：外宾接待支出", "接待外宾0批次"): it is not the subject of an earlier clause."""
    words = _ROLE_WORDS.sub("", before.strip())
    if counted:
        words = _COUNT_LEAD.sub("", words)
        return _Subject(None, None, words) if re.fullmatch(r"[\u4e00-\u9fff“”()（）]{2,}", words) else None
    match = _UNKNOWN_SUBJECT.search(words)
    if match is None or len(match["subject"]) < 4:
        return None
    return _Subject(None, None, match["subject"])


def _items_follow(paragraph: str, sentence: str) -> bool:
    """The paragraph ends with the sentence and "其中：", the items standing in the next paragraphs."""
    end = paragraph.find(sentence)
    return end >= 0 and bool(re.fullmatch(r"\s*其中[:：]\s*", paragraph[end + len(sentence):]))


def _reason(paragraph: str, sentence: str) -> str | None:
    """The reason given for a change: the words after 原因 (是, ：) or 是因为, from the change's
    sentence on."""
    start = paragraph.find(sentence)
    match = _REASON.search(paragraph, max(start, 0))
    return match["reason"].strip() if match else None


def _aside(before: str) -> bool:
    """The figure stands in a bracket its clause opened and has not closed: an aside."""
    return before.rfind("(") > before.rfind(")")


def _explaining_sentence(paragraph: str, sentence: str) -> str | None:
    """The sentence right after a change's sentence in its paragraph, when it states no figure
    of its own and neither opens the parts nor says what the money is for: the change's reason
    given without a reason word."""
    start = paragraph.find(sentence)
    if start < 0:
        return None
    following = re.split(r"(?<=。)", paragraph[start + len(sentence):], maxsplit=1)[0].strip()
    text = squeeze(following)
    if not text.endswith("。") or len(text) < 4 or _FIGURE.search(text) or _FLAT.search(text) or _NOT_A_REASON.match(text):
        return None
    return following.rstrip("。")


def _direction(before: str) -> str | None:
    tail = re.sub(r"了$", "", before)[-4:]  # "减少了1237.7万元"
    if any(tail.endswith(w) for w in _INCREASE):
        return "increase"
    if any(tail.endswith(w) for w in _DECREASE):
        return "decrease"
    return None


def read_claims(paragraphs: list[tuple[Paragraph, str | None]], code_list: CodeList | None,
                printed: dict[str, str] | None = None, budget: bool = False) -> NarrativeClaims:
    reader = SectionReader(code_list, printed, budget)
    current_section = object()
    for paragraph, section in paragraphs:
        if section != current_section:
            reader.subject = None
            reader.awaiting_parts = []
            current_section = section
        reader.read_paragraph(paragraph, section)
    return NarrativeClaims(reader.claims, reader.unparsed, reader.sentences_with_figures)
