"""The contract of 第十一条 as data, with Finance's 拨付 of 第四条 as an activity of a contract in force. Pure
Python; ProcurementConfig.ready() registers it. The guards are the project's restrictions of 第十八条
(egovpm.projects.domain.RESTRICTION_GUARDS), whose values the contract's facts read from its project."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, FINANCE_ROLES
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

# 第十八条: no payment while funds are withheld, the project suspended or terminated.
PAYMENT_GUARDS = ("not_terminated", "not_suspended", "funds_not_withheld")
# 第十八条: the unit's construction records stop while the project is suspended or terminated.
CONSTRUCTION_GUARDS = ("not_terminated", "not_suspended")

CONTRACT = Workflow(
    name="contract",
    label="建设合同及资金拨付（第十一条、第四条）",
    initial="in_force",
    subject="contract",
    stages=(
        Stage("in_force", "履行中", "履行中", article="第十一条"),
        Stage("settled", "已履行完毕", "已履行完毕", terminal=True, article="第十一条"),
    ),
    transitions=(
        Transition(
            "settle_contract",
            "合同履行完毕",
            ("in_force",),
            "settled",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十一条",
            requires_reason=True,
            reason_label="履行情况说明",
            guards=CONSTRUCTION_GUARDS,
            service="egovpm.procurement.services.contract_settle",
            reason_as="note",
        ),
    ),
    activities=(
        Activity(
            "disburse",
            "拨付建设资金",
            ("in_force",),
            actor="finance",
            roles=FINANCE_ROLES,
            article="第四条",
            guards=PAYMENT_GUARDS,
            refusal="合同{stage}，不能再拨付。",
        ),
    ),
)
