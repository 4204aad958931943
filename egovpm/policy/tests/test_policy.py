"""The measure as data: the Qidong 2019 policy, its consistency checks and the start-up check."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from egovpm.policy.domain import PolicyError, is_past, parse_policy, problems
from egovpm.policy.loader import DATA_DIR, get_policy, load_policy_file, reset_cache

QIDONG = json.loads((DATA_DIR / "qidong-2019.json").read_text(encoding="utf-8"))


def variant(**changes) -> dict:
    data = copy.deepcopy(QIDONG)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = data
        for key in parents:
            node = node[key]
        if value is None:
            del node[leaf]
        else:
            node[leaf] = value
    return data


def test_the_qidong_policy_loads_and_is_sound():
    policy = load_policy_file("qidong-2019")
    assert policy.document_number == "启政办发〔2019〕64号"
    assert policy.effective_date == dt.date(2019, 8, 13)
    assert problems(policy) == []


def test_the_policy_in_force_is_qidong_by_default(settings):
    reset_cache()
    try:
        assert get_policy() == load_policy_file(settings.EGOVPM_POLICY)
        assert get_policy().name == "启东市电子政务工程建设项目管理暂行办法"
    finally:
        reset_cache()


@pytest.mark.article("第七条(一)")
def test_declarations_for_plan_year_2027_close_on_2026_10_31():
    policy = load_policy_file("qidong-2019")
    assert policy.intake.due("declaration", 2027) == dt.date(2026, 10, 31)
    assert policy.deadline("intake.declaration").enforcement == "refuse"
    assert not is_past(policy.intake.due("declaration", 2027), dt.date(2026, 10, 31))
    assert is_past(policy.intake.due("declaration", 2027), dt.date(2026, 11, 1))


@pytest.mark.article("第七条(三)")
def test_feasibility_materials_for_plan_year_2027_are_due_2026_11_30():
    policy = load_policy_file("qidong-2019")
    assert policy.intake.due("feasibility", 2027) == dt.date(2026, 11, 30)
    assert policy.deadline("intake.feasibility").article == "第七条(三)"


@pytest.mark.article("第七条(四)")
def test_re_review_for_plan_year_2027_ends_2026_12_31():
    policy = load_policy_file("qidong-2019")
    assert policy.intake.due("re_review", 2027) == dt.date(2026, 12, 31)
    assert policy.deadline("intake.re_review").article == "第七条(四)"


def test_service_days_count_from_a_date():
    policy = load_policy_file("qidong-2019")
    assert policy.intake.service_due("consent", dt.date(2026, 10, 29)) == dt.date(2026, 11, 3)


@pytest.mark.article("第七条(四)")
def test_approval_opinion_numbers_follow_the_policy_format():
    documents = load_policy_file("qidong-2019").documents
    assert documents.number("approval_opinion", year=2026, seq=7) == "启政信办复〔2026〕007号"
    assert documents.number("plan_letter", year=2026, seq=12) == "启政整办〔2026〕12号"
    assert documents.issuer.startswith("启东市")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"intake__deadlines__feasibility__month": 10, "intake__deadlines__feasibility__day": 1}, "order"),
        ({"intake__deadlines__re_review__month": 10, "intake__deadlines__re_review__day": 31}, "order"),
        ({"intake__deadlines__feasibility__month": 2, "intake__deadlines__feasibility__day": 30}, "02-30"),
        ({"intake__deadlines__declaration__month": 2, "intake__deadlines__declaration__day": 29}, "02-29"),
        ({"intake__deadlines__re_review__year_offset": 0}, "before the plan year"),
        ({"intake__deadlines__declaration__enforcement": "maybe"}, "enforcement"),
        ({"intake__deadlines__re_review": None}, "'intake.re_review' is missing"),
        ({"intake__service_days__consent": None}, "service_days 'consent' is missing"),
        ({"intake__service_days__budget_library": 0}, "positive"),
        ({"intake__maintenance_natures": ["new"]}, "both"),
        ({"intake__proposal_required_natures": ["greenfield"]}, "unknown project nature"),
        ({"documents__numbers__approval_opinion": "{number}"}, "documents.numbers 'approval_opinion' is invalid"),
        ({"documents__numbers__plan_letter": "启政整办〔{year}〕号"}, "must contain the sequence number"),
        ({"documents__numbers__review_feedback": None}, "documents.numbers 'review_feedback' is missing"),
        ({"documents__numbers__plan_letter": "启政整办函〔{year}〕{seq}号"}, "share their numbers"),
        ({"documents__issuer": " "}, "documents.issuer"),
        ({"intake__special_procedure_per_year": 0}, "special_procedure_per_year"),
        ({"acceptance__deadlines__initial_acceptance": None}, "'acceptance.initial_acceptance' is missing"),
        ({"acceptance__deadlines__initial_acceptance__months": 0}, "not both zero"),
        ({"acceptance__deadlines__initial_acceptance__months": -6}, "not negative"),
        ({"acceptance__deadlines__initial_acceptance__after": ""}, "'after' must name the event"),
        ({"acceptance__deadlines__initial_acceptance__enforcement": "maybe"}, "enforcement"),
        ({"supervision__deadlines__rectification__max_days": 10}, "default_days <= max_days"),
        ({"supervision__deadlines__rectification__default_days": 0}, "default_days <= max_days"),
        ({"supervision__deadlines__rectification__set_by": ""}, "'set_by' must name the record"),
        ({"intake__deadlines__declaration__refusal": "{deadline} 已过"}, "refusal text is invalid"),
        (
            {
                "intake__deadlines__feasibility": {
                    "after": "initial_review",
                    "months": 1,
                    "enforcement": "refuse",
                    "article": "第七条(三)",
                    "label": "可研",
                }
            },
            "must be a date of the plan year",
        ),
    ],
)
def test_an_inconsistent_policy_has_problems(changes, expected):
    found = problems(parse_policy(variant(**changes)))
    assert any(expected in p for p in found), found


def test_malformed_policy_data_is_refused_with_the_reason():
    with pytest.raises(PolicyError, match="document_number"):
        parse_policy(variant(document_number=None))
    with pytest.raises(PolicyError):
        parse_policy(variant(effective_date="2019-13-45"))
    with pytest.raises(PolicyError, match="intake"):
        parse_policy(variant(intake=None))
    with pytest.raises(PolicyError, match="unknown sections"):
        parse_policy(variant(deadlines={}))  # the flat shape of before the sections
    with pytest.raises(PolicyError, match="exactly one of"):
        parse_policy(variant(acceptance__deadlines__initial_acceptance__month=6))
    with pytest.raises(PolicyError, match="unknown keys"):
        parse_policy(variant(acceptance__initial_acceptance_months=6))


@pytest.fixture
def policy_file(tmp_path):
    """Write a policy variant to a JSON file and put it in force for the test."""

    def write(data: dict, name: str = "policy.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return str(path)

    reset_cache()
    yield write
    reset_cache()


def e001(errors) -> list:
    return [e for e in errors if e.id == "egovpm.E001"]


def test_the_system_check_passes_with_the_qidong_policy():
    assert e001(run_checks()) == []


def test_another_city_runs_with_its_own_policy_file(policy_file):
    path = policy_file(variant(name="某市电子政务项目管理办法", intake__deadlines__declaration__day=15))
    with override_settings(EGOVPM_POLICY=path):
        reset_cache()
        assert e001(run_checks()) == []
        assert get_policy().intake.due("declaration", 2027) == dt.date(2026, 10, 15)
        reset_cache()


def test_start_up_fails_with_an_inconsistent_policy(policy_file):
    path = policy_file(variant(intake__deadlines__feasibility__month=2, intake__deadlines__feasibility__day=30))
    with override_settings(EGOVPM_POLICY=path):
        reset_cache()
        errors = e001(run_checks())
        assert errors and all(e.is_serious() for e in errors)
        assert any("02-30" in e.msg for e in errors)
        with pytest.raises(SystemCheckError, match="egovpm.E001"):
            call_command("check")
        reset_cache()


def test_start_up_fails_with_a_policy_that_does_not_load(policy_file, tmp_path):
    broken = policy_file(variant(intake__service_days=None))
    with override_settings(EGOVPM_POLICY=broken):
        reset_cache()
        assert any("无法加载" in e.msg for e in e001(run_checks()))
    with override_settings(EGOVPM_POLICY=str(tmp_path / "missing.json")):
        reset_cache()
        assert any("无法加载" in e.msg for e in e001(run_checks()))
    not_json = tmp_path / "garbage.json"
    not_json.write_text("{ deadlines: ", encoding="utf-8")
    with override_settings(EGOVPM_POLICY=str(not_json)):
        reset_cache()
        assert e001(run_checks())
    reset_cache()


@pytest.mark.supports("第二十条")
def test_start_up_fails_with_a_broken_deadline_of_a_later_stage(policy_file):
    path = policy_file(variant(acceptance__deadlines__initial_acceptance__enforcement="sometimes"))
    with override_settings(EGOVPM_POLICY=path):
        reset_cache()
        errors = e001(run_checks())
        assert any("acceptance.initial_acceptance" in e.msg for e in errors), errors
        reset_cache()
