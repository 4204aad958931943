"""第十一条, 第十三条, 第十六条: opening the construction of a funded project, its start, the connection to
the sharing platform, completion, and its documents."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import files_atomic
from egovpm.intake.models import Declaration
from egovpm.projects.engine import ensure, is_applicant_of, perform, require, take
from egovpm.projects.hooks import CONSTRUCTION_COMPLETED, announce

from ..models import (
    Construction,
    SharingConnection,
)
from ..selectors import catalog_entries_of
from ._common import (
    _clean_text,
    _create,
    _not_after_today,
    _required,
    _store,
)

NOT_FUNDED = (
    "该项目尚未安排资金，不能开始建设准备：年度计划申报或特殊申报须已安排资金（第七条(五)、第九条(四)）；"
    "上级安排、需市财政配套的备案项目，须转入申报程序并安排资金（第十条）。"
)


def funded_declaration(project) -> Declaration | None:
    """The latest declaration of the project that reached 已安排资金 (general or special procedure; a 第十条
    filing routed into a procedure is funded through its declaration)."""
    return (
        Declaration.objects.filter(project=project, stage="funded")
        .select_related("plan_year")
        .order_by("-plan_year__year", "-id")
        .first()
    )


def construction_open(
    *, actor, project, involves_secrets: bool = False, planned_end_date: dt.date | None = None
) -> Construction:
    """第十一条: the unit of a funded project opens its construction phase (建设准备). The planned end date
    is the funded declaration's unless the unit gives another."""
    require(is_applicant_of(actor, project), "只有项目建设单位可以开始项目建设准备。")
    declaration = funded_declaration(project)
    if declaration is None:
        raise Refused(NOT_FUNDED, code="not_funded")
    planned_end = planned_end_date or declaration.planned_end_date
    try:
        with transaction.atomic():
            construction = Construction(
                project=project,
                unit_id=project.unit_id,
                stage_changed_at=clock.now(),
                involves_secrets=involves_secrets,
                planned_end_date=planned_end,
                opened_by=actor,
                opened_at=clock.now(),
            )
            construction.full_clean(exclude=["project"])
            construction.save()
            audit_record(
                actor=actor,
                action="construction.open",
                obj=construction,
                after={
                    "stage": construction.stage,
                    "declaration": declaration.pk,
                    "involves_secrets": involves_secrets,
                    "planned_end_date": planned_end.isoformat(),
                },
            )
    except IntegrityError as exc:
        raise Refused("该项目已开始建设准备，无须重复办理。", code="duplicate") from exc
    return construction


def construction_start(*, actor, construction: Construction) -> Construction:
    """第十三条: construction starts once the responsibility is recorded, the estimate approved and a
    qualified supervision firm assigned, the project neither suspended nor terminated; the date recorded."""

    def stamp(locked: Construction) -> dict:
        locked.started_on = clock.today()
        return {"started_on": locked.started_on.isoformat()}

    return take(actor=actor, obj=construction, action="start_construction", apply=stamp)


def construction_declare_completion(*, actor, construction: Construction) -> Construction:
    """建设完成: refused without the connection to the sharing and exchange platform (第十六条) unless the
    Office recorded why it does not apply, with a rectification open or while suspended (第十八条)."""

    def stamp(locked: Construction) -> dict:
        locked.completed_on = clock.today()
        # 第二十条: the stages above (acceptance) open their record, in this transaction
        announce(CONSTRUCTION_COMPLETED, actor=actor, project=locked.project, completed_on=locked.completed_on)
        return {"completed_on": locked.completed_on.isoformat()}

    return take(actor=actor, obj=construction, action="declare_completion", apply=stamp)


def sharing_record(
    *,
    actor,
    construction: Construction,
    connected_on: dt.date | None,
    interface: str,
    entry_ids,
    evidence=None,
) -> SharingConnection:
    """第十六条: the project's system is connected to 市政务信息资源共享交换平台 while it is built: the date,
    the interface and the catalog entries it serves, with the evidence."""
    problems = _required({"interface": interface}, {"interface": "接口说明"})
    problems |= _not_after_today(connected_on, "connected_on", "接入日期")
    problems |= _clean_text({"interface": interface}, ["interface"])
    available = catalog_entries_of(construction.project)
    chosen = list(available.filter(pk__in=[int(i) for i in entry_ids or ()]))
    if len(chosen) != len(set(entry_ids or ())):
        problems["entries"] = "只能选择本项目政务信息资源目录中的资源。"
    elif available.exists() and not chosen:
        problems["entries"] = "请选择接入所服务的政务信息资源目录（第十六条）。"
    if problems:
        raise ValidationError(problems)
    if evidence is not None:
        ensure(actor, construction, "upload")

    def apply(locked: Construction):
        connection = _create(
            SharingConnection,
            construction=locked,
            connected_on=connected_on,
            interface=interface.strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        connection.catalog_entries.set(chosen)
        if evidence is not None:
            _store(actor, connection, locked, DocumentKind.SHARING_EVIDENCE, evidence, "evidence")
        after = {
            "sharing_connection": connection.pk,
            "connected_on": connected_on.isoformat(),
            "entries": [e.pk for e in chosen],
        }
        return connection, {}, after

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="record_sharing", apply=apply)


def sharing_exempt(*, actor, construction: Construction, reason: str) -> Construction:
    """第十六条: the Office records why the connection does not apply to this project (a classified or
    purely internal system…); completion no longer waits for it."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写不适用接入共享交换平台的理由。"})

    def apply(locked: Construction):
        locked.sharing_exemption = reason.strip()
        locked.sharing_exempted_by, locked.sharing_exempted_at = actor, clock.now()
        locked.full_clean()
        locked.save()
        return locked, {"sharing_exemption": ""}, {"sharing_exemption": locked.sharing_exemption}

    return perform(actor=actor, obj=construction, activity="exempt_sharing", reason=reason, apply=apply)


def construction_document_upload(*, actor, construction: Construction, kind: str, upload):
    """A construction material of the unit (management rules, reports, evidence). Refused for a project
    involving state secrets (第十一条, 第三十一条): its content is not stored in the platform."""
    ensure(actor, construction, "upload")
    activity = construction.workflow.activity("upload", construction.stage)
    if kind not in activity.kinds:
        raise ValidationError({"kind": "请选择建设材料的类型。"})

    def apply(locked: Construction):
        doc = _store(actor, locked, locked, kind, upload, "file")
        return doc, {}, {"document": doc.pk, "kind": kind, "version": doc.version}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="upload", apply=apply)
