"""scripts/rules.py: the compliance matrix, read from a synthetic test report."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("rules", ROOT / "scripts" / "rules.py")
rules = importlib.util.module_from_spec(_spec)
sys.modules["rules"] = rules  # dataclasses look their module up while the script loads
_spec.loader.exec_module(rules)

ARTICLES = {
    "regulation": "测试办法",
    "articles": [
        {"ref": "第一条", "title": "目的", "enforceable": False},
        {
            "ref": "第七条",
            "title": "一般申报程序",
            "clauses": [
                {"ref": "第七条(一)", "title": "申报"},
                {"ref": "第七条(二)", "title": "初审"},
                {"ref": "第七条(三)", "title": "可研"},
            ],
        },
        {"ref": "第十条", "title": "备案"},
    ],
    "attachments": [{"ref": "附件1", "title": "申报表"}],
}


def run(tmp_path, report: dict, *args: str, capsys) -> tuple[int, str, str]:
    articles = tmp_path / "articles.json"
    articles.write_text(json.dumps(ARTICLES, ensure_ascii=False), encoding="utf-8")
    report_path = tmp_path / "report.json"
    report_path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    code = rules.main(["--articles", str(articles), "--report", str(report_path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def line_of(output: str, ref: str) -> str:
    return next(line for line in output.splitlines() if line.strip().startswith(ref + " "))


def row(payload: dict, ref: str) -> dict:
    return next(r for r in payload["rows"] if r["ref"] == ref)


REPORT = {
    "t.py::a": {"articles": ["第七条(一)"], "outcome": "passed"},
    "t.py::b": {"articles": ["第七条(一)", "第七条(二)"], "outcome": "passed"},
    "t.py::c": {"articles": ["第七条(二)"], "outcome": "failed"},
    "t.py::d": {"articles": ["第七条"], "outcome": "passed"},
    "t.py::e": {"articles": ["附件1"], "outcome": "skipped"},
    "t.py::s": {"articles": [], "supports": ["第七条(三)"], "outcome": "passed"},
}


def test_a_clause_marker_counts_for_the_clause_and_its_article_an_article_marker_for_the_article_only(tmp_path, capsys):
    code, out, _ = run(tmp_path, REPORT, "--json", capsys=capsys)
    payload = json.loads(out)
    assert code == 0
    assert row(payload, "第七条(一)")["nodeids"] == ["t.py::a", "t.py::b"]
    assert row(payload, "第七条(二)")["nodeids"] == ["t.py::b", "t.py::c"]
    # b marks two clauses but is one test of the article; d marks the article alone
    assert row(payload, "第七条")["nodeids"] == ["t.py::a", "t.py::b", "t.py::c", "t.py::d"]
    assert row(payload, "第七条(三)")["tests"] == 0


def test_status_is_enforced_only_when_some_test_passes_and_none_fails(tmp_path, capsys):
    code, out, _ = run(tmp_path, REPORT, "--json", capsys=capsys)
    payload = json.loads(out)
    assert row(payload, "第七条(一)")["status"] == "已执行"
    assert row(payload, "第七条(二)")["status"] == "有失败"
    assert row(payload, "第七条")["status"] == "有失败"
    assert row(payload, "第七条(三)")["status"] == "未执行"
    assert row(payload, "附件1")["status"] == "未执行"  # skipped only
    assert row(payload, "第一条")["enforceable"] is False
    # enforceable: 第七条, its three clauses, 第十条, 附件1; only 第七条(一) is enforced
    assert payload["summary"]["enforceable"] == 6
    assert payload["summary"]["enforced"] == 1
    assert payload["summary"]["failing"] == 2


def test_the_table_shows_counts_status_and_the_summary(tmp_path, capsys):
    code, out, _ = run(tmp_path, REPORT, capsys=capsys)
    assert code == 0
    assert re.search(r"第七条\(一\)\s+申报\s+2\s+2/0/0\s+已执行", line_of(out, "第七条(一)"))
    assert re.search(r"第七条\(二\)\s+初审\s+2\s+1/1/0\s+有失败", line_of(out, "第七条(二)"))
    assert re.search(r"第十条\s+备案\s+0\s+0/0/0\s+未执行", line_of(out, "第十条"))
    # the declarative article is listed apart, not in the table
    assert "声明性条款" in out
    assert out.index("第一条") > out.index("声明性条款")
    assert "Summary: 1 of 6 enforceable articles/clauses enforced." in out


def test_an_unknown_marker_is_an_error_with_a_hint(tmp_path, capsys):
    report = {
        **REPORT,
        "t.py::x": {"articles": ["第七条（一）"], "outcome": "passed"},
        "t.py::y": {"articles": ["第九十九条"], "outcome": "passed"},
    }
    code, out, err = run(tmp_path, report, capsys=capsys)
    assert code == 1
    assert "“第七条（一）”（应写作“第七条(一)”？）" in out
    assert "第九十九条" in out and "t.py::y" in out
    assert "2 个未知的条款标记" in err
    # an unknown marker counts for nothing
    assert re.search(r"2\s+2/0/0\s+已执行", line_of(out, "第七条(一)"))


def test_a_supporting_test_is_counted_apart_and_enforces_nothing(tmp_path, capsys):
    code, out, _ = run(tmp_path, REPORT, "--json", capsys=capsys)
    payload = json.loads(out)
    assert code == 0
    assert row(payload, "第七条(三)")["status"] == "未执行"
    assert row(payload, "第七条(三)")["tests"] == 0
    assert row(payload, "第七条(三)")["supporting_nodeids"] == ["t.py::s"]
    assert row(payload, "第七条")["supporting"] == 1  # a clause's supporting test supports its article too
    assert "t.py::s" not in row(payload, "第七条")["nodeids"]
    assert payload["summary"]["tests"] == 5 and payload["summary"]["supporting_tests"] == 1

    code, out, _ = run(tmp_path, REPORT, capsys=capsys)
    assert re.search(r"第七条\(三\)\s+可研\s+0\s+0/0/0\s+未执行\s+1$", line_of(out, "第七条(三)"))
    assert re.search(r"第七条\(一\)\s+申报\s+2\s+2/0/0\s+已执行\s+0$", line_of(out, "第七条(一)"))
    assert "另有 1 个支撑性测试" in out


def test_an_unknown_supports_marker_is_an_error_too(tmp_path, capsys):
    report = {**REPORT, "t.py::z": {"supports": ["第九十九条"], "outcome": "passed"}}
    code, out, _ = run(tmp_path, report, capsys=capsys)
    assert code == 1
    assert "第九十九条" in out and "t.py::z" in out


def test_the_reports_of_two_runs_are_read_as_one(tmp_path, capsys):
    """CI's SQLite run and its PostgreSQL run: a test passed if it passed in one, failed if it failed in any."""
    first = {
        "t.py::a": {"articles": ["第七条(一)"], "outcome": "passed"},
        "t.py::c": {"articles": ["第七条(二)"], "outcome": "passed"},
        "t.py::pg": {"articles": ["第十条"], "outcome": "skipped"},
    }
    second = {
        "t.py::c": {"articles": ["第七条(二)"], "outcome": "failed"},
        "t.py::pg": {"articles": ["第十条"], "outcome": "passed"},
    }
    (tmp_path / "first.json").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(tmp_path, second, "--json", "--report", str(tmp_path / "first.json"), capsys=capsys)
    payload = json.loads(out)
    assert code == 0
    assert row(payload, "第七条(一)")["status"] == "已执行"  # ran in the first run only
    assert row(payload, "第七条(二)")["status"] == "有失败"
    assert row(payload, "第十条")["status"] == "已执行"  # skipped in one run, passed in the other


