"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def budget_library(request, *args, **kwargs):
    return HttpResponse("under construction")


def budget_arrange(request, *args, **kwargs):
    return HttpResponse("under construction")
