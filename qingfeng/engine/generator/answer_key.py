"""The answer key: a plain, independent implementation of rules R01–R18 (contract §3, §5)
over the clean generated records, so that noise and accidental background hits are
accounted for. Deliberately naive Python (dicts and loops), sharing nothing with the
engine's SQL; meant for small and medium bundles.
"""

import datetime as dt
from collections import defaultdict

from pypinyin import Style, pinyin

from qingfeng.engine.normalize import clean_uscc

from .ids import birth_of, is_valid
from .programs import period_start

EXEMPT_VEHICLES = ("摩托", "三轮", "低速", "拖拉机", "农用")
BUSINESS_ROLES = ("法定代表人", "股东")
EXEMPT_ENTITIES = ("个体工商户", "农民专业合作社")
KEY_COLUMNS = {"R03": "payment_id", "R07": "payment_id", "R08": "payment_id", "R09": "payment_id",
               "R11": "payment_id", "R10": "account", "R12": "household_id+name",
               **{f"R{n}": "record" for n in range(14, 19)}}
WINDOW_DAYS, LARGE_AMOUNT, CASH_LIMIT = 30, 5000, 1000
PAY_TITLES = ("报酬", "工资", "误工补贴")


def key_of(rule: str, row: dict) -> tuple:
    column = KEY_COLUMNS.get(rule, "id_number")
    if column == "household_id+name":
        return (row["household_id"] or "", row["name"] or "")
    return (row[column] or "",)


def _overlap(s1, e1, s2, e2) -> bool:
    return (e2 is None or s1 is None or s1 < e2) and (e1 is None or s2 is None or s2 < e1)


_READINGS: dict[str, set] = {}


