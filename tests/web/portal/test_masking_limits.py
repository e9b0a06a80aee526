"""Masking exactly per portal.md §1, and the sliding rate-limit windows shared by processes."""

import multiprocessing
from datetime import date

import pytest

from qingfeng.engine.masking import id_number_in, mask_account, mask_name
from qingfeng.portal import limits
from tests.engine.crosscheck_helpers import make_id


@pytest.mark.parametrize("name, masked", [
    ("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("王", "王"),
    ("阿依古丽·买买提", "阿***·**提"), ("迪丽热巴•迪力木拉提", "迪***·****提"),
    (" 张 小三 ", "张*三"), ("張小三", "张*三"),
])
def test_names_keep_first_and_last_from_three_characters(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("account, masked", [
    ("6217 0000 1111 1234", "****1234"), ("6228480012345678", "****5678"), ("", ""), (None, ""),
    ("1234", "****"), ("12", "****"),  # too short to show any of it
])
def test_accounts_keep_their_last_four(account, masked):
    assert mask_account(account) == masked


@pytest.mark.parametrize("text, found", [
    ("名单：张三 430821198001011234 低保", None),  # wrong check character: not an ID
    (f"名单：张三 {make_id('19800101', '011')}，李四", make_id("19800101", "011")),
    (f"账号 6217{make_id('19800101', '011')}", None),  # inside a longer number (an account)
    ("受理编号 4821093377105562", None), ("", None), (None, None),
])
def test_an_id_number_written_in_public_text_is_found(text, found):
    assert id_number_in(text, date(2026, 12, 1)) == found


def test_a_full_width_id_number_is_found_too():
    full = make_id("19800101", "011").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert id_number_in(f"身份证{full}", date(2026, 12, 1))


def test_limit_allows_exactly_the_limit_within_the_window():
    assert [limits.allow("t", "a", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert limits.allow("t", "b", 3, 60)  # another key has its own count
    assert limits.count("t", "a", 60) == 3


def _hit(n):
    return sum(limits.allow("t", "shared", 50, 60) for _ in range(n))


def test_limit_holds_across_processes():
    with multiprocessing.get_context("fork").Pool(2) as pool:
        allowed = sum(pool.map(_hit, [40, 40]))
    assert allowed == 50  # check and record are one transaction: never over the limit
    assert limits.count("t", "shared", 60) == allowed


def _reserve(n):
    return sum(limits.reserve("t", "one-id", 5, 3600) is not None for _ in range(n))


def test_parallel_reservations_never_pass_the_limit():
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert sum(pool.map(_reserve, [10, 10, 10, 10])) == 5


def test_a_released_reservation_no_longer_counts():
    event = limits.reserve("t", "x", 1, 60)
    assert limits.reserve("t", "x", 1, 60) is None
    limits.release(event)
    assert limits.reserve("t", "x", 1, 60) is not None


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"), ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"), ("::ffff:203.0.113.7", "203.0.113.7"),
    (None, "unknown"), ("not an address", "unknown"),
])
def test_ipv6_clients_are_limited_by_their_slash_64(address, key):
    assert limits.address_key(address) == key


def test_limits_file_keeps_no_clear_text(settings):
    limits.record("t", "430821198001011234")
    data = limits._db_path().read_bytes() + b"".join(
        p.read_bytes() for p in limits._db_path().parent.glob("portal-limits.sqlite-wal"))
    assert b"430821198001011234" not in data
