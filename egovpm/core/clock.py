"""The one clock of the platform.

Every rule that depends on the date asks this module, never `datetime.now()`
or `timezone.now()` directly, so that tests can inject a fixed instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

_provider: Callable[[], dt.datetime] | None = None


def now() -> dt.datetime:
    """The current instant, timezone-aware."""
    if _provider is not None:
        return _provider()
    return dt.datetime.now(tz=dt.UTC)


def today() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return now().astimezone(TZ).date()


def local_date(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai calendar day of a stored moment."""
    return moment.astimezone(TZ).date()


def set_provider(provider: Callable[[], dt.datetime] | None) -> None:
    global _provider
    _provider = provider


@contextmanager
def frozen(at: dt.datetime | dt.date) -> Iterator[None]:
    """Freeze the clock at `at` (a date means noon of that day in Asia/Shanghai)."""
    if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(12, 0), tzinfo=TZ)
    if at.tzinfo is None:
        at = at.replace(tzinfo=TZ)
    previous = _provider
    set_provider(lambda: at)
    try:
        yield
    finally:
        set_provider(previous)
