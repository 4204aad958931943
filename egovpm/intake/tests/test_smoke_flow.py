import pytest
from django.core.management import call_command

from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import services
from egovpm.testing import scenario


@pytest.mark.article("第七条")
def test_a_declaration_walks_the_whole_general_procedure(city, frozen_clock):
    u = city.users
    py = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u["clerk"], plan_year=py, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    decl = scenario.advance(
        decl,
        "funded",
        clerk=u["clerk"],
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["finance"], u["audit"], u["expert"]],
    )
    assert decl.stage == "funded"
    assert decl.budget_entry.arranged_amount == decl.current_fiscal
    call_command("verify_audit")
