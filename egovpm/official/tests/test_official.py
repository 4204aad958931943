"""Official documents issued by the platform: DOCX and PDF in the GB/T 9704-2012 layout, the number from the
policy's scheme, the archived PDF with its SHA-256 on the audit chain, and the public verification."""

import datetime as dt
import hashlib
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from docx.oxml.ns import qn

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.documents.orphans import known_files, orphan_files
from egovpm.intake import services
from egovpm.intake.models import ApprovalOpinion, PlanTransmission
from egovpm.official import domain as d
from egovpm.official.models import IssuedDocument, NumberCounter
from egovpm.official.services import number_allocate, official_issue

from .helpers import (
    docx_of,
    east_asia_font,
    embedded_fonts,
    margins_mm,
    paragraph_with,
    pdf_of,
    pdf_text,
    text_extent_mm,
    texts,
)

ISSUER = "启东市政务信息系统整合共享工作领导小组办公室"
OPINION = "一、总体意见\n同意该项目纳入年度计划。\n（一）建设内容\n压缩硬件投资，优先利用政务云资源。"


def approved(city):
    decl = declaration_at(city, "in_re_review")
    services.re_review_approve(
        actor=city.users["office_head"], declaration=decl, opinion=OPINION, approved_amount=Decimal("280.50")
    )
    opinion = ApprovalOpinion.objects.get(declaration=decl)
    return decl, opinion, IssuedDocument.objects.get(kind="approval_opinion", owner_id=opinion.pk)


