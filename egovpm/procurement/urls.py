from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/procurements/new/", views.procurement_create, name="procurement_create"),
    path("projects/<int:pk>/licences/new/", views.licence_create, name="licence_create"),
    path("procurements/<int:pk>/lines/new/", views.line_add, name="line_add"),
    path("procurements/<int:pk>/contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/payments/new/", views.payment_create, name="payment_create"),
    path("contracts/<int:pk>/act/<str:action>/", views.contract_act, name="contract_act"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
]
