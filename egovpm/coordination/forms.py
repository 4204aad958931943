"""Forms of 第六条: the filter of the Office's coordination page, an item of its coordinated plan, and its
two decisions on a flagged declaration. They parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.policy.loader import get_policy


def _areas() -> list[tuple[str, str]]:
    return [(area, area) for area in get_policy().intake.infrastructure_categories]


def _reason(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
        error_messages={"required": f"请填写{label}。"},
    )


class CoordinationFilterForm(forms.Form):
    """The plan year shown on the coordination page (GET); empty means every year."""

    plan_year = forms.TypedChoiceField(label="计划年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].choices = [("", "全部年度"), *((y, f"{y} 年度") for y in years)]

    def chosen_year(self, default: int) -> int | None:
        """The year asked for; `default` when the page is opened without a choice; None for every year."""
        if not self.is_bound or "plan_year" not in self.data:
            return default
        return self.cleaned_data.get("plan_year") if self.is_valid() else default


class CoordinatedItemForm(forms.Form):
    """An item of the Office's citywide coordinated plan (第六条)."""

    plan_year = forms.ModelChoiceField(
        label="计划年度",
        queryset=None,
        empty_label=None,
        error_messages={"required": "请选择计划年度。", "invalid_choice": "没有该计划年度。"},
    )
    name = forms.CharField(
        label="统筹建设内容",
        max_length=200,
        help_text="如“全市政务云存储扩容”。",
        error_messages={"required": "请填写统筹建设内容。"},
    )
    area = forms.ChoiceField(
        label="基础性系统类别",
        choices=_areas,
        error_messages={"required": "请选择基础性系统类别。", "invalid_choice": "请选择第六条所列的基础性系统类别。"},
    )
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years
        self.fields["plan_year"].label_from_instance = lambda py: f"{py.year} 年度"


class CoordinationFoldForm(forms.Form):
    """Fold a flagged declaration into an item of the coordinated plan of its plan year."""

    coordinated_item = forms.ModelChoiceField(
        label="纳入的统筹建设事项",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择统筹建设事项。", "invalid_choice": "请选择该项目计划年度的统筹建设事项。"},
    )
    reason = _reason("统筹说明", "说明纳入统筹的内容和方式，申报单位将看到此说明（第六条）。")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinated_item"].queryset = items
        self.fields["coordinated_item"].label_from_instance = lambda item: f"{item.name}（{item.area}）"


class CoordinationStandaloneForm(forms.Form):
    """Admit a flagged declaration as a standalone project, with the reason (第六条 "一般不单独立项")."""

    reason = _reason("同意单独立项的理由", "第六条规定基础性系统建设一般不单独立项；同意单独立项的，须说明理由。")
