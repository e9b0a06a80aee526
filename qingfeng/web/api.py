"""The JSON API (OpenAPI schema at /api/openapi.json, docs at /api/docs, both for staff only).

Apps add their routers here; every staff endpoint authenticates by session and
goes through the gatekeeper in qingfeng.accounts.access.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from qingfeng.core.versioning import Conflict
from qingfeng.web.docs_access import staff_only_docs

api = NinjaAPI(
    title="清风 Qingfeng API", version="1", auth=django_auth, urls_namespace="api",
    # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}), docs_decorator=staff_only_docs,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(Conflict)  # the version the client sent is not the current one
def _conflict(request, exc):
    return api.create_response(request, {"detail": "changed by someone else; reload and retry"}, status=409)


def _register_routers() -> None:
    from qingfeng.cases.api import router as cases_router
    from qingfeng.clues.api import router as clues_router
    from qingfeng.crosscheck.api import router as crosscheck_router
    from qingfeng.staff.api import router as staff_router

    api.add_router("/", staff_router)
    api.add_router("/", clues_router)
    api.add_router("/", cases_router)
    api.add_router("/", crosscheck_router)


_register_routers()
