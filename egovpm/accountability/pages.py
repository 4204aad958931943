"""Accountability's page (the project's violations, 第三十条) among the project's pages
(projects.project_pages): shown to whoever may see a violation of the project."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import violations_visible_to


def accountability_url(user, project) -> str | None:
    if not violations_visible_to(user).filter(project=project).exists():
        return None
    return reverse("accountability:violation_list") + f"?project={project.pk}"


def register() -> None:
    register_project_page("accountability", "违规行为和责任追究（第三十条）", 60, accountability_url)
