"""The upload field of every page that stores a document: it offers the accepted types and says that the
type is judged by the content (documents.domain)."""

from __future__ import annotations

from django import forms

from .domain import ACCEPTED, ACCEPTED_LABEL

ACCEPT = ",".join(f".{t.extension}" for t in ACCEPTED)
HELP = f"仅接受 {ACCEPTED_LABEL}；文件类型按内容识别，扩展名须与内容一致。"


def file_field(label: str, *, required: bool = True) -> forms.FileField:
    errors = {"required": f"请上传{label}。", "empty": "文件为空，请重新选择。"}
    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})
    return forms.FileField(label=label, required=required, help_text=HELP, widget=widget, error_messages=errors)
