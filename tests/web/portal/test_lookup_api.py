"""POST /api/public/lookup through HTTP (portal.md §1): the answer, masking, one fixed 404, limits."""

import json

import pytest

from qingfeng.engine.hub import Hub
from qingfeng.portal.lookup import publishing
from tests.engine.crosscheck_helpers import make_id
from tests.web.portal.lookup_data import AYGUL, LI, PAYMENTS, ROLL, ZHANG, ZHAO

URL = "/api/public/lookup"


def post(client, name, id_number, **extra):
    return client.post(URL, json.dumps({"name": name, "id_number": id_number}), content_type="application/json",
                       **extra)


def test_a_person_gets_their_households_payments_newest_first_with_total_and_as_of(client, published):
    r = post(client, "张小三", ZHANG)
    assert r.status_code == 200
    body = r.json()
    assert body["household"] == {"township": "广福桥镇", "village": "青山村", "village_code": "430821101201",
                                 "members": 2}
    assert [(p["paid_on"], p["amount"], p["program"], p["period"]) for p in body["payments"]] == [
        ("2019-04-30", 1200.20, "农村低保金", "2019-04"), ("2018-06-01", 0.10, "危房改造补助", "2018"),
        ("2018-03-10", 350.10, "农村低保金", "2018-03")]
    assert body["total"] == 1550.40
    assert body["as_of"] == "2019-04-30"


def test_names_and_accounts_are_masked_and_no_id_number_appears(client, published):
    r = post(client, "张小三", ZHANG)
    payments = r.json()["payments"]
    assert [(p["recipient"], p["account"], p["department"]) for p in payments] == [
        ("李*", "****5678", "县民政局"), ("张*三", "****5555", "县住建局"), ("张*三", "****1234", "县民政局")]
    for id_number in (ZHANG, LI, ZHAO):
        assert id_number not in r.content.decode()
    assert "张小三" not in r.content.decode()


def test_the_name_and_id_are_normalised(client, published):
    traditional_spaced = " 歐陽 小明 "
    full_width = ZHAO.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    r = post(client, traditional_spaced, full_width)
    assert r.status_code == 200
    assert r.json()["payments"][0]["recipient"] == "欧**明"
    assert r.json()["total"] == 999.99


@pytest.mark.parametrize("typed", ["阿依古丽·买买提", "阿依古丽•买买提", "阿依古丽.买买提", "阿依古丽・买买提"])
def test_a_minority_name_is_found_with_any_middle_dot_and_masked_around_it(client, published, typed):
    r = post(client, typed, AYGUL)
    assert r.status_code == 200
    assert [p["recipient"] for p in r.json()["payments"]] == ["阿***·**提"]
    assert AYGUL not in r.content.decode() and "买买提" not in r.content.decode()


def test_lookup_answers_are_stored_by_no_browser_or_proxy(client, published):
    for response in (post(client, "张小三", ZHANG), post(client, "张小三", LI)):
        assert "no-store" in response["Cache-Control"]
    page = client.post("/lookup/", {"name": "张小三", "id_number": ZHANG})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]


def test_a_15_digit_legacy_id_finds_its_18_digit_person(client, settings, tmp_path, db):
    settings.HOME = tmp_path
    legacy = "430821800101011"
    full = make_id("19800101", "011")
    assert full[:6] + full[8:17] == legacy
    bundle = tmp_path / "b"
    bundle.mkdir()
    (bundle / "roll.csv").write_text(ROLL, encoding="utf-8")
    with Hub(tmp_path / "hub.duckdb") as hub:
        hub.import_bundle(bundle)
        publishing.publish_from_hub(hub, force=True)
    r = post(client, "张小三", legacy)
    assert r.status_code == 200
    assert r.json()["payments"] == [] and r.json()["total"] == 0


@pytest.mark.parametrize("name, id_number", [
    ("张小三", make_id("19800101", "999")),  # unknown ID
    ("张小四", ZHANG),  # wrong name
    ("张小三", ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")),  # invalid check digit
    ("", ZHANG),  # empty name
    ("张小三", ""),  # empty ID
    (None, None),  # missing fields
    ("张小三" * 100, ZHANG),  # absurdly long
    (123, ZHANG), ("张小三", 430821198001011234), (["张小三"], {"id": ZHANG}),  # not strings
])
def test_every_miss_is_the_same_404(client, published, name, id_number):
    reference = post(client, "无此人", make_id("19990909", "909"))
    r = post(client, name, id_number)
    assert (r.status_code, r.content) == (404, reference.content)
    assert reference.status_code == 404


def test_parallel_guesses_of_one_id_stay_within_its_failure_limit(published, settings, live_server):
    import concurrent.futures
    import urllib.error
    import urllib.request

    settings.LOOKUP_PER_MINUTE = 1000

    def guess(i):
        body = json.dumps({"name": f"猜{i}", "id_number": ZHANG}).encode()
        request = urllib.request.Request(live_server.url + URL, body, {"Content-Type": "application/json"})
        try:
            return urllib.request.urlopen(request).status
        except urllib.error.HTTPError as e:
            return e.code

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(guess, range(48)))
    assert codes.count(404) == settings.LOOKUP_FAILURES_PER_HOUR and codes.count(429) == 48 - codes.count(404)


def test_more_lookups_than_the_address_limit_are_refused(client, published, settings):
    settings.LOOKUP_PER_MINUTE = 3
    codes = [post(client, "张小三", ZHANG).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "请求过于频繁" in post(client, "张小三", ZHANG).json()["detail"]
    other = post(client, "张小三", ZHANG, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address has its own count


def test_an_id_with_too_many_failures_is_refused_from_any_address_even_with_the_right_name(client, published,
                                                                                           settings):
    settings.LOOKUP_PER_MINUTE = 100
    for i in range(settings.LOOKUP_FAILURES_PER_HOUR):
        assert post(client, f"猜名{i}", ZHANG, REMOTE_ADDR=f"10.0.1.{i}").status_code == 404
    r = post(client, "张小三", ZHANG, REMOTE_ADDR="10.0.2.1")
    assert r.status_code == 429
    assert post(client, "欧阳小明", ZHAO, REMOTE_ADDR="10.0.2.1").status_code == 200


def test_before_any_publication_the_lookup_is_unavailable(client, settings, tmp_path, db):
    settings.HOME = tmp_path
    assert post(client, "张小三", ZHANG).status_code == 503


def test_a_new_publication_is_answered_at_once(client, published, settings, tmp_path):
    assert post(client, "张小三", ZHANG).json()["total"] == 1550.40
    bundle = tmp_path / "bundle"
    (bundle / "payments.csv").write_text(PAYMENTS + f"P9,农村低保金,2019-05,张小三,{ZHANG},H1,6217000011111234,"
                                                   f"张小三,1.00,2019-05-10,县民政局\n", encoding="utf-8")
    with Hub(tmp_path / "hub.duckdb") as hub:
        hub.import_bundle(bundle)
        publishing.publish_from_hub(hub)
    body = post(client, "张小三", ZHANG).json()
    assert (body["total"], body["as_of"]) == (1551.40, "2019-05-10")


def test_a_cross_check_run_goes_on_when_publishing_the_lookup_fails(settings, tmp_path, monkeypatch):
    from qingfeng.crosscheck import pipeline

    said = []
    monkeypatch.setattr(pipeline, "publish_from_hub", lambda hub: (_ for _ in ()).throw(OSError("disk full")))
    pipeline._publish_lookup(None, lambda message, percent: said.append(message))
    assert "发布失败" in said[-1] and "qingfeng portal publish" in said[-1]
