"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def plan_index(request, *args, **kwargs):
    return HttpResponse("under construction")


def plan_detail(request, *args, **kwargs):
    return HttpResponse("under construction")


def plan_send(request, *args, **kwargs):
    return HttpResponse("under construction")


def plan_annual_xlsx(request, *args, **kwargs):
    return HttpResponse("under construction")


def plan_preapproved_xlsx(request, *args, **kwargs):
    return HttpResponse("under construction")
