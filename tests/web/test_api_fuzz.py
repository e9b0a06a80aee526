"""Property-based testing of the staff API against its own OpenAPI document (schemathesis).

Every operation of the document is called in-process (WSGI) with generated valid and
invalid inputs, signed in as Frank of the `world` county (leadership: county-wide intake and
workflow; session and CSRF cookie, 2FA off as in every test). No answer may be a server
error, a documented answer must match its documented schema, and after an accepted write
the lists must still answer. Generation is deterministic (fixed seed, no example database),
so a failure reproduces on every run; the cases per operation are bounded to keep the file
within about a minute.

Not checked: status-code conformance — django-ninja does not document the 401/403/404/422
answers the API gives, and those are correct answers, not bugs.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from werkzeug.test import Client as WerkzeugClient

from qingfeng.clues.forms import CATEGORIES
from qingfeng.clues.models import Channel, Disposal, Source
from qingfeng.clues.workflow import TRANSITIONS
from qingfeng.web.api import api
from qingfeng.web.pagination import MAX_OFFSET

MAX_EXAMPLES = 200  # generated cases per operation in the fuzzing phase (coverage cases come on top)
# Values the `world` county knows, offered often (not always) so that generated requests get
# past "no such township" into the actions; everything else stays random.
DICTIONARIES = {
    "places": {"values": ["430821", "430821P1", "430821101", "430821101201", "430821106"]},
    "sources": {"values": [s.value for s in Source]},
    "channels": {"values": [c.value for c in Channel]},
    "categories": {"values": list(CATEGORIES)},
    "transitions": {"values": list(TRANSITIONS)},
    "disposals": {"values": [d.value for d in Disposal]},
    "amounts": {"values": ["1e20", "-1", "0.001", "99999999999999.99", "NaN", "12.5"]},  # edges of max_digits
}
BINDINGS = {
    "body.township": "places", "body.village": "places", "body.owner": "places", "body.source": "sources",
    "body.channel": "channels", "body.category": "categories", "body.disposal": "disposals",
    "body.amount_involved": "amounts", "body.recovered": "amounts", "body.returned": "amounts",
    "path.name": "transitions",
}
CONFIG = schemathesis.Config.from_dict({
    "seed": 13,
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "mode": "all"},
    "phases": {"stateful": {"enabled": False}},
    "dictionaries": DICTIONARIES,
    "parameters": {key: {"dictionary": name, "probability": 0.7} for key, name in BINDINGS.items()},
})
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"), config=CONFIG)
schema.app = WSGIHandler()
CALLS: Counter = Counter()  # (operation, "all" | "5xx") -> count, reported at the end of the module


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    """Print the number of requests and server errors once the module is done (for the issue's closing note)."""
    yield
    total = sum(v for (_, kind), v in CALLS.items() if kind == "all")
    errors = sum(v for (_, kind), v in CALLS.items() if kind == "5xx")
    if total:
        operations = len({op for op, _ in CALLS})
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\nschemathesis: {total} requests over {operations} operations, {errors} server errors")
        CALLS.clear()


@pytest.fixture
def _connection_kept_open():
    """A WSGI server closes the database connection around each request; the test's transaction
    lives on that connection (PostgreSQL), so keep it open — as Django's own test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def signed_in(world, make_clue, advance, _connection_kept_open):
    """Cookies and headers of frank's session, with a few clues to find by id."""
    advance(make_clue(subject="王某"), "assign")
    make_clue(subject="李某", township=world.t2)
    client = Client()
    client.force_login(world.frank)  # no request: the session is written directly
    token = get_random_string(32)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    # Reads go through the same WSGI app (Django's test client would reconnect close_old_connections).
    reader = WerkzeugClient(schema.app)
    for name, value in cookies.items():
        reader.set_cookie(name, value)
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}, "reader": reader}


READ_BACK = ["/api/clues?limit=500", "/api/households?limit=500", "/api/crosscheck/runs"]


@schema.parametrize()
@settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_api_operation_answers_a_server_error_or_breaks_its_schema(case, signed_in):
    response = case.call(cookies=signed_in["cookies"], headers=signed_in["headers"])
    CALLS[(case.operation.label, "all")] += 1
    if response.status_code >= 500:
        CALLS[(case.operation.label, "5xx")] += 1
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance],
                           headers=signed_in["headers"])
    if case.method != "GET" and response.status_code < 300:
        # What the API accepted, the lists must still show: a stored value that cannot be read
        # back (an amount past max_digits) breaks every county-wide page, not this request.
        for url in READ_BACK:
            answer = signed_in["reader"].get(url)
            assert answer.status_code < 500, f"{url} answers {answer.status_code} after {case.as_curl_command()}"


def test_the_fuzz_covers_every_operation_of_the_document():
    operations = {(method.upper(), path) for path, item in api.get_openapi_schema(path_prefix="/api/")["paths"].items()
                  for method in item}
    assert len(operations) >= 14
    assert {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())} == operations


# --- the overflow the fuzz found: limit/offset past 2**63 - 1 ----------------------------------

LISTS = ["/api/clues", "/api/households", "/api/jurisdictions", "/api/crosscheck/runs"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [2**63, 2**64 + 5, MAX_OFFSET + 1])
def test_an_offset_out_of_range_is_refused_with_a_422_that_names_it(world, login, path, offset):
    client = login(world.frank)
    client.raise_request_exception = False
    response = client.get(f"{path}?offset={offset}")
    assert response.status_code == 422, (path, offset, response.status_code)
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "offset"
    assert str(MAX_OFFSET) in error["msg"]


@pytest.mark.parametrize("path", LISTS)
def test_a_huge_limit_is_served_as_one_bounded_page(world, login, path):
    client = login(world.frank)
    client.raise_request_exception = False
    response = client.get(f"{path}?limit={2**63}&offset={MAX_OFFSET}")
    assert response.status_code == 200
    assert response.json()["items"] == []
