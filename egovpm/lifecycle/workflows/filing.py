"""The filing of 第十条 as data. Pure Python; egovpm.lifecycle.workflows registers it."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

FILING = Workflow(
    name="filing",
    label="备案（第十条）",
    initial="filed",
    subject="filing",
    stages=(
        Stage("filed", "已备案", "已抄送办公室备案", article="第十条"),
        Stage("info_requested", "待补充情况", "办公室要求补充情况", article="第十条"),
        Stage("routed", "已转入申报程序", "需市财政配套，已转入申报程序", terminal=True, article="第十条"),
    ),
    transitions=(
        Transition(
            "request_filing_info",
            "要求补充情况",
            ("filed",),
            "info_requested",
            actor="office",
            roles=OFFICE_ROLES,
            article="第十条",
            requires_reason=True,
            reason_label="需补充的情况",
            service="egovpm.filings.services.filing_request_info",
            reason_as="question",
        ),
        Transition(
            "supply_filing_info",
            "补充情况",
            ("info_requested",),
            "filed",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十条",
            requires_reason=True,
            reason_label="补充说明",
            service="egovpm.filings.services.filing_supply_info",
            reason_as="answer",
            file_as="document",
        ),
        Transition(
            "route_filing",
            "转入申报程序（需市财政配套）",
            ("filed", "info_requested"),
            "routed",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十条",
            form="filing_route",
            service="egovpm.filings.services.filing_route",
            inputs=(
                "procedure",
                "plan_year",
                "leader_name",
                "leader_phone",
                "start_date",
                "planned_end_date",
                "nature",
            ),
        ),
    ),
    activities=(
        # 第十条: a newer approval or a supplementary material; a routed filing's go to its declaration.
        Activity(
            "upload",
            "上传备案材料",
            ("filed", "info_requested"),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十条",
            kinds=("higher_approval", "other"),
        ),
    ),
)
