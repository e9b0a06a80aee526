"""The lookup read model (qingfeng.engine.publish): households per crosscheck.md §2, fen-exact
amounts, members enrolled on as_of, no ID number in the file, an atomic switch of publications."""

import sqlite3
from decimal import Decimal

import duckdb
import pytest

from qingfeng.engine import publish
from tests.engine.crosscheck_helpers import d, make_id, make_tables

KEY = b"k" * 32
ZHANG, LI, WANG, ZHAO = make_id("19800101", "011"), make_id("19820202", "022"), make_id("19900303", "033"), \
    make_id("19700404", "044")


def roll_row(hh, name, id_number, enrolled="2016-01-01", removed=None, village_code="430821101201"):
    return {"household_id": hh, "name": name, "id_number": id_number, "relation": "户主",
            "village_code": village_code, "township": "广福桥镇", "village": "青山村",
            "enrolled_on": d(enrolled), "removed_on": d(removed) if removed else None}


def pay(pid, id_number, name, amount, paid_on, hh=None, program="农村低保金", account="6217000011112222"):
    return {"payment_id": pid, "program": program, "period": paid_on[:7], "name": name, "id_number": id_number,
            "household_id": hh, "account": account, "amount": Decimal(amount), "paid_on": d(paid_on),
            "department": "县民政局"}


@pytest.fixture
def county():
    con = duckdb.connect(":memory:")
    tables = make_tables(
        con,
        roll=[roll_row("H1", "张小三", ZHANG), roll_row("H1", "李四", LI),
              roll_row("H1", "王五", WANG, removed="2019-01-01"),  # left before as_of: not a member
              roll_row("H2", "张小三", ZHANG, enrolled="2017-05-01"),  # a second, later household
              roll_row("H3", "赵六", ZHAO, village_code="430821101202")],
        payments=[pay("P1", ZHANG, "张小三", "350.10", "2018-03-10", "H1"),
                  pay("P2", LI, "李四", "0.20", "2019-04-30"),  # no household_id: her roll household H1
                  pay("P3", ZHANG, "张小三", "100.00", "2018-06-01", "H2"),  # to his other household
                  pay("P4", ZHAO, "赵六", "999.99", "2019-01-15", "H3"),
                  pay("P5", None, "路人甲", "50.00", "2018-01-01", "H9")])  # off the roll: unreachable
    return con, tables


def build(tmp_path, con, tables):
    return publish.build(con, tables, tmp_path / "rm", KEY)


def find(path, id_number, name):
    db = sqlite3.connect(path)
    row = db.execute("SELECT units FROM persons WHERE k = ?", (publish.person_key(KEY, id_number, name),)).fetchone()
    if row is None:
        return None
    units = [int(u) for u in row[0].split(",")]
    payments = db.execute(f"SELECT paid_on, amount_fen, recipient, account FROM payments WHERE unit IN "
                          f"({','.join('?' * len(units))}) ORDER BY paid_on DESC", units).fetchall()
    household = db.execute("SELECT village_code, members FROM households WHERE unit = ?", (units[0],)).fetchone()
    return household, payments


def test_a_person_sees_the_payments_of_all_their_roll_households_in_fen(tmp_path, county):
    pub = build(tmp_path, *county)
    household, payments = find(pub.path, ZHANG, "张小三")
    assert [(publish.from_day_number(on).isoformat(), fen) for on, fen, *_ in payments] == [
        ("2019-04-30", 20), ("2018-06-01", 10000), ("2018-03-10", 35010)]
    assert [(name, account) for *_, name, account in payments] == [("李*", "****2222"), ("张*三", "****2222"), ("张*三", "****2222")]
    assert household == ("430821101201", 2)  # his first household; 王五 left before as_of


def test_as_of_is_the_latest_payment_day(tmp_path, county):
    pub = build(tmp_path, *county)
    assert pub.as_of == d("2019-04-30")
    assert pub.payments == 4  # P5 belongs to no roll household, so no one can look it up


def test_a_wrong_name_is_no_key(tmp_path, county):
    pub = build(tmp_path, *county)
    assert find(pub.path, ZHANG, "张小四") is None
    assert find(pub.path, ZHAO, "赵六")[1][0][1] == 99999


def test_the_file_holds_no_id_number_and_no_full_recipient_name(tmp_path, county):
    pub = build(tmp_path, *county)
    data = pub.path.read_bytes()
    for secret in (ZHANG, LI, ZHAO, "张小三".encode()):
        assert (secret.encode() if isinstance(secret, str) else secret) not in data


def test_a_new_publication_replaces_the_pointer_and_keeps_the_one_before(tmp_path, county):
    first = build(tmp_path, *county)
    second = build(tmp_path, *county)
    third = build(tmp_path, *county)
    directory = tmp_path / "rm"
    assert publish.current_path(directory) == third.path
    assert sorted(p.name for p in directory.glob("lookup-*.sqlite")) == sorted([second.path.name, third.path.name])
    assert not first.path.exists()


def test_a_failed_build_leaves_the_current_publication(tmp_path, county, monkeypatch):
    con, tables = county
    good = build(tmp_path, con, tables)
    monkeypatch.setattr(publish, "mask_name", lambda name: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build(tmp_path, con, tables)
    assert publish.current_path(tmp_path / "rm") == good.path
    assert not list((tmp_path / "rm").glob("*.tmp"))


def test_publish_skips_an_unchanged_pair_of_snapshots_unless_forced(tmp_path, bundle_dir):
    from qingfeng.engine.hub import Hub

    with Hub(tmp_path / "hub.duckdb") as hub:
        hub.import_bundle(bundle_dir)
        assert publish.publish(hub, tmp_path / "rm", KEY, force=False) is not None
        assert publish.publish(hub, tmp_path / "rm", KEY, force=False) is None
        assert publish.publish(hub, tmp_path / "rm", KEY, force=True) is not None


@pytest.fixture
def bundle_dir(tmp_path):
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "roll.csv").write_text(
        "户编号,姓名,证件号码,与户主关系,行政区划代码,乡镇,村,纳入日期\n"
        f"H1,张小三,{ZHANG},户主,430821101201,广福桥镇,青山村,2016-01-01\n", encoding="utf-8")
    (folder / "payments.csv").write_text(
        "发放流水号,项目名称,资金所属期,领取人姓名,领取人证件号码,户编号,银行账号,账户户名,发放金额,发放日期\n"
        f"P1,农村低保金,2018-03,张小三,{ZHANG},H1,6217000011112222,张小三,350.00,2018-03-10\n", encoding="utf-8")
    return folder
