"""Who may read the API documentation and its schema: signed-in staff only.

The schema maps every endpoint and field; the public has no use for it. Anonymous
visitors are sent to the login page from the docs and get 401 for the schema.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from qingfeng.accounts import access
from qingfeng.web import headers


def staff_only_docs(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        is_schema = request.path.endswith(".json")
        if not request.user.is_authenticated:
            if is_schema:
                return JsonResponse({"detail": "Unauthorized"}, status=401)
            return redirect_to_login(request.get_full_path())
        if not access.is_staff(request.user):
            return JsonResponse({"detail": "forbidden"}, status=403)
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = headers.DOCS_CONTENT_SECURITY_POLICY
        return response

    return guarded


