"""Placeholder while this module is being written; replaced wholesale by its author."""

from django.http import HttpResponse


def re_review_approve(request, *args, **kwargs):
    return HttpResponse("under construction")


def approval_opinion(request, *args, **kwargs):
    return HttpResponse("under construction")
