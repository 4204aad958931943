"""Forms of the initial review (第七条(二)): they parse and type input; services decide."""

from __future__ import annotations

from django import forms

from egovpm.intake.models import ProcurementCategory, Recommendation


class ReviewRoundForm(forms.Form):
    plan_year = forms.ModelChoiceField(label="计划年度", queryset=None, empty_label=None)
    name = forms.CharField(label="轮次名称", max_length=100, help_text="例如：第一批初审")
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years


class ReviewStartForm(forms.Form):
    """The parties invited to a review: Finance's and Audit's reviewers and experts to the initial review
    (第七条(二)); the departments' reviewers and experts to the joint review (JointReviewStartForm, 第九条(三))."""

    reviewers = forms.ModelMultipleChoiceField(
        label="邀请参加初审",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选人员不能受邀参加初审。", "invalid_pk_value": "所选人员无效。"},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers

    def selected_reviewer_ids(self) -> set[str]:
        """The ids ticked so far (to keep the boxes ticked when the page is shown again)."""
        if self.is_bound:
            return set(self.data.getlist(self.add_prefix("reviewers")))
        return set()


class InitialReviewStartForm(ReviewStartForm):
    review_round = forms.ModelChoiceField(
        label="初审轮次",
        queryset=None,
        empty_label="请选择",
        error_messages={"required": "请选择初审轮次。", "invalid_choice": "请选择本计划年度的初审轮次。"},
    )
    field_order = ("review_round", "reviewers")

    def __init__(self, *args, review_rounds, reviewers, **kwargs):
        super().__init__(*args, reviewers=reviewers, **kwargs)
        self.fields["review_round"].queryset = review_rounds


class ReviewOpinionForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="结论建议",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择结论建议。"},
    )
    opinion = forms.CharField(
        label="意见",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="对项目提出书面调整意见或评价。",
        error_messages={"required": "请填写意见。"},
    )


class ProcurementItemForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=ProcurementCategory.choices)
    name = forms.CharField(label="品目名称", max_length=100)
    specification = forms.CharField(label="规格要求", max_length=200, required=False)
    quantity = forms.IntegerField(label="数量", min_value=1)
    estimated_amount = forms.DecimalField(label="预算金额（万元）", max_digits=14, decimal_places=2, min_value=0)
