"""Background village finance (crosscheck.md §5): each village's books and the
statements of its collective account.

Every entry has its statement line (a transfer, or for cash the withdrawal or deposit
of the same amount) a few days either side, so background statements are matched,
except a few bank charges nobody booked (accidental R14 hits, which the answer key
counts). Amounts are whole yuan: planted cases use fen, so no background entry can
match a planted statement by accident.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .people import join, lpad, rand_days

ORGANISATIONS = ("慈利县青枫建材有限公司", "国网慈利县供电公司", "慈利县农村信用合作联社", "村民小组", "慈利县自来水公司",
                 "慈利县交通建设有限公司", "慈利县百货商店", "慈利县绿野农业开发有限公司", "慈利县印刷厂",
                 "慈利县乡村道路养护站", "慈利县财政局", "慈利县农业农村局")
EXPENSE_TITLES = ("公益支出", "管理费用-办公费", "管理费用-干部报酬", "经营支出", "其他支出", "管理费用-误工补贴")
INCOME_TITLES = ("经营收入", "补助收入", "发包及上交收入", "投资收益", "其他收入")
START, END = "2018-01-01", "2020-12-31"
FEE_SHARE = 0.002  # statement lines that are bank charges, not booked


def _choose(rng, pool, n) -> pa.Array:
    return pa.array(list(pool), pa.string()).take(pa.array(rng.integers(0, len(pool), n)))


def village_tables(village_codes: pa.Array, rng: np.random.Generator, entries_per_village: int,
                   people: tuple[pa.Array, pa.Array, np.ndarray] | None = None) -> tuple[pa.Table, pa.Table]:
    """(village_books, village_bank) for every village of ``village_codes``.

    ``people``: (names, valid IDs, village index per person) to draw personal
    counterparties from (cadres among them, so R18 may fire by accident)."""
    V, E = len(village_codes), entries_per_village
    N = V * E
    vil = np.repeat(np.arange(V), E)
    seq = np.tile(np.arange(E), V)
    booked = rand_days(rng, START, END, N)
    income = rng.random(N) < 0.3
    amount = np.clip(np.round(np.exp(rng.normal(6.4, 1.1, N))), 10, 300_000).astype(float)
    r = rng.random(N)
    cash = np.where(income, r < 0.07, (r < 0.12) & (amount <= 1000) | (r < 0.01))
    other = ~cash & (rng.random(N) < 0.03)
    method = np.where(cash, "现金", np.where(other, "其他", "转账"))
    large = amount >= 5000
    reviewed_p = np.where(large, 0.97, 0.85)
    u = rng.random(N)
    reviewed = pa.array(np.where(u < reviewed_p, True, False), pa.bool_())
    reviewed = pc.if_else(pa.array(u > 0.985), pa.scalar(None, pa.bool_()), reviewed)  # left empty

    codes = village_codes.take(pa.array(vil))
    counterparty = _choose(rng, ORGANISATIONS, N)
    counterparty_id = pa.nulls(N, pa.string())
    if people is not None:
        names, ids, person_village = people
        order = np.argsort(person_village, kind="stable")
        starts = np.searchsorted(person_village[order], np.arange(V))
        counts = np.searchsorted(person_village[order], np.arange(V), side="right") - starts
        personal = (rng.random(N) < 0.2) & (counts[vil] > 0)
        pick = order[np.minimum(starts[vil] + (rng.random(N) * np.maximum(counts[vil], 1)).astype(np.int64),
                                len(order) - 1)]
        idx = pa.array(np.where(personal, pick, 0))
        mask = pa.array(personal)
        counterparty = pc.if_else(mask, names.take(idx), counterparty)
        with_id = pa.array(personal & (rng.random(N) < 0.9))
        counterparty_id = pc.if_else(with_id, ids.take(idx), counterparty_id)
    title = pc.if_else(pa.array(income), _choose(rng, INCOME_TITLES, N), _choose(rng, EXPENSE_TITLES, N))
    direction = pa.array(np.where(income, "收入", "支出"))
    dates = pa.array(booked.astype("datetime64[D]"), pa.date32())
    books = pa.table({
        "voucher_no": join("记-", lpad(seq + 1, 5)),  # the same numbers in every village: unique within one
        "village_code": codes,
        "booked_on": dates,
        "direction": direction,
        "account_title": title,
        "memo": pc.if_else(pa.array(income), pa.scalar("收款"), pa.scalar("付款")),
        "amount": pa.array(amount),
        "counterparty": counterparty,
        "counterparty_id": counterparty_id,
        "method": pa.array(method),
        "reviewed": reviewed,
    })
    offset = rng.integers(-10, 11, N).astype("timedelta64[D]")
    fees = rng.random(N) < FEE_SHARE
    txn_on = np.where(fees, booked + rng.integers(0, 30, N).astype("timedelta64[D]"), booked + offset)
    bank = pa.table({
        "txn_id": join(codes, pa.scalar("B"), lpad(seq + 1, 6)),
        "village_code": codes,
        "txn_on": pa.array(txn_on.astype("datetime64[D]"), pa.date32()),
        "direction": pc.if_else(pa.array(fees), pa.scalar("支出"), direction),
        "amount": pa.array(np.where(fees, 3.0, amount)),
        "counterparty": pc.if_else(pa.array(fees), pa.scalar("慈利县农村信用合作联社"),
                                   pc.if_else(pa.array(cash), pa.scalar("现金"), counterparty)),
        "counterparty_account": join("6230", lpad(rng.integers(0, 10**9, N), 12)),
        "memo": pc.if_else(pa.array(fees), pa.scalar("手续费"),
                           pc.if_else(pa.array(cash), pa.scalar("取现/存现"), pa.scalar("转账"))),
    })
    return books, bank
