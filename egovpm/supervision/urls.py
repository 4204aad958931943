from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("workspace/", views.workspace, name="workspace"),
    path("firms/", views.firm_list, name="firm_list"),
    path("firms/<int:pk>/qualification/", views.qualification_record, name="qualification_record"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/assign/", views.assign, name="assign"),
    path("projects/<int:pk>/request/", views.request_create, name="request_create"),
    path("projects/<int:pk>/inspection/", views.inspection_open, name="inspection_open"),
    path("supervisions/<int:pk>/report/", views.report_file, name="report_file"),
    path("inspections/<int:pk>/finding/", views.finding_record, name="finding_record"),
    path("rectifications/<int:pk>/sanction/", views.sanction_apply, name="sanction_apply"),
    path("rectifications/<int:pk>/extend/", views.rectification_extend, name="rectification_extend"),
    path("restrictions/<int:pk>/lift/", views.restriction_lift, name="restriction_lift"),
    # the table's transitions of each record (projects/_actions.html posts here)
    *(
        path(f"{record}s/<int:pk>/act/<str:action>/", views.act, {"record": record}, name=f"{record}_act")
        for record in views.RECORDS
    ),
]
