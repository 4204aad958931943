"""The one table of stages and transitions: sound, and every flaw of a broken copy is reported."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from django.core.checks import run_checks

from egovpm.lifecycle import checks as lifecycle_checks
from egovpm.lifecycle.diagram import layers, to_svg
from egovpm.lifecycle.engine import GUARDS
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Stage, Workflow, problems
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.loader import load_policy_file

DEADLINES = load_policy_file("qidong-2019").deadline_keys()


def with_transition(workflow: Workflow, action: str, **changes) -> Workflow:
    return replace(
        workflow,
        transitions=tuple(replace(t, **changes) if t.action == action else t for t in workflow.transitions),
    )


def without_transition(workflow: Workflow, action: str) -> Workflow:
    return replace(workflow, transitions=tuple(t for t in workflow.transitions if t.action != action))


@pytest.mark.supports("第七条")
def test_the_declaration_table_is_sound():
    assert problems(DECLARATION) == []
    assert problems(DECLARATION, deadlines=DEADLINES) == []


@pytest.mark.supports("第七条")
def test_the_table_follows_the_general_procedure():
    """第七条(一)–(五) in the table's words: who sends what where."""
    t = DECLARATION.transition
    assert DECLARATION.initial == "draft"
    assert (t("submit_to_supervisor").target, t("consent").target) == ("awaiting_consent", "submitted")
    assert t("not_arrange").requires_reason and DECLARATION.stage("not_arranged").terminal
    assert t("return_re_review").requires_reason and DECLARATION.stage("returned").terminal
    assert t("approve").roles == frozenset({Role.OFFICE_HEAD})
    assert (t("submit").deadline, t("submit_feasibility").deadline, t("approve").deadline) == (
        "intake.declaration",
        "intake.feasibility",
        "intake.re_review",
    )
    assert t("place_in_budget_library").actor == "finance"
    assert {g for tr in DECLARATION.transitions for g in tr.guards} <= set(GUARDS)


def test_an_unknown_stage_is_reported():
    broken = with_transition(DECLARATION, "consent", target="consented")
    assert any("unknown stage 'consented'" in p for p in problems(broken))


def test_a_dead_end_is_reported():
    broken = without_transition(DECLARATION, "arrange_funds")
    found = problems(broken)
    assert any("'in_budget_library' is a dead end" in p for p in found)
    assert any("'funded' cannot be reached" in p for p in found)


def test_an_unreachable_stage_is_reported():
    broken = replace(DECLARATION, stages=(*DECLARATION.stages, Stage("archived", "已归档", "已归档", terminal=True)))
    assert problems(broken) == ["declaration: stage 'archived' cannot be reached"]


def test_an_unknown_guard_is_reported():
    broken = with_transition(DECLARATION, "approve", guards=("moon_is_full",))
    assert problems(broken) == ["declaration.approve: unknown guard 'moon_is_full'"]


def test_other_flaws_are_reported():
    assert any("unknown actor" in p for p in problems(with_transition(DECLARATION, "consent", actor="mayor")))
    assert any("no role" in p for p in problems(with_transition(DECLARATION, "consent", roles=frozenset())))
    leaves_end = with_transition(DECLARATION, "consent", sources=("awaiting_consent", "funded"))
    assert any("leaves a terminal stage" in p for p in problems(leaves_end))
    late = with_transition(DECLARATION, "submit", deadline="someday")
    assert any("deadline 'someday' is not in the policy" in p for p in problems(late, deadlines=DEADLINES))
    duplicated = replace(DECLARATION, transitions=(*DECLARATION.transitions, DECLARATION.transitions[0]))
    assert any("duplicate actions" in p for p in problems(duplicated))


def test_the_diagram_is_well_formed_svg_with_every_stage():
    svg = to_svg(DECLARATION)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {el.text for el in root.iter("{http://www.w3.org/2000/svg}text")}
    for stage in DECLARATION.stages:
        assert stage.label in texts
    for t in DECLARATION.transitions:
        assert t.label in texts
    assert sum(len(row) for row in layers(DECLARATION)) == len(DECLARATION.stages)


