"""第三十一条: a classified project — marked by the Office on the Secrecy bureau's word, or by its 附件2 密级
note — stores no file on any of its records, and says why; its page shows its existence, unit and stage
only; the Secrecy bureau's guidance is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.accountability import domain, services
from egovpm.core.errors import Refused
from egovpm.documents.services import document_store
from egovpm.intake.models import Proposal
from egovpm.testing.scenario import pdf_file


@pytest.mark.article("第三十一条")
def test_a_marked_project_refuses_every_upload_and_says_why(city, unfunded):
    office = city.users["office_reviewer"]
    declaration = unfunded.declarations.get()
    violation = services.violation_record(actor=office, project=unfunded, kind="mismanagement", facts="事实。")
    with pytest.raises(Refused):
        services.classification_mark(actor=city.users["clerk"], project=unfunded, basis="保密局意见。")
    services.classification_mark(actor=office, project=unfunded, basis="市保密局〔2026〕3号认定。")
    for owner in (declaration, violation):
        with pytest.raises(Refused) as exc:
            document_store(actor=office, owner=owner, kind="proposal", upload=pdf_file())
        assert exc.value.message == domain.CLASSIFIED_REFUSAL and "第三十一条" in exc.value.message
    with pytest.raises(Refused):
        services.evidence_add(actor=office, violation=violation, evidence=pdf_file())
    assert not violation.documents.exists()


@pytest.mark.article("第三十一条")
def test_the_proposals_classification_note_marks_the_project(city, unfunded):
    declaration = unfunded.declarations.get()
    Proposal.objects.filter(declaration=declaration).update(classification_note="机密")
    with pytest.raises(Refused):
        document_store(actor=city.users["clerk"], owner=declaration, kind="proposal", upload=pdf_file())
    Proposal.objects.filter(declaration=declaration).update(classification_note="无")
    document_store(actor=city.users["clerk"], owner=declaration, kind="proposal", upload=pdf_file())


@pytest.mark.article("第三十一条")
def test_classified_page_shows_existence_unit_stage_and_guidance(city, client, unfunded):
    office = city.users["office_reviewer"]
    services.classification_mark(actor=office, project=unfunded, basis="市保密局认定。")
    with pytest.raises(ValidationError):
        services.guidance_record(actor=office, project=unfunded, guidance="", given_on=dt.date(2026, 10, 1))
    services.guidance_record(
        actor=office, project=unfunded, guidance="涉密材料按保密规定线下报送。", given_on=dt.date(2026, 10, 1)
    )
    url = reverse("accountability:classified_detail", kwargs={"pk": unfunded.pk})
    client.force_login(city.users["clerk"])
    page = client.get(url).content.decode()
    assert unfunded.code in page and str(unfunded.unit) in page and "涉密材料按保密规定线下报送" in page
    assert unfunded.name not in page
    client.force_login(city.users["culture_clerk"])
    assert client.get(url).status_code == 404
