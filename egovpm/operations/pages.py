"""Operations' page (operation, O&M mode, incidents, the final audit) among the project's pages
(projects.project_pages): for a project whose construction is complete, or that has an operation record."""

from django.db.models import Q
from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import COMPLETED, projects_visible_to


def operations_url(user, project) -> str | None:
    found = (
        projects_visible_to(user)
        .filter(Q(construction__stage=COMPLETED) | Q(operation__isnull=False), pk=project.pk)
        .exists()
    )
    return reverse("operations:project_detail", kwargs={"pk": project.pk}) if found else None


def register() -> None:
    register_project_page("operations", "运维管理（投入运行、运维方式、竣工决算审计）", 50, operations_url)
