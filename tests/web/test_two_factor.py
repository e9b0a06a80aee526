"""Staff two-factor authentication, enforced when QINGFENG_REQUIRE_2FA is on."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from qingfeng.accounts.actions import do_issue_enrolment_code
from tests.conftest import PASSWORD


@pytest.fixture
def with_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _password_login(client, username="alice"):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def _enter_enrolment_code(client, user):
    """The administrator's enrolment code (tests/web/test_enrolment.py), entered before binding."""
    issued = do_issue_enrolment_code(user, acting_user=None)
    assert client.post("/accounts/verify/", {"enrolment_code": issued.code}).status_code == 302


def test_password_alone_does_not_open_staff_pages(client, world, with_2fa):
    response = _password_login(client)
    assert response["Location"].startswith("/accounts/verify/")
    assert client.get("/staff/")["Location"] == "/accounts/verify/"
    assert client.get("/api/households").status_code == 403


def test_first_login_enrols_a_device_and_shows_backup_codes(client, world, with_2fa):
    _password_login(client)
    _enter_enrolment_code(client, world.alice)
    page = client.get("/accounts/verify/").content.decode()
    assert "<svg" in page and re.search(r'id="totp-secret">[A-Z2-7]{16,}<', page)
    device = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    response = client.post("/accounts/verify/", {"token": _code(device), "next": "/staff/"})
    codes = re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_is_refused(client, world, with_2fa):
    _password_login(client)
    _enter_enrolment_code(client, world.alice)
    client.get("/accounts/verify/")
    response = client.post("/accounts/verify/", {"token": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def _enrolled(client, world):
    _password_login(client)
    _enter_enrolment_code(client, world.alice)
    client.get("/accounts/verify/")
    device = TOTPDevice.objects.get(user=world.alice)
    response = client.post("/accounts/verify/", {"token": _code(device)})
    codes = re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())
    client.post("/accounts/logout/")
    return device, codes


def test_an_enrolled_user_passes_with_a_current_code(client, world, with_2fa):
    device, _ = _enrolled(client, world)
    _password_login(client)
    device.refresh_from_db()
    # The enrolment code's step cannot be replayed; the next step's code is within tolerance.
    response = client.post("/accounts/verify/", {"token": _code(device, offset=1)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_backup_code_works_once(client, world, with_2fa):
    _, codes = _enrolled(client, world)
    _password_login(client)
    assert client.post("/accounts/verify/", {"token": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    _password_login(client)
    response = client.post("/accounts/verify/", {"token": codes[0]})
    assert "验证码不正确" in response.content.decode()


def test_without_2fa_required_password_login_suffices(client, world):
    _password_login(client)
    assert client.get("/staff/").status_code == 200
