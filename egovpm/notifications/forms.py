from django import forms

from egovpm.core.fields import text_field


class ChannelsForm(forms.Form):
    email = forms.BooleanField(label="电子邮件", required=False)
    sms = forms.BooleanField(label="短信", required=False)


class UrgeForm(forms.Form):
    subject = forms.CharField(label="催办事项", max_length=150, error_messages={"required": "请写明催办的事项。"})
    message = text_field("补充说明", required=False)
    url = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
