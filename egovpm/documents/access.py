"""Who may read a document: whoever may see the record it belongs to. The app that owns the record
registers how to tell (in its AppConfig.ready), so that documents imports none of the stage apps."""

from __future__ import annotations

from collections.abc import Callable

# The document's foreign key to its owning record (a field of Document) → may `user` see the record `pk`?
_readers: dict[str, Callable[[object, int], bool]] = {}


def register_reader(owner_field: str, may_see: Callable[[object, int], bool]) -> None:
    _readers[owner_field] = may_see


def may_read(user, document) -> bool:
    """A document is read by whoever may see its owning record; one without a registered owner by nobody."""
    for owner_field, may_see in _readers.items():
        pk = getattr(document, f"{owner_field}_id", None)
        if pk is not None:
            return may_see(user, pk)
    return False
