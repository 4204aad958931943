"""Personal data masked for those who do not need it: the rule, then one page and one API answer as an
expert and as the Office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.conftest import PROPOSAL, application_data
from egovpm.core.personal import reveal_personal
from egovpm.lifecycle.roles import Role
from egovpm.security.masking import Subject, Viewer, mask_id_number, mask_phone, sees_in_full
from egovpm.testing import scenario

from .helpers import verified_login


@pytest.mark.parametrize(
    "value, masked",
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("0513-83312345", "0513-****2345"),
        ("051383312345", "0513****2345"),
        ("010-6551234", "010-***1234"),
        ("0513-83312345-801", "0513-****2345-801"),
        ("83312345", "****2345"),
        ("0513-83312345，13812345678", "0513-****2345，138****5678"),
        ("电话 123", "电话 ***"),
        ("", ""),
    ],
)
def test_phone_numbers_keep_only_what_identifies_no_one(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("320681199001011234", "3206**********1234"),
        ("32068119900101123X", "3206**********123X"),
        ("320681900101123", "3206*******1123"),
        ("E12345678", "E*******8"),
        ("", ""),
    ],
)
def test_resident_id_numbers_are_masked_in_the_middle(value, masked):
    assert mask_id_number(value) == masked


HOSPITAL, HEALTH, CULTURE, OFFICE, FINANCE = 102, 101, 103, 1, 2
DECLARATION = Subject(person_id=None, unit_id=HOSPITAL, supervising_unit_id=HEALTH)
PERSON = Subject(person_id=7, unit_id=HOSPITAL, supervising_unit_id=HEALTH)


@pytest.mark.parametrize(
    "viewer, subject, full",
    [
        (Viewer(7, HOSPITAL, frozenset({Role.UNIT_CLERK})), PERSON, True),  # the person themself
        (Viewer(7, None, frozenset({Role.EXPERT})), Subject(7, None, None), True),  # an expert's own number
        (Viewer(8, HOSPITAL, frozenset({Role.UNIT_CLERK})), DECLARATION, True),  # own unit
        (Viewer(9, HEALTH, frozenset({Role.SUPERVISOR_APPROVER})), DECLARATION, True),  # supervising unit
        (Viewer(10, OFFICE, frozenset({Role.OFFICE_REVIEWER})), DECLARATION, True),
        (Viewer(11, OFFICE, frozenset({Role.OFFICE_HEAD})), PERSON, True),
        (Viewer(12, FINANCE, frozenset({Role.FINANCE_REVIEWER})), DECLARATION, False),
        (Viewer(13, 3, frozenset({Role.AUDIT_REVIEWER})), DECLARATION, False),
        (Viewer(14, None, frozenset({Role.EXPERT})), DECLARATION, False),
        (Viewer(15, CULTURE, frozenset({Role.UNIT_CLERK})), DECLARATION, False),  # another unit
        (Viewer(16, OFFICE, frozenset({Role.SYSADMIN})), DECLARATION, False),  # in the Office unit, no Office role
        (Viewer(None, None, frozenset()), DECLARATION, False),
        (Viewer(17, None, frozenset({Role.EXPERT})), Subject(None, None, None), False),  # no unit known: no match
    ],
)
def test_who_sees_personal_data_in_full(viewer, subject, full):
    assert sees_in_full(viewer, subject) is full


@pytest.fixture
def reviewed(city, plan_year):
    """A declaration in the initial review, the expert invited to it."""
    u = city.users
    decl = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    return scenario.advance(
        decl,
        "in_initial_review",
        clerk=u["clerk"],
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["finance"], u["audit"], u["expert"]],
    )


PHONE = application_data()["leader_phone"]  # 0513-83312345


@pytest.mark.parametrize(
    "username, shown",
    [
        ("office_reviewer", PHONE),
        ("clerk", PHONE),
        ("supervisor", PHONE),
        ("expert", "0513-****2345"),
        ("finance", "0513-****2345"),
    ],
)
def test_the_declaration_page_masks_the_leaders_phone_for_those_who_do_not_need_it(
    client, city, reviewed, username, shown
):
    verified_login(client, city.users[username])
    response = client.get(reverse("intake:declaration_detail", args=[reviewed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="leader-phone">{shown}</td>' in html
    if shown != PHONE:
        assert PHONE not in html


@pytest.mark.parametrize("username, shown", [("office_head", PHONE), ("expert", "0513-****2345")])
def test_the_api_masks_the_leaders_phone_as_the_page_does(client, city, reviewed, username, shown):
    from egovpm.api.tests.conftest import Api

    api = Api(client, city.users[username])
    response = api.get(f"/declarations/{reviewed.pk}")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["leader_phone"] == shown


def test_the_application_form_download_masks_the_phone_for_an_expert(client, city, reviewed):
    from egovpm.intake import application_form as af

    assert af.application_form_content(reviewed, viewer=city.users["expert"]).leader_phone.value == "0513-****2345"
    assert af.application_form_content(reviewed, viewer=city.users["office_reviewer"]).leader_phone.value == PHONE


def test_the_template_tags_apply_the_rule(rf, city, reviewed):
    from django.template import Context, Template

    template = Template("{% load masking %}{% phone_for d d.leader_phone %}|{{ '13812345678'|mask_phone }}")
    for username, shown in (("expert", "0513-****2345"), ("supervisor", PHONE)):
        request = rf.get("/")
        request.user = city.users[username]
        assert template.render(Context({"request": request, "d": reviewed})) == f"{shown}|138****5678"


MASKED = "0513-****2345"


@pytest.mark.parametrize(
    "username, shown",
    [
        ("clerk", PHONE),
        ("supervisor", PHONE),
        ("office_reviewer", PHONE),
        ("office_head", PHONE),
        ("finance", MASKED),
        ("audit", MASKED),
        ("expert", MASKED),
    ],
)
def test_every_representation_of_the_leaders_phone_follows_the_one_rule(client, city, reviewed, username, shown):
    """The declaration's page, its API answer, and the audit events' before/after in the declaration's and
    the project's API history: the same number, in full or masked, for each role."""
    from egovpm.api.tests.conftest import Api

    verified_login(client, city.users[username])
    html = client.get(reverse("intake:declaration_detail", args=[reviewed.pk])).content.decode()
    assert f'data-testid="leader-phone">{shown}</td>' in html
    api = Api(client, city.users[username])
    detail = api.get(f"/declarations/{reviewed.pk}").json()
    assert detail["leader_phone"] == shown
    for path in (f"/declarations/{reviewed.pk}/history", f"/projects/{reviewed.project_id}/history"):
        response = api.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        created = next(e for e in response.json() if e["action"] == "declaration.create")
        assert created["after"]["leader_phone"] == shown, path
        if shown == MASKED:
            assert PHONE not in response.content.decode(), path


