"""The pages of a project in construction link to each other (projects.project_pages): construction's
record, procurement's money overview and supervision's inspections and restrictions; the supervision firm's
account reads the construction page of the projects it supervises, and no other (第十三条)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.procurement.tests.conftest import in_construction

from .conftest import assign


@pytest.fixture
def built(city, frozen_clock):
    return in_construction(city, declaration_at(city, "funded"))["built"]


def urls(project):
    return {
        "construction": reverse("construction:detail", kwargs={"pk": project.construction.pk}),
        "procurement": reverse("procurement:project_detail", kwargs={"pk": project.pk}),
        "supervision": reverse("supervision:project_detail", kwargs={"pk": project.pk}),
    }


@pytest.mark.supports("第十四条")
def test_the_construction_procurement_and_supervision_pages_of_a_project_link_to_each_other(client, city, built):
    client.force_login(city.users["clerk"])
    pages = urls(built)
    for here, url in pages.items():
        html = client.get(url).content.decode()
        others = [page for page in pages if page != here]
        for other in others:
            assert f'data-testid="project-page-{other}"' in html, (here, other)
        assert f'data-testid="project-page-{here}"' not in html
    construction_page = client.get(pages["construction"]).content.decode()
    assert f'href="{pages["procurement"]}#money"' in construction_page
    assert f'href="{pages["supervision"]}"' in construction_page


@pytest.mark.article("第十三条")
def test_the_supervision_firm_reads_the_construction_page_of_the_project_it_supervises_only(client, city, built, firm):
    pages = urls(built)
    client.force_login(firm.engineer)
    assert client.get(pages["construction"]).status_code == 404
    assert client.get(pages["supervision"]).status_code == 404

    assign(city, built, firm)
    page = client.get(pages["construction"])
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{pages["supervision"]}"' in html
    for form in ("estimate", "progress", "sharing", "upload"):  # read-only: none of the unit's forms
        assert reverse(f"construction:{form}", kwargs={"pk": built.construction.pk}) not in html
    assert client.get(reverse("construction:progress", kwargs={"pk": built.construction.pk})).status_code == 403
    assert 'data-testid="project-page-construction"' in client.get(pages["supervision"]).content.decode()
