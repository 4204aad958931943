"""Forms of the security administrator's pages. They parse input; the rules are the services'."""

from __future__ import annotations

import dataclasses

from django import forms

from egovpm.lifecycle.roles import ROLE_LABELS, Role

from .domain import BOUNDS, LABELS, SecurityPolicy

ROLE_CHOICES = [(r.value, label) for r, label in ROLE_LABELS.items()]
YES_NO = [("", "不限"), ("yes", "是"), ("no", "否")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, choices=YES_NO, coerce=lambda v: v == "yes", empty_value=None
    )


class UserFilterForm(forms.Form):
    """The filters of 用户与角色 (GET)."""

    q = forms.CharField(label="用户名或姓名", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=None, empty_label="全部单位")
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *ROLE_CHOICES])
    active = _yes_no("启用")
    two_factor = _yes_no("已启用双因素认证")
    locked = _yes_no("已锁定")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """Keyword arguments for selectors_admin.users_for_security from the valid filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        unit = data.get("unit")
        return {
            "q": (data.get("q") or "").strip(),
            "unit_id": unit.pk if unit else None,
            "role": data.get("role") or "",
            "active": data.get("active"),
            "two_factor": data.get("two_factor"),
            "locked": data.get("locked"),
        }


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色", required=False, choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class UserUnitForm(forms.Form):
    """The unit of a user (the security administrator's: it decides whose projects the roles reach)."""

    unit = forms.ModelChoiceField(label="单位", required=False, queryset=None, empty_label="（不属于任何单位）")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SecurityPolicyForm(forms.Form):
    """Every field of SecurityPolicy, labelled from domain.LABELS; the bounds are checked by the service
    (security_policy_problems) so that the same rule holds for every caller."""

    def __init__(self, *args, policy: SecurityPolicy, **kwargs):
        initial = policy.as_dict()
        super().__init__(*args, initial=initial, **kwargs)
        for field in dataclasses.fields(SecurityPolicy):
            self.fields[field.name] = self._field(field.name, initial[field.name])

    @staticmethod
    def _field(name: str, value) -> forms.Field:
        label = LABELS[name]
        if name == "two_factor_roles":
            return forms.MultipleChoiceField(
                label=label, required=False, choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
            )
        if isinstance(value, bool):
            return forms.BooleanField(label=label, required=False)
        if isinstance(value, int):
            low, high = BOUNDS[name]
            return forms.IntegerField(label=label, help_text=f"{low}–{high}")
        return forms.CharField(label=label, max_length=100)

    def policy(self) -> SecurityPolicy:
        data = dict(self.cleaned_data)
        data["two_factor_roles"] = frozenset(Role(r) for r in data["two_factor_roles"])
        return SecurityPolicy(**data)
