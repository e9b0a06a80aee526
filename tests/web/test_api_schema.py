"""The JSON API documents itself, and every staff endpoint needs a login."""

import pytest
from django.test import Client

from qingfeng.clues import actions
from tests.web.api_schema import api_get, assert_matches_schema


@pytest.fixture
def schema(world):
    staff = Client()
    staff.force_login(world.alice)
    response = staff.get("/api/openapi.json")
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


@pytest.fixture
def one_of_each(world, make_clue, advance):
    """A clue in each state the list shows differently, and a finished cross-check run."""
    from qingfeng.crosscheck.models import CrosscheckRun
    from qingfeng.jobs.models import Job

    original = advance(make_clue(subject="原件人"), "assign")
    repeat = make_clue(subject="重复人")
    actions.do_mark_repeat(repeat.id, acting_user=world.erin, original_id=original.id, expected_version=repeat.version)
    advance(make_clue(subject="办结人"), "close")
    job = Job.objects.create(kind="crosscheck", status=Job.Status.DONE, started_by=world.frank)
    run = CrosscheckRun.objects.create(job=job, bundle_dir="/b", origin="command", rule_counts={"R03": 1})
    return {"clue_id": original.id, "repeat_id": repeat.id, "run_id": run.id, "household_id": world.h1.id}


GETS = [
    "/api/me", "/api/jurisdictions", "/api/jurisdictions?limit=2&offset=1", "/api/households",
    "/api/households/{household_id}", "/api/clues", "/api/clues?warning=red", "/api/clues?limit=1&offset=2",
    "/api/clues/{clue_id}", "/api/clues/{repeat_id}", "/api/crosscheck/runs", "/api/crosscheck/runs/{run_id}",
]


@pytest.mark.parametrize("url", GETS)
def test_every_list_and_detail_answer_matches_the_openapi_schema(world, login, one_of_each, url):
    response = api_get(login(world.frank), url.format(**one_of_each))
    body = response.json()
    if "items" in body:  # a list: limit/offset with the total count
        assert body["count"] >= len(body["items"]) > 0


def test_lists_report_the_total_beyond_the_page(world, login, one_of_each):
    body = api_get(login(world.frank), "/api/clues?limit=1").json()
    assert (len(body["items"]), body["count"]) == (1, 3)


def test_a_body_that_breaks_the_schema_is_caught(world, login, one_of_each):
    response = login(world.frank).get("/api/clues")
    response.json()["items"][0]["received_on"] = "not a date"  # json() is cached: the check sees the change
    with pytest.raises(AssertionError, match="received_on"):
        assert_matches_schema(response)
