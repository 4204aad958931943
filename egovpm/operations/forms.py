"""Forms of operations: they parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import text_field
from egovpm.documents.fields import file_field
from egovpm.intake.forms.declaration import WanField

from .domain import INCIDENT_KINDS, MODES, SEVERITIES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label: str, *, required: bool = True) -> forms.DateTimeField:
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    errors = {"required": f"请填写{label}。", "invalid": "请按 年-月-日 时:分 填写时间（北京时间）。"}
    return forms.DateTimeField(
        label=label, required=required, widget=widget, input_formats=DATETIME_FORMATS, error_messages=errors
    )


class PrepareForm(forms.Form):
    """第二十二条: 项目运行机构, 管理制度, 运行维护费用."""

    operating_body = forms.CharField(
        label="项目运行机构",
        max_length=200,
        required=False,
        help_text="如：市人民医院信息科（负责日常运行和维护管理）。",
    )
    cost_assurance = text_field(
        "运行维护费用落实情况", required=False, rows=3, help_text="如：列入单位年度部门预算，按第二十四条申报。"
    )
    rules = file_field("项目运行维护管理制度", required=False)


class ModeForm(forms.Form):
    """第二十三条: the O&M mode, with the entrusted body or the government procurement it needs."""

    mode = forms.ChoiceField(
        label="运行维护方式", choices=(("", "请选择"), *MODES), error_messages={"required": "请选择运行维护方式。"}
    )
    entrusted_body = forms.CharField(label="受委托的运行维护机构（集中运维）", max_length=200, required=False)
    entrusted_qualification = forms.CharField(
        label="受委托机构的资质（集中运维）", max_length=200, required=False, help_text="资质名称、等级及证书编号。"
    )
    procurement = forms.ModelChoiceField(
        label="政府采购记录（外包运维）", queryset=None, required=False, empty_label="请选择"
    )
    reason = text_field("确定或变更的理由", required=False, rows=2, help_text="变更运行维护方式时必填。")

    def __init__(self, *args, procurements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procurement"].queryset = procurements


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label="事件类型", choices=INCIDENT_KINDS)
    severity = forms.ChoiceField(label="严重程度", choices=SEVERITIES)
    occurred_at = datetime_field("发生时间")
    resolved_at = datetime_field("处置完成时间", required=False)
    description = text_field("事件经过")
    measures = text_field("采取的措施")


class IncidentResolveForm(forms.Form):
    resolved_at = datetime_field("处置完成时间")
    measures = text_field("采取的措施")


class MaintenanceDeclarationForm(forms.Form):
    """第二十四条: next year's O&M declaration of the project, through the general procedure."""

    plan_year = forms.ModelChoiceField(
        label="计划年度", queryset=None, empty_label=None, error_messages={"required": "请选择计划年度。"}
    )
    annual_requirement = WanField(label="年度运行维护经费（万元）")
    purpose_and_content = text_field("运行维护内容", help_text="运行维护的范围、内容和依据的标准。")

    def __init__(self, *args, plan_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years


class FinalAuditForm(forms.Form):
    scope = text_field("审计安排", help_text="竣工决算审计的范围、依据和时间安排。")


class AuditFindingForm(forms.Form):
    description = text_field("审计发现")
    evidence = file_field("证据材料", required=False)