def test_the_diagram_escapes_labels():
    odd = replace(DECLARATION, stages=tuple(replace(s, label=f"<{s.label}&>") for s in DECLARATION.stages))
    root = ET.fromstring(to_svg(odd))
    assert "<草稿&>" in {el.text for el in root.iter("{http://www.w3.org/2000/svg}text")}


def e002(errors) -> list:
    return [e for e in errors if e.id == "egovpm.E002"]


def test_the_lifecycle_system_check_passes():
    assert e002(run_checks()) == []


def test_the_lifecycle_system_check_fails_start_up_on_a_broken_table(monkeypatch):
    broken = with_transition(DECLARATION, "approve", guards=("moon_is_full",))
    monkeypatch.setattr(lifecycle_checks, "WORKFLOWS", {"declaration": broken})
    errors = e002(run_checks())
    assert errors and all(e.is_serious() for e in errors)
    assert "moon_is_full" in errors[0].msg


def test_a_transition_without_a_service_is_reported():
    broken = with_transition(DECLARATION, "consent", service="")
    assert problems(broken) == ["declaration.consent: names no service"]
    # a transition with a page of its own names the service its page and its form's reader call, too
    broken = with_transition(DECLARATION, "approve", service="")
    assert problems(broken) == ["declaration.approve: names no service"]


@pytest.mark.supports("第七条(四)")
def test_a_form_whose_inputs_no_reader_reads_fails_start_up(monkeypatch):
    broken = with_transition(DECLARATION, "approve", form="re_review_approve_v2")
    assert problems(broken) == [
        "declaration.approve: form 're_review_approve_v2' has no registered reader of its inputs"
    ]
    monkeypatch.setattr(lifecycle_checks, "WORKFLOWS", {"declaration": broken})
    errors = e002(run_checks())
    assert len(errors) == 1 and "re_review_approve_v2" in errors[0].msg


def test_every_form_of_the_table_has_a_reader_of_the_inputs_it_lists():
    from egovpm.lifecycle.table import FORMS, WORKFLOWS

    forms = {t.form for wf in WORKFLOWS.values() for t in wf.transitions if t.form}
    assert forms and forms <= set(FORMS)
    assert all(t.inputs for wf in WORKFLOWS.values() for t in wf.transitions if t.form)


def test_a_transition_without_a_form_takes_no_input_but_its_reason():
    broken = with_transition(DECLARATION, "consent", inputs=("opinion", "amount"))
    assert problems(broken) == ["declaration.consent: takes inputs besides its reason but has no form"]
    assert problems(with_transition(DECLARATION, "consent", inputs=("opinion",))) == []


def test_a_service_the_table_names_must_import(monkeypatch):
    from egovpm.lifecycle.table import WORKFLOWS

    broken = with_transition(DECLARATION, "submit", service="egovpm.intake.services.no_such_service")
    monkeypatch.setitem(WORKFLOWS, "declaration", broken)
    errors = [e for e in run_checks() if e.id == "egovpm.E003"]
    assert len(errors) == 1 and "declaration.submit" in errors[0].msg


def test_an_activity_is_checked_like_a_transition():
    activity = next(a for a in DECLARATION.activities if a.name == "upload")
    broken = replace(
        DECLARATION,
        activities=(replace(activity, stages=("drafted",), actor="mayor", guards=("moon_is_full",)),),
    )
    assert problems(broken) == [
        "declaration.upload: unknown stage 'drafted'",
        "declaration.upload: unknown actor 'mayor'",
        "declaration.upload: unknown guard 'moon_is_full'",
    ]
    twice = replace(DECLARATION, activities=(activity, activity))
    assert problems(twice) == ["declaration.upload: allowed twice in one stage"]
