"""The cockpit's figures (驾驶舱) for the Office, Finance and Audit, as the page shows them."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from egovpm.cockpit import dashboard

from ..access import answers, require_roles
from ..schemas.cockpit import CockpitOut

router = Router(tags=["驾驶舱 / Cockpit"])


class CockpitParams(Schema):
    plan_year: int | None = Field(
        None, ge=2000, le=2999, description="计划年度；不填为全部年度 / Plan year; none: every year"
    )


def _phase(p: dict) -> dict:
    stages = [{"stage": r["code"], **{k: r[k] for k in ("label", "count", "money", "url")}} for r in p["rows"]]
    return {"workflow": p["key"], **{k: p[k] for k in ("label", "across_years", "count", "money")}, "stages": stages}


def _unit(row: dict) -> dict:
    return {"unit_id": row["unit"].pk, "unit": row["unit"].name}


@router.get(
    "/cockpit",
    **answers(CockpitOut, 401, 403, 422),
    operation_id="cockpit",
    summary="驾驶舱 / The cockpit's figures",
    description=(
        "与驾驶舱页面相同的数字：各流程各阶段的项目数和金额，各部门申请、核定、安排和拨付资金，按资金来源，各单位逾期事项，"
        "第六条决定（办公室）；财政局待入库、待安排、待拨付；审计局征询和答复的意见。每个数字带有对应项目列表的地址。"
        " 角色：办公室、财政局审核人、审计局审核人。 / The cockpit page's figures: each workflow's stages, the money by"
        " department and by funding source, overdue items by unit, Art. 6 decisions (the Office); what waits for"
        " Finance; what Audit was asked and answered. Each figure names the list behind it. Roles: the Office,"
        " Finance and Audit reviewers."
    ),
)
def cockpit(request, params: Query[CockpitParams]):
    require_roles(request.user, dashboard.COCKPIT_ROLES)
    figures = dashboard.cockpit(request.user, plan_year=params.plan_year)
    pipeline = figures.get("pipeline")
    overdue = figures.get("overdue")
    return {
        "plan_year": params.plan_year,
        "pipeline": [_phase(p) for p in pipeline] if pipeline is not None else None,
        "departments": [
            {**_unit(r), **{k: r[k] for k in ("count", "requested", "approved", "arranged", "paid", "url")}}
            for r in figures["departments"]["rows"]
        ],
        "sources": [
            {"source": r["key"], "label": r["label"], "requested": r["requested"], "paid": r["paid"]}
            for r in figures["sources"]["rows"]
        ],
        "overdue": [
            {**_unit(r), **{k: r[k] for k in ("rectification", "information", "acceptance", "total")}}
            for r in overdue["rows"]
        ]
        if overdue is not None
        else None,
        "infrastructure": figures["infrastructure"]["rows"] if "infrastructure" in figures else None,
        "finance": figures["finance"]["rows"] if "finance" in figures else None,
        "audit": figures["audit"]["rows"] if "audit" in figures else None,
    }
