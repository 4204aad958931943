#!/usr/bin/env python3
"""Regenerate the parts of the docs that are data: the demo accounts in README.md (from egovpm.demo.people,
the same data `manage.py load_demo` loads) and the lifecycle tables in docs/CONTRIBUTING.md (from
egovpm.lifecycle.table, the one table of stages and transitions). `make docs` writes them; `--check`
fails when a document is out of date. Needs no Django: both sources are pure Python.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import egovpm.lifecycle.workflows  # noqa: E402, F401  (registers the workflows in the table)
from egovpm.acceptance.domain import ORGANIZER  # noqa: E402
from egovpm.acceptance.workflow import WORKFLOWS as ACCEPTANCE_WORKFLOWS  # noqa: E402
from egovpm.accountability.workflow import WORKFLOWS as ACCOUNTABILITY_WORKFLOWS  # noqa: E402
from egovpm.construction.workflow import CONSTRUCTION  # noqa: E402
from egovpm.demo.people import accounts_markdown  # noqa: E402
from egovpm.evaluation.domain import EVALUATOR  # noqa: E402
from egovpm.evaluation.workflow import WORKFLOWS as EVALUATION_WORKFLOWS  # noqa: E402
from egovpm.lifecycle.engine import PARTIES, register_party  # noqa: E402
from egovpm.lifecycle.roles import ROLE_LABELS  # noqa: E402
from egovpm.lifecycle.table import WORKFLOWS, Workflow, register_workflow  # noqa: E402
from egovpm.operations.domain import AUDIT  # noqa: E402
from egovpm.operations.workflow import WORKFLOWS as OPERATIONS_WORKFLOWS  # noqa: E402
from egovpm.procurement.workflow import CONTRACT  # noqa: E402
from egovpm.projects.domain import PARTIES as PROJECT_PARTIES  # noqa: E402
from egovpm.supervision.domain import REQUESTER  # noqa: E402
from egovpm.supervision.workflows import WORKFLOWS as SUPERVISION_WORKFLOWS  # noqa: E402

# The stage apps' parties and workflows, pure Python too, registered as their AppConfig.ready() does.
for _party in (*PROJECT_PARTIES, REQUESTER, ORGANIZER, AUDIT, EVALUATOR):
    register_party(_party)
for _workflow in (
    CONSTRUCTION,
    CONTRACT,
    *SUPERVISION_WORKFLOWS,
    *ACCEPTANCE_WORKFLOWS,
    *OPERATIONS_WORKFLOWS,
    *ACCOUNTABILITY_WORKFLOWS,
    *EVALUATION_WORKFLOWS,
):
    register_workflow(_workflow)


def _party(name: str, roles) -> str:
    party = PARTIES[name].label if name in PARTIES else name
    return f"{party}（{'、'.join(ROLE_LABELS[r] for r in sorted(roles))}）"


def lifecycle_markdown() -> str:
    """Every workflow of the table: its stages, transitions and within-stage activities."""
    return "\n\n".join(workflow_markdown(wf) for wf in WORKFLOWS.values())


def workflow_markdown(workflow: Workflow) -> str:
    lines = [
        f"**{workflow.label}** · `{workflow.name}`（初始阶段 `{workflow.initial}`）",
        "",
        "| 阶段 stage | 名称 | 申报单位看到的名称 | 条款 | 终止 |",
        "|---|---|---|---|---|",
    ]
    for s in workflow.stages:
        lines.append(f"| `{s.code}` | {s.label} | {s.applicant_label} | {s.article} | {'是' if s.terminal else ''} |")
    lines += [
        "",
        "| 动作 action | 名称 | 从 → 到 | 由谁（角色） | 条款 | 需要 |",
        "|---|---|---|---|---|---|",
    ]
    for t in workflow.transitions:
        needs = []
        if t.requires_reason:
            needs.append(t.reason_label)
        needs.extend(f"条件 `{g}`" for g in t.guards)
        if t.deadline:
            needs.append(f"期限 `{t.deadline}`")
        if t.form:
            needs.append(f"表单 `{t.form}`")
        if t.inputs:
            needs.append(f"输入 {'、'.join(f'`{i}`' for i in t.inputs)}")
        if t.service:
            needs.append(f"服务 `{t.service.rsplit('.', 1)[-1]}`")
        lines.append(
            f"| `{t.action}` | {t.label} | {'、'.join(f'`{s}`' for s in t.sources)} → `{t.target}` | "
            f"{_party(t.actor, t.roles)} | {t.article} | {'；'.join(needs)} |"
        )
    if workflow.activities:
        lines += [
            "",
            "| 阶段内活动 activity | 名称 | 在哪些阶段 | 由谁（角色） | 条款 | 材料类型或条件 |",
            "|---|---|---|---|---|---|",
        ]
        for a in workflow.activities:
            needs = [f"`{k}`" for k in a.kinds] + [f"条件 `{g}`" for g in a.guards]
            lines.append(
                f"| `{a.name}` | {a.label} | {'、'.join(f'`{s}`' for s in a.stages)} | {_party(a.actor, a.roles)} | "
                f"{a.article} | {'、'.join(needs)} |"
            )
    return "\n".join(lines)


# document -> {block name: text}
BLOCKS = {
    ROOT / "README.md": {"demo-accounts": accounts_markdown},
    ROOT / "docs" / "CONTRIBUTING.md": {"lifecycle": lifecycle_markdown},
}


def render(text: str, blocks: dict) -> str:
    for name, make in blocks.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"marker <!-- {name}:start --> … <!-- {name}:end --> is missing")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="重新生成文档中的数据部分（演示账号、生命周期表）。")
    parser.add_argument("--check", action="store_true", help="只检查，不写入；过期时返回 1")
    args = parser.parse_args(argv)
    stale = []
    for path, blocks in BLOCKS.items():
        text = path.read_text(encoding="utf-8")
        fresh = render(text, blocks)
        if fresh != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(fresh, encoding="utf-8")
    if args.check and stale:
        print(f"文档已过期：{', '.join(map(str, stale))}。请运行 make docs。", file=sys.stderr)
        return 1
    for path in stale:
        print(f"已更新 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