@pytest.mark.article("第七条(四)")
def test_the_written_opinion_downloads_as_a_word_document_in_the_offices_layout(city, frozen_clock, client):
    decl, opinion, issued = approved(city)
    assert issued.number == opinion.number == "启政信办复〔2026〕001号"
    client.force_login(city.users["clerk"])

    response = client.get(reverse("official:docx", args=[issued.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = docx_of(response.content)
    lines = texts(doc)
    assert lines[0] == ISSUER  # 启东 in the authority's name
    assert "启政信办复〔2026〕001号" in lines
    assert "关于互联网医院的复核意见" in lines
    assert "市人民医院：" in lines
    assert "2026年10月15日" in lines  # Arabic numerals, no leading zeros
    assert any("核定项目投资280.50万元" in line for line in lines)
    # the red head above a red rule, the title in 小标宋, the body in 仿宋 3号, headings 一、 in 黑体, （一） in 楷体
    head = doc.paragraphs[0]
    assert east_asia_font(head) == "方正小标宋简体" and str(head.runs[0].font.color.rgb) == d.RED
    number = paragraph_with(doc, "启政信办复")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == d.RED
    assert east_asia_font(paragraph_with(doc, "关于互联网医院")) == "方正小标宋简体"
    body = paragraph_with(doc, "同意该项目")
    assert east_asia_font(body) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.runs[0].font.name == "Times New Roman"
    assert east_asia_font(paragraph_with(doc, "一、总体意见")) == "黑体"
    assert east_asia_font(paragraph_with(doc, "（一）建设内容")) == "楷体_GB2312"
    # A4, top 37 mm, binding side 28 mm: a text block of 156 × 225 mm with a grid of 22 lines of 28 characters
    assert margins_mm(doc) == {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and int(grid.get(qn("w:linePitch"))) == 580
    # page numbers — n — in 4号: odd pages right, even pages left
    odd, even = doc.sections[0].footer.paragraphs[0], doc.sections[0].even_page_footer.paragraphs[0]
    assert odd.text == even.text == "—  —"  # the PAGE field between the dashes
    assert "PAGE" in odd._p.xml and odd.runs[0].font.size.pt == 14
    assert (odd.alignment, even.alignment) == (2, 0)
    assert AuditEvent.objects.filter(action="official.download", object_id=str(issued.pk)).exists()

    client.force_login(city.users["culture_clerk"])  # another unit's
    assert client.get(reverse("official:docx", args=[issued.pk])).status_code == 404
    assert client.get(reverse("official:pdf", args=[issued.pk])).status_code == 404


@pytest.mark.article("第七条(四)")
def test_the_issued_pdf_is_archived_with_its_hash_and_verified_publicly(city, frozen_clock, client, monkeypatch):
    decl, opinion, issued = approved(city)
    client.force_login(city.users["clerk"])

    data = client.get(reverse("official:pdf", args=[issued.pk])).content
    reader = pdf_of(data)
    text = pdf_text(reader)
    for field in (
        ISSUER,
        "启政信办复〔2026〕001号",
        "关于互联网医院的复核意见",
        "市人民医院：",
        "2026年10月15日",
        "— 1 —",
    ):
        assert field in text
    assert "280.50" in text
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= {f.replace("-Bold", "") for f in embedded_fonts(reader)}
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    left, right, low, high = text_extent_mm(page)
    assert 27.5 <= left < 30  # the binding side
    assert high <= 297 - 37 + 1  # nothing above the text block's top (37 mm)
    assert low < 297 - 37 - 225  # the page number, below the text block
    assert right <= 210 - 26

    issued.refresh_from_db()
    assert issued.sha256 == hashlib.sha256(data).hexdigest()
    event = AuditEvent.objects.get(action="official.archive_pdf", object_id=str(issued.pk))
    assert event.after["sha256"] == issued.sha256
    # the archive is a file of a row: the orphan sweep keeps it, backups copy it
    assert issued.pdf.name in known_files() and issued.pdf.name not in orphan_files(min_age_seconds=0)
    # a later copy is the archived file, not a new rendering
    monkeypatch.setattr("egovpm.official.services.official_pdf", lambda text: pytest.fail("rendered again"))
    assert client.get(reverse("official:pdf", args=[issued.pk])).content == data

    client.logout()  # the verification page is public
    page_url = reverse("official:verify")
    genuine = client.get(page_url, {"number": issued.number, "sha256": issued.sha256})
    assert genuine.status_code == 200 and 'data-status="genuine"' in genuine.content.decode()
    assert "经复核" not in genuine.content.decode()  # nothing of the content
    upload = client.post(page_url, {"number": issued.number, "file": SimpleUploadedFile("x.pdf", data)})
    assert 'data-status="genuine"' in upload.content.decode()
    forged = client.post(page_url, {"number": issued.number, "file": SimpleUploadedFile("x.pdf", data + b"%")})
    assert 'data-status="unknown"' in forged.content.decode()
    with transaction.atomic():
        later = official_issue(
            actor=city.users["office_head"], kind="approval_opinion", owner=opinion, title="关于互联网医院的复核意见"
        )
    superseded = client.get(page_url, {"number": issued.number, "sha256": issued.sha256}).content.decode()
    assert 'data-status="superseded"' in superseded and later.number in superseded


@pytest.mark.supports("第七条(四)")
def test_the_verification_page_refuses_bad_input_at_the_field_and_is_rate_limited(db, client, settings):
    page_url = reverse("official:verify")
    response = client.post(page_url, {"number": "启政整办〔2026〕1号", "sha256": "xyz"})
    assert response.status_code == 200 and "SHA-256 应为 64 位十六进制数字。" in response.content.decode()
    response = client.post(page_url, {"number": "", "sha256": ""})
    assert "请填写文号。" in response.content.decode()
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    query = {"number": "启政整办〔2026〕1号", "sha256": "0" * 64}
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for _ in range(20):
            assert client.get(page_url, query).status_code == 200
        refused = client.get(page_url, query)
        assert refused.status_code == 429 and "核验请求过于频繁" in refused.content.decode()
        assert client.get(page_url, query, REMOTE_ADDR="10.0.0.9").status_code == 200  # per address


@pytest.mark.article("第七条(四)")
def test_numbers_follow_the_yearly_sequence_of_each_kind_without_gaps(db):
    with transaction.atomic():
        assert [number_allocate(kind="plan_letter", year=2026) for _ in range(2)] == [
            (1, "启政整办〔2026〕1号"),
            (2, "启政整办〔2026〕2号"),
        ]
        assert number_allocate(kind="review_feedback", year=2026) == (1, "启政整办函〔2026〕1号")
    with pytest.raises(RuntimeError), transaction.atomic():
        number_allocate(kind="plan_letter", year=2026)
        raise RuntimeError("the issuing use case failed")  # its number is given back
    with transaction.atomic():
        assert number_allocate(kind="plan_letter", year=2026) == (3, "启政整办〔2026〕3号")
        assert number_allocate(kind="plan_letter", year=2027) == (1, "启政整办〔2027〕1号")


@pytest.mark.article("第七条(四)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers by itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_consecutive_numbers():
    results, errors = [], []

    def issue_five():
        try:
            for _ in range(5):
                with transaction.atomic():
                    results.append(number_allocate(kind="rectification_order", year=2026)[0])
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_five) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 21))
    assert NumberCounter.objects.get(kind="rectification_order", year=2026).last == 20


@pytest.mark.article("第七条(二)")
def test_a_project_not_arranged_gets_a_numbered_letter_with_its_reason(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review")
    for inv in decl.invitations.all():
        services.review_opinion_submit(
            actor=inv.reviewer, invitation=inv, recommendation="not_arrange", opinion="不建议。"
        )
    services.initial_review_not_arrange(
        actor=city.users["office_reviewer"], declaration=decl, reason="与全市政务云平台建设内容重复。"
    )
    issued = IssuedDocument.objects.get(kind="review_feedback", owner_id=decl.pk)
    assert (issued.number, issued.title) == ("启政整办函〔2026〕1号", "关于互联网医院不予安排的函")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert reverse("official:pdf", args=[issued.pk]) in page
    lines = texts(docx_of(client.get(reverse("official:docx", args=[issued.pk])).content))
    assert "关于互联网医院不予安排的函" in lines and "市人民医院：" in lines
    assert "与全市政务云平台建设内容重复。" in lines
    assert any("决定不予安排" in line for line in lines)


@pytest.mark.article("第七条(四)")
def test_the_plan_goes_to_finance_with_a_covering_letter_only_office_and_finance_read(city, frozen_clock, client):
    decl = declaration_at(city, "approved")
    frozen_clock(dt.date(2026, 12, 4))
    services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=decl.plan_year)
    transmission = PlanTransmission.objects.get(plan_year=decl.plan_year)
    letter = IssuedDocument.objects.get(kind="plan_letter", owner_id=transmission.pk)
    assert letter.number == "启政整办〔2026〕1号"
    client.force_login(city.users["finance"])
    assert (
        reverse("official:docx", args=[letter.pk])
        in client.get(reverse("intake:plan_detail", args=[2027])).content.decode()
    )
    doc = docx_of(client.get(reverse("official:docx", args=[letter.pk])).content)
    lines = texts(doc)
    assert "关于报送2027年度市电子政务项目年度计划和预审合格项目清单的函" in lines
    assert "启东市财政局：" in lines and "2026年12月4日" in lines
    assert any(line.startswith("1. 互联网医院（市人民医院") for line in lines)
    assert "附件：1. 2027年度市电子政务项目年度计划" in lines
    client.force_login(city.users["clerk"])
    assert client.get(reverse("official:docx", args=[letter.pk])).status_code == 404
