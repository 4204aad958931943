import json

from django import template

from egovpm.audit.labels import action_label
from egovpm.core.personal import mask_personal

register = template.Library()

register.filter("action_label", action_label)


@register.filter
def as_json(value) -> str:
    """A before/after dict of an event for reading, its personal fields (phones, ID numbers) masked: the
    audit administrator sees what happened, not personal data (the stored event is unchanged)."""
    return json.dumps(mask_personal(value), ensure_ascii=False, sort_keys=True, indent=1, default=str) if value else ""
