"""The public JSON API (shared/spec/portal.md): /api/public/…, no authentication.

Separate from the staff API (qingfeng.web.api): nothing here authenticates, every
answer is masked, and errors have fixed bodies. Routers of the portal's parts are
added in _register_routers().
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from qingfeng.accounts.throttle import client_ip
from qingfeng.portal import limits
from qingfeng.portal.middleware import TOO_LARGE

public_api = NinjaAPI(title="清风 公众接口 / Qingfeng public API", version="1", urls_namespace="public_api",
                      auth=None, docs_url=None)

TOO_MANY = {"detail": "请求过于频繁，请稍后再试。/ Too many requests, please try again later."}


def bad_field(request, field: str, reason: str):
    """400 naming the field and why (portal.md §2)."""
    return public_api.create_response(request, {"field": field, "detail": reason}, status=400)


def too_many(request):
    return public_api.create_response(request, TOO_MANY, status=429)


def address_allowed(request) -> bool:
    return limits.address_allowed(client_ip(request))


def report_slot(request) -> int | None:
    """One more new report from this client address within the hour (QINGFENG_REPORTS_PER_HOUR):
    the reservation (for limits.release when the report is refused), or None when over the limit."""
    return limits.reserve(limits.REPORT, limits.address_key(client_ip(request)), settings.REPORTS_PER_HOUR, 3600)


@public_api.exception_handler(HttpError)
def _unparsable(request, exc):
    # ninja's own refusals, chiefly a body that is not JSON at all.
    if exc.status_code == 400:
        return bad_field(request, "body", str(exc))
    return public_api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@public_api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    # A body without a declared length that grows past DATA_UPLOAD_MAX_MEMORY_SIZE (the middleware
    # refuses declared ones before reading).
    return public_api.create_response(request, TOO_LARGE, status=413)


@public_api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    # A body that does not parse, or a field of the wrong type: name the first field.
    error = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
    return bad_field(request, ".".join(loc) or "body", error.get("msg", "invalid"))


def _register_routers() -> None:
    from qingfeng.portal.lookup.api import router as lookup_router
    from qingfeng.portal.reports.api import router as reports_router

    public_api.add_router("/", lookup_router)
    public_api.add_router("/", reports_router)


_register_routers()
