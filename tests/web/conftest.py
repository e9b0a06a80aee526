"""Web test fixtures: a generated bundle, a private QINGFENG_HOME, clues walked along the workflow."""

from datetime import date

import pytest

from qingfeng.clues import actions


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


# Every workflow step, who takes it in the `world` county, and what it needs.
STEPS = [
    ("propose", "erin", {"disposal": "初步核实", "reason": "需要核实"}),
    ("approve", "carol", {}),
    ("assign", "carol", {"handler_unit": "第一片区审查调查组", "handler_name": "Dave", "due_on": None}),
    ("record_result", "dave", {"result": "属实，已退还", "case_filed": True, "filed_on": date(2024, 3, 1),
                               "persons_sanctioned": 1, "recovered": "1200.50", "returned": "800"}),
    ("close", "carol", {"investigated": True, "dealt_with": True, "fed_back": True, "file_complete": True,
                        "educated": True}),
    ("archive", "erin", {}),
]
STAGE_AFTER = dict(zip([s[0] for s in STEPS], ["proposed", "approved", "handling", "result", "closed", "archived"]))


@pytest.fixture
def make_clue(world):
    def _make(township=None, *, reporter="张举报", received_on=date(2024, 2, 1), **fields):
        township = township or world.t1
        defaults = dict(source="信访举报", channel="电话", subject="王某", subject_post="村支书",
                        category="虚报冒领", summary="虚报冒领低保金三千元")
        defaults.update(fields)
        clue, _ = actions.do_create_clue(acting_user=world.erin, received_on=received_on, reporter_name=reporter,
                                         reporter_contact="13900001111", township=township, **defaults)
        return clue

    return _make


@pytest.fixture
def advance(world):
    """advance(clue, until="assign") runs the steps up to and including `until`."""

    def _advance(clue, until: str, today=date(2024, 3, 4)):
        for name, who, payload in STEPS:
            payload = dict(payload)
            if name == "assign":
                payload["handler_id"] = world.dave.id
            clue = actions.do_transition(clue.id, name, acting_user=getattr(world, who),
                                         expected_version=clue.version, payload=payload, today=today)
            if name == until:
                return clue
        return clue

    return _advance
