"""Settings come from the environment and fail loudly on bad values."""

import subprocess
import sys

import pytest

from qingfeng import conf


@pytest.mark.parametrize("raw,expected", [("1", True), ("on", True), ("TRUE", True), ("0", False), ("off", False), ("", False)])
def test_booleans_are_read_in_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("QF_FLAG", raw)
    assert conf.env_bool("QF_FLAG", not expected) is expected


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("QF_FLAG", "yes please")
    with pytest.raises(conf.ConfigError, match="QF_FLAG"):
        conf.env_bool("QF_FLAG", True)


def test_a_non_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("QF_N", "5x")
    with pytest.raises(conf.ConfigError, match="QF_N"):
        conf.env_int("QF_N", 1)


def _qingfeng(tmp_path, *args, env_extra=None):
    env = {"PATH": "/usr/bin:/bin", "QINGFENG_HOME": str(tmp_path / "home"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "qingfeng", *args], capture_output=True, text=True, env=env, timeout=120)


def test_the_first_command_creates_and_migrates_the_embedded_database(tmp_path):
    result = _qingfeng(tmp_path, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "0 entries verified" in result.stdout
    assert (tmp_path / "home" / "qingfeng.sqlite3").exists()


def test_a_bad_setting_stops_the_command_with_its_name(tmp_path):
    result = _qingfeng(tmp_path, "audit", "verify", env_extra={"QINGFENG_REQUIRE_2FA": "maybe"})
    assert result.returncode != 0
    assert "QINGFENG_REQUIRE_2FA" in result.stderr


def test_an_unsupported_database_url_is_refused(tmp_path):
    result = _qingfeng(tmp_path, "audit", "verify", env_extra={"DATABASE_URL": "mysql://x@y/z"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
