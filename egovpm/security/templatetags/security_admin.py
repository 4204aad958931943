from django import template

from egovpm.lifecycle.roles import ROLE_LABELS

register = template.Library()


@register.filter
def role_labels(values) -> str:
    """Role codes as recorded on the audit chain → their Chinese names."""
    return "、".join(ROLE_LABELS.get(v, v) for v in values or ()) or "—"


@register.filter
def policy_value(value) -> str:
    """A value of the security policy as recorded on the audit chain, for reading."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return role_labels(value)
    return "—" if value is None else str(value)
