#!/usr/bin/env python3
"""The compliance matrix (`make rules`): which article of the regulation is enforced by which tests.

Reads the list of articles, clauses and attachments (egovpm/policy/data/articles.json) and the outcome
of every test carrying @pytest.mark.article(...) or @pytest.mark.supports(...) as written by the pytest
plugin egovpm.testing.articles (reports/articles.json, produced by `make test`). Only `article` tests
enforce: they alone decide a row's status; `supports` tests (the audit chain, the table's shape, a page, a
badge, a query count) are counted in a column of their own. A marker "第七条(一)" counts for the clause and
for its article 第七条; a marker "第七条" counts for the article only. A marker naming nothing in the list
is an error (exit status 1). Several --report files (CI's SQLite and PostgreSQL runs) are read as one: a
test failed if it failed in any, passed if it passed in one. Standard library only: it runs without Django.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "egovpm" / "policy" / "data" / "articles.json"
REPORT = ROOT / "reports" / "articles.json"

ENFORCED, FAILING, NOT_ENFORCED, DECLARATIVE = "已执行", "有失败", "未执行", "声明性"
KIND_LABELS = {"article": "条", "clause": "款", "attachment": "附件"}
TITLE_WIDTH = 64


@dataclass
class Row:
    ref: str
    title: str
    kind: str  # "article", "clause" or "attachment"
    enforceable: bool = True
    chapter: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)  # nodeid -> passed/failed/skipped, enforcing tests
    supporting: dict[str, str] = field(default_factory=dict)  # the same for the tests that only support it

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    @property
    def status(self) -> str:
        if not self.enforceable and not self.outcomes:
            return DECLARATIVE
        if self.count("failed"):
            return FAILING
        if self.count("passed"):
            return ENFORCED
        return NOT_ENFORCED

    def as_dict(self) -> dict:
        return {
            "ref": self.ref,
            "title": self.title,
            "kind": self.kind,
            "chapter": self.chapter,
            "enforceable": self.enforceable,
            "tests": len(self.outcomes),
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "skipped": self.count("skipped"),
            "status": self.status,
            "nodeids": sorted(self.outcomes),
            "supporting": len(self.supporting),
            "supporting_nodeids": sorted(self.supporting),
        }


def load_rows(data: dict) -> list[Row]:
    """Articles in order, each followed by its clauses, then the attachments."""
    rows = []
    for article in data["articles"]:
        enforceable = article.get("enforceable", True)
        chapter = article.get("chapter", "")
        rows.append(Row(article["ref"], article["title"], "article", enforceable, chapter))
        for clause in article.get("clauses", []):
            rows.append(Row(clause["ref"], clause["title"], "clause", clause.get("enforceable", enforceable), chapter))
    for attachment in data.get("attachments", []):
        enforceable = attachment.get("enforceable", True)
        rows.append(Row(attachment["ref"], attachment["title"], "attachment", enforceable))
        for item in attachment.get("clauses", []):
            rows.append(Row(item["ref"], item["title"], "clause", item.get("enforceable", enforceable)))
    refs = [r.ref for r in rows]
    duplicates = sorted({r for r in refs if refs.count(r) > 1})
    if duplicates:
        raise ValueError(f"articles.json 中条款重复：{'、'.join(duplicates)}")
    return rows


def parent_ref(ref: str) -> str | None:
    """第七条(一) -> 第七条, 附件4 四 -> 附件4; None for an article or an attachment."""
    if "(" in ref:
        return ref.split("(", 1)[0]
    return ref.split(" ", 1)[0] if " " in ref else None


def normalise(marker: str) -> str:
    """The spelling a careless marker probably meant (full-width brackets, spaces)."""
    return "".join(marker.split()).replace("（", "(").replace("）", ")")


OUTCOME_RANK = {"skipped": 0, "passed": 1, "failed": 2}


def merge(reports: list[dict]) -> dict:
    """Several runs' reports as one: a test's markers from any run, its worst outcome over the runs where it
    ran (a test skipped in one run and passed in the other passed)."""
    merged: dict[str, dict] = {}
    for report in reports:
        for nodeid, entry in report.items():
            seen = merged.setdefault(nodeid, {"articles": [], "supports": [], "outcome": "skipped"})
            for kind in ("articles", "supports"):
                seen[kind] += [m for m in entry.get(kind, []) if m not in seen[kind]]
            outcome = entry.get("outcome", "passed")
            if OUTCOME_RANK[outcome] > OUTCOME_RANK[seen["outcome"]]:
                seen["outcome"] = outcome
    return merged


def tally(rows: list[Row], report: dict) -> dict[str, list[str]]:
    """Fill each row's outcomes (enforcing) and supporting tests from the report; return unknown markers
    with the tests using them."""
    by_ref = {r.ref: r for r in rows}
    unknown: dict[str, list[str]] = {}
    for nodeid, entry in report.items():
        outcome = entry.get("outcome", "passed")
        for kind, attribute in (("articles", "outcomes"), ("supports", "supporting")):
            for marker in entry.get(kind, []):
                if marker not in by_ref:
                    unknown.setdefault(marker, []).append(nodeid)
                    continue
                getattr(by_ref[marker], attribute)[nodeid] = outcome
                parent = parent_ref(marker)
                if parent in by_ref:
                    # keyed by test: a test marking two clauses counts once for the article
                    getattr(by_ref[parent], attribute)[nodeid] = outcome
    return unknown


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, size: int) -> str:
    """Cut `text` to `size` terminal columns (CJK characters take two) and pad it."""
    if width(text) > size:
        out = ""
        for ch in text:
            if width(out + ch) > size - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * (size - width(text))


def render_table(rows: list[Row]) -> list[str]:
    ref_w = max(width("条款"), *(width(r.ref) + (2 if r.kind == "clause" else 0) for r in rows))
    head = (
        f"{fit('条款', ref_w)}  {fit('标题', TITLE_WIDTH)}  {fit('测试', 4)}  {fit('通过/失败/跳过', 14)}  "
        f"{fit('状态', 6)}  支撑"
    )
    lines = [head, "-" * width(head)]
    for r in rows:
        ref = ("  " + r.ref) if r.kind == "clause" else r.ref
        counts = f"{r.count('passed')}/{r.count('failed')}/{r.count('skipped')}"
        lines.append(
            f"{fit(ref, ref_w)}  {fit(r.title, TITLE_WIDTH)}  {fit(str(len(r.outcomes)), 4)}  "
            f"{fit(counts, 14)}  {fit(r.status, 6)}  {len(r.supporting)}"
        )
    return lines


def summary(rows: list[Row]) -> dict:
    enforceable = [r for r in rows if r.enforceable]
    by_kind = {kind: [r for r in enforceable if r.kind == kind] for kind in KIND_LABELS}
    return {
        "enforceable": len(enforceable),
        "enforced": sum(1 for r in enforceable if r.status == ENFORCED),
        "failing": sum(1 for r in enforceable if r.status == FAILING),
        "not_enforced": sum(1 for r in enforceable if r.status == NOT_ENFORCED),
        "by_kind": {
            kind: {"enforceable": len(items), "enforced": sum(1 for r in items if r.status == ENFORCED)}
            for kind, items in by_kind.items()
        },
        "tests": len({nodeid for r in rows for nodeid in r.outcomes}),
        "supporting_tests": len({nodeid for r in rows for nodeid in r.supporting}),
    }


def render(rows: list[Row], unknown: dict[str, list[str]], data: dict, report_path: str) -> str:
    known = {r.ref for r in rows}
    s = summary(rows)
    title = data.get("regulation", "")
    if data.get("document_number"):
        title += f"（{data['document_number']}）"
    out = [
        f"合规矩阵 · {title}",
        f"测试结果：{report_path}",
        "（测试：执行条款的测试；支撑：只起支撑作用的测试，不计入执行状态）",
        "",
    ]
    out += render_table([r for r in rows if r.enforceable])
    declarative = [r for r in rows if not r.enforceable]
    if declarative:
        out += ["", "声明性条款（不需由平台执行，单列）："]
        ref_w = max(width(r.ref) for r in declarative)
        for r in declarative:
            tests = f"（{len(r.outcomes) + len(r.supporting)} 个测试）" if r.outcomes or r.supporting else ""
            out.append(f"  {fit(r.ref, ref_w)}  {r.title}{tests}")
    if unknown:
        out += ["", "错误：以下测试标记的条款不在 articles.json 中："]
        for marker, nodeids in sorted(unknown.items()):
            hint = normalise(marker)
            suggestion = f"（应写作“{hint}”？）" if hint != marker and hint in known else ""
            out.append(f"  “{marker}”{suggestion}")
            out += [f"      {nodeid}" for nodeid in sorted(nodeids)]
    parts = "，".join(
        f"{KIND_LABELS[kind]} {v['enforced']}/{v['enforceable']}"
        for kind, v in s["by_kind"].items()
        if v["enforceable"]
    )
    out += [
        "",
        f"汇总：{s['enforceable']} 项可执行条款中已执行 {s['enforced']} 项（{parts}）；"
        f"有失败 {s['failing']} 项，未执行 {s['not_enforced']} 项；共 {s['tests']} 个执行条款的测试，"
        f"另有 {s['supporting_tests']} 个支撑性测试（不计入执行状态）。",
        f"Summary: {s['enforced']} of {s['enforceable']} enforceable articles/clauses enforced.",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="打印合规矩阵：条款 · 测试 · 执行状态。")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="条款清单（默认 %(default)s）")
    parser.add_argument(
        "--report", type=Path, action="append", help=f"测试结果，可多次给出并合并（默认 {REPORT.relative_to(ROOT)}）"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args(argv)

    data = json.loads(args.articles.read_text(encoding="utf-8"))
    paths = args.report or [REPORT]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"未找到测试结果 {'、'.join(map(str, missing))}：请先运行 make test。", file=sys.stderr)
        return 2
    report = merge([json.loads(p.read_text(encoding="utf-8")) for p in paths])
    rows = load_rows(data)
    unknown = tally(rows, report)
    if args.json:
        payload = {
            "regulation": data.get("regulation", ""),
            "rows": [r.as_dict() for r in rows],
            "unknown_markers": {m: sorted(ids) for m, ids in sorted(unknown.items())},
            "summary": summary(rows),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        print(render(rows, unknown, data, " + ".join(map(str, paths))))
    if unknown:
        print(f"错误：{len(unknown)} 个未知的条款标记（见上）。", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
