"""Refuse requests with control characters in the path, query, cookies or headers: 400, not 500.

PostgreSQL refuses NUL in any text, so `?place=%00` reaching a query was a server
error there (SQLite just found nothing). No page takes such characters in these
places, so the request is refused before any view sees it. Form and JSON bodies are
validated field by field by their forms and schemas, with a message at the field.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from qingfeng.core.text import forbidden_character


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_control_characters(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "control characters are not allowed in the request"}, status=400)
            return HttpResponse(_("请求中含有控制字符（例如 NUL），无法处理。请检查链接后重试。"),
                                status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _carries_control_characters(request) -> bool:
    texts = [request.path]
    for key, values in request.GET.lists():
        texts += [key, *values]
    for key, value in request.COOKIES.items():
        texts += [key, value]
    texts += [value for name, value in request.META.items() if name.startswith("HTTP_") and isinstance(value, str)]
    return any(forbidden_character(text, multiline=True) for text in texts)
