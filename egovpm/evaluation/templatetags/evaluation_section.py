"""The evaluation facts the declaration page's section needs beyond its context."""

from django import template

from egovpm.evaluation.selectors import declaration_section

register = template.Library()


@register.simple_tag
def evaluation_info(user, declaration) -> dict:
    """第二十六条 the ex-ante evaluations of the declaration; 第二十八条 the project's in-use results where O&M
    funds are declared (evaluation/_declaration.html)."""
    return declaration_section(user, declaration)
