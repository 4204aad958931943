"""Personal data in templates: {% load masking %} (the rules are egovpm.security.masking)."""

from django import template

from egovpm.security import masking

register = template.Library()


@register.filter
def mask_phone(value):
    """A phone number masked for everyone (138****5678)."""
    return masking.mask_phone(value)


@register.filter
def mask_id_number(value):
    """A resident ID number masked for everyone (3206**********1234)."""
    return masking.mask_id_number(value)


@register.simple_tag(takes_context=True)
def phone_for(context, owner, value):
    """{% phone_for declaration declaration.leader_phone %}: in full for the person, their unit, its
    supervising unit and the Office; masked for everyone else (egovpm.security.masking)."""
    request = context.get("request")
    return masking.phone_for(getattr(request, "user", None), owner, value)


@register.simple_tag(takes_context=True)
def id_number_for(context, owner, value):
    """{% id_number_for person person.id_number %}: the same rule for resident ID numbers."""
    request = context.get("request")
    return masking.id_number_for(getattr(request, "user", None), owner, value)
