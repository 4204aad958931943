from django import forms


class VerifyForm(forms.Form):
    """文号 and the SHA-256 of the copy to check (or the PDF itself, whose hash the page computes)."""

    number = forms.CharField(
        label="文号",
        max_length=60,
        help_text="印在公文版头的发文字号，如 启政整办〔2026〕12号。",
        error_messages={"required": "请填写文号。"},
    )
    sha256 = forms.CharField(
        label="SHA-256",
        max_length=64,
        required=False,
        help_text="公文 PDF 文件的 SHA-256 值（64 位十六进制），或在下方选择 PDF 文件。",
    )
    file = forms.FileField(label="公文 PDF 文件", required=False)

    def clean_sha256(self):
        value = self.cleaned_data["sha256"].strip().lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise forms.ValidationError("SHA-256 应为 64 位十六进制数字。")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("sha256") and not data.get("file") and not self.errors:
            raise forms.ValidationError("请填写 SHA-256 值，或选择公文 PDF 文件。")
        return data