def _readings(ch: str) -> set:
    if ch not in _READINGS:
        _READINGS[ch] = set(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
    return _READINGS[ch]


def names_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and bool(_readings(diff[0][0]) & _readings(diff[0][1]))


class Facts:
    def __init__(self, rows: dict[str, list[dict]], today: dt.date):
        self.rows, self.today = rows, today
        self.valid = lambda v: is_valid(v, today)
        self.roll_by_id = defaultdict(list)
        self.roll_by_hh = defaultdict(list)
        for r in rows.get("roll", []):
            if self.valid(r["id_number"]):
                self.roll_by_id[r["id_number"]].append(r)
            self.roll_by_hh[r["household_id"]].append(r)
        self.standards = defaultdict(list)
        for s in rows.get("standards", []):
            self.standards[s["program"]].append(s)

    def enrolled(self, id_number, day) -> bool:
        return self.valid(id_number) and any(
            r["enrolled_on"] is not None and r["enrolled_on"] <= day and (r["removed_on"] is None or day < r["removed_on"])
            for r in self.roll_by_id[id_number])

    def standard(self, program, day, nearest=False):
        windows = self.standards.get(program, [])
        for s in windows:
            if s["valid_from"] <= day and (s["valid_to"] is None or day <= s["valid_to"]):
                return s
        if not nearest or not windows:
            return None
        return min(windows, key=lambda s: (s["valid_from"] - day).days if day < s["valid_from"] else (day - s["valid_to"]).days)

    def household(self, p) -> tuple:
        rows = self.roll_by_id.get(p["id_number"]) if self.valid(p["id_number"]) else None
        if rows:
            if p["household_id"] in {r["household_id"] for r in rows}:
                return ("hh", p["household_id"])
            return ("hh", min(rows, key=lambda r: r["enrolled_on"] or dt.date.min)["household_id"])
        if p["household_id"]:
            return ("hh", p["household_id"])
        return ("alone", p["payment_id"] if not self.valid(p["id_number"]) else p["id_number"])

    def person(self, p) -> tuple:
        return ("id", p["id_number"]) if self.valid(p["id_number"]) else ("payment", p["payment_id"])


def compute(rows: dict[str, list[dict]], today: dt.date) -> list[dict]:
    """Every expected hit: dicts with rule, id_number, household_id, name, payment_id, account."""
    f = Facts(rows, today)
    hits: dict[tuple, dict] = {}

    def hit(rule, id_number="", household_id="", name="", payment_id="", account="", record=""):
        row = dict(rule=rule, id_number=id_number or "", household_id=household_id or "", name=name or "",
                   payment_id=payment_id or "", account=account or "", record=record or "")
        hits.setdefault((rule, key_of(rule, row)), row)

    def owned(rule, registry, id_col, start_col, end_col, keep=lambda x: True):
        for x in rows.get(registry, []):
            if not keep(x) or not f.valid(x[id_col]):
                continue
            for r in f.roll_by_id.get(x[id_col], []):
                if _overlap(x[start_col], x[end_col], r["enrolled_on"], r["removed_on"]):
                    hit(rule, r["id_number"], r["household_id"], r["name"])

    owned("R01", "vehicles", "owner_id_number", "registered_on", "deregistered_on",
          lambda v: not any(w in (v["vehicle_type"] or "") for w in EXEMPT_VEHICLES))
    owned("R02", "properties", "owner_id_number", "registered_on", "deregistered_on", lambda x: x["usage"] == "商品房")
    owned("R04", "employees", "id_number", "started_on", "ended_on")
    owned("R05", "businesses", "person_id_number", "founded_on", "dissolved_on",
          lambda b: b["role"] in BUSINESS_ROLES and b["entity_type"] not in EXEMPT_ENTITIES)
    _r03(f, rows, hit)
    _r06(f, rows, hit)
    _payment_rules(f, rows, hit)
    _village_finance(f, rows, hit)
    for r in rows.get("roll", []):
        if not f.valid(r["id_number"]):
            hit("R12", "", r["household_id"], r["name"])
    for id_number, rs in f.roll_by_id.items():
        if any(a["household_id"] != b["household_id"] and _overlap(a["enrolled_on"], a["removed_on"], b["enrolled_on"], b["removed_on"])
               for i, a in enumerate(rs) for b in rs[i + 1:]):
            hit("R13", id_number, rs[0]["household_id"], rs[0]["name"])
    return sorted(hits.values(), key=lambda h: (h["rule"], key_of(h["rule"], h)))


def _r03(f: Facts, rows, hit) -> None:
    by_id = defaultdict(list)
    fuzzy = defaultdict(list)  # birth date -> death rows without a valid ID
    for d in rows.get("deaths", []):
        if f.valid(d["id_number"]):
            by_id[d["id_number"]].append(d)
        elif d["birth_date"] is not None:
            fuzzy[d["birth_date"]].append(d)
    for p in rows.get("payments", []):
        if not f.valid(p["id_number"]):
            continue
        born = birth_of(p["id_number"])
        deaths = list(by_id.get(p["id_number"], []))
        records = [(p["name"], p["village_code"])] + [(r["name"], r["village_code"]) for r in f.roll_by_id.get(p["id_number"], [])]
        for d in fuzzy.get(born, []):
            if any(names_match(d["name"], name) and (not d["village_code"] or not village or d["village_code"] == village)
                   for name, village in records):
                deaths.append(d)
        start = period_start(p["period"])
        if any(start > d["died_on"] for d in deaths):
            hit("R03", p["id_number"], f.household(p)[1], p["name"], p["payment_id"])


def _r06(f: Facts, rows, hit) -> None:
    roll_by_village = defaultdict(list)
    for r in rows.get("roll", []):
        if f.valid(r["id_number"]):
            roll_by_village[r["village_code"]].append(r)
    for c in rows.get("cadres", []):
        for r in roll_by_village.get(c["village_code"], []):
            if f.valid(c["id_number"]):
                same = r["id_number"] == c["id_number"]
            else:
                same = (c["birth_date"] == birth_of(r["id_number"]) and names_match(c["name"], r["name"]))
            in_term = c["term_from"] <= r["enrolled_on"] and (c["term_to"] is None or r["enrolled_on"] <= c["term_to"])
            if same and in_term:
                hit("R06", r["id_number"], r["household_id"], r["name"])


def _payment_rules(f: Facts, rows, hit) -> None:
    groups = defaultdict(list)
    accounts = defaultdict(lambda: (set(), set()))
    for p in rows.get("payments", []):
        std = f.standard(p["program"], p["paid_on"])
        rule_std = std or f.standard(p["program"], p["paid_on"], nearest=True)
        hh = f.household(p)
        args = dict(id_number=p["id_number"] if f.valid(p["id_number"]) else "", household_id=hh[1] if hh[0] == "hh" else "",
                    name=p["name"], payment_id=p["payment_id"])
        if std is not None and p["amount"] > std["max_amount"] + 1e-9:
            hit("R08", **args)
        if rule_std is not None:
            if rule_std["requires_roll"] and not f.enrolled(p["id_number"], p["paid_on"]):
                hit("R09", **args)
            unit = hh if rule_std["scope"] == "户" else f.person(p)
            period = "once" if rule_std["cycle"] == "一次性" else p["period"]
            groups[(p["program"], unit, period)].append(args)
        if p["account"]:
            people, households = accounts[p["account"]]
            people.add(f.person(p))
            households.add(hh)
        if p["account_name"] and p["account_name"] != p["name"]:
            members = {r["name"] for r in f.roll_by_hh.get(hh[1], [])} if hh[0] == "hh" else set()
            if p["account_name"] not in members:
                hit("R11", **args)
    for group in groups.values():
        if len(group) > 1:
            for args in group:
                hit("R07", **args)
    for account, (people, households) in accounts.items():
        if len(people) >= 3 and len(households) >= 2:
            hit("R10", account=account)


def _fen(amount) -> int:
    return round(float(amount) * 100)


def _village_finance(f: Facts, rows, hit) -> None:
    books = rows.get("village_books", [])
    booked = defaultdict(list)
    for e in books:
        booked[(e["village_code"], e["direction"], _fen(e["amount"]))].append(e["booked_on"])
    for s in rows.get("village_bank", []):
        days = booked.get((s["village_code"], s["direction"], _fen(s["amount"])), [])
        if not any(abs((b - s["txn_on"]).days) <= WINDOW_DAYS for b in days):
            hit("R14", name=s["counterparty"], record=s["txn_id"])

    def args(e):
        valid = f.valid(e["counterparty_id"])
        return dict(id_number=e["counterparty_id"] if valid else "", name=e["counterparty"],
                    record=f"{e['village_code']}/{e['voucher_no']}")

    months = defaultdict(list)
    for e in books:
        if e["direction"] != "支出":
            continue
        cents = _fen(e["amount"])
        if cents >= LARGE_AMOUNT * 100 and e["reviewed"] is not True:
            hit("R15", **args(e))
        if e["method"] == "现金" and cents > CASH_LIMIT * 100:
            hit("R16", **args(e))
        if cents < LARGE_AMOUNT * 100 and e["reviewed"] is not True and e["counterparty"]:
            months[(e["village_code"], e["counterparty"], e["booked_on"].year, e["booked_on"].month)].append(e)
    for group in months.values():
        if len(group) >= 2 and sum(_fen(e["amount"]) for e in group) >= LARGE_AMOUNT * 100:
            for e in group:
                hit("R17", **args(e))
    _r18(f, rows, books, hit, args)


def _r18(f: Facts, rows, books, hit, args) -> None:
    kin = defaultdict(list)  # (village, valid ID) -> cadres rows (a cadre or a relative, with the term)
    for c in rows.get("cadres", []):
        if f.valid(c["id_number"]):
            kin[(c["village_code"], c["id_number"])].append(c)
    firms = defaultdict(list)  # USCC -> (person ID, founded, dissolved) of 法定代表人 / 股东
    for b in rows.get("businesses", []):
        code = clean_uscc(b["uscc"])
        if code and b["role"] in BUSINESS_ROLES and f.valid(b["person_id_number"]):
            firms[code].append(b)

    def in_term(c, day):
        return (c["term_from"] is None or c["term_from"] <= day) and (c["term_to"] is None or day <= c["term_to"])

    for e in books:
        if e["direction"] != "支出" or any(t in (e["account_title"] or "") for t in PAY_TITLES):
            continue
        day, village, party = e["booked_on"], e["village_code"], e["counterparty_id"]
        people = []
        if f.valid(party):
            people = [party]
        elif clean_uscc(party):
            people = [b["person_id_number"] for b in firms.get(clean_uscc(party), [])
                      if (b["founded_on"] is None or b["founded_on"] <= day)
                      and (b["dissolved_on"] is None or day < b["dissolved_on"])]
        if any(in_term(c, day) for person in people for c in kin.get((village, person), [])):
            hit("R18", **args(e))
