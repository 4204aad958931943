"""Form fields every app's pages share, with their Chinese messages at the field."""

from __future__ import annotations

from django import forms


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    """A date picked in the browser (年-月-日)."""
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    errors = {"required": f"请填写{label}。", "invalid": "请按 年-月-日 填写日期。"}
    return forms.DateField(label=label, required=required, widget=widget, error_messages=errors)


def text_field(label: str, *, required: bool = True, rows: int = 4, help_text: str = "") -> forms.CharField:
    """A reason, an opinion or a description, kept as typed (the services judge blank and invisible text)."""
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}。"},
    )
