"""The JSON API documents itself, and every staff endpoint needs a login."""

import pytest


@pytest.fixture
def schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_schema_lists_the_staff_endpoints(schema):
    paths = set(schema["paths"])
    for path in ("/api/me", "/api/households", "/api/clues", "/api/crosscheck/runs"):
        assert path in paths, path


def test_every_endpoint_requires_the_session_login(schema, client):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} is open to anyone"
            if method == "get" and "{" not in path:
                assert client.get(path).status_code == 401, path
