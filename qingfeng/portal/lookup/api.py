"""POST /api/public/lookup (portal.md §1): masked payments of the caller's household."""

from typing import Any

from ninja import Router, Schema

from qingfeng.accounts.throttle import client_ip
from qingfeng.portal.api import public_api, too_many
from qingfeng.portal.lookup import service

router = Router(tags=["lookup"])

# One body for every miss: unknown ID, wrong name, invalid ID, empty field.
NOT_FOUND = {"detail": "未查到相关信息，请核对姓名和身份证号码。/ Nothing found; please check the name and ID number."}
UNAVAILABLE = {"detail": "查询服务暂未开放，请稍后再试。/ The lookup is not available yet; please try again later."}


class LookupIn(Schema):
    # Any JSON value: a number or a list where a string belongs is a miss like any other
    # (the one fixed 404), counted against the address and the ID like any other.
    name: Any = None
    id_number: Any = None


@router.post("/lookup", auth=None)
def lookup(request, payload: LookupIn):
    answer = service.lookup(client_ip(request), payload.name, payload.id_number)
    if answer.status == service.TOO_MANY:
        return too_many(request)
    if answer.status == service.NOT_FOUND:
        return public_api.create_response(request, NOT_FOUND, status=404)
    if answer.status == service.UNAVAILABLE:
        return public_api.create_response(request, UNAVAILABLE, status=503)
    return public_api.create_response(request, answer.json(), status=200)
