"""附件2 and 附件3 as the unit writes them: blank templates with the outlines' exact headings (optional ones
marked *), the annex tables of 附件3 说明 2 as XLSX, and the proposal filled online as DOCX and PDF."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.conftest import declaration_at
from egovpm.documents.outlines import FEASIBILITY, PROPOSAL
from egovpm.official.tests.helpers import docx_of, east_asia_font, embedded_fonts, margins_mm, pdf_of, pdf_text

GB_PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.article("附件2")
def test_the_blank_proposal_has_the_outlines_headings(city, client):
    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:material_templates")).content.decode()
    assert reverse("intake:material_template", args=["feasibility"]) in page
    doc = docx_of(client.get(reverse("intake:material_template", args=["proposal"])).content)
    found = headings(doc)
    assert found[:3] == ["一、项目概述", "（一）项目名称", "（二）项目建设单位"]
    assert "二、项目的意义与必要性" in found and "（三）信息系统装备和应用目前存在的主要问题和差距" in found
    assert found[-1] == "八、效益分析" and len(found) == 8 + 5 + 4
    assert "注：建议书有密级要求时需注明" in [p.text for p in doc.paragraphs]
    assert margins_mm(doc) == GB_PAGE
    heading = next(p for p in doc.paragraphs if p.text == "一、项目概述")
    assert east_asia_font(heading) == "黑体"


@pytest.mark.article("附件3")
def test_the_blank_feasibility_report_marks_its_optional_chapters(city, client):
    client.force_login(city.users["clerk"])
    doc = docx_of(client.get(reverse("intake:material_template", args=["feasibility"])).content)
    found = headings(doc)
    chapters = [h for h in found if h.startswith("第")]
    assert len(chapters) == 14 and chapters[0] == "第一章 项目概述" and chapters[-1] == "第十四章 项目风险与风险管理*"
    assert "第八章 项目招标方案*" in chapters and "第十章 投资估算和资金来源" in chapters
    assert "7. 经济与社会效益*" in found and "12. 主要软硬件选型原则和详细软硬件配置清单" in found
    assert len(found) == len(FEASIBILITY.numbered())
    texts = [p.text for p in doc.paragraphs]
    assert "（带*号的内容按需提供）" in texts
    assert any("系统软硬件物理布置图" in t for t in texts)  # 说明 2: the annexes the report attaches
    body = next(p for p in doc.paragraphs if p.text == "（请在此填写。）")
    assert east_asia_font(body) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16


@pytest.mark.article("附件3")
def test_the_annex_tables_are_xlsx_templates_with_formulas(city, client):
    client.force_login(city.users["clerk"])
    response = client.get(reverse("intake:material_template", args=["workload"]))
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "应用系统定制开发工作量核算表" and ws["A1"].font.name == "宋体"
    header = [c.value for c in ws[3]]
    assert header == [
        "序号",
        "子系统",
        "功能模块",
        "功能点描述",
        "工作量（人月）",
        "人月单价（万元）",
        "金额（万元）",
        "备注",
    ]
    assert ws["G4"].value == "=E4*F4" and ws["G4"].number_format == "#,##0.00"
    assert ws["B19"].value == "合计" and ws["G19"].value == "=SUM(G4:G18)"
    assert ws.column_dimensions["D"].width == 36 and ws["D4"].font.name == "宋体"

    ws = load_workbook(io.BytesIO(client.get(reverse("intake:material_template", args=["om_cost"])).content)).active
    assert ws["A1"].value == "运行维护费估算表"
    assert [ws.cell(r, 2).value for r in range(4, 10)][:2] == ["软件运行维护", "硬件设备维护"]
    assert ws["F4"].value == "=D4*E4" and ws["B12"].value == "合计" and ws["F12"].value == "=SUM(F4:F11)"
    assert client.get(reverse("intake:material_template", args=["nothing"])).status_code == 404


@pytest.mark.article("附件2")
def test_the_online_proposal_downloads_with_its_headings_name_and_unit(city, frozen_clock, client):
    decl = declaration_at(city, "draft")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert reverse("intake:proposal_pdf", args=[decl.pk]) in page
    assert reverse("intake:material_templates") in page
    doc = docx_of(client.get(reverse("intake:proposal_docx", args=[decl.pk])).content)
    found = headings(doc)
    chapters = [h for level, h, _ in PROPOSAL.numbered() if level == 1]
    assert [h for h in found if "、" in h and not h.startswith("（")] == chapters
    texts = [p.text for p in doc.paragraphs]
    assert "项目名称：互联网医院" in texts and "项目建设单位：市人民医院" in texts
    assert texts[texts.index("（一）项目名称") + 1] == "互联网医院"
    assert texts[texts.index("（二）项目建设单位") + 1] == "市人民医院"
    assert texts[texts.index("七、投资估算、资金筹措方式及来源") + 1] == "财政拨款180万元，单位自筹20万元。"

    reader = pdf_of(client.get(reverse("intake:proposal_pdf", args=[decl.pk])).content)
    text = pdf_text(reader)
    for field in (
        "附件2",
        "启东市电子政务工程建设项目建议书",
        "项目名称：互联网医院",
        "市人民医院",
        "八、效益分析",
        "— 1 —",
    ):
        assert field in text
    assert "Noto-Serif-CJK-SC" in {f.replace("-Bold", "") for f in embedded_fonts(reader)}

    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("intake:proposal_docx", args=[decl.pk])).status_code == 404
