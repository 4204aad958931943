from django.urls import path

from .views import (
    budget,
    central_procurement,
    decisions,
    declaration,
    detail,
    exports,
    plan,
    reexamine,
    review,
    special,
)

app_name = "intake"

urlpatterns = [
    # 第七条(一) declaration
    path("", declaration.declaration_list, name="declaration_list"),
    path("declarations.xlsx", declaration.declaration_list_xlsx, name="declaration_list_xlsx"),
    path("new/", declaration.declaration_create, name="declaration_create"),
    path("<int:pk>/", detail.declaration_detail, name="declaration_detail"),
    path("<int:pk>/edit/", declaration.declaration_edit, name="declaration_edit"),
    path("<int:pk>/proposal/", declaration.proposal_edit, name="proposal_edit"),
    path("<int:pk>/upload/", declaration.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/accept-outline/",
        declaration.outline_accept,
        name="outline_accept",
    ),
    path("<int:pk>/act/<str:action>/", detail.declaration_act, name="declaration_act"),
    path("<int:pk>/application.docx", exports.application_docx, name="application_docx"),
    path("<int:pk>/application.pdf", exports.application_pdf, name="application_pdf"),
    path("<int:pk>/proposal.docx", exports.proposal_docx, name="proposal_docx"),
    path("<int:pk>/proposal.pdf", exports.proposal_pdf, name="proposal_pdf"),
    path("templates/", exports.material_templates, name="material_templates"),
    path("templates/<slug:slug>/", exports.material_template, name="material_template"),
    # 第七条(二) initial review
    path("rounds/", review.round_list, name="round_list"),
    path("rounds/new/", review.round_create, name="round_create"),
    path("rounds/<int:pk>/", review.round_detail, name="round_detail"),
    path(
        "<int:pk>/initial-review/start/",
        decisions.review_start,
        {"action": "start_initial_review"},
        name="initial_review_start",
    ),
    path("<int:pk>/experts/draw/", review.experts_draw, name="experts_draw"),
    path("<int:pk>/procurement/", review.procurement_item_add, name="procurement_item_add"),
    path("procurement/<int:pk>/remove/", review.procurement_item_remove, name="procurement_item_remove"),
    path("invitations/", review.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/", review.invitation_detail, name="invitation_detail"),
    # 第七条(三)(四) feasibility materials and re-review
    path(
        "<int:pk>/re-review/approve/", decisions.approval_opinion_issue, {"action": "approve"}, name="re_review_approve"
    ),
    path("<int:pk>/approval-opinion/", reexamine.approval_opinion, name="approval_opinion"),
    # 第七条(四)(五) annual plan to Finance, budget project library
    path("plan/", plan.plan_index, name="plan_index"),
    path("plan/<int:year>/", plan.plan_detail, name="plan_detail"),
    path("plan/<int:year>/send/", plan.plan_send, name="plan_send"),
    path("plan/<int:year>/annual-plan.xlsx", plan.plan_annual_xlsx, name="plan_annual_xlsx"),
    path("plan/<int:year>/pre-approved.xlsx", plan.plan_preapproved_xlsx, name="plan_preapproved_xlsx"),
    # 第七条(二) the configuration list of the feasibility report and the plan year's centralized procurement plan
    path("configuration-template.xlsx", central_procurement.configuration_template, name="configuration_template"),
    path("<int:pk>/configuration/", central_procurement.configuration_add, name="configuration_add"),
    path("<int:pk>/configuration/import/", central_procurement.configuration_import, name="configuration_import"),
    path("configuration/<int:pk>/remove/", central_procurement.configuration_remove, name="configuration_remove"),
    path("plan/<int:year>/central-procurement/", central_procurement.central_procurement, name="central_procurement"),
    path(
        "plan/<int:year>/central-procurement/propose/",
        central_procurement.central_procurement_propose,
        name="central_procurement_propose",
    ),
    path(
        "plan/<int:year>/central-procurement/issue/",
        central_procurement.central_procurement_issue,
        name="central_procurement_issue",
    ),
    path(
        "plan/<int:year>/central-procurement.xlsx",
        central_procurement.central_procurement_xlsx,
        name="central_procurement_xlsx",
    ),
    path(
        "plan/<int:year>/central-procurement.pdf",
        central_procurement.central_procurement_pdf,
        name="central_procurement_pdf",
    ),
    path(
        "central-procurement/lines/<int:pk>/",
        central_procurement.central_procurement_line,
        name="central_procurement_line",
    ),
    path(
        "central-procurement/lines/<int:pk>/remove/",
        central_procurement.central_procurement_line_remove,
        name="central_procurement_line_remove",
    ),
    path("budget-library/", budget.budget_library, name="budget_library"),
    path("budget-library.xlsx", budget.budget_library_xlsx, name="budget_library_xlsx"),
    path("<int:pk>/budget/arrange/", decisions.funds_arrange, {"action": "arrange_funds"}, name="budget_arrange"),
    # 第八条, 第九条 special procedure
    path("special/", special.special_list, name="special_list"),
    path("special/new/", special.special_create, name="special_create"),
    path("special/exceptions/", special.special_exception_list, name="special_exception_list"),
    path("<int:pk>/special/edit/", special.special_edit, name="special_edit"),
    path(
        "<int:pk>/joint-review/start/",
        decisions.review_start,
        {"action": "start_joint_review"},
        name="joint_review_start",
    ),
    path(
        "<int:pk>/special/approve/",
        decisions.approval_opinion_issue,
        {"action": "approve_special"},
        name="special_approve",
    ),
    path(
        "<int:pk>/special/funds/",
        decisions.funds_arrange,
        {"action": "arrange_special_funds"},
        name="special_funds_arrange",
    ),
]
