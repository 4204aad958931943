"""Whether an uploaded proposal or feasibility study report follows its outline (附件2, 附件3): the headings
of the file in, the findings out. Pure Python; reading the file is documents.reading's.

Headings may be numbered any usual way (第一章, 一、, （一）, 1., 1.1) or not at all, and differ in spacing and
punctuation; a line of a table of contents (marked by the reader, or ending in a leader and a page number)
never counts as a heading."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .outlines import Annex, Heading, Outline

# Longest heading we consider, in characters after the number (the outline's longest title has 26).
HEADING_MAX_CHARS = 40
# How alike two normalised titles must be for a numbered or styled line to be taken as the outline's heading.
SIMILARITY = 0.8

CHECKED = "checked"
NO_TEXT = "no_text"
UNSUPPORTED = "unsupported"
UNREADABLE = "unreadable"
NO_TEXT_MESSAGE = "该PDF没有文字层（可能是扫描件），无法检查章节，请上传DOCX或带文字层的PDF"


@dataclass(frozen=True)
class Line:
    """A paragraph (DOCX) or a line of text (PDF) in the order of the file."""

    text: str
    level: int | None = None  # the file's own heading level (a Heading n / 标题 n style), when it says
    toc: bool = False  # inside a table of contents (a TOC field, a TOC style, a contents page)
    cell: bool = False  # inside a table's cell (a label such as 项目名称 there is no heading)


@dataclass(frozen=True)
class Findings:
    status: str  # CHECKED, or why the file could not be checked
    message: str = ""
    missing_sections: tuple[Heading, ...] = ()
    missing_annexes: tuple[Annex, ...] = ()
    matched: dict[str, str] = field(default_factory=dict)  # outline code → the line that answered it

    @property
    def complete(self) -> bool:
        return self.status == CHECKED and not self.missing_sections and not self.missing_annexes


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_AND = re.compile(r"以及|与|及|和|、")
_CN = "一二三四五六七八九十百零〇两"
_NUMBERS = (
    # (pattern, the level it usually marks, or None when the style says nothing)
    (re.compile(rf"^第\s*[{_CN}\d]+\s*[章篇部]\s*[、.．:：]?"), 1),
    (re.compile(rf"^第\s*[{_CN}\d]+\s*节\s*[、.．:：]?"), 2),
    (re.compile(rf"^[（(]\s*[{_CN}]+\s*[）)]\s*[、.．]?"), 2),
    (re.compile(rf"^[{_CN}]{{1,3}}(?:\s*[、.．，,/]|\s+)"), 1),
    (re.compile(r"^\d+(?:\s*[.．]\s*\d+)+\s*[.．、]?"), 2),
    (re.compile(r"^\d+\s*[、.．）)](?!\d)"), None),
    (re.compile(r"^[（(]\s*\d+\s*[）)]"), 3),
    (re.compile(r"^[①-⑳]"), 3),
    (re.compile(r"^\d+\s+(?=\D)"), None),
)
_ANNEX = re.compile(
    r"^(附\s*件|附\s*表|附\s*图|附\s*录|图|表)\s*[\d一二三四五六七八九十A-Za-z]*(?:\s*[-－.．]\s*\d+)*\s*[:：、.．]?\s*"
)
_CAPTION = re.compile(r"^(附\s*图|附\s*表|[图表]\s*\d)")
# A contents line: a leader (dots, ellipses, middle dots, dashes, a tab) then a page number at the end.
_TOC_LINE = re.compile(r"(?:\.{2,}|…+|·{2,}|．{2,}|-{3,}|－{2,}|—{2,}|_{3,}|\t)\s*[-－—]?\s*\d{1,4}\s*[-－—]?\s*$")
_PAGE_NUMBER_END = re.compile(r"\S\s+\d{1,4}$")
_CONTENTS_TITLE = re.compile(r"^\s*目\s*录\s*$|^\s*contents\s*$", re.IGNORECASE)


def normalize(text: str) -> str:
    """A title without spacing, punctuation and the ways of writing "and" (与, 及, 和, 、)."""
    text = unicodedata.normalize("NFKC", text)
    return _PUNCT.sub("", _AND.sub("和", text)).replace("其它", "其他").lower()


def split_number(text: str) -> tuple[int | None, bool, str]:
    """(the level the number suggests, whether the line is numbered, the title after the number)."""
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern, level in _NUMBERS:
        found = pattern.match(text)
        if found:
            return level, True, text[found.end() :].strip()
    return None, False, text


def is_toc_line(text: str) -> bool:
    return bool(_TOC_LINE.search(text.rstrip()))


def lines_of_pages(pages: list[str]) -> list[Line]:
    """The lines of a PDF's pages, those of its contents pages marked: a page titled 目录 (up to its last
    line that ends with a page number) and any line with a leader and a page number."""
    lines: list[Line] = []
    for page in pages:
        rows = [row for row in page.splitlines() if row.strip()]
        contents_end = -1
        if any(_CONTENTS_TITLE.match(row) for row in rows[:3]):
            for i, row in enumerate(rows):
                if is_toc_line(row) or _PAGE_NUMBER_END.search(row.strip()) or _CONTENTS_TITLE.match(row):
                    contents_end = i
        lines.extend(Line(row, toc=i <= contents_end or is_toc_line(row)) for i, row in enumerate(rows))
    return lines


def _similarity(key: str, name: str) -> float:
    if key == name:
        return 1.0
    if len(name) >= 3 and key.startswith(name):
        return max(0.85, 0.95 - 0.01 * (len(key) - len(name)))
    if key.startswith("本项目"):  # 本项目招标范围, 本项目编制依据: the writer's "this project" before the title
        rest = key.removeprefix("本项目")
        return 0.98 * max(_similarity(rest, name), _similarity("项目" + rest, name))
    return SequenceMatcher(None, key, name, autojunk=False).ratio()


def _names(heading_or_annex) -> tuple[str, ...]:
    return tuple(normalize(n) for n in heading_or_annex.names)


def match_headings(outline: Outline, lines: list[Line]) -> dict[str, str]:
    """{outline code: the line taken as that heading}. A numbered or styled line is a heading when its title
    is like one of the outline's; an unnumbered, unstyled line only when it is one exactly. Among alike
    headings, a section of the chapter being read wins over the same words elsewhere."""
    names = {h.code: _names(h) for h in outline.headings}
    matched: dict[str, str] = {}
    chapter: str | None = None
    for line in lines:
        if line.toc or line.cell or is_toc_line(line.text):
            continue
        hint, numbered, title = split_number(line.text)
        key = normalize(title)
        if not key or len(key) > HEADING_MAX_CHARS:
            continue
        level = line.level or hint
        threshold = SIMILARITY if (numbered or line.level) else 1.0
        best: tuple[float, Heading] | None = None
        for heading in outline.headings:
            score = max(_similarity(key, n) for n in names[heading.code])
            if score < threshold:
                continue
            if heading.level == 2 and heading.chapter == chapter:
                score += 0.05
            if level is not None and level == heading.level:
                score += 0.02
            if heading.code in matched:
                score -= 0.03
            if best is None or score > best[0]:
                best = (score, heading)
        if best is None:
            continue
        heading = best[1]
        chapter = heading.chapter
        matched.setdefault(heading.code, line.text.strip())
    return matched


def annexes_present(outline: Outline, lines: list[Line]) -> set[str]:
    """The titles of the outline's annexes the file has: a caption or an annex's title (附件3：系统网络拓扑图,
    表2 软硬件配置清单, or the title alone on its line). 图表资料 is there when any figure or table is captioned."""
    found: set[str] = set()
    for line in lines:
        if line.toc or is_toc_line(line.text):
            continue
        text = unicodedata.normalize("NFKC", line.text).strip()
        prefix = _ANNEX.match(text)
        captioned = bool(_CAPTION.match(text))
        rest = normalize(text[prefix.end() :] if prefix else split_number(text)[2])
        if not rest or len(rest) > HEADING_MAX_CHARS:
            continue
        for annex in outline.annexes:
            for name in _names(annex):
                exact = rest == name or (rest.startswith(name) and len(rest) <= len(name) + 8)
                if exact or (prefix and name in rest):
                    found.add(annex.title)
        if captioned and outline.annexes:
            found.add(outline.annexes[0].title)  # 图表资料: the report has captioned figures or tables
    return found


def check(outline: Outline, lines: list[Line]) -> Findings:
    """The required headings (and annexes) of `outline` that `lines` lack. A chapter is there when its
    heading or any of its sections is; a chapter that is missing is reported alone, not with each of its
    sections. Optional (*) headings and annexes are never reported."""
    matched = match_headings(outline, lines)
    missing: list[Heading] = []
    for chapter in outline.chapters():
        sections = outline.sections_of(chapter.code)
        if chapter.code not in matched and not any(s.code in matched for s in sections):
            if not chapter.optional:
                missing.append(chapter)
            continue
        missing.extend(s for s in sections if s.code not in matched and not s.optional)
    present = annexes_present(outline, lines)
    absent = tuple(a for a in outline.annexes if not a.optional and a.title not in present)
    return Findings(CHECKED, missing_sections=tuple(missing), missing_annexes=absent, matched=matched)


def unchecked(status: str, message: str) -> Findings:
    return Findings(status, message)
