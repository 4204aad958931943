"""Notifications: each user's own — decisions that concern them, their turn, reminders, the Office's 催办."""

from ninja import Query, Router

from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.notifications import selectors, services

from ..access import ObjectId, answers, paginate, require_roles
from ..errors import not_found
from ..schemas.notifications import NotificationFilters, NotificationOut, NotificationPage, ReadAllOut

router = Router(tags=["通知 / Notifications"])


def _out(n) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": n.get_kind_display(),
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "project_id": n.project_id,
        "plan_year": n.plan_year,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "",
    operation_id="notification_list",
    summary="我的通知 / My notifications",
    description="本人的通知（办理结果、待办、期限提醒、催办），最新在前。角色：各业务角色。 / The caller's own notifications, newest first. Roles: every business role.",
    **answers(NotificationPage, 401, 403, 422),
)
def notification_list(request, filters: Query[NotificationFilters]):
    require_roles(request.user, BUSINESS_ROLES)
    rows = selectors.notifications_of(request.user, unread=filters.unread)
    return {**paginate(rows, filters, _out), "unread": selectors.unread_count(request.user)}


@router.post(
    "/read-all",
    operation_id="notification_read_all",
    summary="全部标为已读 / Mark all read",
    description="把本人的全部未读通知标为已读。角色：各业务角色。 / Marks every unread notification of the caller read.",
    **answers(ReadAllOut, 401, 403),
)
def notification_read_all(request):
    require_roles(request.user, BUSINESS_ROLES)
    return {"read": services.notifications_mark_all_read(actor=request.user)}


@router.post(
    "/{notification_id}/read",
    operation_id="notification_read",
    summary="标为已读 / Mark read",
    description="把本人的一条通知标为已读（他人的通知答 404）。角色：各业务角色。 / Marks one of the caller's notifications read (another's: 404).",
    **answers(NotificationOut, 401, 403, 404, 422),
)
def notification_read(request, notification_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    found = selectors.notification_get(request.user, notification_id)
    if found is None:
        raise not_found("该通知不存在。")
    return _out(services.notification_mark_read(actor=request.user, notification=found))
