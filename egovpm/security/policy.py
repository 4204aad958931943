"""The security policy in force: the security administrator's record, else the level-3 default."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .domain import SecurityPolicy, parse_security_policy

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "mlps3.json"


@functools.cache
def _default_text() -> str:
    return DEFAULT_FILE.read_text(encoding="utf-8")


def _default_data() -> dict:
    return json.loads(_default_text())


def default_policy() -> SecurityPolicy:
    return parse_security_policy(_default_data())


def security_policy() -> SecurityPolicy:
    """Read on each use (one indexed query), so a change applies at once in every worker process."""
    from .models import SecurityPolicyRecord

    record = SecurityPolicyRecord.objects.filter(pk=1).values_list("data", flat=True).first()
    # A record saved before a field was added to the policy takes that field's level-3 default.
    return parse_security_policy(record, defaults=_default_data()) if record else default_policy()
