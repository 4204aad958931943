"""Procurement's money overview among the project's pages (projects.project_pages): its page, and its
overview shown inline on the construction page (construction sits below procurement and renders the
sections registered for it without importing procurement)."""

from django.urls import reverse

from egovpm.projects.project_pages import register_project_page, register_project_section

from .selectors import money_section, project_get

MONEY_TEMPLATE = "procurement/_money_overview.html"


def money_url(user, project) -> str | None:
    if project_get(user, project.pk) is None:
        return None
    return reverse("procurement:project_detail", kwargs={"pk": project.pk}) + "#money"


def construction_money(user, project) -> dict | None:
    """第十四条: estimate, contracted, uncontracted, paid and remaining per item kind, on the construction
    page, for a user who may see the project's procurement."""
    if project_get(user, project.pk) is None:
        return None
    return money_section(project) | {"url": reverse("procurement:project_detail", kwargs={"pk": project.pk})}


def register() -> None:
    register_project_page("procurement", "采购、合同与资金拨付", 20, money_url)
    register_project_section("construction", "money", 10, MONEY_TEMPLATE, construction_money)
