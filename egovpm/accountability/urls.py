from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.violation_list, name="violation_list"),
    path("scan/", views.scan, name="scan"),
    path("record/", views.violation_record, name="violation_record"),
    path("violations/<int:pk>/", views.violation_detail, name="violation_detail"),
    path("violations/<int:pk>/measure/", views.measure_record, name="measure_record"),
    path("violations/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("violations/<int:pk>/act/<str:action>/", views.act, name="violation_act"),
    path("units/<int:pk>/", views.unit_record, name="unit_record"),
    path("classified/", views.classified_list, name="classified_list"),
    path("classified/mark/", views.classification_mark, name="classification_mark"),
    path("classified/<int:pk>/", views.classified_detail, name="classified_detail"),
    path("classified/<int:pk>/guidance/", views.guidance_record, name="guidance_record"),
]
