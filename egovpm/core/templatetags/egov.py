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


@register.filter
def days_left(due_date) -> str:
    """How long until a due date, in the Beijing calendar: 今天到期, 还有 N 天, 已逾期 N 天."""
    if not due_date:
        return ""
    days = (due_date - clock.today()).days
    if days == 0:
        return "今天到期"
    return f"还有 {days} 天" if days > 0 else f"已逾期 {-days} 天"
