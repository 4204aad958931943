"""Migrations 0006-0008 turn a document's foreign key to its declaration or filing into its owner
(owner_type, owner_id) and back, on rows written by the services: run backwards to 0006 (the old
foreign keys beside the new, still nullable owner), emptied of their owners, then forwards again."""

from __future__ import annotations

from decimal import Decimal

from egovpm.conftest import application_data
from egovpm.core import clock
from egovpm.documents.models import Document, DocumentKind
from egovpm.filings.models import Filing
from egovpm.filings.services import filing_create
from egovpm.intake import services
from egovpm.testing import scenario
from egovpm.testing.migrating import leaves, migrate

OLD_LINKS = [("documents", "0006_document_owner")]


def test_each_document_gets_the_owner_its_foreign_key_named_and_gives_it_back(transactional_db, city, plan_year):
    """Migrating changes the schema, which SQLite does only outside a transaction: hence transactional_db."""
    clerk = city.users["clerk"]
    decl = services.declaration_create(actor=clerk, plan_year=plan_year, name="互联网医院", data=application_data())
    for name in ("建议书.pdf", "建议书（修改）.pdf"):
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.PROPOSAL, upload=scenario.pdf_file(name)
        )
    filing = _filing(clerk)
    owners = {d.pk: (d.owner_type.model, d.owner_id) for d in Document.objects.all()}
    assert sorted(owners.values()) == [("declaration", decl.pk)] * 2 + [("filing", filing.pk)]

    try:
        old = migrate(OLD_LINKS)
        Legacy = old.get_model("documents", "Document")
        links = {d.pk: (d.declaration_id, d.filing_id) for d in Legacy.objects.all()}
        assert links == {pk: _old_link(*owner) for pk, owner in owners.items()}
        Legacy.objects.update(owner_type=None, owner_id=None)  # as the rows stood before 0006
        template = Legacy.objects.get(filing_id=filing.pk)
        # Rows no service wrote: one naming both (the declaration's, as the old filing pages had it) and
        # one naming neither (kept, with its project as owner).
        both = _copy(Legacy, template, declaration_id=decl.pk, filing_id=filing.pk)
        neither = _copy(Legacy, template, declaration_id=None, filing_id=None)
    finally:
        migrate(leaves())

    after = {d.pk: (d.owner_type.model, d.owner_id) for d in Document.objects.select_related("owner_type")}
    assert after == {**owners, both: ("declaration", decl.pk), neither: ("project", filing.project_id)}
    assert [d.version for d in decl.documents.filter(kind=DocumentKind.PROPOSAL)] == [2, 1]
    assert filing.documents.get().owner == filing


def _old_link(model: str, pk: int) -> tuple[int | None, int | None]:
    """(declaration_id, filing_id) of a document owned by the declaration or filing `pk`."""
    return (pk, None) if model == "declaration" else (None, pk)


def _copy(Legacy, row, **links) -> int:
    fields = {f.attname: getattr(row, f.attname) for f in Legacy._meta.concrete_fields if not f.primary_key}
    return Legacy.objects.create(**{**fields, **links, "kind": DocumentKind.OTHER, "uploaded_at": clock.now()}).pk


def _filing(clerk) -> Filing:
    return filing_create(
        actor=clerk,
        kind=Filing.Kind.HIGHER_AUTHORITY,
        name="省级平台对接",
        higher_authority="省卫生健康委员会",
        approval_reference="苏卫规划〔2026〕12号",
        total_investment=Decimal("80.00"),
        description="按省里统一部署建设。",
        approval_document=scenario.pdf_file("批准文件.pdf"),
    )
