"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def application_docx(request, *args, **kwargs):
    return HttpResponse("under construction")


def application_pdf(request, *args, **kwargs):
    return HttpResponse("under construction")
