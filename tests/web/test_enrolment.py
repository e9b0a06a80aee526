"""Binding a 2FA device needs a single-use enrolment code issued by an administrator.

Without it, whoever first logged in with a stolen password could bind their own phone.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.accounts.models import EnrolmentCode
from qingfeng.audit.models import AuditEntry
from tests.conftest import PASSWORD

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture(autouse=True)
def with_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _issue(username, *options) -> str:
    out = io.StringIO()
    call_command("enrolment-code", username, *options, stdout=out)
    return CODE.search(out.getvalue()).group(0)


def _password_login(client, username="alice"):
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302


def _enrol(client, code):
    """Enter the enrolment code, then confirm the shown device with its first TOTP code."""
    response = client.post("/accounts/verify/", {"enrolment_code": code})
    if response.status_code != 302:
        return response
    page = client.get("/accounts/verify/").content.decode()
    assert "<svg" in page and re.search(r'id="totp-secret">[A-Z2-7]{16,}<', page)
    device = TOTPDevice.objects.get(user__username="alice", confirmed=False)
    return client.post("/accounts/verify/", {"token": _code(device), "next": "/staff/"})


def test_without_an_enrolment_code_no_device_can_be_bound_and_the_user_is_told_to_ask(client, world):
    _password_login(client)
    page = client.get("/accounts/verify/").content.decode()
    assert "系统管理员" in page and "绑定码" in page
    assert "<svg" not in page and "totp-secret" not in page
    client.post("/accounts/verify/", {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=world.alice, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302


def test_a_wrong_enrolment_code_is_refused(client, world):
    _issue("alice")
    _password_login(client)
    response = client.post("/accounts/verify/", {"enrolment_code": "AAAA-BBBB-CCCC"})
    assert "绑定码不正确或已失效" in response.content.decode()
    assert "totp-secret" not in client.get("/accounts/verify/").content.decode()


def test_createuser_prints_an_enrolment_code_that_binds_the_new_users_device(client, world):
    out = io.StringIO()
    call_command("createuser", "zhou", role="township", jurisdiction=world.t1.code, password=PASSWORD, stdout=out)
    code = CODE.search(out.getvalue()).group(0)
    assert "72" in out.getvalue()  # hours it stays valid
    client.post("/accounts/login/", {"username": "zhou", "password": PASSWORD})
    assert client.post("/accounts/verify/", {"enrolment_code": code}).status_code == 302
    assert "totp-secret" in client.get("/accounts/verify/").content.decode()
    device = TOTPDevice.objects.get(user__username="zhou", confirmed=False)
    response = client.post("/accounts/verify/", {"token": _code(device), "next": "/staff/"})
    assert len(re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())) == 10
    assert client.get("/staff/").status_code == 200


def test_an_issued_code_binds_a_device_once_and_is_audited(client, world):
    code = _issue("alice")
    _password_login(client)
    response = _enrol(client, code.lower().replace("-", " "))  # typed loosely
    assert len(re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())) == 10
    assert client.get("/staff/").status_code == 200
    assert EnrolmentCode.objects.get(user=world.alice).used_at is not None
    assert AuditEntry.objects.filter(action="user.2fa_enrol", object_id=str(world.alice.pk)).exists()
    assert AuditEntry.objects.filter(action="user.enrolment_code", object_id=str(world.alice.pk)).exists()


def test_a_used_code_cannot_bind_a_second_device(client, world):
    code = _issue("alice")
    _password_login(client)
    _enrol(client, code)
    TOTPDevice.objects.filter(user=world.alice).delete()  # even if the devices were gone
    StaticDevice.objects.filter(user=world.alice).delete()
    client.post("/accounts/logout/")
    _password_login(client)
    response = client.post("/accounts/verify/", {"enrolment_code": code})
    assert "绑定码不正确或已失效" in response.content.decode()


def test_an_expired_code_is_refused(client, world):
    code = _issue("alice")
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _password_login(client)
    response = client.post("/accounts/verify/", {"enrolment_code": code})
    assert "绑定码不正确或已失效" in response.content.decode()


def test_a_code_expires_after_72_hours(world):
    _issue("alice")
    entry = EnrolmentCode.objects.get()
    assert timedelta(hours=71) < entry.expires_at - timezone.now() <= timedelta(hours=72)


def test_codes_are_stored_only_hashed(world):
    code = _issue("alice")
    stored = EnrolmentCode.objects.get().code_hash
    assert code not in stored and code.replace("-", "") not in stored


def test_a_fresh_code_replaces_the_earlier_one(client, world):
    first = _issue("alice")
    second = _issue("alice")
    _password_login(client)
    assert "绑定码不正确或已失效" in client.post("/accounts/verify/", {"enrolment_code": first}).content.decode()
    assert client.post("/accounts/verify/", {"enrolment_code": second}).status_code == 302


def test_a_code_of_another_user_does_not_work(client, world):
    code = _issue("bob")
    _password_login(client, "alice")
    assert "绑定码不正确或已失效" in client.post("/accounts/verify/", {"enrolment_code": code}).content.decode()


def test_resetting_lets_a_user_who_lost_the_phone_bind_a_new_one(client, world):
    _password_login(client)
    _enrol(client, _issue("alice"))
    client.post("/accounts/logout/")
    code = _issue("alice", "--reset")
    assert not TOTPDevice.objects.filter(user=world.alice).exists()
    _password_login(client)
    response = _enrol(client, code)
    assert len(re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())) == 10


def test_an_enrolled_user_cannot_use_a_code_to_bind_another_device(client, world):
    _password_login(client)
    _enrol(client, _issue("alice"))
    client.post("/accounts/logout/")
    code = _issue("alice")
    _password_login(client)
    client.post("/accounts/verify/", {"enrolment_code": code})
    assert TOTPDevice.objects.filter(user=world.alice).count() == 1
    assert "totp-secret" not in client.get("/accounts/verify/").content.decode()
