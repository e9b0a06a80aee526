"""Every response carries the deployment's security headers; HTTPS settings turn on HSTS and Secure cookies."""

import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import qingfeng
from tests.conftest import browser_login

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEMPLATES = sorted(Path(qingfeng.__file__).parent.glob("**/templates/**/*.html"))


def _directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.fixture
def responses(world, client, login):
    anonymous = [client.get(url) for url in ("/", "/accounts/login/", "/no-such-page/")]
    staff = login(world.erin)
    return anonymous + [staff.get("/staff/"), staff.get("/staff/clues/new/"), staff.get("/api/me")]


def test_every_response_has_a_content_security_policy_without_inline_script_or_outside_origins(responses):
    for response in responses:
        assert _directives(response["Content-Security-Policy"]) == EXPECTED_CSP, response.request["PATH_INFO"]


def test_every_response_denies_camera_microphone_and_geolocation(responses):
    for response in responses:
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy


def test_every_response_sets_referrer_policy_nosniff_and_refuses_framing(responses):
    for response in responses:
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(Path(qingfeng.__file__).parent)))
def test_no_template_has_inline_script_or_inline_style(template):
    text = template.read_text()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", text)
                      if "src=" not in tag and 'type="application/json"' not in tag]
    assert inline_scripts == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []  # onclick=, onchange=, …
    assert "javascript:" not in text
    assert re.findall(r"<style\b|\sstyle\s*=", text) == []


def _settings_with(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("QINGFENG_HOME", str(tmp_path / "home"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(qingfeng.__file__).parent / "web" / "settings.py"))


def test_plain_http_keeps_cookies_usable_without_https(monkeypatch, tmp_path):
    monkeypatch.delenv("QINGFENG_HTTPS", raising=False)
    values = _settings_with(monkeypatch, tmp_path)
    assert values.get("SECURE_HSTS_SECONDS", 0) == 0 and not values.get("SESSION_COOKIE_SECURE", False)
    assert values.get("SECURE_PROXY_SSL_HEADER") is None


def test_https_turns_on_hsts_secure_cookies_and_the_redirect(monkeypatch, tmp_path):
    values = _settings_with(monkeypatch, tmp_path, QINGFENG_HTTPS="1")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values.get("SECURE_PROXY_SSL_HEADER") is None  # X-Forwarded-Proto is trusted only behind a proxy


def test_behind_a_proxy_the_forwarded_protocol_is_trusted(monkeypatch, tmp_path):
    values = _settings_with(monkeypatch, tmp_path, QINGFENG_HTTPS="1", QINGFENG_BEHIND_PROXY="1")
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_check_deploy_is_clean_over_https(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "QINGFENG_HOME": str(tmp_path / "home"), "QINGFENG_HTTPS": "1",
           "QINGFENG_BEHIND_PROXY": "1", "QINGFENG_ALLOWED_HOSTS": "jw.example.gov.cn"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "qingfeng.web.settings"],
        env=env, capture_output=True, text=True, cwd=Path(qingfeng.__file__).parent.parent, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.browser
def test_the_intake_page_and_the_language_switch_work_under_the_policy(page, world):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    browser_login(page, "erin")
    page.wait_for_url("**/staff/")
    response = page.goto(page.base_url + "/staff/clues/new/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.select_option("select[name=township]", world.t1.code)
    villages = page.eval_on_selector_all("select[name=village] option", "els => els.map(e => e.textContent)")
    assert "青山村" in villages and "龙泉村" not in villages  # the village picker's script ran
    page.select_option("select[name=language]", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert violations == []
