import json

from django import template

from egovpm.audit.labels import action_label

register = template.Library()

register.filter("action_label", action_label)


@register.filter
def as_json(value) -> str:
    """A before/after dict of an event, as the chain hashed it, for reading."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=str) if value else ""
