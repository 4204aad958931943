"""The 第七条(三) facts the declaration page's feasibility section needs beyond its context."""

from django import template

from egovpm.intake.selectors import feasibility_state

register = template.Library()


@register.simple_tag
def feasibility_info(user, declaration) -> dict:
    """{shown, due, overdue, can_prepare} for the declaration page (intake/detail/_feasibility.html)."""
    return feasibility_state(user, declaration)
