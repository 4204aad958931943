"""第七条(一) on the embedded default: ordinary amounts of the application form (附件1) save on every database.
SQLite keeps a DecimalField in floating point, where 12.30 + 45.60 is not 57.90; the database's check of the
funding rows must still accept every form whose rows add up to the cent, and refuse one that is a cent off."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from egovpm.conftest import application_data
from egovpm.intake import services
from egovpm.intake.models import Declaration

# (total, fiscal, self-raised): rows whose float sum is not the float of the total
SUMS = [("57.90", "12.30", "45.60"), ("0.30", "0.10", "0.20"), ("1234567.89", "1234567.79", "0.10")]


@pytest.mark.article("第七条(一)")
@pytest.mark.parametrize(("total", "fiscal", "self_raised"), SUMS)
def test_funding_rows_that_add_up_to_the_cent_save(city, plan_year, total, fiscal, self_raised):
    amounts = {
        "current_total": Decimal(total),
        "current_fiscal": Decimal(fiscal),
        "current_self_raised": Decimal(self_raised),
        "current_national": Decimal("0.00"),
        "current_other": Decimal("0.00"),
        "annual_requirement": Decimal(total),
        "total_investment": Decimal(total),
        "prior_total": Decimal(fiscal),
        "prior_fiscal": Decimal(fiscal),
    }
    declaration = services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(**amounts)
    )
    declaration.refresh_from_db()
    assert declaration.current_total == Decimal(total)


@pytest.mark.supports("第七条(一)")
def test_the_database_still_refuses_rows_a_cent_off(city, plan_year):
    declaration = services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(current_total=declaration.current_total + Decimal("0.01"))
