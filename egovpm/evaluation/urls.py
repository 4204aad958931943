from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/act/<str:action>/", views.act, name="evaluation_act"),
    path("rectifications/<int:pk>/act/<str:action>/", views.rectification_act, name="rectification_act"),
    path("projects/<int:pk>/order/", views.order, name="order"),
    path("criteria/", views.criteria_list, name="criteria_list"),
    path("criteria/<int:pk>/", views.criteria_detail, name="criteria_detail"),
    path("criteria/<int:pk>/concur/", views.concur, name="concur"),
    path("criteria/<int:pk>/act/<str:action>/", views.criteria_act, name="criteria_act"),
]
