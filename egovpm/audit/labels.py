"""Chinese names of audit actions, for people reading the history."""

from egovpm.lifecycle.table import WORKFLOWS

ACTION_LABELS = {
    "plan_year.open": "开放年度计划",
    "declaration.create": "填报申报表",
    "declaration.update": "修改申报表",
    "proposal.save": "在线填写项目建议书",
    "document_upload": "上传材料",
    "review_round.open": "开启初审轮次",
    "review_opinion.submit": "提交评审意见（初审或会审）",
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
    "declaration.accept_outline_findings": "接受材料的章节缺项（第七条(一)(三)）",
    "special.create": "填写启动特殊申报程序申请书",
    "special.update": "修改特殊申报申请书",
    "special.exception_grant": "记录特殊申报例外",
    "filing.create": "报送备案（抄送办公室）",
    "api_token.create": "创建 API 令牌",
    "api_token.revoke": "吊销 API 令牌",
    "api_token.revoke_all": "吊销用户的全部 API 令牌（口令变更或账户停用）",
    "api.unauthenticated": "API 令牌无效、已过期或已吊销",
    "api.throttled": "API 请求超过频率上限",
    "api.refusals": "API 拒绝次数汇总（时间窗）",
    "access.denied": "越权访问被拒绝",
    "action.refused": "操作未获准（规则拒绝）",
    "project.participant_assign": "确定项目参与方",
    "project.participant_end": "结束项目参与方",
    "project.restriction_place": "采取限制措施（第十八条）",
    "project.restriction_lift": "解除限制措施（第十八条）",
    "document.download": "下载材料",
    "application_form.download": "下载申报表",
    "proposal.download": "下载项目建议书（附件2，在线填写）",
    "export.annual_plan": "导出年度计划",
    "export.preapproved": "导出预审合格项目清单",
    "export.catalog": "导出项目资源预编目录",
    "export.catalog_all": "导出政务信息资源目录（共享平台）",
    "security.policy_update": "修改安全策略",
    "auth.unlock": "解除登录锁定",
    "audit.search": "查询审计日志",
    "audit.verify": "验证审计链",
    "audit.export": "导出审计日志",
    "documents.sweep_orphans": "清理无记录的孤立文件",
    "system.restore": "从备份恢复数据",
    "auth.login": "登录",
    "auth.login_password": "口令验证通过（待双因素认证）",
    "auth.login_throttled": "登录请求过于频繁，被拒绝",
    "auth.password_change_failed": "修改口令时原口令错误",
    "access.not_found": "访问范围外或不存在的对象（404）",
    "page.refusals": "页面拒绝汇总（404）",
    "login.refusals": "登录限流汇总（429）",
    "auth.login_failed": "登录失败",
    "auth.lockout": "连续登录失败，账户锁定",
    "auth.logout": "退出登录",
    "auth.session_timeout": "会话空闲超时，自动退出",
    "auth.otp_verify": "双因素认证通过",
    "auth.otp_failed": "双因素认证失败",
    "auth.otp_enrol": "绑定身份验证器",
    "data_key.rotate": "用当前数据密钥重新加密存储的文件",
    "auth.otp_disable": "关闭双因素认证",
    "auth.recovery_codes_regenerate": "重新生成恢复码",
    "user.password_change": "修改本人口令",
    "user.password_reset": "管理员设置用户口令",
    "deadline.extend": "延长截止期限",
    "construction.open": "开始建设准备（第十一条）",
    # 第十一条, 第四条 (procurement)
    "procurement.record": "登记采购（第十一条）",
    "procurement.add_line": "添加采购标的（第十一条）",
    "software_licence.record": "登记正版软件（第十一条）",
    "contract.sign": "登记合同（第十一条）",
    "payment_ledger.export": "导出资金拨付台账",
    "supervision.qualification_record": "登记监理单位资质（第十三条）",
    "supervision.assign": "委托监理单位（第十三条）",
    "information_request.create": "要求提供资料和情况（第十七条）",
    "inspection.open": "组织稽察（第十八条）",
    "acceptance.open": "建设完成，开始计算验收期限（第二十条）",
    "acceptance_report.download": "下载竣工验收报告（第二十一条）",
    # official documents (公文, GB/T 9704-2012): numbered when issued, the PDF archived with its SHA-256
    "official.issue": "印发公文（编号）",
    "official.archive_pdf": "公文 PDF 存档（SHA-256）",
    "official.download": "下载公文",
    # 第二十一条 to 第二十四条 (operations; its workflows' steps are labelled by the table)
    "operation.open": "登记项目运行机构和管理制度（第二十二条）",
    "final_audit.open": "开展竣工决算审计（第二十一条）",
    # 第三十条, 第三十一条 (accountability; the violation's steps are labelled by the table)
    "violation.propose": "提出违规行为待认定（第三十条）",
    "classification.mark": "标记涉密项目（第三十一条）",
    "secrecy_guidance.record": "登记保密指导（第三十一条）",
}


def all_action_labels() -> dict[str, str]:
    """Every action the chain may hold with its label: the named ones and each workflow's steps."""
    steps = {
        f"{wf.name}.{step.name}": step.label for wf in WORKFLOWS.values() for step in (*wf.transitions, *wf.activities)
    }
    return steps | ACTION_LABELS


def action_label(action: str) -> str:
    """A named action, else the label of the table's transition or activity (`workflow.step`)."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    name, _, step = action.partition(".")
    workflow = WORKFLOWS.get(name)
    if workflow is not None:
        return next((s.label for s in (*workflow.transitions, *workflow.activities) if s.name == step), action)
    return action
