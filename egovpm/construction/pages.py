"""Construction's page among the project's pages (projects.project_pages)."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import constructions_visible_to


def construction_url(user, project) -> str | None:
    pk = constructions_visible_to(user).filter(project=project).values_list("pk", flat=True).first()
    return reverse("construction:detail", kwargs={"pk": pk}) if pk else None


def register() -> None:
    register_project_page("construction", "项目建设", 10, construction_url)