def test_a_missing_report_says_to_run_the_tests(tmp_path, capsys):
    code = rules.main(["--report", str(tmp_path / "absent.json")])
    assert code == 2
    assert "make test" in capsys.readouterr().err


def test_cjk_text_is_padded_by_terminal_columns():
    assert rules.width("第七条(一)") == 10
    assert rules.fit("初审", 6) == "初审  "
    assert rules.width(rules.fit("一二三四五六", 7)) == 7


@pytest.fixture(scope="module")
def regulation_articles():
    return json.loads((ROOT / "egovpm" / "policy" / "data" / "articles.json").read_text(encoding="utf-8"))


NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n < 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def test_the_real_list_holds_every_article_clause_and_attachment_of_the_regulation(regulation_articles):
    rows = rules.load_rows(regulation_articles)
    refs = [r.ref for r in rows]
    assert [r.ref for r in rows if r.kind == "article"] == [f"第{chinese_number(n)}条" for n in range(1, 34)]
    clauses = {"第七条": 5, "第八条": 3, "第九条": 4, "第三十条": 6}
    for article, count in clauses.items():
        assert [r for r in refs if r.startswith(article + "(")] == [
            f"{article}({chinese_number(n)})" for n in range(1, count + 1)
        ]
    assert [r.ref for r in rows if r.kind == "attachment"] == ["附件1", "附件2", "附件3", "附件4"]
    assert all(r.title for r in rows)
    assert {r.ref for r in rows if not r.enforceable} == {"第一条", "第五条", "第三十二条", "第三十三条"}
