"""Procurement's money overview among the project's pages (projects.project_pages)."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page

from .selectors import project_get


def money_url(user, project) -> str | None:
    if project_get(user, project.pk) is None:
        return None
    return reverse("procurement:project_detail", kwargs={"pk": project.pk}) + "#money"


def register() -> None:
    register_project_page("procurement", "采购、合同与资金拨付", 20, money_url)
