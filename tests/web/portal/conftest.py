import pytest

from qingfeng.engine.hub import Hub
from qingfeng.portal import limits
from qingfeng.portal.lookup import publishing
from tests.web.portal.lookup_data import PAYMENTS, ROLL


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Every test starts with no public request counted (the limits file outlives tests)."""
    limits.reset()
    yield
    limits.reset()


@pytest.fixture
def published(settings, tmp_path, db):
    """The lookup read model of lookup_data's roll and payments, published into a fresh home."""
    settings.HOME = tmp_path
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "roll.csv").write_text(ROLL, encoding="utf-8")
    (bundle / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
    with Hub(tmp_path / "hub.duckdb") as hub:
        hub.import_bundle(bundle)
        return publishing.publish_from_hub(hub, force=True)
