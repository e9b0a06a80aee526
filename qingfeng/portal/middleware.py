"""Requests the public JSON API refuses before any of it is read.

A POST whose body is not declared JSON (`text/plain`, a form) is a "simple" request
that any web page can make its visitors' browsers send without asking (no CORS
preflight): refused with 415, so no other site can file reports through them.
"""

from django.http import JsonResponse

PREFIX = "/api/public/"
NOT_JSON = {"field": "body", "detail": "请求须为 JSON（Content-Type: application/json）。/ "
                                       "The body must be JSON (Content-Type: application/json)."}


class PublicJSONOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX) and request.method == "POST":
            content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if content_type != "application/json":
                return JsonResponse(NOT_JSON, status=415)
        return self.get_response(request)
