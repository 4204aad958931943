"""Form fields every app's pages share, with their Chinese messages at the field."""

from __future__ import annotations

from django import forms


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    """A date picked in the browser (年-月-日)."""
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    errors = {"required": f"请填写{label}。", "invalid": "请按 年-月-日 填写日期。"}
    return forms.DateField(label=label, required=required, widget=widget, error_messages=errors)
