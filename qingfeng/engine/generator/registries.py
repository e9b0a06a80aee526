"""Background rows of the other registries (vehicles, properties, employees,
businesses, cadres, deaths) for one county, sampled from its population."""

import numpy as np
import pyarrow as pa

from .background import _dates
from .people import Population, join, lpad, rand_days

NAT = np.datetime64("NaT", "D")
CARS = ("小型轿车", "小型普通客车", "轻型普通货车", "中型普通客车", "重型半挂牵引车")
EXEMPT = ("普通二轮摩托车", "正三轮摩托车", "三轮汽车", "低速货车", "轮式拖拉机", "农用运输车")
COMPANY_WORDS = ("商贸", "建材", "农业开发", "旅游", "茶业", "物流", "酒店", "建筑劳务")
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _pick(rng, pool: np.ndarray, p: float) -> np.ndarray:
    return pool[rng.random(len(pool)) < p]


def _maybe_end(rng, start: np.ndarray, p_end: float, last: str = "2020-06-30") -> np.ndarray:
    ends = start + rng.integers(30, 3000, len(start)).astype("timedelta64[D]")
    ends = np.where(ends > np.datetime64(last), NAT, ends)
    return np.where(rng.random(len(start)) < p_end, ends, NAT)


def _who(pop: Population, people: np.ndarray) -> tuple[pa.Array, pa.Array]:
    idx = pa.array(people, pa.int64())
    return pop.name.take(idx), pop.id_number.take(idx)


def _groups(pop: Population):
    M, N = pop.n_members, len(pop.birth)
    return np.arange(M), np.arange(M, N)


def vehicles(pop: Population, rng) -> pa.Table:
    members, outsiders = _groups(pop)
    car_owners = np.r_[_pick(rng, outsiders, 0.35), _pick(rng, members, 0.003)]
    bike_owners = _pick(rng, members, 0.03)
    owners = np.r_[car_owners, bike_owners]
    kinds = np.r_[np.array(CARS)[rng.integers(0, len(CARS), len(car_owners))],
                  np.array(EXEMPT)[rng.integers(0, len(EXEMPT), len(bike_owners))]]
    registered = rand_days(rng, "2008-01-01", "2019-10-31", len(owners))
    name, id_number = _who(pop, owners)
    letters = np.array(list(PLATE_LETTERS))[rng.integers(0, len(PLATE_LETTERS), len(owners))]
    return pa.table({
        "plate": join(f"湘{'GABCDEFHJKLMNU'[pop.county_index % 14]}", pa.array(letters),
                      lpad(np.arange(len(owners)) % 100000, 5)),
        "vehicle_type": pa.array(kinds, pa.string()),
        "owner_name": name, "owner_id_number": id_number,
        "registered_on": _dates(registered),
        "deregistered_on": _dates(_maybe_end(rng, registered, 0.3)),
    })


def properties(pop: Population, rng) -> pa.Table:
    members, outsiders = _groups(pop)
    heads = pop.head
    groups = ((_pick(rng, outsiders, 0.5), "商品房"), (_pick(rng, heads, 0.6), "自建房"),
              (_pick(rng, heads, 0.05), "安置房"), (_pick(rng, members, 0.002), "商品房"))
    owners = np.concatenate([g for g, _ in groups])
    usage = np.concatenate([np.full(len(g), u) for g, u in groups])
    registered = rand_days(rng, "2005-01-01", "2019-10-31", len(owners))
    name, id_number = _who(pop, owners)
    return pa.table({
        "cert_no": join(f"湘({pop.county_index:03d})不动产权第", lpad(np.arange(len(owners)), 7), "号"),
        "owner_name": name, "owner_id_number": id_number,
        "address": pop.village_codes.take(pa.array(pop.village[owners])),
        "usage": pa.array(usage, pa.string()),
        "area_m2": pa.array(np.round(rng.uniform(40, 220, len(owners)), 2)),
        "registered_on": _dates(registered),
        "deregistered_on": _dates(_maybe_end(rng, registered, 0.1)),
    })


def employees(pop: Population, rng) -> pa.Table:
    members, outsiders = _groups(pop)
    people = np.r_[_pick(rng, outsiders, 0.2), _pick(rng, members, 0.002)]
    started = rand_days(rng, "2000-01-01", "2019-06-30", len(people))
    name, id_number = _who(pop, people)
    employers = np.array(["县民政局", "县教育局", "县人民医院", "乡镇人民政府", "县财政局", "县林业局"])
    return pa.table({
        "name": name, "id_number": id_number,
        "employer": pa.array(employers[rng.integers(0, len(employers), len(people))]),
        "started_on": _dates(started),
        "ended_on": _dates(_maybe_end(rng, started, 0.3)),
    })


