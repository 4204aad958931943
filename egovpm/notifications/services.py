"""Use cases of the notifications: what a step of the one engine tells the parties it concerns, reading and
choosing channels, the Office's 催办, and the daily reminders (the cockpit's send_reminders gathers what is
due). E-mail (Django's mail settings) and SMS (sms.sms_backend) go out after the transaction commits."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.text import has_visible_text
from egovpm.lifecycle.engine import Actor, hidden, is_party
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.table import Transition
from egovpm.orgs.models import RoleGrant, User
from egovpm.projects.engine import facts_of
from egovpm.projects.models import Project

from .domain import DueReminder, digest_text
from .links import link_of
from .models import ChannelPreference, Notification, NotificationKind
from .sms import SmsError, sms_backend

log = logging.getLogger(__name__)


# -- what a step tells ----------------------------------------------------------------------------------


def _grants(roles) -> dict[int, tuple[frozenset, int | None]]:
    """{user id: (roles, unit id)} of the active users holding any of `roles`: one query."""
    found: dict[int, tuple[set, int | None]] = {}
    rows = RoleGrant.objects.filter(role__in=[r.value for r in roles], user__is_active=True).values_list(
        "user_id", "role", "user__unit_id"
    )
    for user_id, role, unit_id in rows:
        found.setdefault(user_id, (set(), unit_id))[0].add(Role(role))
    return {pk: (frozenset(r), unit) for pk, (r, unit) in found.items()}


def _project_of(obj) -> Project | None:
    return obj if isinstance(obj, Project) else getattr(obj, "project", None)


def notify_step(*, actor, obj, step, source: str, reason: str) -> list[Notification]:
    """projects.hooks STEP_TAKEN: inside the step's transaction, tell (1) the object's unit what another
    party decided or did (a unit sees each outcome of its projects, whatever the plan year), and (2) after a
    transition, whoever the table names for the next steps from the new stage that it is their turn.
    Never the actor. In-app; what falls due is reminded by the daily reminders on each user's channels."""
    facts = facts_of(obj)
    project = _project_of(obj)
    name = project.name if project is not None else str(obj)
    stage = obj.workflow.stage(obj.stage)
    who = f"{getattr(actor.unit, 'short_name', '') or getattr(actor.unit, 'name', '')}{actor}".strip()
    said = f"\n意见或理由：{reason}" if reason else ""
    messages: dict[int, tuple[str, str, str]] = {}
    transition = isinstance(step, Transition)
    by_unit = actor.unit_id == facts.unit_id and bool(actor.roles & APPLICANT_ROLES)
    if facts.unit_id and not by_unit:
        title = f"{name}：{stage.applicant_label}" if transition else f"{name}：{step.label}"
        body = f"{who}作出“{step.label}”（{step.article}）。{said}".strip()
        for pk, (_roles, unit_id) in _grants(APPLICANT_ROLES).items():
            if unit_id == facts.unit_id:
                messages[pk] = (NotificationKind.DECISION, title, body)
    if transition:
        turns: dict[int, list[str]] = defaultdict(list)
        nexts = [t for t in obj.workflow.outgoing(obj.stage) if not hidden(t, facts)]
        if nexts:
            grants = _grants(frozenset().union(*(t.roles for t in nexts)))
            for t in nexts:
                for pk, (roles, unit_id) in grants.items():
                    if is_party(t, Actor(roles=roles, unit_id=unit_id), facts)[0] and t.label not in turns[pk]:
                        turns[pk].append(t.label)
        for pk, labels in turns.items():
            todo = "或".join(labels)
            if pk in messages:
                kind, title, body = messages[pk]
                messages[pk] = (kind, title, f"{body}\n请办理：{todo}。")
            else:
                messages[pk] = (
                    NotificationKind.TASK,
                    f"待办理：{name} · {todo}",
                    f"{who}作出“{step.label}”，现为“{stage.label}”，请办理：{todo}。{said}",
                )
    messages.pop(actor.pk, None)
    if not messages:
        return []
    url, now = link_of(obj), clock.now()
    return Notification.objects.bulk_create(
        Notification(
            user_id=pk,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            project=project,
            plan_year=facts.plan_year,
            created_at=now,
        )
        for pk, (kind, title, body) in messages.items()
    )


# -- reading and channels -------------------------------------------------------------------------------


def _own(actor, notification: Notification) -> None:
    if notification.user_id != actor.pk:
        raise Refused("只能处理发给本人的通知。", code="forbidden")


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    _own(actor, notification)
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        audit_record(actor=actor, action="notification.read", obj=notification, after={"read": True})
    return notification


def notifications_mark_all_read(*, actor) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=clock.now())
        if count:
            audit_record(
                actor=actor,
                action="notification.read_all",
                object_type="notifications.notification",
                object_repr=f"{actor} 的通知",
                after={"read": count},
            )
    return count


