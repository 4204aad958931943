"""GB/T 9704-2012 as data: heading numbering, the date, the page number, the issuer's size, the page."""

import datetime as dt

import pytest

from egovpm.core.text import chinese_numeral
from egovpm.official import domain as d


@pytest.mark.supports("第七条(四)")
def test_heading_levels_number_as_the_standard_prescribes():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 35, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "三十五",
        "九十九",
    ]
    assert [d.heading_mark(level, 3) for level in (d.H1, d.H2, d.H3, d.H4)] == ["三、", "（三）", "3.", "（3）"]
    assert d.heading(d.H2, 12, "建设内容") == d.Block("（十二）建设内容", d.H2)
    with pytest.raises(ValueError):
        chinese_numeral(100)


@pytest.mark.supports("第七条(四)")
def test_a_users_text_keeps_its_own_numbering_as_heading_levels():
    blocks = d.paragraphs("一、总体意见\n  同意建设。\n\n（二）建设内容\n1. 压缩硬件\n（1）利用政务云\n2026年计划")
    assert [b.level for b in blocks] == [d.H1, d.BODY, d.H2, d.H3, d.H4, d.BODY]
    assert blocks[1].text == "同意建设。"


@pytest.mark.supports("第七条(四)")
def test_date_page_number_and_page_follow_the_standard():
    assert d.official_date(dt.date(2026, 12, 4)) == "2026年12月4日"
    assert d.page_number_text(7) == "— 7 —"
    assert (d.MARGIN_TOP_MM, d.MARGIN_BINDING_MM, d.MARGIN_BOTTOM_MM, d.MARGIN_OUTER_MM) == (37, 28, 35, 26)
    assert round(d.LINE_PITCH_PT * d.LINES_PER_PAGE * d.MM_PER_PT) == d.TEXT_HEIGHT_MM == 225
    assert round(d.CHAR_PITCH_PT * d.CHARS_PER_LINE * d.MM_PER_PT) == d.TEXT_WIDTH_MM == 156
    issuer = "启东市政务信息系统整合共享工作领导小组办公室"
    size = d.issuer_size_pt(issuer)
    assert size * len(issuer) * d.MM_PER_PT <= d.TEXT_WIDTH_MM  # the red head stays within the text block
    assert d.issuer_size_pt("启东市财政局") == d.ISSUER_MAX_PT
