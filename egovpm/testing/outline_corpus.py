"""Proposals (附件2) and feasibility study reports (附件3) made on purpose, for the outline check's tests and
for scripts/heading_matcher_eval.py: complete or with chapters left out, numbered in the usual styles,
headings only in a table of contents, as DOCX (python-docx) and as PDF (WeasyPrint), or a scan.

A document is first a list of `Para` (what it says and what each paragraph is); the writers lay it out."""

from __future__ import annotations

import html
import io
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from egovpm.documents.outlines import CHINESE_NUMERALS, Heading, Outline

STYLES = ("attachment", "decimal", "chinese_chapter", "arabic_dot")
BODY = (
    "本项目依据《启东市电子政务工程建设项目管理暂行办法》编制，结合本单位实际，对建设内容作如下说明，"
    "相关数据来源于近三年的业务统计。"
)
# Lines that look like headings but are none of the outline's: a matcher must not take them.
# How writers reword a heading beyond the outline's synonyms.
REWORDINGS = (
    lambda t: "本项目" + t.removeprefix("项目"),
    lambda t: t + "情况",
    lambda t: t + "说明",
    lambda t: t.replace("项目", "", 1) if len(t) > 6 else t,
    lambda t: t + "（略）",
)
DISTRACTORS = ("（一）主要做法", "1. 工作要求", "二、其他事项说明", "第十五章 附则", "3.2.1 数据来源")


@dataclass(frozen=True)
class Para:
    text: str
    level: int | None = None  # a heading's level; None for body text
    code: str = ""  # the outline heading it is, if any
    toc: bool = False
    table: bool = False  # a row of table cells, "|" between them


@dataclass
class Spec:
    """What one generated document is: which outline headings it has as headings, which it names only in
    its table of contents, how they are numbered, which annexes it has."""

    outline: Outline
    style: str = "attachment"
    omit: set[str] = field(default_factory=set)
    toc_only: set[str] = field(default_factory=set)
    with_toc: bool = False
    annexes: tuple[str, ...] | None = None  # None: all of the outline's
    synonyms: bool = False  # write some headings in other words (the outline's synonyms)
    messy: bool = False  # odd spacing and punctuation
    distractors: bool = False
    reworded: bool = False  # some headings in words of the writer's own, not among the outline's synonyms
    tables: bool = False  # a table whose cells are labelled with the outline's words (项目名称, 建设规模)
    seed: int = 0

    @property
    def present(self) -> set[str]:
        """The codes the document really has as headings."""
        return {h.code for h in self.outline.headings} - self.omit - self.toc_only


def number(outline: Outline, heading: Heading, style: str) -> str:
    chapter = int(heading.chapter)
    section = int(heading.code.split(".")[1]) if heading.level == 2 else 0
    if style == "attachment":
        if outline.kind == "proposal":
            return f"{CHINESE_NUMERALS[chapter]}、" if not section else f"（{CHINESE_NUMERALS[section]}）"
        return f"第{CHINESE_NUMERALS[chapter]}章 " if not section else f"{section}. "
    if style == "decimal":
        return f"{chapter} " if not section else f"{chapter}.{section} "
    if style == "chinese_chapter":
        return f"第{CHINESE_NUMERALS[chapter]}章　" if not section else f"第{CHINESE_NUMERALS[section]}节　"
    return f"{chapter}. " if not section else f"({section}) "  # arabic_dot


def _messy(text: str, rng: random.Random) -> str:
    text = text.replace("、", rng.choice(("、", "，", " ", "．"))).replace("和", rng.choice(("和", "与", "及")))
    return rng.choice(("", " ", "\u3000")).join(text) if rng.random() < 0.2 else text


