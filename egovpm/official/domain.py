"""Official documents (公文) in the layout of GB/T 9704-2012 《党政机关公文格式》, as plain data: the page, the
type sizes and faces, the heading levels, the document number, the date and the page numbers. The renderers
(docx.py, pdf.py) lay out an `OfficialText` with these and nothing else, so the DOCX and the PDF agree.

Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from egovpm.core.text import chinese_numeral

# -- the page (GB/T 9704-2012 5.2): A4, text block 156 mm × 225 mm, top margin 37 mm, binding side 28 mm --
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
MARGIN_TOP_MM, MARGIN_BINDING_MM = 37, 28
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35
MARGIN_OUTER_MM = PAGE_WIDTH_MM - MARGIN_BINDING_MM - TEXT_WIDTH_MM  # 26
# 5.2.2 / 7.3.2: 22 lines a page, 28 characters a line, the body in 3号 (16 pt)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号, the title (7.3.1)
PAGE_NUMBER_PT = 14.0  # 4号, the page number (7.5)
ISSUER_MAX_PT = 36.0  # 小初: the issuing authority's name, smaller when it would not fit the text width
MM_PER_PT = 25.4 / 72
LINE_PITCH_PT = TEXT_HEIGHT_MM / LINES_PER_PAGE / MM_PER_PT  # ≈ 28.99 pt
CHAR_PITCH_PT = TEXT_WIDTH_MM / CHARS_PER_LINE / MM_PER_PT  # ≈ 15.79 pt: 16 pt characters set a little tight
RED = "FF0000"  # 发文机关标志 and the rule beneath it are red (7.2.3, 7.2.5)

# The faces the offices' PCs have (Word or WPS), named in the DOCX; the PDF embeds open look-alikes
# (Debian fonts-noto-cjk, SIL OFL): Noto Serif CJK for 仿宋 and 小标宋, Noto Sans CJK for 黑体.
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"
PDF_SERIF, PDF_SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"

# Heading levels of the body (7.3.3): 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋.
BODY, H1, H2, H3, H4 = 0, 1, 2, 3, 4
LEVEL_FONTS = {BODY: FANGSONG, H1: HEITI, H2: KAITI, H3: FANGSONG, H4: FANGSONG}
PDF_LEVEL_FONTS = {BODY: PDF_SERIF, H1: PDF_SANS, H2: PDF_SERIF, H3: PDF_SERIF, H4: PDF_SERIF}


def heading_mark(level: int, n: int) -> str:
    """The numbering of the n-th heading of a level: 一、 （一） 1. （1）."""
    if level == H1:
        return f"{chinese_numeral(n)}、"
    if level == H2:
        return f"（{chinese_numeral(n)}）"
    if level == H3:
        return f"{n}."
    if level == H4:
        return f"（{n}）"
    raise ValueError(f"no heading level {level}")


def official_date(day: dt.date) -> str:
    """The date of issue in Arabic numerals, without leading zeros (7.3.5.1): 2026年12月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def page_number_text(n: int) -> str:
    """The page number between dashes (7.5): — 1 —."""
    return f"— {n} —"


def issuer_size_pt(issuer: str) -> float:
    """The size of the issuing authority's name: 小初 at most, smaller so that it stays within the text width
    (7.2.3: 以醒目、美观、庄重为原则), in whole points."""
    fits = TEXT_WIDTH_MM / MM_PER_PT / max(len(issuer), 1)
    return float(min(ISSUER_MAX_PT, int(fits)))


@dataclass(frozen=True)
class Block:
    """A paragraph of the body: text, or a heading of level 1–4 whose numbering is part of its text."""

    text: str
    level: int = BODY


def heading(level: int, n: int, text: str) -> Block:
    return Block(f"{heading_mark(level, n)}{text}", level)


_LEVEL_MARKS = (
    (H2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (H1, re.compile(r"^[一二三四五六七八九十]+、")),
    (H4, re.compile(r"^[（(]\d+[）)]")),
    (H3, re.compile(r"^\d+[.．]")),
)


def level_of(line: str) -> int:
    """The heading level a line's own numbering gives it (一、 （一） 1. （1）), else body text."""
    return next((level for level, mark in _LEVEL_MARKS if mark.match(line)), BODY)


def paragraphs(text: str) -> tuple[Block, ...]:
    """A user's text as paragraphs, one per non-empty line; a line numbered 一、 （一） 1. （1） is set as a
    heading of that level."""
    lines = (line.strip() for line in text.splitlines())
    return tuple(Block(line, level_of(line)) for line in lines if line)


@dataclass(frozen=True)
class OfficialText:
    """What an official document says, in the order GB/T 9704 prints it."""

    issuer: str  # 发文机关标志 (the authority's full name, with 启东市)
    number: str  # 发文字号: 启政整办〔2026〕12号
    title: str  # 标题
    addressee: str  # 主送机关, without the colon
    blocks: tuple[Block, ...]  # 正文
    issued_on: dt.date  # 成文日期
    signature: str = ""  # 发文机关署名; the issuer when empty
    attachments: tuple[str, ...] = ()  # 附件说明
    copies_to: str = ""  # 抄送机关 (版记)
    reference: str = ""  # the record the document is about (project code…), for the file's metadata
    kind_label: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def signed_by(self) -> str:
        return self.signature or self.issuer

    @property
    def date_text(self) -> str:
        return official_date(self.issued_on)

    @property
    def printed_on(self) -> str:
        """印发日期 (版记, 7.4.3), printed flush right on the line of 印发机关."""
        return f"{self.date_text}印发"

    def attachment_lines(self) -> list[str]:
        """附件说明 (7.3.4): 附件：1. … with each further attachment aligned under the first."""
        if len(self.attachments) == 1:
            return [f"附件：{self.attachments[0]}"]
        return [("附件：" if i == 1 else "　　　") + f"{i}. {name}" for i, name in enumerate(self.attachments, 1)]
