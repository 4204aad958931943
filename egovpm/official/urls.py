from django.urls import path

from . import views

app_name = "official"

urlpatterns = [
    path("<int:pk>/pdf/", views.download, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/docx/", views.download, {"fmt": "docx"}, name="docx"),
    path("verify/", views.verify, name="verify"),
]
