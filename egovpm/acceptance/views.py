"""Acceptance pages (第十九条 to 第二十一条, 附件4): the list of acceptances with their clock, one project's
acceptance page, a page for each record the unit or the organiser makes, the table's transitions, and the
completion acceptance report as DOCX and PDF. Views parse input, call one service through run_service,
and render; every view checks the role, then the object (404 outside what the user may see)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.official.downloads import official_file_response
from egovpm.official.selectors import issued_for
from egovpm.policy.loader import get_policy
from egovpm.projects import engine
from egovpm.projects.views import take_step
from egovpm.security.http import audit_download, roles_required, run_service

from . import domain, forms, selectors, services
from .workflow import ACCEPTANCE, ORGANIZER_ROLES

VIEWERS = tuple(selectors.VIEWER_ROLES)
UNIT = tuple(APPLICANT_ROLES)
OFFICE = tuple(OFFICE_ROLES)
ORGANIZERS = tuple(ORGANIZER_ROLES)


def _or_404(found):
    if found is None:
        raise Http404("该记录不存在或不在您的查看范围内。")
    return found


def _acceptance(request, pk: int):
    return _or_404(selectors.acceptance_get(request.user, pk))


def _party_or_403(request, acceptance, step: str) -> None:
    """The role opened the page; the object says whether this user is the party (403 otherwise)."""
    allowed, why = engine.party_of(request.user, acceptance, step)
    if not allowed:
        raise PermissionDenied(why)


def _form_page(request, *, acceptance, form, service, step: str, success: str, page: dict, **arguments):
    """A record of acceptance on its own page: unless the table refuses `step` now (shown instead of the
    form), a valid POST runs `service` and goes back to the acceptance page."""
    _party_or_403(request, acceptance, step)
    allowed, why = engine.may(request.user, acceptance, step)
    if allowed and request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            service,
            form=form,
            success=success,
            actor=request.user,
            acceptance=acceptance,
            **arguments,
            **form.cleaned_data,
        )
        if ok:
            return redirect("acceptance:detail", pk=acceptance.pk)
    context = {"acceptance": acceptance, "project": acceptance.project, "form": form, "blocked": "" if allowed else why}
    return render(request, "acceptance/form.html", context | page)


@roles_required(*VIEWERS)
def acceptance_list(request):
    q = request.GET.get("q", "").strip()
    state = request.GET.get("state", "")
    stage = request.GET.get("stage", "")
    rows = selectors.acceptance_list(request.user, q=q, state=state, stage=stage)
    context = {
        "rows": rows,
        "q": q,
        "state": state,
        "stage": stage,
        "stages": ACCEPTANCE.choices(),
        "states": (("overdue", "已逾期"), ("due_soon", "即将到期"), ("running", "计时中"), ("stopped", "已申请")),
    }
    return render(request, "acceptance/list.html", context)


@roles_required(*VIEWERS)
def detail(request, pk: int):
    acceptance = _acceptance(request, pk)
    context = selectors.page_context(request.user, acceptance)
    context["is_office"] = engine.is_office(request.user)
    return render(request, "acceptance/detail.html", context)


@roles_required(*VIEWERS)
def act(request, pk: int, action: str):
    """POST: a transition of the table on the acceptance, through the service the table names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    acceptance = _acceptance(request, pk)
    take_step(request, acceptance, action)
    return redirect("acceptance:detail", pk=acceptance.pk)


@roles_required(*OFFICE, *UNIT)
def extension_act(request, pk: int, action: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    extension = _or_404(selectors.extension_get(request.user, pk))
    take_step(request, extension, action)
    return redirect("acceptance:detail", pk=extension.acceptance_id)


@roles_required(*UNIT)
def document_record(request, pk: int, kind: str):
    acceptance = _acceptance(request, pk)
    slot = _or_404(domain.SLOT_BY_KIND.get(kind))
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.DocumentForm(request.POST or None, request.FILES or None, slot=slot),
        service=services.acceptance_document_record,
        step="record_document",
        success=f"已登记{slot.label}。",
        page={"title": f"登记{slot.label}", "intro": f"{slot.help}依据 {slot.article}。"},
        kind=kind,
    )


