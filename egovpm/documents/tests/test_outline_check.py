"""The outline check of uploaded proposals (附件2) and feasibility study reports (附件3): the pure matcher on
headings, then the reader on a corpus of files the tests make (egovpm.testing.outline_corpus)."""

from __future__ import annotations

import io
import zipfile

import pytest

from egovpm.documents import completeness, reading
from egovpm.documents.completeness import Line, check, split_number
from egovpm.documents.domain import DOC, DOCX, PDF
from egovpm.documents.outlines import FEASIBILITY, PROPOSAL
from egovpm.testing.outline_corpus import Spec, docx_bytes, paragraphs, pdf_bytes, scanned_pdf_bytes

ANNEXES = ("图表资料", "软硬件配置清单", "应用系统定制开发工作量核算表", "系统网络拓扑图", "系统软硬件物理布置图")


def _lines(spec: Spec) -> list[Line]:
    return [Line(p.text, level=None, toc=p.toc) for p in paragraphs(spec)]


def _codes(findings) -> list[str]:
    return [h.code for h in findings.missing_sections]


def _chapter(outline, code: str) -> set[str]:
    return {code, *(s.code for s in outline.sections_of(code))}


# -- the matcher (pure) -------------------------------------------------------------------------------------


@pytest.mark.article("第七条(一)")
def test_a_complete_proposal_has_no_findings():
    findings = check(PROPOSAL, _lines(Spec(PROPOSAL)))
    assert findings.complete and len(findings.matched) == len(PROPOSAL.headings)


@pytest.mark.article("第七条(一)")
def test_a_proposal_without_a_required_chapter_is_told_which():
    findings = check(PROPOSAL, _lines(Spec(PROPOSAL, omit={"3"} | _chapter(PROPOSAL, "2"))))
    assert _codes(findings) == ["2", "3"]


@pytest.mark.article("第七条(三)")
def test_a_report_without_required_sections_and_annexes_is_told_which():
    spec = Spec(
        FEASIBILITY, omit={"6.7", "9.1"}, annexes=("图表资料", "软硬件配置清单", "应用系统定制开发工作量核算表")
    )
    findings = check(FEASIBILITY, _lines(spec))
    assert _codes(findings) == ["6.7", "9.1"]
    assert [a.title for a in findings.missing_annexes] == ["系统网络拓扑图", "系统软硬件物理布置图"]


@pytest.mark.article("第七条(三)")
def test_optional_chapters_sections_and_the_om_cost_table_are_never_reported():
    optional = {h.code for h in FEASIBILITY.headings if h.optional}
    spec = Spec(FEASIBILITY, omit=optional, annexes=ANNEXES)  # 运行维护费估算表* left out
    findings = check(FEASIBILITY, _lines(spec))
    assert findings.complete
    assert {"8", "11", "12", "13", "14", "1.7", "3.2", "10.4"} <= optional


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize("style", ["attachment", "decimal", "chinese_chapter", "arabic_dot"])
def test_any_usual_numbering_odd_spacing_and_punctuation_pass(style):
    spec = Spec(FEASIBILITY, style=style, messy=True, synonyms=True, distractors=True, seed=7, omit={"4.3"})
    assert _codes(check(FEASIBILITY, _lines(spec))) == ["4.3"]


@pytest.mark.supports("第七条(三)")
@pytest.mark.parametrize(
    ("text", "level", "title"),
    [
        ("第三章　项目建设的必要性", 1, "项目建设的必要性"),
        ("三、现状及需求分析", 1, "现状及需求分析"),
        ("（二）项目建设单位", 2, "项目建设单位"),
        ("(二)项目建设单位", 2, "项目建设单位"),
        ("6.12 主要软硬件选型原则", 2, "主要软硬件选型原则"),
        ("1．项目名称", None, "项目名称"),
        ("十二、节能分析", 1, "节能分析"),
        ("项目名称", None, "项目名称"),
    ],
)
def test_numbering_is_read_off_the_title(text, level, title):
    assert split_number(text)[0] == level and split_number(text)[2] == title


@pytest.mark.article("第七条(一)")
def test_a_heading_only_in_the_table_of_contents_is_missing():
    """Contents lines with dot leaders and page numbers, and lines the reader marked as contents."""
    lines = [
        Line(p.text + (" ........ 3" if p.toc and p.code else ""), toc=False)
        for p in paragraphs(Spec(PROPOSAL, toc_only={"5", "6"}))
    ]
    assert _codes(check(PROPOSAL, lines)) == ["5", "6"]
    assert _codes(check(PROPOSAL, _lines(Spec(PROPOSAL, toc_only={"8"})))) == ["8"]


