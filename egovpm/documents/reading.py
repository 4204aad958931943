"""The adapter between an uploaded file and the outline check (documents.completeness): the paragraphs of a
DOCX (python-docx) or the lines of a PDF's text layer (pypdf), with their heading levels and whether they
sit in a table of contents. Bounded: a file that unpacks to too much, or has too many paragraphs or pages,
is read only up to the bound, so that a crafted upload (a zip bomb) cannot hold the server."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass

from . import completeness
from .completeness import Findings, Line
from .domain import DOCX, PDF
from .outlines import OUTLINES

log = logging.getLogger(__name__)

# A DOCX may unpack to this much in all (its parts as the zip declares them; zipfile never reads past a
# member's declared size), and its paragraphs are parsed up to MAX_PARAGRAPHS.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARAGRAPHS = 20_000
MAX_PAGES = 400
MAX_TEXT_CHARS = 4_000_000
# Fewer visible characters than this on all pages: the PDF has no text layer (a scan).
MIN_TEXT_CHARS = 20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d*$|^toc heading$", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    lines: list[Line]
    status: str = completeness.CHECKED
    message: str = ""


def check_upload(kind: str, data: bytes, content_type: str) -> Findings | None:
    """The findings of an upload of `kind` against its outline, or None when the kind has no outline."""
    outline = OUTLINES.get(kind)
    if outline is None:
        return None
    reading = read(data, content_type)
    if reading.status != completeness.CHECKED:
        return completeness.unchecked(reading.status, reading.message)
    findings = completeness.check(outline, reading.lines)
    if reading.message:
        return Findings(
            findings.status, reading.message, findings.missing_sections, findings.missing_annexes, findings.matched
        )
    return findings


def read(data: bytes, content_type: str) -> Reading:
    try:
        if content_type == DOCX.content_type:
            return docx_lines(data)
        if content_type == PDF.content_type:
            return pdf_lines(data)
    except Exception as exc:  # noqa: BLE001 — a broken or hostile file is a finding, not a 500
        log.info("outline check could not read an upload: %s: %s", type(exc).__name__, exc)
        return Reading([], completeness.UNREADABLE, "文件无法读取（可能已损坏或加密），无法检查章节。")
    return Reading([], completeness.UNSUPPORTED, "该格式无法检查章节，请上传DOCX或带文字层的PDF。")


def docx_lines(data: bytes) -> Reading:
    from docx import Document as WordDocument

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        unpacked = sum(info.file_size for info in zf.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        message = f"Word 文件解压后超过 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB，无法检查章节。"
        return Reading([], completeness.UNREADABLE, message)
    document = WordDocument(io.BytesIO(data))
    styles = {s.style_id: (s.name or "") for s in document.styles}
    lines: list[Line] = []
    fields: list[str] = []  # the instructions of the fields open at this point (a TOC field holds its lines)
    message = ""
    for count, paragraph in enumerate(document.element.body.iter(f"{_W}p")):
        if count >= MAX_PARAGRAPHS:
            message = f"文件段落超过 {MAX_PARAGRAPHS} 段，仅检查了前 {MAX_PARAGRAPHS} 段。"
            break
        text, in_field = _paragraph_text(paragraph, fields)
        style = styles.get(_style_id(paragraph), "")
        found = _HEADING_STYLE.match(style.strip())
        level = int(found.group(1)) if found else _outline_level(paragraph)
        toc = in_field or bool(_TOC_STYLE.match(style.strip())) or _in_toc_block(paragraph)
        if text.strip():
            cell = next(paragraph.iterancestors(f"{_W}tc"), None) is not None
            lines.append(Line(text, level=level, toc=toc, cell=cell))
    return Reading(lines, message=message)


def _style_id(paragraph) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style.get(f"{_W}val", "") if style is not None else ""


def _outline_level(paragraph) -> int | None:
    level = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
    if level is None:
        return None
    value = level.get(f"{_W}val", "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def _in_toc_block(paragraph) -> bool:
    """Inside a content control Word made for its table of contents (docPartGallery "Table of Contents")."""
    for ancestor in paragraph.iterancestors(f"{_W}sdt"):
        gallery = ancestor.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
        if gallery is not None and "contents" in gallery.get(f"{_W}val", "").lower():
            return True
    return False


def _paragraph_text(paragraph, fields: list[str]) -> tuple[str, bool]:
    """The paragraph's text, and whether any of it lies inside a TOC field (fields may span paragraphs)."""
    parts: list[str] = []
    in_toc = any(f.startswith("TOC") for f in fields)
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}fldChar", f"{_W}instrText", f"{_W}fldSimple"):
        tag = node.tag[len(_W) :]
        if tag == "fldChar":
            kind = node.get(f"{_W}fldCharType")
            if kind == "begin":
                fields.append("")
            elif kind == "end" and fields:
                fields.pop()
        elif tag == "instrText":
            if fields and not fields[-1]:
                fields[-1] = (node.text or "").strip().upper()
        elif tag == "fldSimple":
            if node.get(f"{_W}instr", "").strip().upper().startswith("TOC"):
                in_toc = True
        elif tag == "tab":
            parts.append("\t")
        else:
            parts.append(node.text or "")
        in_toc = in_toc or any(f.startswith("TOC") for f in fields)
    return "".join(parts), in_toc


def pdf_lines(data: bytes) -> Reading:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        return Reading([], completeness.UNREADABLE, "PDF 已加密，无法检查章节，请上传未加密的文件。")
    pages: list[str] = []
    total = 0
    message = ""
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or total >= MAX_TEXT_CHARS:
            message = f"文件超过 {MAX_PAGES} 页或内容过多，仅检查了前 {number} 页。"
            break
        text = page.extract_text() or ""
        pages.append(text)
        total += len(text)
    visible = sum(len("".join(p.split())) for p in pages)
    if visible < MIN_TEXT_CHARS:
        return Reading([], completeness.NO_TEXT, completeness.NO_TEXT_MESSAGE)
    return Reading(completeness.lines_of_pages(pages), message=message)