@roles_required(*UNIT)
def extension_request(request, pk: int):
    acceptance = _acceptance(request, pk)
    due = selectors.due_in_force(acceptance)
    intro = (
        f"现行期限 {due:%Y-%m-%d}。第二十条：项目建设单位未按期提出竣工验收申请的，应向项目审批部门提出延期验收申请；"
        "经项目审批部门批准，可以适当延期进行竣工验收（附件4 一）。"
    )
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.ExtensionForm(request.POST or None),
        service=services.acceptance_extension_request,
        step="request_extension",
        success="延期验收申请已提交。",
        page={"title": "提出延期验收申请", "intro": intro},
    )


@roles_required(*OFFICE)
def delegate(request, pk: int):
    acceptance = _acceptance(request, pk)
    total = selectors.estimate_total(acceptance.project)
    threshold = get_policy().acceptance.delegation_threshold_wan
    intro = (
        f"项目概算：{'尚未核定' if total is None else f'{total} 万元'}；建设规模较小的限额：{threshold} 万元。"
        "第十九条：对建设规模较小或建设内容较简单的电子政务项目，可委托项目建设单位组织竣工验收。"
    )
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.DelegateForm(request.POST or None),
        service=services.acceptance_delegate,
        step="delegate",
        success="已委托项目建设单位组织竣工验收。",
        page={"title": "委托项目建设单位组织竣工验收", "intro": intro, "submit": "委托"},
    )


@roles_required(*ORGANIZERS)
def member_add(request, pk: int):
    acceptance = _acceptance(request, pk)
    users = selectors.member_candidates(acceptance)
    units = selectors.department_candidates(acceptance)
    intro = "附件4 七(一)：组织竣工验收的单位组建竣工验收组——办公室工作人员、专家和受邀部门；项目建设单位的人员回避。"
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.MemberForm(request.POST or None, users=users, units=units),
        service=services.group_member_add,
        step="add_member",
        success="已加入竣工验收组。",
        page={"title": "组建竣工验收组", "intro": intro, "submit": "加入"},
    )


@roles_required(*ORGANIZERS)
def check_record(request, pk: int, code: str):
    acceptance = _acceptance(request, pk)
    item = _or_404(domain.CHECK_BY_CODE.get(code))
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.CheckForm(request.POST or None),
        service=services.check_record,
        step="record_check",
        success="已记录检查情况。",
        page={"title": item.label, "intro": f"依据 {item.article}。"},
        code=code,
    )


@roles_required(*ORGANIZERS)
def review_record(request, pk: int):
    acceptance = _acceptance(request, pk)
    intro = "附件4 七(二)：重点检查项目建设、设计、监理、施工、招标采购、档案资料、预（概）算执行和财务决算等情况，并记录所依据的验收依据（附件4 三）。"
    return _form_page(
        request,
        acceptance=acceptance,
        form=forms.ReviewForm(request.POST or None),
        service=services.review_record,
        step="record_review",
        success="已记录检查情况。",
        page={"title": "记录检查情况和验收依据", "intro": intro},
    )


def _report(request, pk: int, fmt: str) -> HttpResponse:
    """The 竣工验收报告 of the concluded round, an official document (egovpm.official): its archived PDF or DOCX."""
    acceptance = _acceptance(request, pk)
    current = selectors.report_round(acceptance)
    issued = issued_for(current, "acceptance_report") if current is not None else None
    if issued is None:
        raise Http404("尚未作出竣工验收结论。")
    audit_download(request, "acceptance_report.download", obj=acceptance, filters={"format": fmt})
    return official_file_response(actor=request.user, issued=issued, fmt=fmt)


@roles_required(*VIEWERS)
def report_docx(request, pk: int):
    return _report(request, pk, "docx")


@roles_required(*VIEWERS)
def report_pdf(request, pk: int):
    return _report(request, pk, "pdf")
