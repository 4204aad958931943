"""The 竣工验收报告 (附件4 七(三), 第二十一条) as a printable official document: its content from one round,
written as DOCX (python-docx) and as PDF/A (WeasyPrint), with the fonts and the PDF profile of intake's
application form (egovpm.intake.application_form)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from egovpm.core import clock
from egovpm.documents.domain import safe_name
from egovpm.intake.application_form import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    PDF_VARIANT,
    TITLE_FONT,
    TITLE_SIZE,
    _font,
    _paragraph,
    chinese_date,
)

from . import domain
from .models import Acceptance, CompletionRound

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "report_content", "report_docx", "report_filename", "report_pdf"]

PRINT_TEMPLATE = "acceptance/report_print.html"


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


def report_filename(content: Report, extension: str) -> str:
    name = content.project_name.replace("/", "_").replace("\\", "_")
    return safe_name(f"竣工验收报告-{content.project_code}-{name}-第{content.round_number}次") + f".{extension}"


def report_docx(content: Report) -> bytes:
    doc = WordDocument()
    _paragraph(doc, content.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_SIZE, east_asia=TITLE_FONT, bold=True)
    _paragraph(doc, f"{content.project_name}（{content.project_code}）", align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in content.sections:
        _paragraph(doc, section.heading, east_asia=TITLE_FONT, bold=True)
        for line in section.lines:
            _paragraph(doc, line, size=Pt(11))
    signature = _paragraph(doc, content.organiser, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.space_before = Pt(24)
    if content.concluded_on:
        _font(doc.add_paragraph().add_run(content.concluded_on))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_pdf(content: Report) -> bytes:
    # Imported here: WeasyPrint loads pango when imported; a host without it still serves every other page.
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, {"report": content, "generated_at": clock.now()})
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
