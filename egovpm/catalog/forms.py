"""The catalog entry form: parses and types input; the rules live in egovpm.catalog.services and domain."""

from django import forms

from .models import OpenAttribute, ShareType, UpdateCycle


class CatalogEntryForm(forms.Form):
    """Core fields of an entry of the pre-compiled government information resource catalog."""

    name = forms.CharField(label="资源名称", max_length=200)
    code = forms.CharField(label="资源代码", max_length=60, help_text="本项目内唯一，如 QD-RES-0001。")
    provider = forms.CharField(label="提供方", max_length=200)
    category = forms.CharField(label="分类", max_length=100)
    summary = forms.CharField(label="摘要", widget=forms.Textarea(attrs={"rows": 3}))
    format = forms.CharField(label="格式", max_length=60, help_text="如 数据库、电子文件、图形图像、接口。")
    items = forms.CharField(label="信息项", widget=forms.Textarea(attrs={"rows": 5}), help_text="每行一个信息项。")
    share_type = forms.ChoiceField(label="共享类型", choices=ShareType.choices, widget=forms.RadioSelect)
    share_condition = forms.CharField(
        label="共享条件或不予共享依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="有条件共享须写明共享条件；不予共享须写明法律法规或政策依据。",
    )
    open_attribute = forms.ChoiceField(label="开放属性", choices=[("", "请选择"), *OpenAttribute.choices])
    update_cycle = forms.ChoiceField(label="更新周期", choices=[("", "请选择"), *UpdateCycle.choices])
    # The version the editor saw (an edit): the service refuses when someone changed the entry since.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_entry(cls, entry, data=None):
        return cls(data, initial={name: getattr(entry, name) for name in cls.base_fields})
