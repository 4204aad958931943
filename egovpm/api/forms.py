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
    otp_token = forms.CharField(
        label="身份验证器验证码",
        max_length=32,
        help_text="创建令牌须再次验证第二因素：输入身份验证器上当前显示的 6 位数字（或一个恢复码）。",
        error_messages={"required": "请填写身份验证器上显示的 6 位验证码（或一个恢复码）。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
