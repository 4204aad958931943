"""Uploaded proposals (附件2) and feasibility reports (附件3) checked against their outlines, on the declaration:
the unit sees the findings before it submits, they warn and do not block, the reviewers see them beside the
document, the Office accepts them with a reason; every upload is a version with its SHA-256 on the audit
chain, and 附件1's 申报附件 lists the materials as they were at submission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.conftest import application_data
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.domain import DOCX
from egovpm.documents.models import Document, DocumentKind
from egovpm.documents.outlines import PROPOSAL
from egovpm.intake import application_form as af
from egovpm.intake import services
from egovpm.intake.todo import OUTLINE_NOTE, todo_items
from egovpm.testing.outline_corpus import Spec, docx_bytes

# 三、现状及需求分析 left out; 七、… only in the table of contents
INCOMPLETE = Spec(PROPOSAL, style="attachment", omit={"3"}, toc_only={"7"})


def docx_upload(spec: Spec, name: str = "项目建议书.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(spec), content_type=DOCX.content_type)


def draft_with(city, plan_year, spec: Spec):
    clerk = city.users["culture_clerk"]  # no supervising department: submits straight to the Office
    decl = services.declaration_create(actor=clerk, plan_year=plan_year, name="文旅数据平台", data=application_data())
    doc = services.declaration_document_upload(
        actor=clerk, declaration=decl, kind=DocumentKind.PROPOSAL, upload=docx_upload(spec)
    )
    return decl, doc


def notes_for(user, decl) -> list[str]:
    return [item.note for item in todo_items(user) if item.declaration is not None and item.declaration.pk == decl.pk]


@pytest.mark.article("第七条(一)")
def test_the_unit_sees_the_findings_before_submitting_and_they_do_not_block(client, city, plan_year):
    decl, doc = draft_with(city, plan_year, INCOMPLETE)
    assert [s["code"] for s in doc.outline_check.missing_sections] == ["3", "7"]
    event = AuditEvent.objects.filter(action="document_upload", object_id=str(decl.pk)).latest("seq")
    assert event.after["sha256"] == doc.sha256 and event.after["version"] == 1
    assert event.after["outline_check"] == {"status": "checked", "missing_sections": ["3", "7"], "missing_annexes": []}

    client.force_login(city.users["culture_clerk"])
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert 'data-testid="outline-warnings"' in page
    assert "三、现状及需求分析" in page and "七、投资估算、资金筹措方式及来源" in page
    # 第七条(一) asks for the outline's content, but the Office judges it: findings warn, submission goes on
    decl = services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    assert decl.stage == "submitted"


@pytest.mark.article("第七条(一)")
def test_the_upload_page_tells_the_findings_at_once(client, city, plan_year):
    clerk = city.users["culture_clerk"]
    decl = services.declaration_create(actor=clerk, plan_year=plan_year, name="文旅数据平台", data=application_data())
    client.force_login(clerk)
    response = client.post(
        reverse("intake:document_upload", args=[decl.pk]),
        {"kind": "proposal", "file": docx_upload(INCOMPLETE)},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any(t.startswith("章节检查：缺少 2 个必备章节：三、现状及需求分析") for t in texts), texts


@pytest.mark.article("第七条(一)")
def test_the_office_sees_them_beside_the_document_and_accepts_them_with_a_reason(client, city, plan_year):
    decl, doc = draft_with(city, plan_year, INCOMPLETE)
    decl = services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    office = city.users["office_reviewer"]
    client.force_login(office)
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert f'data-document="{doc.pk}"' in page and "接受缺项" in page

    assert OUTLINE_NOTE in notes_for(office, decl)  # on the Office's to-do list, too
    url = reverse("intake:outline_accept", args=[decl.pk, doc.pk])
    blank = client.post(url, {"reason": "   "})
    assert blank.status_code == 200 and "请填写接受该材料的理由。" in blank.content.decode()
    doc.outline_check.refresh_from_db()
    assert doc.outline_check.accepted_at is None  # nothing half saved

    client.post(url, {"reason": "现状分析已并入第二章，内容齐全。"})
    check = Document.objects.get(pk=doc.pk).outline_check
    assert check.accepted_by == office and check.accept_reason == "现状分析已并入第二章，内容齐全。"
    event = AuditEvent.objects.filter(action="declaration.accept_outline_findings").get()
    assert event.reason == "现状分析已并入第二章，内容齐全。"
    assert event.after["sha256"] == doc.sha256 and event.after["missing_sections"] == ["3", "7"]
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert 'data-testid="outline-accepted"' in page
    assert OUTLINE_NOTE not in notes_for(office, decl)
    with pytest.raises(Refused, match="已被接受"):
        services.declaration_outline_accept(actor=office, declaration=decl, document=doc, reason="再次接受。")


@pytest.mark.supports("第七条(一)")
def test_only_the_office_accepts_and_only_while_it_reviews(client, city, plan_year):
    decl, doc = draft_with(city, plan_year, INCOMPLETE)
    office = city.users["office_reviewer"]
    with pytest.raises(Refused, match="不能接受材料的章节缺项"):  # a draft is the unit's, not yet the Office's
        services.declaration_outline_accept(actor=office, declaration=decl, document=doc, reason="同意。")
    decl = services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    with pytest.raises(Refused, match="只有办公室"):
        services.declaration_outline_accept(
            actor=city.users["culture_clerk"], declaration=decl, document=doc, reason="同意。"
        )
    with pytest.raises(ValidationError):
        services.declaration_outline_accept(actor=office, declaration=decl, document=doc, reason="")
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("intake:outline_accept", args=[decl.pk, doc.pk])).status_code == 403


@pytest.mark.article("第七条(一)")
def test_a_new_upload_supersedes_and_keeps_the_old_and_the_form_lists_them_as_submitted(
    client, city, plan_year, frozen_clock
):
    clerk = city.users["culture_clerk"]
    decl, first = draft_with(city, plan_year, INCOMPLETE)
    second = services.declaration_document_upload(
        actor=clerk,
        declaration=decl,
        kind=DocumentKind.PROPOSAL,
        upload=docx_upload(Spec(PROPOSAL), "建议书（修改）.docx"),
    )
    assert (first.version, second.version) == (1, 2) and first.sha256 != second.sha256
    assert not second.outline_check.has_findings
    uploads = AuditEvent.objects.filter(action="document_upload", object_id=str(decl.pk)).order_by("seq")
    assert [(e.after["version"], e.after["sha256"], e.actor_id) for e in uploads] == [
        (1, first.sha256, clerk.pk),
        (2, second.sha256, clerk.pk),
    ]
    decl = services.declaration_submit(actor=clerk, declaration=decl)
    # a version stored after the submission (as the feasibility materials are later) is not of the 附件1
    frozen_clock(clock.now() + dt.timedelta(days=1))
    from egovpm.documents.services import document_store

    later = docx_upload(Spec(PROPOSAL), "建议书（报送后）.docx")
    document_store(actor=clerk, owner=decl, kind=DocumentKind.PROPOSAL, upload=later)
    assert af.application_form_content(decl).attachments.lines[-1] == "已上传材料：项目建议书（附件2）第2版"

    client.force_login(clerk)
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert all(name in page for name in ("建议书（报送后）.docx", "建议书（修改）.docx", "项目建议书.docx"))
