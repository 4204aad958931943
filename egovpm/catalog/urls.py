from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("project/<int:pk>/", views.project_catalog, name="project_catalog"),
    path("project/<int:pk>/catalog.xlsx", views.catalog_download, name="catalog_xlsx"),
    path("entry/<int:pk>/edit/", views.catalog_entry_edit, name="entry_edit"),
    path("entry/<int:pk>/delete/", views.catalog_entry_delete, name="entry_delete"),
]
