"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def todo(request):
    return HttpResponse("under construction")


def help_lifecycle(request):
    return HttpResponse("under construction")
