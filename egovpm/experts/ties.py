"""Who a project is tied to, as the apps above know it: the suppliers of its procurements and contracts
(egovpm.procurement registers its source from its AppConfig.ready). The supervision firm is the project's
own participant (egovpm.projects), read directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable

_supplier_sources: list[Callable[[object], Iterable[str]]] = []


def register_supplier_source(source: Callable[[object], Iterable[str]]) -> None:
    """`source(project)` gives the names of the project's suppliers."""
    if source not in _supplier_sources:
        _supplier_sources.append(source)


def supplier_names(project) -> set[str]:
    return {name for source in _supplier_sources for name in source(project)}
