"""Acceptance's page among the project's pages (projects.project_pages)."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import acceptances_visible_to


def acceptance_url(user, project) -> str | None:
    pk = acceptances_visible_to(user).filter(project=project).values_list("pk", flat=True).first()
    return reverse("acceptance:detail", kwargs={"pk": pk}) if pk else None


def register() -> None:
    register_project_page("acceptance", "项目验收（初步验收、竣工验收）", 40, acceptance_url)
