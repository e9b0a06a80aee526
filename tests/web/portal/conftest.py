import pytest

from qingfeng.portal import limits


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Every test starts with no public request counted (the limits file outlives tests)."""
    limits.reset()
    yield
    limits.reset()
