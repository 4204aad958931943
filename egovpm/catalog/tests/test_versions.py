"""第十六条, 第二十条: the catalog is the project's and stays editable after the feasibility stage until the
project is accepted; every change keeps the earlier version and is audited."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.audit.models import AuditEvent
from egovpm.catalog import services as catalog_services
from egovpm.catalog.domain import CATALOG_OPEN
from egovpm.catalog.models import CatalogEntryVersion, ResourceCatalogEntry
from egovpm.catalog.selectors import catalog_history
from egovpm.conftest import declaration_at
from egovpm.core.errors import Refused
from egovpm.projects import engine
from egovpm.projects.models import Project
from egovpm.testing import scenario


def data(n: int = 1, **overrides) -> dict:
    return scenario.catalog_entry_data(n, **overrides)


def versions_of(entry_key: int) -> list[tuple[int, str, str]]:
    return [
        (v.number, v.change, v.name) for v in CatalogEntryVersion.objects.filter(entry_key=entry_key).order_by("number")
    ]


@pytest.fixture
def accepted(monkeypatch):
    """A later stage (completion acceptance) that closes the catalog of the projects it names."""
    monkeypatch.setattr(engine, "_guard_values", {k: list(v) for k, v in engine._guard_values.items()})
    closed: set[int] = set()
    engine.register_guard_values(Project, lambda project: {CATALOG_OPEN: project.pk not in closed})
    return closed


@pytest.mark.article("第十六条")
@pytest.mark.parametrize("stage", ["feasibility_submitted", "in_budget_library", "funded"])
def test_the_unit_edits_its_catalog_after_the_feasibility_stage_and_the_earlier_version_stays(
    city, frozen_clock, client, stage
):
    decl = declaration_at(city, stage)
    entry = decl.project.catalog_entries.get()
    declared_name = entry.name
    client.force_login(city.users["clerk"])

    response = client.post(
        reverse("catalog:entry_edit", args=[entry.pk]), data(entry.pk, name="电子病历共享数据", code=entry.code)
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name, entry.version, entry.first_declaration_id) == ("电子病历共享数据", 2, decl.pk)
    assert versions_of(entry.pk) == [(1, "added", declared_name), (2, "edited", "电子病历共享数据")]
    edit = CatalogEntryVersion.objects.get(entry_key=entry.pk, number=2)
    assert (edit.declaration_id, edit.stage, edit.changed_by) == (decl.pk, stage, city.users["clerk"])
    event = AuditEvent.objects.filter(action="declaration.edit_catalog").latest("seq")
    assert event.before["name"] == declared_name and event.before["version"] == 1
    assert event.after["name"] == "电子病历共享数据" and event.after["change"] == "edited"


@pytest.mark.article("第十六条")
def test_an_entry_added_and_removed_after_the_feasibility_stage_keeps_its_history(city, frozen_clock):
    decl = declaration_at(city, "approved")
    clerk = city.users["clerk"]

    added = catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=data(50, name="新增资源"))
    catalog_services.catalog_entry_delete(actor=clerk, entry=added)

    assert not ResourceCatalogEntry.objects.filter(pk=added.pk).exists()
    assert versions_of(added.pk) == [(1, "added", "新增资源"), (2, "removed", "新增资源")]
    assert decl.project.catalog_entries.count() == 1
    removal = AuditEvent.objects.filter(action="declaration.edit_catalog").latest("seq")
    assert removal.before["name"] == "新增资源" and removal.after == {
        "entry": added.pk,
        "version": 2,
        "change": "removed",
    }
    with pytest.raises(ValueError):
        CatalogEntryVersion.objects.get(entry_key=added.pk, number=1).delete()


@pytest.mark.article("第十六条")
@pytest.mark.article("第二十条")
def test_once_a_later_stage_closes_the_catalog_it_is_refused_and_nothing_changes(city, frozen_clock, client, accepted):
    decl = declaration_at(city, "funded")
    entry = decl.project.catalog_entries.get()
    clerk = city.users["clerk"]
    catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=data(60))  # still open
    accepted.add(decl.project_id)
    before = CatalogEntryVersion.objects.count(), AuditEvent.objects.filter(action="declaration.edit_catalog").count()
    refusal = "项目已通过竣工验收，政务信息资源目录不能再修改（第十六条、第二十条）。"

    for attempt in (
        lambda: catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=data(61)),
        lambda: catalog_services.catalog_entry_save(
            actor=clerk, project=decl.project, data=data(1, name="改名", code=entry.code), entry=entry
        ),
        lambda: catalog_services.catalog_entry_delete(actor=clerk, entry=entry),
    ):
        with pytest.raises(Refused, match=refusal):
            attempt()
    client.force_login(clerk)
    page = client.get(reverse("catalog:project_catalog", args=[decl.project_id])).content.decode()
    assert refusal in page and 'name="share_type"' not in page

    entry.refresh_from_db()
    assert entry.name != "改名" and entry.version == 1
    assert decl.project.catalog_entries.count() == 2
    assert (
        CatalogEntryVersion.objects.count(),
        AuditEvent.objects.filter(action="declaration.edit_catalog").count(),
    ) == before


@pytest.mark.article("第十六条")
def test_another_unit_cannot_edit_the_catalog_after_the_feasibility_stage(city, frozen_clock, client):
    decl = declaration_at(city, "in_budget_library")
    entry = decl.project.catalog_entries.get()
    other = city.users["culture_clerk"]

    with pytest.raises(Refused, match="只有项目建设单位可以编制或修改政务信息资源目录。"):
        catalog_services.catalog_entry_save(actor=other, project=decl.project, data=data(1, name="改"), entry=entry)
    with pytest.raises(Refused, match="只有项目建设单位"):
        catalog_services.catalog_entry_delete(actor=other, entry=entry)
    client.force_login(other)
    assert client.post(reverse("catalog:entry_edit", args=[entry.pk]), data(1, name="改")).status_code == 404
    client.force_login(city.users["supervisor"])  # sees the project, is not its unit
    assert client.post(reverse("catalog:entry_edit", args=[entry.pk]), data(1, name="改")).status_code == 403

    entry.refresh_from_db()
    assert entry.name != "改" and entry.version == 1
    assert CatalogEntryVersion.objects.filter(entry_key=entry.pk).count() == 1


@pytest.mark.article("第十六条")
def test_the_project_page_shows_the_catalog_with_its_history(city, frozen_clock, client):
    decl = declaration_at(city, "approved")
    entry = decl.project.catalog_entries.get()
    clerk = city.users["clerk"]
    catalog_services.catalog_entry_save(
        actor=clerk,
        project=decl.project,
        data=data(1, code=entry.code, name="共享库", share_type="conditional", share_condition="须申请。"),
        entry=entry,
    )
    client.force_login(city.users["office_reviewer"])

    response = client.get(reverse("catalog:project_catalog", args=[decl.project_id]))

    rows = response.context["history"]
    assert [(r.version.number, r.version.change) for r in rows] == [(2, "edited"), (1, "added")]
    assert rows[0].changed == ["资源名称", "共享类型", "共享条件或不予共享依据"]
    text = response.content.decode()
    assert 'data-testid="catalog-history"' in text
    assert "第 2 版" in text and "资源名称、共享类型、共享条件或不予共享依据" in text and "复核通过" in text
    detail = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert reverse("catalog:project_catalog", args=[decl.project_id]) in detail


@pytest.mark.supports("第十六条")
def test_the_sheet_writes_what_users_typed_as_text(city, frozen_clock, client):
    decl = declaration_at(city, "initially_passed")
    catalog_services.catalog_entry_save(
        actor=city.users["clerk"],
        project=decl.project,
        data=data(1, name='=HYPERLINK("http://evil.example","点击")', summary="+1+2", provider="@SUM(A1)"),
    )
    client.force_login(city.users["clerk"])

    response = client.get(reverse("catalog:catalog_xlsx", args=[decl.project_id]))

    ws = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "QD-RES-0001")  # after 序号
    assert row[2].value == '=HYPERLINK("http://evil.example","点击")' and row[2].data_type == "s"
    assert row[3].data_type == "s" and row[5].data_type == "s"


@pytest.mark.supports("第十六条")
def test_a_browsers_line_ends_are_no_change(city, frozen_clock):
    decl = declaration_at(city, "funded")
    entry = decl.project.catalog_entries.get()
    same = {f: getattr(entry, f) for f in ("name", "code", "provider", "category", "format", "share_type")}
    same.update(
        summary=entry.summary,
        items=entry.items.replace("\n", "\r\n"),
        share_condition=entry.share_condition,
        open_attribute=entry.open_attribute,
        update_cycle="realtime",
    )

    catalog_services.catalog_entry_save(actor=city.users["clerk"], project=decl.project, data=same, entry=entry)

    entry.refresh_from_db()
    assert "\r" not in entry.items
    assert catalog_history(decl.project)[0].changed == ["更新周期"]


@pytest.mark.supports("第十六条")
def test_the_second_of_two_editors_is_told_the_entry_changed_meanwhile(city, frozen_clock, client):
    decl = declaration_at(city, "approved")
    entry = decl.project.catalog_entries.get()
    client.force_login(city.users["clerk"])
    url = reverse("catalog:entry_edit", args=[entry.pk])
    seen = client.get(url).context["form"].initial["version"]
    catalog_services.catalog_entry_save(
        actor=city.users["hospital_leader"],
        project=decl.project,
        data=data(1, code=entry.code, name="先到者"),
        entry=entry,
    )

    response = client.post(url, {**data(1, code=entry.code, name="后到者"), "version": seen})

    assert "该目录条目已被他人修改（现为第 2 版），请刷新页面后再修改。" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.name, entry.version) == ("先到者", 2)
