"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def filing_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def filing_create(request, *args, **kwargs):
    return HttpResponse("under construction")


def filing_detail(request, *args, **kwargs):
    return HttpResponse("under construction")


def filing_act(request, *args, **kwargs):
    return HttpResponse("under construction")


def filing_route(request, *args, **kwargs):
    return HttpResponse("under construction")


def filing_upload(request, *args, **kwargs):
    return HttpResponse("under construction")