def test_the_audit_administrator_sees_what_happened_not_the_phone(client, city, reviewed):
    """The audit administrator's event list and XLSX export mask the personal fields of before/after; the
    stored event is unchanged (the chain holds), and the JSON Lines archive keeps it as hashed."""
    import io

    from openpyxl import load_workbook

    from egovpm.audit.models import AuditEvent
    from egovpm.audit.selectors import audit_chain_verify
    from egovpm.core import clock

    event = AuditEvent.objects.get(action="declaration.create", object_id=str(reviewed.pk))
    verified_login(client, city.users["auditadmin"])
    page = client.get(reverse("audit:event_list"), {"action": "declaration.create"}).content.decode()
    assert MASKED in page and PHONE not in page
    today = clock.today().isoformat()
    form = {"date_from": "2026-01-01", "date_to": today}
    xlsx = client.post(reverse("audit:export"), {**form, "fmt": "xlsx"})
    texts = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert any(isinstance(t, str) and MASKED in t for t in texts)
    assert not any(isinstance(t, str) and PHONE in t for t in texts)
    archive = client.post(reverse("audit:export"), {**form, "fmt": "jsonl"}).content.decode()
    # the archive is verified against the chain: it keeps what was hashed, the phone sealed with the data key
    assert PHONE not in archive and '"enc1:' in archive
    event.refresh_from_db()
    assert event.after["leader_phone"].startswith("enc1:")  # recorded sealed (8.1.4.8)
    assert reveal_personal(event.after)["leader_phone"] == PHONE
    assert audit_chain_verify()[1] is None
