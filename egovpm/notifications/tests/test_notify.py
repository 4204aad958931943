"""Every decision the one engine takes tells the unit (whatever the plan year) and whoever acts next."""

from __future__ import annotations

import pytest

from egovpm.conftest import declaration_at
from egovpm.intake.services import declaration_submit, plan_year_open
from egovpm.notifications.models import Notification


def _titles(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True))


@pytest.mark.article("第七条(五)")
def test_the_unit_reads_every_outcome_of_its_projects_in_every_plan_year(city, frozen_clock):
    u = city.users
    later = plan_year_open(actor=u["office_reviewer"], year=2028)
    declaration_at(city, "funded", name="互联网医院")
    declaration_at(city, "initially_passed", name="远程会诊", plan_year=later)
    for person in ("clerk", "hospital_leader"):
        titles = _titles(u[person])
        # the supervising department's consent, the Office's decisions and Finance's, in both plan years
        for outcome in (
            "已报送办公室",
            "初审中",
            "初审通过",
            "复核中",
            "复核通过",
            "已纳入部门预算项目库",
            "已安排资金",
        ):
            assert any(t.startswith("互联网医院") and outcome in t for t in titles), (person, outcome, titles)
        assert any(t.startswith("远程会诊") and "初审通过" in t for t in titles), titles
        years = set(Notification.objects.filter(user=u[person]).values_list("plan_year", flat=True))
        assert years == {2027, 2028}
    # what the unit did itself is no news to it; another unit hears nothing
    assert not any("已报主管部门" in t for t in _titles(u["clerk"]))
    assert _titles(u["culture_clerk"]) == []


@pytest.mark.article("第七条(一)")
def test_whoever_acts_next_is_told_and_nobody_else(city, frozen_clock):
    u = city.users
    decl = declaration_submit(actor=u["clerk"], declaration=declaration_at(city, "draft"))
    # the supervising department of the hospital is told to decide; the Office not yet
    assert any("同意上报" in t for t in _titles(u["supervisor"]))
    assert _titles(u["office_reviewer"]) == []
    declaration_at(city, "submitted", name="第二个")
    assert any("纳入初审" in t for t in _titles(u["office_reviewer"]))
    assert any("纳入初审" in t for t in _titles(u["office_head"]))
    for outsider in ("finance", "audit", "expert", "culture_clerk", "engineer", "assessor"):
        assert _titles(u[outsider]) == [], outsider
    notice = Notification.objects.filter(user=u["supervisor"]).order_by("id").first()
    assert notice.url == f"/intake/{decl.pk}/"
    assert notice.kind == "task"
