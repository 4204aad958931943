from django.urls import path

from . import views

app_name = "construction"

urlpatterns = [
    path("", views.construction_list, name="list"),
    path("open/", views.construction_open, name="open"),
    path("<int:pk>/", views.construction_detail, name="detail"),
    path("<int:pk>/act/<str:action>/", views.construction_act, name="act"),
    path("<int:pk>/responsibility/", views.responsibility_record, name="responsibility"),
    path("<int:pk>/estimate/", views.estimate_submit, name="estimate"),
    path("<int:pk>/progress/", views.progress_report, name="progress"),
    path("<int:pk>/design-change/", views.design_change_report, name="design_change"),
    path("<int:pk>/adjustment/", views.adjustment_request, name="adjustment"),
    path("<int:pk>/incident/", views.incident_report, name="incident"),
    path("<int:pk>/sharing/", views.sharing_record, name="sharing"),
    path("<int:pk>/sharing-exempt/", views.sharing_exempt, name="sharing_exempt"),
    path("<int:pk>/upload/", views.document_upload, name="upload"),
    path("<str:subject>/<int:pk>/decide/", views.decide, name="decide"),
]
