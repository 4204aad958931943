"""pytest plugin: collects which tests enforce which article, and which only support one, and writes the
outcome of each, so that `make rules` can print the compliance matrix (scripts/rules.py).

@pytest.mark.article("第七条(二)") marks a test that enforces the clause's rule (a refusal, a permission,
a material required, a deadline kept, a record the clause demands). @pytest.mark.supports("第七条(二)")
marks a test that only supports it: the audit chain, the lifecycle table's shape, a page or an overview
rendering, a badge, a query count. Works under pytest-xdist: the workers' reports carry the markers to
the controller, which alone writes the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

KINDS = ("article", "supports")
_results: dict[str, dict] = {}


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        refs = {}
        for kind in KINDS:
            for mark in item.iter_markers(name=kind):
                if len(mark.args) != 1 or not isinstance(mark.args[0], str):
                    raise ValueError(f"{item.nodeid}: @pytest.mark.{kind} needs the article as a string")
                refs.setdefault(kind, set()).add(mark.args[0])
        both = refs.get("article", set()) & refs.get("supports", set())
        if both:
            raise ValueError(f"{item.nodeid}: both enforces and only supports {'、'.join(sorted(both))}")


def pytest_runtest_logreport(report):
    marks = getattr(report, "_articles", None)
    if marks is None:
        return
    entry = _results.setdefault(report.nodeid, {**marks, "outcome": "passed"})
    if report.failed:
        entry["outcome"] = "failed"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    marks = {kind: [m.args[0] for m in item.iter_markers(name=kind)] for kind in KINDS}
    # a plain attribute of the report: pytest-xdist sends it from the worker to the controller
    report._articles = {"articles": marks["article"], "supports": marks["supports"]} if any(marks.values()) else None
    return report


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("EGOVPM_ARTICLES_REPORT")
    if out and _results and not hasattr(session.config, "workerinput"):  # a pytest-xdist worker's are partial
        Path(out).write_text(json.dumps(_results, ensure_ascii=False, indent=1), encoding="utf-8")