@pytest.mark.supports("第七条(三)")
def test_a_pdf_contents_page_counts_as_contents_up_to_its_last_entry():
    pages = ["目 录\n第一章 项目概述 1\n第二章 项目建设单位概况 3\n第一章 项目概述\n正文", "第二章 其他"]
    lines = completeness.lines_of_pages(pages)
    assert [line.toc for line in lines] == [True, True, True, False, False, False]


@pytest.mark.supports("第七条(三)")
def test_annex_titles_inside_a_heading_or_body_text_are_no_annex():
    """6.12 "…详细软硬件配置清单" is a heading, "详见网络拓扑图" a sentence: neither is the annex itself."""
    lines = [Line("12. 主要软硬件选型原则和详细软硬件配置清单"), Line("网络结构详见系统网络拓扑图。")]
    present = completeness.annexes_present(FEASIBILITY, lines)
    assert present == set()
    lines = [Line("附件2：系统网络拓扑图"), Line("表3-1 软硬件配置清单"), Line("系统软硬件物理布置图")]
    assert completeness.annexes_present(FEASIBILITY, lines) == {
        "系统网络拓扑图",
        "软硬件配置清单",
        "图表资料",
        "系统软硬件物理布置图",
    }


# -- the reader on files the tests make ---------------------------------------------------------------------


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "numbered-paragraphs"])
def test_docx_headings_by_style_or_by_numbered_paragraphs(styled):
    spec = Spec(FEASIBILITY, style="decimal", omit=_chapter(FEASIBILITY, "7"), tables=True, seed=1)
    findings = reading.check_upload("feasibility_report", docx_bytes(spec, styled=styled), DOCX.content_type)
    assert findings.status == completeness.CHECKED
    assert _codes(findings) == ["7"]


@pytest.mark.article("第七条(一)")
def test_docx_headings_only_in_a_word_toc_field_are_missing():
    spec = Spec(PROPOSAL, toc_only={"7", "8"})
    data = docx_bytes(spec, styled=False)
    lines = reading.docx_lines(data).lines
    assert sum(line.toc for line in lines) == len(PROPOSAL.headings)  # every entry of the field, none else
    assert _codes(reading.check_upload("proposal", data, DOCX.content_type)) == ["7", "8"]


@pytest.mark.article("第七条(一)")
def test_pdf_with_a_contents_page_and_a_missing_chapter():
    spec = Spec(PROPOSAL, style="decimal", with_toc=True, omit=_chapter(PROPOSAL, "2"), toc_only={"1.3"})
    findings = reading.check_upload("proposal", pdf_bytes(spec), PDF.content_type)
    assert findings.status == completeness.CHECKED
    assert _codes(findings) == ["1.3", "2"]


@pytest.mark.article("第七条(一)")
def test_a_scanned_pdf_is_said_plainly():
    findings = reading.check_upload("proposal", scanned_pdf_bytes(), PDF.content_type)
    assert findings.status == completeness.NO_TEXT
    assert findings.message == "该PDF没有文字层（可能是扫描件），无法检查章节，请上传DOCX或带文字层的PDF"


@pytest.mark.supports("第七条(一)")
def test_other_formats_and_broken_files_are_findings_not_errors():
    assert reading.check_upload("proposal", b"\xd0\xcf\x11\xe0rest", DOC.content_type).status == "unsupported"
    broken = reading.check_upload("proposal", b"PK\x03\x04broken", DOCX.content_type)
    assert broken.status == completeness.UNREADABLE and "无法读取" in broken.message
    assert reading.check_upload("budget_list", b"", PDF.content_type) is None  # no outline for that kind


@pytest.mark.supports("第七条(一)")
def test_a_zip_bomb_docx_is_not_unpacked():
    data = docx_bytes(Spec(PROPOSAL))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        with out.open("word/media/bomb.bin", "w", force_zip64=True) as bomb:
            chunk = bytes(1024 * 1024)
            for _ in range(reading.MAX_UNPACKED_BYTES // len(chunk) + 1):
                bomb.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024  # small upload, 65 MB unpacked
    findings = reading.check_upload("proposal", buffer.getvalue(), DOCX.content_type)
    assert findings.status == completeness.UNREADABLE and "解压后超过" in findings.message


@pytest.mark.supports("第七条(一)")
def test_paragraphs_are_parsed_up_to_the_bound(monkeypatch):
    monkeypatch.setattr(reading, "MAX_PARAGRAPHS", 10)
    result = reading.docx_lines(docx_bytes(Spec(PROPOSAL)))
    assert len(result.lines) <= 10 and "仅检查了前 10 段" in result.message
