"""Random sequences of workflow requests: no illegal transition ever succeeds, no close-out with an item missing.

The oracle below is written from the specification, independently of the
transition table in qingfeng.clues.workflow.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qingfeng.clues import actions
from qingfeng.clues.models import STAGE_STATE
from qingfeng.clues.workflow import TransitionError

# (stage, action) -> next stage, per the spec; approve depends on the disposal.
LEGAL = {
    ("registered", "propose"): "proposed", ("shelved", "propose"): "proposed",
    ("proposed", "reject"): "registered", ("proposed", "approve"): None,
    ("approved", "assign"): "handling", ("handling", "record_result"): "result",
    ("result", "close"): "closed", ("closed", "archive"): "archived",
}
APPROVED_TO = {"谈话函询": "approved", "初步核实": "approved", "立案审查调查": "approved", "暂存待查": "shelved",
               "予以了结": "result"}
ROLES = {  # who may act, per the spec's roles
    "propose": {"erin", "carol", "dave", "alice", "frank"}, "reject": {"carol", "frank"},
    "approve": {"carol", "frank"}, "assign": {"carol", "frank"}, "record_result": {"carol", "dave", "alice", "frank"},
    "close": {"carol", "frank"}, "archive": {"erin", "carol", "frank", "admin"},
}
ITEMS = ("investigated", "dealt_with", "fed_back", "file_complete", "educated")

requests = st.lists(st.tuples(
    # Half the time a random action, otherwise one the spec allows from the current stage,
    # so that sequences also reach the late stages (close-out, archive).
    st.one_of(st.sampled_from(sorted(ROLES)), st.integers(0, 1)),
    st.one_of(st.sampled_from(["erin", "carol", "dave", "alice", "frank", "admin"]), st.just("frank")),
    st.sampled_from(sorted(APPROVED_TO)),
    st.one_of(st.fixed_dictionaries({i: st.booleans() for i in ITEMS}), st.just(dict.fromkeys(ITEMS, True))),
), min_size=1, max_size=20)


ALL_ITEMS = dict.fromkeys(ITEMS, True)


def run_sequence(world, make_clue, steps, named) -> set:
    """Play `steps` against the actions, checking each against the oracle; the stages reached."""
    clue = make_clue(reporter="张举报" if named else "匿名")
    stage, disposal = "registered", None
    reached = {stage}
    for action, who, pick, items in steps:
        if isinstance(action, int):
            allowed = sorted(a for (s, a) in LEGAL if s == stage) or sorted(ROLES)
            action = allowed[action % len(allowed)]
        payload = {"disposal": pick, "reason": "r", "handler_unit": "组", "handler_name": "甲", "result": "结果",
                   **items}
        legal = (stage, action) in LEGAL and who in ROLES[action]
        if action == "close":
            needed = [i for i in ITEMS if i != "fed_back" or named]
            legal = legal and all(items[i] for i in needed)
        try:
            clue = actions.do_transition(clue.id, action, acting_user=getattr(world, who),
                                         expected_version=clue.version, payload=payload, today=date(2024, 6, 3))
        except TransitionError:
            assert not legal, (stage, action, who)
            continue
        assert legal, f"illegal {action} by {who} from {stage} succeeded"
        if action == "propose":
            disposal = pick
        stage = LEGAL[(stage, action)] or APPROVED_TO[disposal]
        reached.add(stage)
        assert clue.stage == stage
        assert clue.state == STAGE_STATE[clue.stage]
        assert (clue.closed_on is not None) == (clue.state == "已办结")
        if clue.state == "已办结":
            assert clue.investigated and clue.dealt_with and clue.file_complete and clue.educated
            assert clue.fed_back or not named
    return reached


def _walk(*steps, pick="初步核实", items=ALL_ITEMS):
    return [(action, who, pick, items) for action, who in steps]


# Explicit paths that together reach every stage (and include refusals on the way); the
# property test starts from them too, so its late stages never depend on the random search.
FULL = _walk(("propose", "erin"), ("approve", "carol"), ("assign", "carol"), ("record_result", "dave"),
             ("close", "carol"), ("archive", "erin"))
PATHS = [
    FULL,
    _walk(("propose", "erin"), ("reject", "carol"), ("propose", "dave"), ("approve", "frank"), pick="暂存待查"),
    _walk(("propose", "erin"), ("approve", "carol"), ("close", "erin"), ("close", "carol"), ("archive", "admin"),
          pick="予以了结"),
    _walk(("propose", "erin"), ("approve", "dave"), ("approve", "carol"), ("assign", "carol"),
          ("record_result", "alice"), ("close", "carol"), pick="立案审查调查",
          items=dict(ALL_ITEMS, educated=False)),
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=requests, named=st.booleans())
@example(steps=FULL, named=True)
@example(steps=PATHS[2], named=False)
def test_random_request_sequences_respect_the_workflow(world, make_clue, steps, named):
    run_sequence(world, make_clue, steps, named)


@pytest.mark.parametrize("named", [True, False])
def test_explicit_paths_reach_every_stage(world, make_clue, named):
    reached = set().union(*(run_sequence(world, make_clue, path, named) for path in PATHS))
    assert reached == {"registered", "proposed", "approved", "shelved", "handling", "result", "closed", "archived"}
