"""Form of the re-review (第七条(四)): it parses and types input; services decide."""

from __future__ import annotations

from django import forms


class ReReviewApproveForm(forms.Form):
    """The written approval opinion (书面意见) and the approved investment."""

    opinion = forms.CharField(
        label="书面意见",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="依据初审意见及有关规定，对可行性研究报告、政务信息资源预编目录、专家初步论证意见的复核意见。",
        error_messages={"required": "请填写书面意见。"},
    )
    approved_amount = forms.DecimalField(
        label="核定投资（万元）",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"required": "请填写核定投资。", "invalid": "请输入金额（万元，最多两位小数）。"},
    )
