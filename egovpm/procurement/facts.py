"""The contract's part in the one engine: its facts, read from its project (the restrictions of 第十八条
and whatever other apps contribute to the project). Registered by ProcurementConfig.ready()."""

from __future__ import annotations

from egovpm.lifecycle.engine import Facts
from egovpm.projects.engine import contributed_guard_values
from egovpm.projects.selectors import project_facts

from .models import Contract


def contract_facts(contract: Contract) -> Facts:
    party_units, guards = project_facts(contract.project)
    return Facts(
        stage=contract.stage,
        unit_id=contract.unit_id,
        stage_label=contract.get_stage_display(),
        party_units=party_units,
        guards={**guards, **contributed_guard_values(contract.project)},
    )
