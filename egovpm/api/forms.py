"""The token form: parses input; api.services decides."""

from django import forms

from .models import TokenScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="名称",
        max_length=100,
        help_text="用途，例如“共享交换平台同步”。",
        error_messages={"required": "请填写令牌名称。"},
    )
    scope = forms.ChoiceField(
        label="权限范围",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="只读令牌只能查询；读写令牌还能以您的身份办理业务。",
        error_messages={"required": "请选择权限范围。"},
    )
