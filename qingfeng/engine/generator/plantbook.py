"""A small builder for planted records: people, households and their registry rows.

Planted people get ID sequence numbers from 800 up, which background people (ranks
below 400, so sequences below 800) never use.
"""

import datetime as dt
from dataclasses import dataclass, field

from .county import County
from .ids import make_id
from .programs import BY_NAME, period_label

D = dt.date


@dataclass
class Person:
    name: str
    id_number: str
    birth: dt.date
    male: bool
    village: str  # 12-digit code
    household_id: str = ""
    account: str = ""


@dataclass
class Expectation:
    rule: str
    key: tuple
    fires: bool
    note: str


@dataclass
class PlantBook:
    county: County
    rows: dict = field(default_factory=lambda: {k: [] for k in (
        "roll", "payments", "vehicles", "properties", "deaths", "employees", "businesses", "cadres",
        "village_books", "village_bank")})
    expectations: list = field(default_factory=list)
    _seq: dict = field(default_factory=dict)
    _households: int = 0
    _accounts: int = 0
    _payments: int = 0

    def village(self, n: int) -> str:
        return self.county.villages[n].code

    def person(self, name: str, birth: dt.date, male: bool, village: int = 3) -> Person:
        k = self._seq.get((birth, male), 0)
        self._seq[(birth, male)] = k + 1
        seq = 800 + 2 * k + (1 if male else 0)
        return Person(name, make_id(self.county.code, birth, seq), birth, male, self.village(village),
                      account=self.new_account())

    def new_account(self) -> str:
        self._accounts += 1
        return f"6230{self.county.code}{self._accounts:09d}"

    def household(self, *members: tuple, village: int | None = None, enrolled: dt.date = D(2015, 1, 1)) -> str:
        """Add a household; members are (Person, relation) or (Person, relation, enrolled, removed)."""
        self._households += 1
        code = members[0][0].village if village is None else self.village(village)
        hid = f"{code}{9000 + self._households}"
        for member in members:
            person, relation = member[0], member[1]
            start = member[2] if len(member) > 2 else enrolled
            end = member[3] if len(member) > 3 else None
            self.enrol(person, hid, relation, start, end, village_code=code)
        return hid

    def enrol(self, person: Person, hid: str, relation: str, start, end=None, village_code=None,
              id_number=None, name=None) -> None:
        person.household_id = person.household_id or hid
        village_code = village_code or person.village
        village = next(v for v in self.county.villages if v.code == village_code)
        township = next(t for t in self.county.townships if t.code == village.township_code)
        self.rows["roll"].append({
            "household_id": hid, "name": name or person.name,
            "id_number": person.id_number if id_number is None else id_number,
            "relation": relation, "sex": "男" if person.male else "女", "birth_date": person.birth,
            "village_code": village_code, "township": township.name, "village": village.name,
            "enrolled_on": start, "removed_on": end, "status": "正常" if end is None else "迁出",
        })

    def pay(self, person: Person, program: str, period: dt.date | str, paid_on: dt.date, amount: float,
            account: str | None = None, account_name: str | None = None, household_id: str | None = None,
            id_number: str | None = None) -> str:
        self._payments += 1
        pid = f"Z{self.county.code}{self._payments:06d}"
        prog = BY_NAME[program]
        label = period if isinstance(period, str) else period_label(prog.cycle, period)
        self.rows["payments"].append({
            "payment_id": pid, "program": program, "period": label, "name": person.name,
            "id_number": person.id_number if id_number is None else id_number,
            "household_id": (person.household_id if household_id is None else household_id) or None,
            "account": account or person.account, "account_name": account_name or person.name,
            "amount": float(amount), "paid_on": paid_on, "village_code": person.village,
            "department": prog.department,
        })
        return pid

    def add(self, registry: str, **row) -> None:
        self.rows[registry].append(row)

    def expect(self, rule: str, key, fires: bool, note: str) -> None:
        self.expectations.append(Expectation(rule, key if isinstance(key, tuple) else (key,), fires, note))
