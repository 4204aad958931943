"""Demo accountability (第三十条, 第三十一条), through the platform's own services at the end of the demo day:
the Office scans the records (the detectors propose what they find: the refused post-hoc adjustment, the
unapproved design change…), confirms the first proposal with a 通报批评 and dismisses the next; it records
the misuse of the “雪亮工程” node's funds as 管理不善 and refers the persons responsible for discipline; the
construction that involves state secrets is marked classified, with the Secrecy bureau's guidance.

`accountability_steps()` gives the dated steps; each looks its objects up when it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from egovpm.accountability import services
from egovpm.accountability.models import Violation
from egovpm.construction.models import Construction
from egovpm.core import clock
from egovpm.orgs.models import User
from egovpm.projects.models import Project

from .filing import SNOW_BRIGHT

DAY = dt.date(2026, 11, 25)


def _when(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=clock.TZ)


def accountability_steps(office_username: str = "office1", head_username: str = "office_head"):
    def office() -> User:
        return User.objects.get(username=office_username)

    def scan() -> None:
        services.violations_propose(actor=office())

    def decide() -> None:
        proposals = list(Violation.objects.filter(stage="proposed").order_by("id"))
        head = User.objects.get(username=head_username)
        if proposals:
            first = services.violation_confirm(
                actor=head, violation=proposals[0], reason="经核查属实，项目建设单位未按规定报批。"
            )
            services.measure_record(
                actor=head, violation=first, kind="criticism", description="予以通报批评，责令作出书面说明。"
            )
        if len(proposals) > 1:
            services.violation_dismiss(
                actor=head, violation=proposals[1], reason="经核查，已按规定履行审批手续，不予认定。"
            )

    def mismanagement() -> None:
        project = Project.objects.filter(name=SNOW_BRIGHT).first()
        if project is None:
            return
        head = User.objects.get(username=head_username)
        v = services.violation_record(
            actor=office(),
            project=project,
            kind="mismanagement",
            facts="稽察发现建设资金被挪用于非项目支出，造成损失浪费（第十八条稽察结论）。",
        )
        v = services.violation_confirm(actor=head, violation=v, reason="管理不善造成损失浪费，事实清楚。")
        services.measure_record(
            actor=head,
            violation=v,
            kind="discipline",
            description="提请市纪委监委对负有直接责任的主管人员和其他责任人员依法给予处分。",
            persons="陆建国、沈海峰",
            authority="市纪委监委",
        )

    def classified() -> None:
        construction = Construction.objects.filter(involves_secrets=True).select_related("project").first()
        if construction is None:
            return
        services.classification_mark(
            actor=office(), project=construction.project, basis="市保密局认定该项目涉及国家秘密（启保〔2026〕12号）。"
        )
        services.guidance_record(
            actor=office(),
            project=construction.project,
            guidance="涉密材料不在平台上传，按保密规定线下报送市保密局和办公室；项目进度只登记阶段。",
            given_on=DAY,
        )

    steps: list[tuple[dt.datetime, Callable[[], None]]] = [
        (_when(23, 0), scan),
        (_when(23, 10), decide),
        (_when(23, 20), mismanagement),
        (_when(23, 30), classified),
    ]
    return steps
