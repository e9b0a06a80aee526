"""Requests the public JSON API refuses before any of it is read, and how its answers are kept.

A POST whose body is not declared JSON (`text/plain`, a form) is a "simple" request
that any web page can make its visitors' browsers send without asking (no CORS
preflight): refused with 415, so no other site can file reports through them. A body
declared larger than Django reads is 413 in the API's JSON shape (not Django's HTML page).
No answer is stored by a browser or proxy: a household's payments on a shared phone
must not come back with the Back button.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

PREFIX = "/api/public/"
NOT_JSON = {"field": "body", "detail": "请求须为 JSON（Content-Type: application/json）。/ "
                                       "The body must be JSON (Content-Type: application/json)."}
TOO_LARGE = {"field": "body", "detail": "请求内容过大。/ The body is too large."}


def declared_length(request) -> int:
    text = request.META.get("CONTENT_LENGTH") or "0"
    return int(text) if text.isdigit() else 0


class PublicJSONOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX) and request.method == "POST":
            content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if content_type != "application/json":
                return _kept_nowhere(JsonResponse(NOT_JSON, status=415))
            if declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return _kept_nowhere(JsonResponse(TOO_LARGE, status=413))
        response = self.get_response(request)
        return _kept_nowhere(response) if request.path.startswith(PREFIX) else response


def _kept_nowhere(response):
    add_never_cache_headers(response)
    return response
