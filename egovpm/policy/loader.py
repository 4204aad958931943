"""The one loader of the policy in force (settings.EGOVPM_POLICY)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

from .domain import Policy, parse_policy

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_policy_file(name_or_path: str) -> Policy:
    path = Path(name_or_path)
    if not path.suffix:
        path = DATA_DIR / f"{name_or_path}.json"
    return parse_policy(json.loads(path.read_text(encoding="utf-8")))


@cache
def _cached(name_or_path: str) -> Policy:
    return load_policy_file(name_or_path)


def get_policy() -> Policy:
    """The policy in force."""
    return _cached(settings.EGOVPM_POLICY)


def reset_cache() -> None:
    _cached.cache_clear()
