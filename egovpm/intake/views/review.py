"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def round_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def round_create(request, *args, **kwargs):
    return HttpResponse("under construction")


def round_detail(request, *args, **kwargs):
    return HttpResponse("under construction")


def initial_review_start(request, *args, **kwargs):
    return HttpResponse("under construction")


def procurement_item_add(request, *args, **kwargs):
    return HttpResponse("under construction")


def procurement_item_remove(request, *args, **kwargs):
    return HttpResponse("under construction")


def invitation_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def invitation_detail(request, *args, **kwargs):
    return HttpResponse("under construction")
