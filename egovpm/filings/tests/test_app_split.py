"""Filing left intake for the filings app, CoordinatedItem and InfrastructureDecision for the coordination app
(intake/0007, filings/0001, coordination/0001, intake/0008): no row moves, every generic reference keeps its
rows, and the audit chain is neither rewritten nor cut off from the records' histories."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify, audit_events_for
from egovpm.coordination import services as coordination
from egovpm.coordination.models import CoordinatedItem, InfrastructureDecision
from egovpm.coordination.tests.test_coordination import flagged, item
from egovpm.documents.models import Document
from egovpm.filings import services
from egovpm.filings.models import Filing
from egovpm.filings.tests.test_filing import file_project
from egovpm.projects.models import Step
from egovpm.testing.migrating import leaves, migrate

BEFORE = [("intake", "0006_stage_of_its_procedure")]


def labels(*models: str) -> dict[str, str]:
    return dict(ContentType.objects.filter(model__in=models).values_list("model", "app_label"))


@pytest.mark.supports("第十条")
def test_a_filing_keeps_its_audit_type_so_its_history_keeps_its_old_events(city, plan_year):
    filing = file_project(city)
    services.filing_request_info(actor=city.users["office_reviewer"], filing=filing, question="请补充对接方案。")

    events = list(audit_events_for(filing))
    assert [e.action for e in events] == ["filing.create", "document_upload", "filing.request_filing_info"]
    # The type its events had in intake: events written before the split and after it are one history.
    assert {e.object_type for e in events} == {"intake.filing"}
    assert not AuditEvent.objects.filter(object_type="filings.filing").exists()


@pytest.mark.supports("第十条")
def test_the_split_moves_no_row_and_every_reference_keeps_its_record(transactional_db, city, plan_year):
    """Migrating changes the schema, which SQLite does only outside a transaction: hence transactional_db."""
    filing = file_project(city)
    services.filing_request_info(actor=city.users["office_reviewer"], filing=filing, question="请补充对接方案。")
    decl = flagged(city, plan_year)
    coordination.coordination_standalone(actor=city.users["office_reviewer"], declaration=decl, reason="专网专用。")
    stored = item(city, plan_year)
    documents = {d.pk: d.owner_type_id for d in Document.objects.filter(filing=filing)}
    steps = list(Step.objects.filter(owner_id=filing.pk, owner_type__model="filing").values_list("pk", flat=True))
    types = {m: ContentType.objects.get(model=m).pk for m in ("filing", "coordinateditem", "infrastructuredecision")}
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    assert documents and steps
    assert labels(*types) == {
        "filing": "filings",
        "coordinateditem": "coordination",
        "infrastructuredecision": "coordination",
    }

    try:
        old = migrate(BEFORE)
        assert (
            old.get_model("intake", "Filing").objects.get(pk=filing.pk).approval_reference == filing.approval_reference
        )
        assert old.get_model("intake", "CoordinatedItem").objects.get(pk=stored.pk).name == stored.name
        assert (
            old.get_model("intake", "InfrastructureDecision").objects.get(declaration_id=decl.pk).reason == "专网专用。"
        )
        assert labels(*types) == dict.fromkeys(types, "intake")
    finally:
        migrate(leaves())

    ContentType.objects.clear_cache()
    assert labels(*types) == {
        "filing": "filings",
        "coordinateditem": "coordination",
        "infrastructuredecision": "coordination",
    }
    assert {m: ContentType.objects.get(model=m).pk for m in types} == types  # the same rows, relabelled
    assert {d.pk: d.owner_type_id for d in Document.objects.filter(filing=filing)} == documents
    assert all(d.owner == Filing.objects.get(pk=filing.pk) for d in Document.objects.filter(filing=filing))
    assert (
        list(Step.objects.filter(owner_type_id=types["filing"], owner_id=filing.pk).values_list("pk", flat=True))
        == steps
    )
    assert InfrastructureDecision.objects.get(declaration=decl).decision == "standalone"
    assert CoordinatedItem.objects.get(pk=stored.pk).name == stored.name
    assert AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() == head
    assert audit_chain_verify()[1] is None
