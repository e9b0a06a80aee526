"""Password login and its throttle."""

from datetime import timedelta

from django.utils import timezone

from qingfeng.accounts.models import LoginAttempt
from tests.conftest import PASSWORD


def _login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_staff_member_logs_in_and_reaches_the_staff_home(client, world):
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert "广福桥镇" in client.get("/staff/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, world):
    response = _login(client, "alice", "wrong")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.content.decode()


def test_repeated_failures_lock_that_username_from_that_address(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert _login(client, "alice", "wrong").status_code == 401
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "alice", "wrong", ip="203.0.113.9")
    assert _login(client, "alice", PASSWORD, ip="10.0.0.1").status_code == 302


def test_the_lock_expires(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "alice", "wrong")
    LoginAttempt.objects.all().update(at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCK_SECONDS + 1))
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_a_username_attacked_from_many_addresses_pauses_only_briefly(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for i in range(8):  # 4x the per-address limit, each from a new address
        _login(client, "alice", "wrong", ip=f"198.51.100.{i}")
    assert _login(client, "alice", PASSWORD).status_code == 429
    LoginAttempt.objects.all().update(at=timezone.now() - timedelta(seconds=61))
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_a_successful_login_clears_that_addresses_failures(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, "alice", "wrong")
    _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302
    assert not LoginAttempt.objects.filter(username="alice").exists()


def test_login_redirects_only_to_local_pages(client, world):
    response = client.post("/accounts/login/?next=https://evil.example/", {"username": "alice", "password": PASSWORD})
    assert response["Location"] == "/staff/"
