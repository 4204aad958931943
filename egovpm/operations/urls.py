from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.operation_list, name="operation_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/prepare/", views.prepare, name="prepare"),
    path("projects/<int:pk>/final-audit/", views.final_audit_open, name="final_audit_open"),
    path("operations/<int:pk>/mode/", views.mode_set, name="mode_set"),
    path("operations/<int:pk>/incident/", views.incident_record, name="incident_record"),
    path("incidents/<int:pk>/resolve/", views.incident_resolve, name="incident_resolve"),
    path("operations/<int:pk>/maintenance/", views.maintenance_declare, name="maintenance_declare"),
    path("final-audits/", views.final_audit_list, name="final_audit_list"),
    path("final-audits/<int:pk>/finding/", views.audit_finding_record, name="audit_finding_record"),
    # the table's transitions of each record (projects/_actions.html posts here)
    path("operations/<int:pk>/act/<str:action>/", views.act, {"record": "operation"}, name="operation_act"),
    path("final-audits/<int:pk>/act/<str:action>/", views.act, {"record": "final_audit"}, name="final_audit_act"),
]
