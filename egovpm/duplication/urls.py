"""第五条 pages, mounted under intake/ beside the declaration they belong to."""

from django.urls import path

from . import views

app_name = "duplication"

urlpatterns = [
    path("<int:pk>/similar/<int:other>/judge/", views.judgement_create, name="judgement_create"),
    path("<int:pk>/similar/<int:other>/explain/", views.statement_create, name="statement_create"),
]
