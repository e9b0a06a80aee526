"""Too many wrong 2FA codes: the page says it is a throttle and when it ends."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


@pytest.fixture
def enrolled(client, world, settings):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # one wrong code locks for a minute, long enough to see
    device = TOTPDevice.objects.create(user=world.alice, name="totp", confirmed=True)
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    return device


def _current(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_single_wrong_code_just_says_it_is_wrong(client, enrolled):
    page = client.post("/accounts/verify/", {"token": "000000"}).content.decode()
    assert "验证码不正确" in page and "尝试次数过多" not in page


def test_while_throttled_even_the_right_code_is_refused_with_the_time_the_throttle_ends(client, enrolled):
    client.post("/accounts/verify/", {"token": "000000"})
    response = client.post("/accounts/verify/", {"token": _current(enrolled)})
    assert response.status_code == 429
    enrolled.refresh_from_db()
    allowed, details = enrolled.verify_is_allowed()
    assert not allowed
    ends = timezone.localtime(details["locked_until"]).replace(second=0, microsecond=0)
    shown = re.search(r"尝试次数过多，请在 (\d\d:\d\d) 后再试", response.content.decode())
    assert shown and shown.group(1) in {ends.strftime("%H:%M"), (ends + timedelta(minutes=1)).strftime("%H:%M")}
    assert client.get("/staff/").status_code == 302


def test_once_the_throttle_ends_the_right_code_passes(client, enrolled):
    client.post("/accounts/verify/", {"token": "000000"})
    TOTPDevice.objects.filter(id=enrolled.id).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=2))
    assert client.post("/accounts/verify/", {"token": _current(enrolled)}).status_code == 302
    assert client.get("/staff/").status_code == 200
