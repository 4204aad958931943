from django.urls import path

from . import views

app_name = "acceptance"

urlpatterns = [
    path("", views.acceptance_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/documents/<str:kind>/", views.document_record, name="document_record"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/delegate/", views.delegate, name="delegate"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/checks/<str:code>/", views.check_record, name="check_record"),
    path("<int:pk>/review/", views.review_record, name="review_record"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    # the table's transitions (projects/_actions.html posts here)
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path("extensions/<int:pk>/act/<str:action>/", views.extension_act, name="extension_act"),
]
