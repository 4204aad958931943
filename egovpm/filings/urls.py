"""第十条 filings. Mounted under intake/ (egovpm.config.urls): the addresses stayed when filings left intake."""

from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/new/", views.filing_create, name="filing_create"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/act/<str:action>/", views.filing_act, name="filing_act"),
    path("filings/<int:pk>/route/", views.filing_route, name="filing_route"),
    path("filings/<int:pk>/upload/", views.filing_upload, name="filing_upload"),
]