def paragraphs(spec: Spec) -> list[Para]:
    rng = random.Random(spec.seed)
    out: list[Para] = []
    headings = [h for h in spec.outline.headings if h.code not in spec.omit]
    if spec.with_toc or spec.toc_only:
        out.append(Para("目录", toc=True))
        for h in headings:
            out.append(Para(f"{number(spec.outline, h, spec.style)}{h.title}", level=h.level, code=h.code, toc=True))
    for h in headings:
        if h.code in spec.toc_only:
            continue
        title = h.title
        if spec.synonyms and h.synonyms and rng.random() < 0.4:
            title = rng.choice(h.synonyms)
        if spec.reworded and rng.random() < 0.25:
            title = rng.choice(REWORDINGS)(title)
        if spec.messy:
            title = _messy(title, rng)
        text = number(spec.outline, h, spec.style) + title
        out.append(Para(text, level=h.level, code=h.code))
        out.append(Para(BODY))
        if spec.tables and h.level == 1:
            out.append(Para("项目名称|建设规模|投资概算|建设工期", table=True))
        if spec.distractors and rng.random() < 0.15:
            out.append(Para(rng.choice(DISTRACTORS)))
            out.append(Para(BODY))
    annexes = [a.title for a in spec.outline.annexes] if spec.annexes is None else list(spec.annexes)
    for i, title in enumerate(annexes, 1):
        if title == "图表资料":
            out.append(Para(f"表{i} 项目投资估算汇总表"))
        else:
            out.append(Para(f"附件{i}：{title}"))
        out.append(Para(BODY))
    return out


def _toc_field(doc, entries: list[Para]) -> None:
    """A table of contents as Word writes one: a TOC field around lines in the TOC n styles, each with a
    tab leader and a page number."""
    doc.add_paragraph("目录")
    for i, entry in enumerate(entries):
        p = doc.add_paragraph(style=f"toc {entry.level or 1}" if _has_style(doc, "toc 1") else None)
        run = p.add_run()
        if i == 0:
            for kind, text in (("begin", None), (None, ' TOC \\o "1-3" \\h \\z \\u '), ("separate", None)):
                if kind:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                else:
                    el = OxmlElement("w:instrText")
                    el.text = text
                run._r.append(el)
        p.add_run(entry.text)
        p.add_run().add_tab()
        p.add_run(str(3 + i))
        if i == len(entries) - 1:
            end = OxmlElement("w:fldChar")
            end.set(qn("w:fldCharType"), "end")
            p.add_run()._r.append(end)


def _has_style(doc, name: str) -> bool:
    return any(s.name == name for s in doc.styles)


def docx_bytes(spec: Spec, *, styled: bool = True) -> bytes:
    """The document as DOCX: headings in Heading n styles (`styled`) or as plain numbered paragraphs."""
    doc = WordDocument()
    paras = paragraphs(spec)
    toc = [p for p in paras if p.toc and p.code]
    if toc:
        _toc_field(doc, toc)
    for p in paras:
        if p.toc:
            continue
        if p.table:
            cells = p.text.split("|")
            table = doc.add_table(rows=1, cols=len(cells))
            for cell, text in zip(table.rows[0].cells, cells, strict=True):
                cell.text = text
        elif p.level and styled:
            doc.add_heading(p.text, level=p.level)
        else:
            doc.add_paragraph(p.text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_file(spec: Spec, name: str) -> SimpleUploadedFile:
    """The document as an upload, for the services (tests, the demo)."""
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return SimpleUploadedFile(name, docx_bytes(spec), content_type=content_type)


PDF_CSS = (
    "@page{size:A4;margin:25mm}body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:12pt}"
    "h1{font-size:16pt}h2{font-size:14pt}.toc{page-break-after:always}.toc p{margin:0}"
)


def pdf_bytes(spec: Spec) -> bytes:
    """The document as a PDF with a text layer, its contents page with dot leaders and page numbers."""
    from weasyprint import HTML

    parts = [f"<html><head><meta charset='utf-8'><style>{PDF_CSS}</style></head><body>"]
    paras = paragraphs(spec)
    toc = [p for p in paras if p.toc]
    if toc:
        parts.append("<div class='toc'>")
        for i, p in enumerate(toc):
            leader = "" if not p.code else f" {'.' * 30} {2 + i}"
            parts.append(f"<p>{html.escape(p.text)}{leader}</p>")
        parts.append("</div>")
    for p in paras:
        if p.toc:
            continue
        if p.table:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in p.text.split("|"))
            parts.append(f"<table border='1'><tr>{cells}</tr></table>")
            continue
        tag = f"h{p.level}" if p.level else "p"
        parts.append(f"<{tag}>{html.escape(p.text)}</{tag}>")
    parts.append("</body></html>")
    return HTML(string="".join(parts)).write_pdf()


def scanned_pdf_bytes() -> bytes:
    """A scan: one page that is only a picture, no text layer."""
    from PIL import Image, ImageDraw
    from weasyprint import HTML

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((60, 60, 540, 120), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    import base64

    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return HTML(string=f"<html><body><img src='{src}' style='width:160mm'></body></html>").write_pdf()
