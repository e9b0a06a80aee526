"""Case and outcome fixtures: clues of the `world` county walked to where outcomes are recorded."""

from datetime import date

import pytest

from qingfeng.clues import actions

TODAY = date(2024, 3, 4)  # the day the `advance` fixture walks clues on


@pytest.fixture
def case_clue(world, make_clue):
    """A T1 clue approved for 立案审查调查 and assigned to Dave (办理中)."""

    def _make(township=None, **fields):
        clue = make_clue(township or world.t1, **fields)
        steps = [("propose", world.erin, {"disposal": "立案审查调查", "reason": "涉嫌违纪"}),
                 ("approve", world.carol if (township or world.t1) != world.t3 else world.ivan, {}),
                 ("assign", world.frank, {"handler_unit": "审查调查室", "handler_name": "Dave",
                                          "handler_id": world.dave.id})]
        for name, who, payload in steps:
            clue = actions.do_transition(clue.id, name, acting_user=who, expected_version=clue.version,
                                         payload=payload, today=TODAY)
        return clue

    return _make


@pytest.fixture
def closed_clue(world, case_clue):
    """A T1 clue closed out with a result and no persons handled (counts typed in)."""

    def _make(**result):
        clue = case_clue()
        payload = {"result": "属实", "persons_sanctioned": 1, "recovered": "500"} | result
        clue = actions.do_transition(clue.id, "record_result", acting_user=world.dave, expected_version=clue.version,
                                     payload=payload, today=TODAY)
        items = {"investigated": True, "dealt_with": True, "fed_back": True, "file_complete": True, "educated": True}
        return actions.do_transition(clue.id, "close", acting_user=world.carol, expected_version=clue.version,
                                     payload=items, today=TODAY)

    return _make


def measure_post(version, **fields):
    """The POST of the person handled form: a 党纪处分 警告 decided on 2024-03-10 unless told otherwise."""
    data = {"version": version, "name": "王某", "post": "青山村党支部书记", "rank": "村(社区)干部",
            "party_member": "中共党员", "kind": "党纪处分", "measure": "警告", "decided_on": "2024-03-10",
            "recovered": "0", "returned": "0", "probation_months": ""}
    data.update(fields)
    return data
