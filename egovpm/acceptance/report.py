"""The 竣工验收报告 (附件4 七(三), 第二十一条) as an official document (egovpm.official, GB/T 9704-2012): its
content from one round, issued (numbered) when the round is concluded; its DOCX and archived PDF are served
by the official documents' machinery."""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.core import clock
from egovpm.intake.application_form import chinese_date
from egovpm.official.domain import H1, Block, OfficialText
from egovpm.official.registry import OfficialKind, register_kind
from egovpm.policy.loader import get_policy

from . import domain, selectors
from .models import Acceptance, CompletionRound


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    title: str
    project_code: str
    project_name: str
    unit: str
    organiser: str
    round_number: int
    outcome: str
    concluded_on: str
    sections: tuple[Section, ...]


def report_content(acceptance: Acceptance, current: CompletionRound) -> Report:
    """What the report says: the project, the group, each task and condition with its evidence, the review
    against the bases, the conclusion with the 评价意见和建议 (or the reasons it was not accepted), the filing."""
    project = acceptance.project
    organiser = (
        f"{acceptance.unit}（受委托，第十九条）" if current.delegated else "市政务信息系统整合共享工作领导小组办公室"
    )
    checks = {c.code: c for c in current.checks.all()}
    members = [
        f"{m.get_kind_display()}：{m.user or m.unit}{'（' + m.duty + '）' if m.duty else ''}"
        for m in current.members.select_related("user", "unit")
    ]
    checklist = []
    for item in domain.CHECKLIST:
        c = checks.get(item.code)
        verdict = "未记录" if c is None else ("满足" if c.passed else "不满足")
        detail = "" if c is None else f"。证据：{c.evidence}" + (f"。说明：{c.note}" if c.note else "")
        checklist.append(f"{item.label}（{item.article}）：{verdict}{detail}")
    areas = [label for code, label in domain.REVIEW_AREAS if code in set(current.review_areas)]
    bases = [label for code, label in domain.BASES if code in set(current.review_bases)]
    accepted = current.outcome == CompletionRound.Outcome.ACCEPTED
    conclusion = [f"验收结论：{current.get_outcome_display() or '尚未作出'}"]
    if accepted:
        conclusion.append(f"评价意见和建议：{current.opinion}")
    elif current.reasons:
        conclusion.append(f"未通过的原因及须完成的整改：{current.reasons}")
    filing = (
        f"已于 {chinese_date(clock.local_date(current.filed_at))} 报项目审批部门备案（第二十一条）。"
        if current.filed_at
        else "待报项目审批部门备案（第二十一条）。"
    )
    return Report(
        title="竣工验收报告",
        project_code=project.code,
        project_name=project.name,
        unit=str(acceptance.unit),
        organiser=organiser,
        round_number=current.number,
        outcome=current.get_outcome_display(),
        concluded_on=chinese_date(clock.local_date(current.concluded_at)) if current.concluded_at else "",
        sections=(
            Section(
                "一、项目基本情况",
                (
                    f"项目名称：{project.name}",
                    f"项目编号：{project.code}",
                    f"项目建设单位：{acceptance.unit}",
                    f"建设完成日期：{chinese_date(acceptance.construction_completed_on)}",
                    f"竣工验收申请：第 {current.number} 次，{chinese_date(clock.local_date(current.applied_at))}",
                ),
            ),
            Section("二、竣工验收组（附件4 七(一)）", (f"组织单位：{organiser}", *members)),
            Section("三、验收任务和验收条件（附件4 二、四）", tuple(checklist)),
            Section(
                "四、重点检查情况（附件4 七(二)）",
                (
                    "检查内容：" + ("、".join(areas) or "未记录"),
                    "验收依据（附件4 三）：" + ("；".join(bases) or "未记录"),
                    f"检查情况：{current.review_findings}",
                ),
            ),
            Section("五、验收结论（附件4 七(三)）", tuple(conclusion)),
            Section("六、备案", (filing,)),
        ),
    )


def report_title(acceptance: Acceptance) -> str:
    return f"{acceptance.project.name}竣工验收报告"


def report_text(issued) -> OfficialText:
    """The report as an official document (GB/T 9704-2012, egovpm.official), issued by its organiser (the Office,
    or the unit it delegated to, 第十九条) to the project's unit when the round is concluded."""
    current: CompletionRound = issued.owner
    acceptance = current.acceptance
    content = report_content(acceptance, current)
    blocks = []
    for section in content.sections[:-1]:  # 六、备案 follows the issue (第二十一条): the page records it
        blocks.append(Block(section.heading, H1))
        blocks.extend(Block(line) for line in section.lines)
    return OfficialText(
        issuer=get_policy().documents.issuer if not current.delegated else str(acceptance.unit),
        number=issued.number,
        title=issued.title,
        addressee=str(acceptance.unit),
        blocks=tuple(blocks),
        issued_on=clock.local_date(current.concluded_at),
        signature=content.organiser,
        reference=content.project_code,
        kind_label="竣工验收报告",
    )


def may_read_report(user, current: CompletionRound) -> bool:
    return selectors.acceptance_get(user, current.acceptance_id) is not None


def register() -> None:
    register_kind(OfficialKind("acceptance_report", "竣工验收报告", report_text, may_read_report))