def businesses(pop: Population, rng) -> pa.Table:
    members, outsiders = _groups(pop)
    groups = ((_pick(rng, outsiders, 0.05), "有限责任公司", "法定代表人"),
              (_pick(rng, outsiders, 0.03), "股份有限公司", "股东"),
              (_pick(rng, members, 0.005), "个体工商户", "法定代表人"),
              (_pick(rng, members, 0.003), "农民专业合作社", "股东"),
              (_pick(rng, members, 0.0005), "有限责任公司", "监事"),
              (_pick(rng, members, 0.0005), "有限责任公司", "股东"))
    people = np.concatenate([g for g, _, _ in groups])
    kinds = np.concatenate([np.full(len(g), k) for g, k, _ in groups])
    roles = np.concatenate([np.full(len(g), r) for g, _, r in groups])
    n = len(people)
    founded = rand_days(rng, "2005-01-01", "2019-10-31", n)
    name, id_number = _who(pop, people)
    words = np.array(COMPANY_WORDS)[rng.integers(0, len(COMPANY_WORDS), n)]
    suffix = np.where(kinds == "个体工商户", "店", np.where(kinds == "农民专业合作社", "专业合作社", "有限公司"))
    seq = lpad(np.arange(n), 6)
    return pa.table({
        "company": join(pop.county.name[:2], seq, pa.array(words), pa.array(suffix)),
        "uscc": join("91", pop.county.code, lpad(np.arange(n), 9), "X"),
        "entity_type": pa.array(kinds, pa.string()),
        "person_name": name, "person_id_number": id_number,
        "role": pa.array(roles, pa.string()),
        "capital": pa.array(np.round(rng.uniform(1, 500, n), 1)),
        "founded_on": _dates(founded),
        "dissolved_on": _dates(_maybe_end(rng, founded, 0.15)),
    })


def cadres(pop: Population, rng) -> pa.Table:
    """Two cadres per village (书记, 主任), each with two relatives; some relatives are
    roll members of the village, some have no ID (matched fuzzily)."""
    _, outsiders = _groups(pop)
    n_v = len(pop.village_codes)
    by_village = [outsiders[pop.village[outsiders] == v] for v in range(n_v)]
    member_by_village = [np.flatnonzero(pop.hh_village[pop.hh] == v) for v in range(n_v)]
    rows = {k: [] for k in ("person", "village", "position", "cadre", "relation", "term_from", "term_to", "with_id")}
    terms = (("2014-01-01", "2016-12-31"), ("2017-01-01", "2020-12-31"))
    for v in range(n_v):
        for position in ("党支部书记", "村委会主任"):
            if not len(by_village[v]):
                continue
            cadre = rng.choice(by_village[v])
            term = terms[rng.integers(0, 2)]
            relatives = [(cadre, "本人", True)]
            for relation in ("配偶", "子女"):
                pool = member_by_village[v] if rng.random() < 0.1 and len(member_by_village[v]) else by_village[v]
                relatives.append((rng.choice(pool), relation, rng.random() < 0.7))
            for person, relation, with_id in relatives:
                rows["person"].append(person); rows["village"].append(v)
                rows["position"].append(position if relation == "本人" else None)
                rows["cadre"].append(cadre); rows["relation"].append(relation)
                rows["term_from"].append(term[0]); rows["term_to"].append(term[1]); rows["with_id"].append(with_id)
    person = np.array(rows["person"], dtype=np.int64)
    name, id_number = _who(pop, person)
    with_id = pa.array(np.array(rows["with_id"], bool))
    return pa.table({
        "name": name,
        "id_number": pa.compute.if_else(with_id, id_number, pa.scalar(None, pa.string())),
        "birth_date": _dates(pop.birth[person]),
        "village_code": pop.village_codes.take(pa.array(rows["village"], pa.int64())),
        "position": pa.array(rows["position"], pa.string()),
        "cadre_id_number": pop.id_number.take(pa.array(rows["cadre"], pa.int64())),
        "relation": pa.array(rows["relation"], pa.string()),
        "term_from": _dates(np.array(rows["term_from"], dtype="datetime64[D]")),
        "term_to": _dates(np.array(rows["term_to"], dtype="datetime64[D]")),
    })


def deaths(pop: Population, rng) -> pa.Table:
    dead = np.flatnonzero(~np.isnat(pop.died))
    with_id = rng.random(len(dead)) < 0.7
    name, id_number = _who(pop, dead)
    sources = np.array(["火化信息", "户籍注销", "死亡医学证明"])
    return pa.table({
        "name": name,
        "id_number": pa.compute.if_else(pa.array(with_id), id_number, pa.scalar(None, pa.string())),
        "sex": pa.array(np.where(pop.male[dead], "男", "女")),
        "birth_date": _dates(pop.birth[dead]),
        "died_on": _dates(pop.died[dead]),
        "village_code": pop.village_codes.take(pa.array(pop.village[dead])),
        "source": pa.array(sources[rng.integers(0, 3, len(dead))]),
    })
