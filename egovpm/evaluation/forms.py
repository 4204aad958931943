from django import forms

from egovpm.core.fields import date_field

from . import domain


class ScoreForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    score = forms.DecimalField(label="评分（0–100）", min_value=0, max_value=100, decimal_places=2, max_digits=5)
    evidence = forms.CharField(label="评分依据", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    comment = forms.CharField(label="评价意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ConcurForm(forms.Form):
    opinion = forms.CharField(label="会签意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label="评估种类", choices=domain.KINDS)
    evaluator = forms.ModelChoiceField(label="评价人员", queryset=None)
    contract_number = forms.CharField(label="委托合同编号", max_length=60, required=False)
    due = date_field("完成期限", required=False)
    round_label = forms.CharField(label="评估轮次（应用评估）", max_length=100, required=False)

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators
