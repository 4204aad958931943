"""第五条's facts for the declaration page's section (duplication/_declaration.html)."""

from django import template

from egovpm.duplication.selectors import duplication_section

register = template.Library()


@register.simple_tag
def duplication_info(user, declaration) -> dict:
    return duplication_section(user, declaration)
