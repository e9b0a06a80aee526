"""POST /api/public/reports, /status and /messages (portal.md §2), through HTTP."""

import json

import pytest
from django.db import connection

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Channel, Clue, Reporter, Source
from qingfeng.portal.models import PublicMessage, PublicReport
from qingfeng.portal.reports import receipts
from tests.web.portal.report_support import post, report

pytestmark = pytest.mark.django_db


def test_a_named_report_becomes_a_web_petition_clue_with_the_reporter_in_custody(client, world):
    response = report(client)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"receipt", "received_on"}
    assert len(body["receipt"]) == 16 and body["receipt"].isdigit()
    clue = Clue.objects.get()
    assert (clue.source, clue.channel) == (Source.PETITION, Channel.WEB)
    assert (clue.township, clue.village) == (world.t1, world.v1)
    assert clue.owner == world.t1
    assert (clue.subject, clue.subject_post, clue.category) == ("李某", "青山村村主任", "虚报冒领")
    assert clue.reporter.name == "王某" and clue.reporter.contact == "13900000000"
    assert clue.ack_due_on is not None  # a named petition must be acknowledged, as any other
    assert body["received_on"] == clue.received_on.isoformat()
    assert AuditEntry.objects.filter(action="portal.report", object_id=str(clue.id)).count() == 1


def test_an_anonymous_report_keeps_no_reporter_even_if_a_name_is_sent(client, world):
    assert report(client, anonymous=True, name="王某", contact="139").status_code == 201
    clue = Clue.objects.get()
    assert clue.reporter is None and clue.ack_due_on is None
    assert not Reporter.objects.exists()


def test_places_may_be_given_by_code_and_a_village_alone_names_its_township(client, world):
    assert report(client, township="", village="430821102201").status_code == 201
    clue = Clue.objects.get()
    assert (clue.township, clue.village, clue.owner) == (world.t2, world.v2, world.t2)


