"""Forms of 第五条: the Office's judgement of a similar pair and the unit's statement. They parse input only;
the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import text_field
from egovpm.duplication.models import Remedy, Verdict


class JudgementForm(forms.Form):
    verdict = forms.ChoiceField(
        label="判定", choices=Verdict.choices, widget=forms.RadioSelect, error_messages={"required": "请选择判定结果。"}
    )
    remedy = forms.ChoiceField(
        label="处理方式",
        choices=Remedy.choices,
        widget=forms.RadioSelect,
        help_text="重复建设：合并建设或复用已有系统；部分重叠：通过共享交换平台共享；不重复：无需处理。",
        error_messages={"required": "请选择处理方式。"},
    )
    reason = text_field("判定理由")


class StatementForm(forms.Form):
    reason = text_field(
        "不重复的理由", help_text="例如：服务对象、业务范围或建设内容的不同之处，以及与该项目的衔接方式。"
    )
