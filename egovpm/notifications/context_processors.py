from django.utils.functional import SimpleLazyObject

from egovpm.lifecycle.roles import BUSINESS_ROLES

from .selectors import unread_count


def unread(request):
    """The header's unread badge: counted once, when the page shows it (the business roles)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.roles & BUSINESS_ROLES:
        return {"unread_notifications": None}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
