"""pytest plugin: collects which tests enforce which article and writes the outcome of each, so
that `make rules` can print the compliance matrix (scripts/rules.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

_results: dict[str, dict] = {}


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        for mark in item.iter_markers(name="article"):
            if not mark.args or not isinstance(mark.args[0], str):
                raise ValueError(f"{item.nodeid}: @pytest.mark.article needs the article as a string")


def pytest_runtest_logreport(report):
    marks = getattr(report, "_articles", None)
    if marks is None:
        return
    entry = _results.setdefault(report.nodeid, {"articles": marks, "outcome": "passed"})
    if report.failed:
        entry["outcome"] = "failed"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report._articles = [m.args[0] for m in item.iter_markers(name="article")] or None
    return report


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("EGOVPM_ARTICLES_REPORT")
    if out and _results:
        Path(out).write_text(json.dumps(_results, ensure_ascii=False, indent=1), encoding="utf-8")
