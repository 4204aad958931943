"""The 第六条 facts the declaration page's infrastructure section needs beyond its context."""

from django import template

from egovpm.coordination.selectors import coordination_section

register = template.Library()


@register.simple_tag
def coordination_info(user, declaration) -> dict:
    """The areas, the Office's decision and whether this user may decide now (coordination/_declaration.html)."""
    return coordination_section(user, declaration)