def test_the_receipt_works_at_once_and_only_its_keyed_hash_is_stored(client, world):
    receipt = report(client).json()["receipt"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM portal_publicreport")
        rows = cursor.fetchall()
    assert len(rows) == 1 and receipt not in repr(rows)
    assert PublicReport.objects.get().receipt_hash == receipts.receipt_hash(receipt)
    status = post(client, "/reports/status", {"receipt": receipt})
    assert status.status_code == 200
    assert status.json() == {"state": "已受理", "received_on": Clue.objects.get().received_on.isoformat(),
                             "messages": [], "result": None}


def test_the_receipt_may_be_typed_with_spaces_and_full_width_digits(client, world):
    receipt = report(client).json()["receipt"]
    typed = " ".join([receipt[:4], receipt[4:8], receipt[8:12], receipt[12:]]).translate(
        str.maketrans("0123456789", "０１２３４５６７８９"))
    assert post(client, "/reports/status", {"receipt": typed}).status_code == 200


@pytest.mark.parametrize("receipt", ["1234567890123456", "12345", "", "abcdefghijklmnop"])
def test_an_unknown_receipt_is_one_fixed_404(client, world, receipt):
    report(client)
    first = post(client, "/reports/status", {"receipt": "1000000000000000"})
    answer = post(client, "/reports/status", {"receipt": receipt})
    assert answer.status_code == first.status_code == 404
    assert answer.content == first.content
    message = post(client, "/reports/messages", {"receipt": receipt, "text": "补充"})
    assert message.status_code == 404 and message.content == first.content


def test_the_reporter_writes_and_reads_the_conversation(client, world):
    receipt = report(client).json()["receipt"]
    answer = post(client, "/reports/messages", {"receipt": receipt, "text": "他还领了我家的补贴。"})
    assert answer.status_code == 201 and answer.json() == {}
    message = PublicMessage.objects.get()
    assert message.sender == PublicMessage.Sender.REPORTER and message.clue == Clue.objects.get()
    messages = post(client, "/reports/status", {"receipt": receipt}).json()["messages"]
    assert [(m["from"], m["text"]) for m in messages] == [("举报人", "他还领了我家的补贴。")]
    entry = AuditEntry.objects.get(action="portal.message")
    assert "补贴" not in repr(entry.after)  # the reporter's words may name them: not in the audit trail


@pytest.mark.parametrize(("fields", "field"), [
    ({"summary": ""}, "summary"),
    ({"summary": "很" * 5001}, "summary"),
    ({"township": "不存在镇"}, "township"),
    ({"village": "不存在村"}, "village"),
    ({"village": "龙泉村"}, "village"),  # not in 广福桥镇
    ({"category": "乱七八糟"}, "category"),
    ({"subject": "李" * 101}, "subject"),
    ({"name": ""}, "name"),
    ({"name": "王" * 61}, "name"),
    ({"contact": "1" * 201}, "contact"),
    ({"summary": "有\x00控制字符"}, "summary"),
    ({"anonymous": "maybe"}, "anonymous"),
    ({"summary": 5}, "summary"),
])
def test_a_bad_field_is_400_naming_the_field(client, world, fields, field):
    answer = report(client, **fields)
    assert answer.status_code == 400
    assert answer.json()["field"] == field and answer.json()["detail"]
    assert not Clue.objects.exists()


def test_an_empty_or_overlong_message_is_400_naming_text(client, world):
    receipt = report(client).json()["receipt"]
    for text in ("", "  ", "长" * 2001):
        answer = post(client, "/reports/messages", {"receipt": receipt, "text": text})
        assert answer.status_code == 400 and answer.json()["field"] == "text"
    assert not PublicMessage.objects.exists()


def test_status_and_messages_count_against_the_address_limit(client, world, settings):
    settings.LOOKUP_PER_MINUTE = 3
    receipt = report(client).json()["receipt"]
    assert post(client, "/reports/status", {"receipt": receipt}).status_code == 200
    assert post(client, "/reports/messages", {"receipt": receipt, "text": "一"}).status_code == 201
    assert post(client, "/reports/status", {"receipt": "1000000000000000"}).status_code == 404
    assert post(client, "/reports/status", {"receipt": receipt}).status_code == 429
    assert post(client, "/reports/messages", {"receipt": receipt, "text": "二"}).status_code == 429
    assert post(client, "/reports/status", {"receipt": receipt}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_each_report_gets_its_own_receipt_and_clue(client, world):
    receipts_seen = {report(client).json()["receipt"] for _ in range(3)}
    assert len(receipts_seen) == 3 and Clue.objects.count() == PublicReport.objects.count() == 3


def test_a_body_not_declared_json_is_refused_before_anything_is_filed(client, world):
    # text/plain is what another site's page can make a visitor's browser send without asking.
    body = json.dumps({"township": world.t1.code, "summary": "跨站提交", "anonymous": True})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        r = client.post("/api/public/reports", body, content_type=content_type)
        assert r.status_code == 415 and r.json()["field"] == "body", content_type
    assert not Clue.objects.exists()
    assert client.post("/api/public/reports", body, content_type="application/json; charset=utf-8").status_code == 201


def test_a_body_that_is_not_json_is_400_naming_the_body(client, world):
    r = client.post("/api/public/reports", "{not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "body"


def test_more_reports_than_the_hourly_limit_from_one_address_are_refused(client, world, settings):
    settings.REPORTS_PER_HOUR = 3
    body = json.dumps({"township": world.t1.code, "summary": "同一地址多次举报", "anonymous": True})
    codes = [client.post("/api/public/reports", body, content_type="application/json").status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429] and Clue.objects.count() == 3
    other = client.post("/api/public/reports", body, content_type="application/json", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 201


def test_refused_reports_do_not_use_up_the_hourly_limit(client, world, settings):
    """A reporter who corrects a refused report and sends it again is not blocked for it."""
    settings.REPORTS_PER_HOUR = 2
    refused = json.dumps({"township": "999999999", "summary": "乡镇填错了", "anonymous": True})
    codes = [client.post("/api/public/reports", refused, content_type="application/json").status_code
             for _ in range(3)]
    body = json.dumps({"township": world.t1.code, "summary": "改正后再次提交", "anonymous": True})
    codes += [client.post("/api/public/reports", body, content_type="application/json").status_code
              for _ in range(3)]
    assert codes == [400, 400, 400, 201, 201, 429] and Clue.objects.count() == 2


def test_the_reporter_cannot_send_an_id_number_through_the_messages_endpoint(client, world):
    from tests.engine.crosscheck_helpers import make_id

    receipt = report(client).json()["receipt"]
    response = post(client, "/reports/messages", {"receipt": receipt, "text": f"身份证 {make_id('19800101', '011')}"})
    assert response.status_code == 400 and response.json()["field"] == "text"
    assert not PublicMessage.objects.exists()


def test_a_body_larger_than_the_api_reads_is_413_in_the_apis_own_shape(client, world, settings):
    response = post(client, "/reports", {"summary": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert response.status_code == 413
    assert response.json()["field"] == "body" and "no-store" in response["Cache-Control"]
    assert not Clue.objects.exists()
