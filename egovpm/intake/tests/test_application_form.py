"""附件1 申报表 as a printable file: its content, the DOCX and PDF downloads, and who may have them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from decimal import Decimal
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse

from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import application_form as af
from egovpm.intake import services
from egovpm.intake.domain import FUNDING_COLUMNS, FUNDING_ROWS
from egovpm.testing import scenario

ROW_LABELS = (
    "项目名称",
    "项目负责人",
    "联系电话",
    "启动日期",
    "计划完成日期",
    "项目性质",
    "建设目的和内容",
    "前期工作",
    "规划编制",
    "规划通过专家论证",
    "预计总投资",
    "年度需要资金",
    *FUNDING_COLUMNS.values(),
    *(f"{label}（万元）" for label in FUNDING_ROWS.values()),
    "申报附件",
    "备注",
)
NAME = "互联网医院服务平台"


def declare(city, plan_year, **overrides):
    """A draft of the hospital (whose supervising department is the health commission), with an uploaded
    proposal; amounts with cents so that two decimals show."""
    fields = {
        "prior_total": Decimal("50.5"),
        "prior_fiscal": Decimal("50.5"),
        "current_total": Decimal("200"),
        "current_fiscal": Decimal("179.5"),
        "current_self_raised": Decimal("20.5"),
        "attachments_note": "项目建议书\n预算明细表",
        "remarks": "拟于2027年3月启动。",
    }
    data = application_data(**{**fields, **overrides})
    return scenario.declare(clerk=city.users["clerk"], plan_year=plan_year, name=NAME, data=data)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_objects(content: bytes) -> bytes:
    """The PDF's objects with its compressed streams (object streams included) inflated, to search."""
    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def url(name: str, decl) -> str:
    return reverse(f"intake:{name}", kwargs={"pk": decl.pk})


@pytest.mark.article("附件1")
def test_content_has_every_field_of_the_attachment(city, plan_year):
    decl = declare(city, plan_year, nature="continuing", plan_compiled=True, plan_expert_reviewed=False)

    form = af.application_form_content(decl)

    assert form.title == "启东市电子政务工程建设项目申报表"
    assert form.year_line == "（2027 年度）"
    assert (form.unit.label, form.unit.value) == ("申报部门", "市人民医院")
    assert form.stamp == "（盖章）"
    assert (form.submitted_on.label, form.submitted_on.value) == ("申报日期", "")  # a draft: left blank
    assert form.project_name.value == NAME
    assert (form.leader_name.value, form.leader_phone.value) == ("张明", "0513-83312345")
    assert (form.start_date.value, form.planned_end_date.value) == ("2027年3月1日", "2027年12月31日")
    assert form.nature.text == "☐ 新建　☑ 续建　☐ 结转　☐ 维护　☐ 其他"
    assert form.purpose_and_content.value.startswith("建设全市统一的互联网医院服务平台")
    assert form.plan_compiled.text == "☑ 是　☐ 否"
    assert form.plan_expert_reviewed.text == "☐ 是　☑ 否"
    assert (form.total_investment.value, form.annual_requirement.value) == ("300.00 万元", "200.00 万元")
    assert form.funding_columns == ("合计", "其中申请财政拨款", "单位自筹", "国家下拨", "其他")
    assert [(r.label, r.amounts) for r in form.funding_rows] == [
        ("历年已安排资金（万元）", ("50.50", "50.50", "0.00", "0.00", "0.00")),
        ("本年度申请资金（万元）", ("200.00", "179.50", "20.50", "0.00", "0.00")),
    ]
    assert form.attachments.lines == ["项目建议书", "预算明细表", "已上传材料：项目建议书（附件2）第1版"]
    assert form.remarks.value == "拟于2027年3月启动。"
    assert form.note.startswith("注：项目建设内容应按信息网络系统、信息资源系统及信息业务系统作说明")
    assert form.row_labels == ROW_LABELS


@pytest.mark.article("附件1")
def test_submission_date_is_the_day_in_asia_shanghai(city, plan_year, frozen_clock):
    decl = declare(city, plan_year)
    # 2026-10-14 17:30 UTC is already 10-15 in Qidong
    frozen_clock(dt.datetime(2026, 10, 14, 17, 30, tzinfo=dt.UTC))
    decl = scenario.submit(decl, clerk=city.users["clerk"], supervisor=city.users["supervisor"])

    assert af.application_form_content(decl).submitted_on.value == "2026年10月15日"


@pytest.mark.article("附件1")
def test_online_proposal_and_uploaded_materials_are_listed_as_attachments(city, plan_year):
    clerk = city.users["clerk"]
    decl = declare(city, plan_year, attachments_note="")
    services.proposal_save(actor=clerk, declaration=decl, data=PROPOSAL)

    assert af.application_form_content(decl).attachments.lines == [
        "已上传材料：项目建议书（附件2，在线填写）、项目建议书（附件2）第1版"
    ]


@pytest.mark.article("附件1")
def test_docx_download_is_the_attachment_filled_in(client, city, plan_year):
    decl = declare(city, plan_year, nature="new")
    client.force_login(city.users["clerk"])

    response = client.get(url("application_docx", decl))

    assert response.status_code == 200
    assert response["Content-Type"] == af.DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="application-2027-')
    assert f"filename*=UTF-8''{quote('申报表（2027年度）-' + decl.project.code + '-' + NAME + '.docx')}" in disposition
    text = docx_text(response.content)
    for expected in ("附件1", "启东市电子政务工程建设项目申报表", "（2027 年度）", "市人民医院", "（盖章）", NAME):
        assert expected in text
    for label in ROW_LABELS:
        assert label in text, label
    assert "☑ 新建" in text and "☐ 续建" in text and "☑ 新建　☑" not in text
    assert "规划编制（☑ 是　☐ 否）" in text
    for amount in ("300.00 万元", "200.00 万元", "50.50", "179.50", "20.50"):
        assert amount in text
    assert "　　　　年　　月　　日" in text  # a draft: the unit dates it by hand
    assert "一张表格只能填写一个项目" in text


@pytest.mark.article("附件1")
def test_pdf_download_is_a_printable_a4_document(client, city, plan_year):
    decl = scenario.submit(declare(city, plan_year), clerk=city.users["clerk"], supervisor=city.users["supervisor"])
    client.force_login(city.users["office_reviewer"])

    response = client.get(url("application_pdf", decl))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(quote(f"申报表（2027年度）-{decl.project.code}-{NAME}.pdf"))
    assert response.content.startswith(b"%PDF-")
    objects = pdf_objects(response.content)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", objects)) == 1  # the form fits one sheet
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.\d+ 841\.\d+", objects)  # A4 in points
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Noto-?Serif-?CJK-?SC", objects)  # the Chinese font, embedded
    assert b'pdfaid:part="2"' in objects  # PDF/A-2, for the Office's archive


@pytest.mark.article("第四条")
@pytest.mark.parametrize("name", ["application_docx", "application_pdf"])
def test_another_units_clerk_gets_404(client, city, plan_year, name):
    decl = declare(city, plan_year)
    client.force_login(city.users["culture_clerk"])

    assert client.get(url(name, decl)).status_code == 404


@pytest.mark.parametrize("name", ["application_docx", "application_pdf"])
def test_anonymous_user_is_sent_to_login(client, city, plan_year, name):
    decl = declare(city, plan_year)

    response = client.get(url(name, decl))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_declaration_page_links_to_both_downloads(client, city, plan_year):
    decl = declare(city, plan_year)
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()

    assert f'href="{url("application_docx", decl)}"' in page
    assert f'href="{url("application_pdf", decl)}"' in page
