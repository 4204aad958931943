"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def coordination_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def coordinated_item_create(request, *args, **kwargs):
    return HttpResponse("under construction")


def coordination_fold(request, *args, **kwargs):
    return HttpResponse("under construction")


def coordination_standalone(request, *args, **kwargs):
    return HttpResponse("under construction")
