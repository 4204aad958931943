"""第三十条: the Office decides each proposal with a reason (audited), records the measures, and the names of
the persons with direct responsibility are read in full by the Office and Audit only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.accountability import domain, services
from egovpm.audit.models import AuditEvent
from egovpm.core.errors import Refused

PERSONS = "张三丰、李四"


@pytest.fixture
def violation(city, unfunded):
    return services.violation_record(
        actor=city.users["office_reviewer"],
        project=unfunded,
        kind="mismanagement",
        facts="管理不善造成数据泄露。",
    )


@pytest.fixture
def confirmed(city, violation):
    return services.violation_confirm(actor=city.users["office_head"], violation=violation, reason="经核实属实。")


@pytest.mark.article("第三十条")
def test_office_confirms_with_reason_and_the_decision_is_audited(city, violation):
    with pytest.raises(ValidationError) as exc:
        services.violation_confirm(actor=city.users["office_head"], violation=violation, reason="  ")
    assert "reason" in exc.value.message_dict
    done = services.violation_confirm(actor=city.users["office_head"], violation=violation, reason="经核实属实。")
    assert done.stage == "confirmed" and done.decision_reason == "经核实属实。"
    event = AuditEvent.objects.get(action="violation.confirm_violation", object_id=str(violation.pk))
    assert event.reason == "经核实属实。"


@pytest.mark.article("第三十条")
def test_office_dismisses_with_reason_and_only_the_office_decides(city, violation):
    with pytest.raises(Refused):
        services.violation_dismiss(actor=city.users["clerk"], violation=violation, reason="不是我们。")
    with pytest.raises(Refused):
        services.violation_record(
            actor=city.users["audit"], project=violation.project, kind="no_catalog", facts="无目录。"
        )
    done = services.violation_dismiss(actor=city.users["office_reviewer"], violation=violation, reason="证据不足。")
    assert done.stage == "dismissed"
    assert AuditEvent.objects.filter(action="violation.dismiss_violation", reason="证据不足。").exists()
    # a dismissed proposal takes no measure
    with pytest.raises(Refused):
        services.measure_record(
            actor=city.users["office_reviewer"], violation=done, kind="criticism", description="通报批评。"
        )


@pytest.mark.article("第三十条")
def test_a_referral_names_the_persons_and_the_department(city, confirmed):
    with pytest.raises(ValidationError) as exc:
        services.measure_record(
            actor=city.users["office_head"], violation=confirmed, kind="discipline", description="提请处分。"
        )
    assert {"persons", "authority"} <= set(exc.value.message_dict)
    assert not confirmed.measures.exists()
    measure = services.measure_record(
        actor=city.users["office_head"],
        violation=confirmed,
        kind="discipline",
        description="提请市纪委监委依法给予处分。",
        persons=PERSONS,
        authority="市纪委监委",
    )
    assert measure.persons == PERSONS
    # the audit chain does not carry the names
    event = AuditEvent.objects.get(action="violation.record_measure")
    assert "张三丰" not in str(event.after) and "张三丰" not in event.reason


@pytest.mark.article("第三十条")
def test_responsible_persons_are_masked_but_for_the_office_and_audit(city, client, confirmed):
    services.measure_record(
        actor=city.users["office_head"],
        violation=confirmed,
        kind="criminal_referral",
        description="移交司法机关。",
        persons=PERSONS,
        authority="市公安局",
    )
    assert domain.masked_persons(PERSONS, {"unit_clerk"}) == "张**、李*"
    url = reverse("accountability:violation_detail", kwargs={"pk": confirmed.pk})
    for user, full in (("office_reviewer", True), ("audit", True), ("clerk", False), ("supervisor", False)):
        client.force_login(city.users[user])
        page = client.get(url).content.decode()
        assert ("张三丰" in page) is full, user
        assert full or "张**" in page
    client.force_login(city.users["culture_clerk"])
    assert client.get(url).status_code == 404
