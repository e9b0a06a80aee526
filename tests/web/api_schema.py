"""Validate API responses against the OpenAPI document the API publishes (/api/openapi.json, for staff).

    from tests.web.api_schema import api_get
    items = api_get(client, "/api/clues?limit=100").json()["items"]

`api_get` asserts the status, finds the operation whose path template matches the
URL, and validates the JSON body against that operation's response schema with
jsonschema (OpenAPI 3.1 schemas are JSON Schema 2020-12; `$ref`s resolve against
the document's components). Formats (date, date-time) are checked too.
"""

import re
from functools import cache

from django.db import transaction
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:qingfeng:openapi"


@cache
def openapi() -> dict:
    """The API's OpenAPI document (static for a given code base, so fetched once, as a staff member)."""
    from qingfeng.accounts.models import Role, User
    from qingfeng.places.models import Jurisdiction

    with transaction.atomic():
        reader = User.objects.create(username="openapi-reader", role=Role.ADMIN,
                                     jurisdiction=Jurisdiction.objects.create(code="999999", name="-", level="county"))
        client = Client()
        client.force_login(reader)
        response = client.get("/api/openapi.json")
        transaction.set_rollback(True)
    assert response.status_code == 200, response.status_code
    return response.json()


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def operation_for(path: str, method: str = "get") -> str:
    """The path template of the document that `path` (no query string) matches."""
    for template, operations in openapi()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method in operations:
            return template
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI document")


def validator_for(path: str, method: str = "get", status: int = 200) -> Draft202012Validator:
    template = operation_for(path, method)
    responses = openapi()["paths"][template][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {template} does not document status {status}"
    content = responses[str(status)].get("content", {})
    assert "application/json" in content, f"{method.upper()} {template} {status} documents no JSON body"
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(openapi(), DRAFT202012))
    pointer = _pointer("paths", template, method, "responses", str(status), "content", "application/json", "schema")
    return Draft202012Validator({"$ref": f"{DOCUMENT_URI}#/{pointer}"}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_matches_schema(response, method: str = "get") -> None:
    """The body of `response` (a test-client response) is what the document says it is."""
    path = response.request["PATH_INFO"]
    errors = sorted(validator_for(path, method, response.status_code).iter_errors(response.json()),
                    key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def api_get(client, url: str, status: int = 200):
    """GET `url`, assert `status`, validate the body against the schema; returns the response."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert_matches_schema(response)
    return response


def api_post(client, url: str, data, status: int = 200):
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert_matches_schema(response, "post")
    return response
