"""第十六条 through the API: the project's catalog is edited after the feasibility stage, each change a
version the history answers; once a later stage closes the catalog, a change is refused (409)."""

import pytest

from egovpm.catalog.domain import CATALOG_OPEN
from egovpm.catalog.models import CatalogEntryVersion
from egovpm.conftest import declaration_at
from egovpm.projects import engine
from egovpm.projects.models import Project
from egovpm.testing import scenario


@pytest.mark.article("第十六条")
def test_the_unit_edits_the_catalog_after_funding_and_the_history_answers_every_version(
    api_as, city, frozen_clock, monkeypatch
):
    decl = declaration_at(city, "funded")
    entry = decl.project.catalog_entries.get()
    clerk = api_as("clerk")
    url = f"/catalog/projects/{decl.project_id}"

    edited = clerk.put(f"/catalog/{entry.pk}", scenario.catalog_entry_data(1, code=entry.code, name="改名后"))
    added = clerk.post(url, scenario.catalog_entry_data(2, code="QD-API-2"))

    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert edited.json()["project"]["id"] == decl.project_id
    assert edited.json()["first_declaration"] == {"id": decl.pk, "plan_year": 2027}
    assert added.status_code == 201 and added.json()["version"] == 1
    history = api_as("office_reviewer").get(f"{url}/history").json()
    assert [(v["entry_id"], v["number"], v["change"]) for v in history] == [
        (added.json()["id"], 1, "added"),
        (entry.pk, 2, "edited"),
        (entry.pk, 1, "added"),
    ]
    assert history[1]["changed_fields"] == ["资源名称"] and history[1]["stage_label"] == "已安排资金"
    assert history[2]["name"] == entry.name

    monkeypatch.setattr(engine, "_guard_values", {k: list(v) for k, v in engine._guard_values.items()})
    engine.register_guard_values(Project, lambda project: {CATALOG_OPEN: False})
    refused = clerk.delete(f"/catalog/{entry.pk}")
    assert refused.status_code == 409
    assert "政务信息资源目录不能再修改" in refused.json()["message"]
    assert CatalogEntryVersion.objects.filter(project=decl.project).count() == 3
