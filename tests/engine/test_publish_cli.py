"""`qingfeng crosscheck` publishes the lookup read model of the installation's hub after the import."""

from qingfeng.cli import main
from qingfeng.engine import publish


def test_crosscheck_publishes_the_read_model_into_the_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("QINGFENG_HOME", str(home))
    bundle = tmp_path / "b"
    assert main(["demo-data", str(bundle), "--households", "20", "--seed", "5", "--format", "csv"]) == 0
    assert main(["crosscheck", str(bundle), "--out", str(tmp_path / "hits.csv")]) == 0
    path = publish.current_path(home / "portal" / "lookup")
    assert path is not None and path.exists()
    assert (home / "portal_key").exists()


def test_crosscheck_on_another_hub_leaves_the_home_read_model_alone(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("QINGFENG_HOME", str(home))
    bundle = tmp_path / "b"
    assert main(["demo-data", str(bundle), "--households", "20", "--seed", "5", "--format", "csv"]) == 0
    assert main(["crosscheck", str(bundle), "--out", str(tmp_path / "h.csv"), "--hub", str(tmp_path / "x.duckdb")]) == 0
    assert publish.current_path(home / "portal" / "lookup") is None