def preference_of(user) -> ChannelPreference:
    """The user's channels (e-mail on, SMS off until they choose otherwise)."""
    found = ChannelPreference.objects.filter(user=user).first()
    return found or ChannelPreference(user=user, email=True, sms=False)


def channel_preference_update(*, actor, email: bool, sms: bool) -> ChannelPreference:
    errors = {}
    if email and not actor.email:
        errors["email"] = "您的账户没有登记电子邮箱，请联系系统管理员登记后再选择电子邮件。"
    if sms and not actor.phone:
        errors["sms"] = "您的账户没有登记联系电话，请联系系统管理员登记后再选择短信。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pref = ChannelPreference.objects.select_for_update().filter(user=actor).first()
        before = {"email": pref.email, "sms": pref.sms} if pref else {}
        pref = pref or ChannelPreference(user=actor)
        pref.email, pref.sms, pref.updated_at = email, sms, clock.now()
        pref.full_clean(validate_unique=False)
        pref.save()
        audit_record(
            actor=actor, action="notification.channels", obj=pref, before=before, after={"email": email, "sms": sms}
        )
    return pref


def _deliver(notifications: list[Notification], subject: str, text: str) -> None:
    """E-mail and SMS of one message to one user, on the channels they chose (after commit)."""
    if not notifications:
        return
    user = notifications[0].user
    pref = preference_of(user)
    emailed = texted = False
    if pref.email and user.email:
        try:
            send_mail(subject, text, None, [user.email])
            emailed = True
        except OSError:
            log.exception("e-mail to user %s failed", user.pk)
    if pref.sms and user.phone:
        try:
            sms_backend().send(user.phone, f"{subject}：{text}"[:300])
            texted = True
        except SmsError:
            log.exception("SMS to user %s failed", user.pk)
    if emailed or texted:
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed=emailed, texted=texted)


# -- the Office's 催办 ---------------------------------------------------------------------------------


def urge_send(*, actor, project: Project, subject: str, message: str = "", url: str = "") -> list[Notification]:
    """The Office reminds a unit about one specific item of its project (催办): every clerk and leader of
    the project's unit is told, on their channels; recorded on the audit chain."""
    if not actor.roles & OFFICE_ROLES:
        raise Refused("只有办公室可以催办。", code="forbidden")
    if not has_visible_text(subject):
        raise ValidationError({"subject": "请写明催办的事项。"})
    if not url.startswith("/"):
        url = ""
    recipients = list(
        User.objects.filter(
            unit_id=project.unit_id, is_active=True, role_grants__role__in=[r.value for r in APPLICANT_ROLES]
        ).distinct()
    )
    if not recipients:
        raise Refused("该项目建设单位没有可接收催办的申报经办人或单位负责人。")
    title = f"催办：{project.name} · {subject.strip()}"[:200]
    body = "\n".join(
        p for p in (f"{actor.unit.short_name or actor.unit.name}{actor}催办：{subject.strip()}", message.strip()) if p
    )
    with transaction.atomic():
        now = clock.now()
        created = Notification.objects.bulk_create(
            Notification(
                user=u, kind=NotificationKind.URGE, title=title, body=body, url=url, project=project, created_at=now
            )
            for u in recipients
        )
        audit_record(
            actor=actor,
            action="notification.urge",
            obj=project,
            after={"subject": subject.strip(), "message": message.strip(), "to": [u.pk for u in recipients]},
        )
        for n in created:
            transaction.on_commit(lambda n=n: _deliver([n], title, body))
    return created


# -- the daily reminders -------------------------------------------------------------------------------


def reminders_send(*, user, due: list[DueReminder]) -> list[Notification]:
    """Remind `user` of what is due (one in-app notification per item, deadline and kind of reminder, never
    twice: the unique key), and send one digest on their channels listing exactly the new ones."""
    if not due:
        return []
    keys = {r.key for r in due}
    sent = set(Notification.objects.filter(user=user, key__in=keys).values_list("key", flat=True))
    fresh = [r for r in due if r.key not in sent]
    if not fresh:
        return []
    now = clock.now()
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(
                Notification(
                    user=user,
                    kind=NotificationKind.REMINDER,
                    title=r.line[:200],
                    body=r.item.note,
                    url=r.item.url,
                    plan_year=getattr(getattr(r.item.declaration, "plan_year", None), "year", None),
                    key=r.key,
                    created_at=now,
                )
                for r in fresh
            )
            audit_record(
                actor=None,
                action="notification.reminders",
                object_type="orgs.user",
                object_id=str(user.pk),
                object_repr=str(user),
                after={"keys": [r.key for r in fresh]},
            )
            subject = f"办理期限提醒（{len(fresh)} 项）"
            transaction.on_commit(lambda: _deliver(created, subject, digest_text(fresh)))
    except IntegrityError:
        # another run reminded the same user meanwhile: theirs stands, nobody is reminded twice
        return []
    return created
