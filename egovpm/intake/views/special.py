"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def special_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def special_create(request, *args, **kwargs):
    return HttpResponse("under construction")


def special_exception_list(request, *args, **kwargs):
    return HttpResponse("under construction")


def special_edit(request, *args, **kwargs):
    return HttpResponse("under construction")


def joint_review_start(request, *args, **kwargs):
    return HttpResponse("under construction")


def special_approve(request, *args, **kwargs):
    return HttpResponse("under construction")


def special_funds_arrange(request, *args, **kwargs):
    return HttpResponse("under construction")
