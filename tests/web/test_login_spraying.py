"""Password spraying: one address trying one password over many usernames is paused, and told so."""

import re
from datetime import timedelta

from django.utils import timezone

from qingfeng.accounts.models import LoginAttempt
from tests.conftest import PASSWORD


def _login(client, username, password="Spring2024!", ip="203.0.113.7", **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def _spray(client, count, ip="203.0.113.7", **headers):
    for i in range(count):
        assert _login(client, f"user{i}", ip=ip, **headers).status_code == 401


def test_one_address_failing_for_many_usernames_is_paused_even_for_a_right_password(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    _spray(client, 5)
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "防止密码猜测" in page
    ends = timezone.localtime(LoginAttempt.objects.order_by("at").first().at + timedelta(
        seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS, minutes=1))
    assert re.search(r"请在 \d\d:\d\d 后再试", page)
    assert ends.strftime("%H:%M") in page


def test_the_pause_ends_when_the_failures_leave_the_window(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    _spray(client, 5)
    LoginAttempt.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS + 1))
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_fewer_usernames_than_the_limit_do_not_pause_the_address(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    _spray(client, 4)
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_another_address_is_not_paused(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    _spray(client, 5)
    assert _login(client, "alice", PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit_without_a_proxy(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    settings.BEHIND_PROXY = False
    for i in range(5):
        _login(client, f"user{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(client, world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 5
    settings.BEHIND_PROXY = True
    # nginx appends the address it saw; whatever the client put before it is not trusted.
    _spray(client, 5, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert _login(client, "alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert _login(client, "alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    assert set(LoginAttempt.objects.values_list("ip", flat=True)) == {"203.0.113.7"}


def _forwarded_for_seen_by_the_app(options) -> str | None:
    """What X-Forwarded-For the app gets from waitress configured with `options`."""
    from waitress import create_server

    seen = {}

    def app(environ, start_response):
        seen["xff"] = environ.get("HTTP_X_FORWARDED_FOR")
        start_response("200 OK", [])
        return [b""]

    server = create_server(app, host="127.0.0.1", port=0, **options)
    try:
        environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7", "wsgi.url_scheme": "http"}
        server.application(environ, lambda *args: None)
    finally:
        server.close()
    return seen["xff"]


def test_serve_passes_the_proxy_headers_to_django_only_behind_a_proxy(settings):
    from qingfeng.web.management.commands.serve import proxy_options

    settings.BEHIND_PROXY = True
    assert _forwarded_for_seen_by_the_app(proxy_options()) == "203.0.113.7"
    settings.BEHIND_PROXY = False
    assert _forwarded_for_seen_by_the_app(proxy_options()) is None
