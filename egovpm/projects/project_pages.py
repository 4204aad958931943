"""The pages of one project across the apps of its construction phase (construction's record, procurement's
money overview, supervision's inspections and restrictions): each app registers its page from its
AppConfig.ready() with a function that gives the page's address for a user who may see it (None when the
user may not), and every page links to the others through `projects/_project_pages.html` without importing
the apps above it. An app may also register a section shown inline on another app's page
(`register_project_section`), which that page renders through `projects/_project_sections.html`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectPage:
    key: str
    label: str  # 项目建设…
    url: str


_pages: dict[str, tuple[str, int, Callable[[object, object], str | None]]] = {}


def register_project_page(key: str, label: str, order: int, url_for: Callable[[object, object], str | None]) -> None:
    """`url_for(user, project)`: the page's address when the user may see it, else None."""
    _pages[key] = (label, order, url_for)


def project_pages(user, project, *, current: str = "") -> list[ProjectPage]:
    """The project's other pages this user may see, in their registered order (`current` left out)."""
    found = []
    for key, (label, _order, url_for) in sorted(_pages.items(), key=lambda item: item[1][1]):
        if key == current:
            continue
        url = url_for(user, project)
        if url:
            found.append(ProjectPage(key=key, label=label, url=url))
    return found


@dataclass(frozen=True)
class ProjectSection:
    key: str
    template: str  # rendered with `section` = context
    context: dict


_sections: dict[str, dict[str, tuple[int, str, Callable[[object, object], dict | None]]]] = {}


def register_project_section(
    page: str, key: str, order: int, template: str, context_for: Callable[[object, object], dict | None]
) -> None:
    """A section an app above shows inline on another app's page (e.g. procurement's money overview on the
    construction page) without that page importing it: `context_for(user, project)` gives the template's
    `section` when the user may see it, else None."""
    _sections.setdefault(page, {})[key] = (order, template, context_for)


def project_sections(user, project, *, page: str) -> list[ProjectSection]:
    """The sections registered for `page` this user may see, in their registered order."""
    found = []
    for key, (_order, template, context_for) in sorted(_sections.get(page, {}).items(), key=lambda item: item[1][0]):
        context = context_for(user, project)
        if context is not None:
            found.append(ProjectSection(key=key, template=template, context=context))
    return found
