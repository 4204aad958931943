"""Supervision's page (firm, inspections, rectification, restrictions) among the project's pages
(projects.project_pages)."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import project_get


def supervision_url(user, project) -> str | None:
    if project_get(user, project.pk) is None:
        return None
    return reverse("supervision:project_detail", kwargs={"pk": project.pk})


def register() -> None:
    register_project_page("supervision", "监督管理（稽察、整改和限制措施）", 30, supervision_url)
