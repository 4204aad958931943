"""Forms of the construction pages. They parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field
from egovpm.documents.fields import file_field
from egovpm.intake.forms.declaration import WanField

from .models import EstimateItemKind, IncidentKind

TEXT = {"required": "请填写此项。"}


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}。"},
    )


def _line(label: str, max_length: int, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}最多 {max_length} 个字。"},
    )


class OpenForm(forms.Form):
    """第十一条: open a funded project of the unit for construction."""

    project = forms.TypedChoiceField(
        label="已安排资金的项目",
        coerce=int,
        error_messages={"required": "请选择项目。", "invalid_choice": "请选择项目。"},
    )
    involves_secrets = forms.BooleanField(
        label="涉及国家秘密",
        required=False,
        help_text="第十一条、第三十一条：涉密项目按照保密法律、法规执行，本平台只登记办理情况，不上传涉密内容。",
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, f"{p.code} {p.name}") for p in projects]


class ResponsibilityForm(forms.Form):
    """第十二条."""

    implementation_body = _line("项目实施机构", 200)
    leader_name = _line("项目负责人", 50)
    leader_phone = _line("项目负责人联系电话", 30)
    responsible_leader = _line("负总责的主管领导", 50)
    responsible_leader_title = _line("主管领导职务", 60)
    management_rules = file_field("项目管理制度（可选）", required=False)


class ItemsForm(forms.Form):
    """An estimate by item (投资概算): one amount in 万元 and a short description per EstimateItemKind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in EstimateItemKind.choices:
            self.fields[f"item_{kind}"] = WanField(label=f"{label}（万元）")
            self.fields[f"desc_{kind}"] = forms.CharField(label=f"{label}·内容说明", max_length=200, required=False)

    def item_rows(self):
        return [(label, self[f"item_{kind}"], self[f"desc_{kind}"]) for kind, label in EstimateItemKind.choices]

    def amounts(self) -> dict:
        return {kind: self.cleaned_data.get(f"item_{kind}") for kind in EstimateItemKind.values}

    def descriptions(self) -> dict:
        return {kind: self.cleaned_data.get(f"desc_{kind}", "") for kind in EstimateItemKind.values}


class EstimateForm(ItemsForm):
    """第十四条 初步设计方案和投资概算."""

    design_summary = _text("初步设计方案（主要内容）", rows=5)
    design_document = file_field("初步设计方案文件（可选）", required=False)

    def service_arguments(self) -> dict:
        return {
            "design_summary": self.cleaned_data["design_summary"],
            "amounts": self.amounts(),
            "descriptions": self.descriptions(),
            "design_document": self.cleaned_data.get("design_document"),
        }


class AdjustmentForm(ItemsForm):
    """第十四条 调整报告: submitted before the change."""

    changes = _text("调整内容（主要建设内容或投资概算的变化）")
    reason = _text("调整理由")

    def service_arguments(self) -> dict:
        return {
            "changes": self.cleaned_data["changes"],
            "reason": self.cleaned_data["reason"],
            "amounts": self.amounts(),
            "descriptions": self.descriptions(),
        }


class DecisionForm(forms.Form):
    """The 项目审批部门's decision on an estimate or an adjustment request."""

    decision = forms.ChoiceField(
        label="审批结论",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审批结论。", "invalid_choice": "请选择审批结论。"},
    )
    reason = _text("意见或理由", required=False, help_text="退回或不予批准的，须写明理由。")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class ProgressForm(forms.Form):
    """第十二条: progress, design changes and estimate control, reported by the project leader."""

    period_end = date_field("报告期截至")
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度。",
            "invalid": "完成进度须为整数。",
            "min_value": "完成进度须为 0 到 100 之间的整数（%）。",
            "max_value": "完成进度须为 0 到 100 之间的整数（%）。",
        },
    )
    milestones = _text("已完成的里程碑")
    schedule_status = _text("建设进度情况")
    design_changes = _text("设计变更情况", required=False)
    estimate_control = _text("概算控制情况")
    issues = _text("存在问题", required=False)


class DesignChangeForm(forms.Form):
    """第十二条, 第十四条."""

    description = _text("变更内容")
    major = forms.BooleanField(label="属重大设计变更", required=False)
    items = forms.MultipleChoiceField(
        label="涉及的概算项目",
        required=False,
        choices=EstimateItemKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择变更涉及的概算项目。"},
    )
    adjustment = forms.TypedChoiceField(
        label="事先批准的概算调整报告",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="第十四条：重大设计变更须事先报批；未经批准的，记为事后报告，其超概算部分不再受理调整申请。",
        error_messages={"invalid_choice": "只能选择本项目已批准的概算调整报告。"},
    )

    def __init__(self, *args, adjustments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjustment"].choices = [("", "无（未经批准）")] + [
            (a.pk, f"{a.decided_at:%Y-%m-%d} 批准：{a.changes[:40]}") for a in adjustments
        ]
        self._adjustments = {a.pk: a for a in adjustments}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "major": data["major"],
            "items": data["items"],
            "adjustment": self._adjustments.get(data.get("adjustment")),
        }


class IncidentForm(forms.Form):
    """第十五条."""

    kind = forms.ChoiceField(
        label="问题类型",
        choices=IncidentKind.choices,
        error_messages={"required": "请选择问题类型。", "invalid_choice": "请选择问题类型。"},
    )
    occurred_on = date_field("发生日期")
    description = _text("情况说明")
    measures = _text("已采取的措施", required=False)


class SharingForm(forms.Form):
    """第十六条."""

    connected_on = date_field("接入日期")
    interface = _line("接口说明", 300)
    entry_ids = forms.MultipleChoiceField(
        label="服务的政务信息资源目录",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "只能选择本项目政务信息资源目录中的资源。"},
    )
    evidence = file_field("接入证明材料（可选）", required=False)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_ids"].choices = [(str(e.pk), f"{e.code} {e.name}") for e in entries]


class ReasonForm(forms.Form):
    reason = _text("理由")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类型", error_messages={"required": "请选择材料类型。", "invalid_choice": "请选择建设材料的类型。"}
    )
    file = file_field("文件")

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class ConstructionFilterForm(forms.Form):
    stage = forms.ChoiceField(label="状态", required=False)
    q = forms.CharField(label="项目名称或编号", required=False, max_length=100)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "全部状态"), *stages]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"stage": self.cleaned_data["stage"], "q": self.cleaned_data["q"].strip()}
