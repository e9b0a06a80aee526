"""The API documentation and its OpenAPI schema are for signed-in staff, and load nothing from the internet."""

import re

import pytest

from qingfeng.accounts.models import User
from qingfeng.web import headers
from tests.conftest import browser_login


def test_anonymous_visitors_are_sent_to_the_login_page_from_the_docs(client, world):
    response = client.get("/api/docs")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/api/docs")


def test_anonymous_visitors_get_401_for_the_schema(client, world):
    response = client.get("/api/openapi.json")
    assert response.status_code == 401
    assert "paths" not in response.content.decode()


def test_a_signed_in_account_without_a_staff_role_is_refused(client, world):
    nobody = User.objects.create_user("nobody", password="x-long-password")
    client.force_login(nobody)
    assert client.get("/api/docs").status_code == 403
    assert client.get("/api/openapi.json").status_code == 403


def test_staff_read_the_docs_and_the_schema(login, world):
    client = login(world.alice)
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    # The platform's policy, plus data: images for Swagger UI's icons, and nothing else.
    assert docs["Content-Security-Policy"] == headers.CONTENT_SECURITY_POLICY + "; img-src 'self' data:"
    assert "/api/clues" in client.get("/api/openapi.json").json()["paths"]


def test_the_docs_page_references_no_outside_origin(login, world):
    page = login(world.alice).get("/api/docs").content.decode()
    origins = set(re.findall(r"https?://[^/\"'\s]+", page))
    assert origins <= {"http://testserver"}, origins


def test_the_docs_page_assets_are_served_locally(login, world):
    client = login(world.alice)
    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.browser
def test_swagger_ui_renders_with_only_local_requests_and_no_policy_violations(page, world):
    requests, violations = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    browser_login(page, "alice")
    page.wait_for_url("**/staff/")
    page.goto(page.base_url + "/api/docs")
    page.wait_for_selector(".opblock-summary-path")  # Swagger UI listed the operations
    assert "/api/clues" in page.inner_text("#swagger-ui")
    page.click(".opblock-summary >> nth=0")  # open one operation: parameters, response media-type select
    page.wait_for_selector(".opblock-body select")
    assert [url for url in requests if not url.startswith(page.base_url) and not url.startswith("data:")] == []
    assert violations == []
