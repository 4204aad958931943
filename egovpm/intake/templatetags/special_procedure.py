"""The 第八条/第九条 facts the declaration page's special-procedure section needs beyond its context."""

from django import template

from egovpm.intake.selectors_special import special_section

register = template.Library()


@register.simple_tag
def special_info(user, declaration) -> dict:
    """The letter, the record of the steps and what the applicant may prepare (intake/detail/_special.html)."""
    return special_section(user, declaration)
