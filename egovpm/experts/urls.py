from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="expert_list"),
    path("enrol/", views.expert_enrol, name="expert_enrol"),
    path("<int:pk>/", views.expert_detail, name="expert_detail"),
    path("<int:pk>/status/", views.expert_status, name="expert_status"),
    path("<int:pk>/ties/", views.tie_add, name="tie_add"),
    path("<int:pk>/unavailability/", views.unavailability_add, name="unavailability_add"),
    path("me/", views.workspace, name="workspace"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("draws/", views.draw_list, name="draw_list"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/pick/", views.draw_pick, name="draw_pick"),
    path("draws/<int:pk>/verify/", views.draw_verify, name="draw_verify"),
    path("assignments/<int:pk>/", views.assignment_respond, name="assignment_respond"),
    path("assignments/<int:pk>/score/", views.score_sheet, name="score_sheet"),
]
