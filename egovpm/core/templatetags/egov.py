from django import template

from egovpm.core import clock
from egovpm.core.money import fmt_wan

register = template.Library()


@register.filter
def wan(value):
    """Format a Decimal 万元 amount."""
    return fmt_wan(value)


@register.simple_tag
def today():
    return clock.today()


@register.filter
def overdue(due_date):
    return bool(due_date) and due_date < clock.today()
