"""Fixtures of the cross-check adapter tests."""

import pytest


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """A small generated county bundle (60 households, CSV) with its answer key."""
    from qingfeng.cli import main

    out = tmp_path_factory.mktemp("bundle") / "b60"
    assert main(["demo-data", str(out), "--households", "60", "--seed", "3", "--format", "csv"]) == 0
    return out


@pytest.fixture
def home(tmp_path, monkeypatch):
    """QINGFENG_HOME of this test: its own hub and uploaded bundles."""
    monkeypatch.setenv("QINGFENG_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
