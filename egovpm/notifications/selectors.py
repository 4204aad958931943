"""Reads of the notifications: a person sees only their own."""

from __future__ import annotations

from .models import Notification


def notifications_of(user, *, unread: bool = False):
    rows = Notification.objects.filter(user=user)
    return rows.filter(read_at__isnull=True) if unread else rows


def notification_get(user, pk: int) -> Notification | None:
    return Notification.objects.filter(user=user, pk=pk).first()


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
