"""An app adds the values of its own guards to another app's model (guards that cross workflows)."""

import pytest

from egovpm.lifecycle.engine import Facts
from egovpm.projects import engine


class Record:
    stage = "open"
    unit_id = 1


@pytest.mark.supports("第十八条")
def test_contributed_guard_values_join_the_providers_facts(monkeypatch):
    monkeypatch.setattr(engine, "_facts", {Record: lambda obj: Facts(stage=obj.stage, unit_id=1, guards={"own": True})})
    monkeypatch.setattr(engine, "_guard_values", {})
    assert engine.facts_of(Record()).guards == {"own": True}

    engine.register_guard_values(Record, lambda obj: {"firm_qualified": False})
    engine.register_guard_values(Record, lambda obj: {"no_open_rectification": True})

    facts = engine.facts_of(Record())
    assert facts.guards == {"own": True, "firm_qualified": False, "no_open_rectification": True}
    assert facts.stage == "open"


@pytest.mark.supports("第十八条")
def test_a_project_records_provider_reads_what_apps_contribute_to_the_project(monkeypatch):
    class Owner:
        pass

    class Child:
        stage = "open"
        unit_id = 1
        project = Owner()

    monkeypatch.setattr(
        engine,
        "_facts",
        {Child: lambda obj: Facts(stage="open", unit_id=1, guards=engine.contributed_guard_values(obj.project))},
    )
    monkeypatch.setattr(engine, "_guard_values", {})
    engine.register_guard_values(Owner, lambda project: {"supervision_firm_qualified": True})
    assert engine.facts_of(Child()).guards == {"supervision_firm_qualified": True}


@pytest.mark.supports("第六条")
def test_a_contributor_gives_a_failing_guard_its_own_words(monkeypatch):
    """coordination's 第六条 guards on intake's declaration: the refusal names the Office's decision."""
    monkeypatch.setattr(
        engine,
        "_facts",
        {Record: lambda obj: Facts(stage="open", unit_id=1, guards={"own": False}, guard_messages={"own": "自己的"})},
    )
    monkeypatch.setattr(engine, "_guard_values", {})
    engine.register_guard_values(
        Record,
        lambda obj: engine.GuardValues({"decided": False}, {"decided": "办公室已对该项目作出决定：同意单独立项。"}),
    )

    facts = engine.facts_of(Record())
    assert facts.guards == {"own": False, "decided": False}
    assert facts.guard_messages == {"own": "自己的", "decided": "办公室已对该项目作出决定：同意单独立项。"}
    assert engine.contributed_guard_values(Record()) == {"decided": False}
