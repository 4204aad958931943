"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def declaration_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def declaration_create(request, *args, **kwargs):
    return HttpResponse("under construction")


def declaration_edit(request, *args, **kwargs):
    return HttpResponse("under construction")


def proposal_edit(request, *args, **kwargs):
    return HttpResponse("under construction")


def document_upload(request, *args, **kwargs):
    return HttpResponse("under construction")
