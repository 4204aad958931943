"""The 第六条 facts the declaration page's infrastructure section needs beyond its context."""

from django import template

from egovpm.intake.selectors_coordination import coordination_section

register = template.Library()


@register.simple_tag
def coordination_info(user, declaration) -> dict:
    """The areas, the Office's decision and whether this user may decide now (intake/detail/_infrastructure.html)."""
    return coordination_section(user, declaration)
