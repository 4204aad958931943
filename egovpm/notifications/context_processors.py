from egovpm.lifecycle.roles import BUSINESS_ROLES


def unread(request):
    """Whether the header shows the notifications link (the business roles). Its unread badge is fetched by
    the link itself (notifications:badge, htmx), so that no page pays a query for it."""
    user = getattr(request, "user", None)
    return {"show_notifications": bool(user is not None and user.is_authenticated and user.roles & BUSINESS_ROLES)}
