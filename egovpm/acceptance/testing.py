"""For the tests of the apps above (operations) and the demo: drive a project whose construction completed
to 验收通过 through acceptance's real services, by the cheapest legal path — the Office delegates the
completion acceptance to the unit (第十九条), the unit records every document the application needs, applies,
checks the ten items and reviews, and concludes 验收通过."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm.core import clock
from egovpm.lifecycle.roles import APPLICANT_ROLES

from . import domain, services
from .models import Acceptance
from .selectors import acceptance_of_project


def report_file(name: str = "报告.pdf") -> SimpleUploadedFile:
    """A small but real PDF."""
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% "
        + name.encode("utf-8")
        + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def unit_clerk(city, project):
    """One of the city's users who may act for the project's unit."""
    return next(u for u in city.users.values() if u.unit_id == project.unit_id and u.roles & APPLICANT_ROLES)


def record_documents(clerk, acceptance: Acceptance, *, kinds=None, dated: dt.date | None = None) -> None:
    """Every typed document of initial acceptance and the application (or those of `kinds`)."""
    dated = dated or clock.today()
    for slot in domain.SLOTS:
        if kinds is not None and slot.kind not in kinds:
            continue
        services.acceptance_document_record(
            actor=clerk,
            acceptance=acceptance,
            kind=slot.kind,
            subject="预约挂号子系统" if slot.many else "",
            author_organisation=str(acceptance.unit),
            author_person=clerk.get_full_name() or clerk.username,
            dated=dated,
            document=report_file(f"{slot.label}.pdf"),
        )


def check_all(actor, acceptance: Acceptance, *, failing: tuple[str, ...] = ()) -> None:
    """附件4 二, 四: every task and condition checked (those in `failing` not met)."""
    for item in domain.CHECKLIST:
        passed = item.code not in failing
        services.check_record(
            actor=actor,
            acceptance=acceptance,
            code=item.code,
            evidence="查阅合同、测试报告和现场核查记录。",
            passed=passed,
            note="" if passed else "未满足，须整改。",
        )
    services.review_record(
        actor=actor,
        acceptance=acceptance,
        areas=[code for code, _ in domain.REVIEW_AREAS],
        bases=[code for code, _ in domain.BASES],
        findings="建设、设计、监理、施工、招标采购、档案资料、预（概）算执行和财务决算情况均已检查。",
    )


def accept_project(city, project, *, actor_office=None) -> Acceptance:
    """A project in construction_completed, accepted (completion_accepted holds, the catalog is closed)."""
    office = actor_office or city.users["office_reviewer"]
    clerk = unit_clerk(city, project)
    acceptance = acceptance_of_project(project.pk)
    if acceptance is None:
        raise LookupError("the project's construction has not completed (construction_declare_completion)")
    record_documents(clerk, acceptance)
    if not acceptance.delegated:
        acceptance = services.acceptance_delegate(
            actor=office, acceptance=acceptance, reason="建设内容较简单，委托项目建设单位组织竣工验收。"
        )
    acceptance = services.acceptance_apply(
        actor=clerk, acceptance=acceptance, statement="已完成初步验收，申请竣工验收。"
    )
    acceptance = services.completion_acceptance_start(actor=clerk, acceptance=acceptance)
    check_all(clerk, acceptance)
    return services.completion_acceptance_accept(
        actor=clerk, acceptance=acceptance, opinion="项目按批准的内容建成，同意通过竣工验收。"
    )
