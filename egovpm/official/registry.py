"""The kinds of official document, registered by the apps that issue them (in their AppConfig.ready), so
that this app imports none of them: how to write one (`build`), who may read it (`may_read`), its label.
A new document type is a `build` function and one `register_kind` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .domain import OfficialText


@dataclass(frozen=True)
class OfficialKind:
    name: str  # the policy's numbering scheme of the same name (policy.documents.numbers)
    label: str
    build: Callable[[object], OfficialText]  # (the IssuedDocument) → what it says
    may_read: Callable[[object, object], bool]  # (user, the IssuedDocument's owner) → may they read it?
    file_label: str = ""


KINDS: dict[str, OfficialKind] = {}


def register_kind(kind: OfficialKind) -> None:
    KINDS[kind.name] = kind


def kind_of(name: str) -> OfficialKind:
    return KINDS[name]
