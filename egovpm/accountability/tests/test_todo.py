"""第三十条: the Office's to-do lists each proposal to decide; the cockpit counts them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.accountability import services, todo


@pytest.mark.supports("第三十条")
def test_proposals_are_the_offices_todo_and_counted_in_the_cockpit(city, client, unfunded):
    services.violation_record(
        actor=city.users["office_reviewer"], project=unfunded, kind="no_catalog", facts="无目录。"
    )
    items = todo.todo_items(city.users["office_head"])
    assert [i.article for i in items] == ["第三十条(四)"] and "认定或不予认定" in items[0].action
    assert todo.todo_items(city.users["clerk"]) == []
    client.force_login(city.users["office_head"])
    page = client.get(reverse("cockpit:todo")).content.decode()
    assert 'data-testid="accountability-overview"' in page and "待认定的违规行为" in page
