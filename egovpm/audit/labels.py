"""Chinese names of audit actions, for people reading the history."""

from egovpm.lifecycle.table import WORKFLOWS

ACTION_LABELS = {
    "plan_year.open": "开放年度计划",
    "declaration.create": "填报申报表",
    "declaration.update": "修改申报表",
    "proposal.save": "在线填写项目建议书",
    "document_upload": "上传材料",
    "review_round.open": "开启初审轮次",
    "review_opinion.submit": "提交初审意见",
    "procurement_item.add": "列入集中采购计划",
    "procurement_item.remove": "移出集中采购计划",
    "catalog_entry.add": "登记资源目录",
    "catalog_entry.update": "修改资源目录",
    "catalog_entry.delete": "删除资源目录",
    "plan.send_to_finance": "向财政局报送年度计划和预审合格项目清单",
    "unit.create": "新增单位",
    "user.create": "新增用户",
    "unit.update": "修改单位",
    "user.update": "修改用户",
    "user.roles_change": "变更用户角色",
    "coordinated_item.create": "新增统筹建设事项",
    "declaration.infrastructure_standalone": "同意单独立项（第六条）",
    "special.create": "填写启动特殊申报程序申请书",
    "special.update": "修改特殊申报申请书",
    "special.exception_grant": "记录特殊申报例外",
    "filing.create": "报送备案（抄送办公室）",
    "api_token.create": "创建 API 令牌",
    "api_token.revoke": "吊销 API 令牌",
    **{f"{wf.name}.{t.action}": t.label for wf in WORKFLOWS.values() for t in wf.transitions},
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
