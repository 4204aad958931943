"""第五条 "共享资源、避免重复建设": the similar-projects index kept by the services, the score over the labelled
set, the Office's judgements, the unit's statements and the resources another unit already provides."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.core.errors import Refused
from egovpm.duplication import domain, selectors, services
from egovpm.duplication.models import DuplicationJudgement, IndexedProject, IndexGram, IndexPosting
from egovpm.duplication.tests.labelled import evaluate
from egovpm.intake import services as intake
from egovpm.intake.services.declaration import APPLICATION_FIELDS
from egovpm.policy.loader import get_policy


@pytest.mark.article("第五条")
def test_the_labelled_set_is_told_apart_with_precision_and_recall_of_at_least_0_9():
    precision, recall, _ = evaluate(get_policy().intake.similarity.close_match)
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.supports("第五条")
def test_normalization_drops_generic_words_and_towns_and_reads_full_width_text():
    assert domain.runs("启东市ＯＡ协同办公系统建设项目") == ["oa", "协同办公"]
    assert domain.runs("吕四港镇网格化社会治理系统") == ["网格化社会治理"]
    assert domain.grams("政务服务中心") == domain.grams("政务服务")
    assert domain.common_phrases("政务服务窗口排队叫号", "窗口排队叫号和政务服务") == ("窗口排队叫号", "政务服务")


@pytest.mark.article("第五条")
def test_a_new_declaration_finds_the_same_system_of_another_unit_and_not_an_unrelated_one(city, plan_year):
    hospital = declaration_at(
        city,
        "submitted",
        plan_year=plan_year,
        name="互联网医院服务平台",
        purpose_and_content="建设互联网医院，提供在线问诊、电子处方、药品配送。",
    )
    declaration_at(
        city,
        "submitted",
        plan_year=plan_year,
        name="文旅数据中心机房改造",
        clerk="culture_clerk",
        purpose_and_content="机房供配电、精密空调改造。",
    )
    mine = declaration_at(
        city,
        "draft",
        plan_year=plan_year,
        name="互联网医院建设",
        clerk="health_clerk",
        purpose_and_content="搭建互联网医院，实现线上问诊、电子处方流转和药品配送。",
    )
    rows = selectors.similar_projects(city.users["health_clerk"], mine)
    assert [r.project.pk for r in rows] == [hospital.project_id]
    assert rows[0].close and "互联网医院" in rows[0].match.phrases
    # the health commission sees its hospital's project in full; the culture bureau would see name and unit only
    assert rows[0].detail
    office_rows = selectors.similar_projects(city.users["office_reviewer"], mine)
    assert office_rows[0].detail and office_rows[0].content.startswith("建设互联网医院")


@pytest.mark.supports("第五条")
def test_another_units_project_is_shown_by_name_and_unit_only_and_never_while_a_draft(city, plan_year):
    theirs = declaration_at(city, "draft", plan_year=plan_year, name="网格化社会治理系统", clerk="culture_clerk")
    mine = declaration_at(city, "draft", plan_year=plan_year, name="网格化社会治理平台")
    assert selectors.similar_projects(city.users["clerk"], mine) == []  # their draft is theirs
    intake.declaration_submit(actor=city.users["culture_clerk"], declaration=theirs)
    (row,) = selectors.similar_projects(city.users["clerk"], mine)
    assert row.project.unit.pk == city.units["culture"].pk
    assert not row.detail and row.content == "" and row.declaration is None


@pytest.mark.supports("第五条")
def test_the_index_follows_the_services_renaming_a_project(city, plan_year):
    decl = declaration_at(city, "draft", plan_year=plan_year, name="河长制信息管理平台")
    document = IndexedProject.objects.get(project=decl.project)
    assert IndexPosting.objects.filter(document=document, gram="河长制").exists()
    data = {f: getattr(decl, f) for f in APPLICATION_FIELDS}
    intake.declaration_update(actor=city.users["clerk"], declaration=decl, name="社区矫正监管平台", data=data)
    assert not IndexPosting.objects.filter(document=document, gram="河长制").exists()
    assert IndexGram.objects.get(gram="河长制").df == 0
    assert IndexGram.objects.get(gram="社区矫").df == 1


def _pair(city, plan_year):
    theirs = declaration_at(city, "submitted", plan_year=plan_year, name="网格化社会治理系统", clerk="culture_clerk")
    mine = declaration_at(city, "in_initial_review", plan_year=plan_year, name="网格化社会治理平台")
    return mine, theirs


@pytest.mark.article("第五条")
def test_the_office_judges_a_pair_once_audited_and_the_unit_sees_it(city, plan_year):
    mine, theirs = _pair(city, plan_year)
    office = city.users["office_reviewer"]
    judgement = services.judgement_record(
        actor=office,
        declaration=mine,
        other=theirs.project,
        verdict="duplicate",
        remedy="reuse",
        reason="文广旅局已建网格化系统，复用即可。",
        score="0.66",
    )
    assert (judgement.low_id, judgement.high_id) == tuple(sorted((mine.project_id, theirs.project_id)))
    assert AuditEvent.objects.filter(action="declaration.judge_duplication", after__verdict="duplicate").exists()
    # the same pair, asked from the other side: not again
    with pytest.raises(Refused, match="不再重复判定"):
        services.judgement_record(
            actor=office, declaration=theirs, other=mine.project, verdict="distinct", remedy="none", reason="x"
        )
    (row,) = selectors.similar_projects(city.users["clerk"], mine)
    assert row.judgement == judgement
    assert selectors.judgements_of(mine.project) == [judgement]


@pytest.mark.article("第五条")
def test_a_judgement_needs_a_reason_and_a_remedy_that_fits_and_only_the_office_judges(city, plan_year):
    mine, theirs = _pair(city, plan_year)
    with pytest.raises(ValidationError) as err:
        services.judgement_record(
            actor=city.users["office_reviewer"],
            declaration=mine,
            other=theirs.project,
            verdict="overlapping",
            remedy="merge",
            reason="",
        )
    assert set(err.value.message_dict) == {"remedy", "reason"}
    with pytest.raises(Refused):
        services.judgement_record(
            actor=city.users["clerk"],
            declaration=mine,
            other=theirs.project,
            verdict="distinct",
            remedy="none",
            reason="不重复。",
        )
    assert not DuplicationJudgement.objects.exists()


@pytest.mark.article("第五条")
def test_the_unit_states_why_its_project_is_not_a_duplicate_and_reviewers_read_it(city, plan_year):
    theirs = declaration_at(city, "submitted", plan_year=plan_year, name="网格化社会治理系统", clerk="culture_clerk")
    mine = declaration_at(city, "draft", plan_year=plan_year, name="网格化社会治理平台")
    (row,) = selectors.similar_projects(city.users["clerk"], mine)
    assert row.close  # told before submitting
    services.statement_record(
        actor=city.users["clerk"], declaration=mine, other=theirs.project, reason="本系统只服务医院内部安保网格。"
    )
    mine = intake.declaration_submit(actor=city.users["clerk"], declaration=mine)
    intake.declaration_consent(actor=city.users["supervisor"], declaration=mine)
    (row,) = selectors.similar_projects(city.users["office_reviewer"], mine)
    assert row.statement.reason == "本系统只服务医院内部安保网格。"
    with pytest.raises(Refused):
        services.statement_record(
            actor=city.users["culture_clerk"], declaration=mine, other=theirs.project, reason="代为说明。"
        )


@pytest.mark.supports("第五条")
def test_the_similar_projects_take_the_same_number_of_queries_however_many_are_listed(city, plan_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine = declaration_at(city, "submitted", plan_year=plan_year, name="网格化社会治理平台")
    office = city.users["office_reviewer"]

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.similar_projects(office, mine)
        return len(rows), len(ctx.captured_queries)

    declaration_at(city, "submitted", plan_year=plan_year, name="网格化社会治理系统", clerk="culture_clerk")
    one, queries = count()
    for name in ("网格化社会治理信息系统", "网格化社会治理指挥平台"):
        declaration_at(city, "submitted", plan_year=plan_year, name=name, clerk="culture_clerk")
    three, more = count()
    assert (one, three) == (1, 3)
    assert more == queries
