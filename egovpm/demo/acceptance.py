"""Demo acceptance of 第十九条 to 第二十一条 (附件4): in the late evening of the demo's last day (2026-11-25),
after construction's completion (demo.construction), three more projects declare their construction
complete, and the four completed projects stand at the acceptance stages a user should meet:

- the maintenance project completed first: initial acceptance recorded, the application made, the Office's
  group (its reviewer, two experts and an invited department) checks the ten items of 附件4 二 and 四 and the
  review of 附件4 七(二), and accepts; the report is filed with the 项目审批部门 (第二十一条);
- one is delegated to its unit (第十九条), which runs the completion acceptance itself and accepts;
- one is not accepted (its archives are incomplete, 附件4 四(六)): reasons and what must be done recorded;
- one cannot apply in time: the unit asks for an extension (第二十条) and the Office approves a new date.

The six months of 第二十条 count from 2026-11-25, so no acceptance of the demo is overdue yet; the tests
show the clock past its deadline (egovpm/acceptance/tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from egovpm.acceptance import services
from egovpm.acceptance.domain import ACCEPTED_STAGES
from egovpm.acceptance.selectors import acceptance_of_project
from egovpm.acceptance.testing import check_all, record_documents
from egovpm.catalog import services as catalog_services
from egovpm.construction.selectors import catalog_entries_of
from egovpm.core import clock
from egovpm.orgs.models import Unit, User
from egovpm.projects.models import Project
from egovpm.testing.scenario import catalog_entry_data

from .construction import COMPLETED, DAY, SUSPENDED, WITHHELD, _clerk, _complete, _construction, _funded

TZ = clock.TZ
# Among demo.construction's started projects: neither suspended, withheld nor classified, not the one it
# reports behind plan nor the one whose adjustment it refuses; 智慧水务 (6, its adjustment approved) last.
CANDIDATES = (0, 1, 5, 10, 11, 6)
DELEGATED, NOT_ACCEPTED, EXTENDED, DELEGATED_TOO = "delegated", "not_accepted", "extended", "delegated_too"
# The stories of the projects that complete tonight, in turn: the fourth, where there is one, is accepted under
# delegation too, so that demo.operations has a project for each O&M mode.
STORIES = (DELEGATED, NOT_ACCEPTED, EXTENDED, DELEGATED_TOO)


def _when(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=TZ)


def _more() -> list[int]:
    """The projects (up to four) that complete their construction tonight, by their index in demo.construction."""
    chosen = []
    for i in CANDIDATES:
        construction = _construction(i)
        if construction is None or construction.stage != "under_construction" or construction.involves_secrets:
            continue
        if construction.project.name in (SUSPENDED, WITHHELD):
            continue
        chosen.append(i)
    return chosen[: len(STORIES)]


def _acceptance(i: int):
    """The project's acceptance, its resource catalog compiled first where the project (a maintenance one)
    has none yet: 第二十条 asks for it with the application."""
    decl = _funded(i)
    if not catalog_entries_of(decl.project).exists():
        data = catalog_entry_data(decl.pk, name=f"{decl.project.name}运行数据", provider=str(decl.unit))
        catalog_services.catalog_entry_save(actor=_clerk(decl), project=decl.project, data=data)
    return acceptance_of_project(decl.project_id)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _accepted_by_group(i: int) -> None:
    clerk, office = _clerk(_funded(i)), _user("office1")
    acceptance = _acceptance(i)
    record_documents(clerk, acceptance)
    acceptance = services.acceptance_apply(
        actor=clerk, acceptance=acceptance, statement="已完成单项验收、信息安全风险评估和初步验收，申请竣工验收。"
    )
    for kind, username, duty in (
        ("office_staff", "office_head", "组长"),
        ("expert", "expert2", "技术组（网络与信息安全）"),
        ("expert", "expert3", "财务组（投资与造价）"),
    ):
        services.group_member_add(actor=office, acceptance=acceptance, kind=kind, user=_user(username), duty=duty)
    finance = Unit.objects.filter(kind="finance").first()
    if finance is not None:
        services.group_member_add(actor=office, acceptance=acceptance, kind="department", unit=finance, duty="财务组")
    acceptance = services.completion_acceptance_start(actor=office, acceptance=acceptance)
    check_all(office, acceptance)
    acceptance = services.completion_acceptance_accept(
        actor=office,
        acceptance=acceptance,
        opinion="项目按批准的建设目标、规模和内容建成，系统运行稳定，同意通过竣工验收。建议加强日常运维和数据更新。",
    )
    services.acceptance_report_file(actor=_user("office_head"), acceptance=acceptance, note="竣工验收报告已备案。")


def _delegated(i: int) -> None:
    clerk, office = _clerk(_funded(i)), _user("office1")
    acceptance = services.acceptance_delegate(
        actor=office,
        acceptance=_acceptance(i),
        reason="建设内容为既有系统的功能扩展，内容较简单，委托项目建设单位组织竣工验收。",
    )
    record_documents(clerk, acceptance)
    acceptance = services.acceptance_apply(actor=clerk, acceptance=acceptance, statement="初步验收合格，申请竣工验收。")
    acceptance = services.completion_acceptance_start(actor=clerk, acceptance=acceptance)
    check_all(clerk, acceptance)
    services.completion_acceptance_accept(actor=clerk, acceptance=acceptance, opinion="受委托组织竣工验收，同意通过。")


def _not_accepted(i: int) -> None:
    clerk, office = _clerk(_funded(i)), _user("office2")
    acceptance = _acceptance(i)
    record_documents(clerk, acceptance)
    acceptance = services.acceptance_apply(actor=clerk, acceptance=acceptance, statement="申请竣工验收。")
    services.group_member_add(actor=office, acceptance=acceptance, kind="office_staff", user=office)
    services.group_member_add(actor=office, acceptance=acceptance, kind="expert", user=_user("expert4"))
    acceptance = services.completion_acceptance_start(actor=office, acceptance=acceptance)
    check_all(office, acceptance, failing=("archives",))
    services.completion_acceptance_reject(
        actor=office,
        acceptance=acceptance,
        reasons="监理档案和设备技术说明书未归档，档案文件不齐全（附件4 四(六)）。请补齐档案后重新申请竣工验收。",
    )


def _extended(i: int) -> None:
    clerk = _clerk(_funded(i))
    acceptance = _acceptance(i)
    record_documents(clerk, acceptance, kinds={"single_item_report", "construction_summary"})
    extension = services.acceptance_extension_request(
        actor=clerk,
        acceptance=acceptance,
        requested_due=dt.date(2027, 8, 31),
        reason="等级测评机构排期至2027年7月，无法在半年内提交等级测评报告，申请延期验收。",
    )
    services.acceptance_extension_approve(
        actor=_user("office_head"), extension=extension, opinion="情况属实，同意延期至2027年8月31日。"
    )


def acceptance_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps, after construction's (its completion at 19:50) and supervision's of the evening."""
    steps: list[tuple[dt.datetime, Callable[[], None]]] = []

    def complete_more() -> None:
        more = _more()
        for i in more:
            _complete(i)
        for story, i in zip(STORIES, more, strict=False):
            {DELEGATED: _delegated, NOT_ACCEPTED: _not_accepted, EXTENDED: _extended, DELEGATED_TOO: _delegated}[story](
                i
            )

    steps.append((_when(21, 0), lambda: _accepted_by_group(COMPLETED)))
    steps.append((_when(21, 30), complete_more))
    return steps


def accepted_projects() -> list[Project]:
    """The projects that passed completion acceptance, in code order: demo.operations runs them."""
    return list(
        Project.objects.filter(acceptance__stage__in=ACCEPTED_STAGES).select_related("unit").order_by("code").distinct()
    )
