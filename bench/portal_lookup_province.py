"""Province-size lookup read model: build synthetically, then single-client lookup latency.

    python -m bench.portal_lookup_province --persons 10000000 --payments 100000000 --home /tmp/province
    QINGFENG_HOME=/tmp/province QINGFENG_LOOKUP_PER_MINUTE=1000000 qingfeng serve --no-worker --port 8791 &
    python -m bench.portal_lookup_province --home /tmp/province --reuse --http http://127.0.0.1:8791

Writes straight into the read-model format (qingfeng.engine.publish.ReadModelWriter), as the
full pipeline would write it: 3 persons per household, payments spread over households,
each household's payments in (paid_on, seq) order. Then times ReadModel.find for random
persons (the same call POST /api/public/lookup makes), cold file cache not forced; with
--http, the same persons one request after another through POST /api/public/lookup.
The persons have valid ID numbers and the home's portal key, so the server finds them.
"""

import argparse
import http.client
import json
import random
import statistics
import time
from datetime import date
from pathlib import Path

from qingfeng.engine import publish
from qingfeng.engine.normalize import id_check_char

PROGRAMS = ["农村低保金", "特困供养金", "残疾人两项补贴", "城乡居民基础养老金", "耕地地力保护补贴", "危房改造补助"]
DEPARTMENTS = ["县民政局", "县残联", "县人社局", "县农业农村局", "县住建局"]


def person_id(n: int) -> str:
    """A valid, distinct ID number per person: 20,000 birth days x 1,000 sequence numbers."""
    born = publish.from_day_number(publish.day_number(date(1940, 1, 1)) + n % 20000)
    first17 = f"430821{born:%Y%m%d}{n // 20000 % 1000:03d}"
    return first17 + id_check_char(first17)


def build(directory: Path, key: bytes, persons: int, payments: int) -> tuple[Path, float]:
    began = time.perf_counter()
    writer = publish.ReadModelWriter(directory)
    programs = [writer.label(p) for p in PROGRAMS]
    departments = [writer.label(d) for d in DEPARTMENTS]
    periods = [writer.label(f"{y}-{m:02d}") for y in range(2016, 2020) for m in range(1, 13)]
    households = (persons + 2) // 3
    per_household, extra = divmod(payments, households)
    writer.households((u, "某某镇", "某某村", f"43{u % 10**10:010d}", 3) for u in range(1, households + 1))
    writer.persons((publish.person_key(key, person_id(n), "张小三"), str(n // 3 + 1)) for n in range(persons))

    def rows():
        seq = 0
        day0 = publish.day_number(publish.from_day_number(16800))  # 2015-12-30
        for unit in range(1, households + 1):
            count = per_household + (unit <= extra)
            for i in range(count):
                seq += 1
                on = day0 + i * 1461 // max(count, 1)
                yield (unit, on, seq, programs[i % 6], periods[i % 48], 35000 + i, "张*三", departments[i % 5], "****1234")

    writer.payments(rows())
    path = writer.commit({"as_of": "2019-12-31", "snapshots": {"synthetic": True}})
    return path, time.perf_counter() - began


def summary(times: list[float], payments: int) -> dict:
    times.sort()
    return {"p50_ms": round(statistics.median(times) * 1000, 3), "p95_ms": round(times[int(len(times) * .95)] * 1000, 3),
            "max_ms": round(times[-1] * 1000, 3), "payments_per_answer": payments}


def http_latency(url: str, persons: int, samples: int) -> dict:
    host, port = url.split("//")[1].rstrip("/").split(":")
    con = http.client.HTTPConnection(host, int(port))
    rng = random.Random(7)
    times = []
    for _ in range(samples):
        body = json.dumps({"name": "张小三", "id_number": person_id(rng.randrange(persons))})
        t = time.perf_counter()
        con.request("POST", "/api/public/lookup", body, {"Content-Type": "application/json"})
        answer = con.getresponse()
        data = answer.read()
        times.append(time.perf_counter() - t)
        assert answer.status == 200, (answer.status, data[:200])
    return summary(times, len(json.loads(data)["payments"]))


def latency(directory: Path, key: bytes, persons: int, samples: int) -> dict:
    from qingfeng.portal.lookup.store import ReadModel

    model = ReadModel(publish.current_path(directory))
    rng = random.Random(7)
    times = []
    for _ in range(samples):
        k = publish.person_key(key, person_id(rng.randrange(persons)), "张小三")
        t = time.perf_counter()
        found = model.find(k)
        times.append(time.perf_counter() - t)
        assert found is not None and found.payments
    return summary(times, len(found.payments))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000_000)
    parser.add_argument("--payments", type=int, default=100_000_000)
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--home", type=Path, default=Path("/tmp/qf-province"),
                        help="a QINGFENG_HOME: the read model goes to HOME/portal/lookup, keyed with HOME/portal_key")
    parser.add_argument("--reuse", action="store_true", help="time the existing read model only")
    parser.add_argument("--http", help="also time POST /api/public/lookup of `qingfeng serve` on this home, e.g. "
                                       "http://127.0.0.1:8791")
    args = parser.parse_args()
    directory, key = args.home / "portal" / "lookup", publish.load_key(args.home / "portal_key")
    if not args.reuse:
        path, seconds = build(directory, key, args.persons, args.payments)
        print(f"built {path} in {seconds:.0f} s, {path.stat().st_size / 2**30:.2f} GiB", flush=True)
    print("read model:", latency(directory, key, args.persons, args.samples), flush=True)
    if args.http:
        print("HTTP:", http_latency(args.http, args.persons, args.samples), flush=True)


if __name__ == "__main__":
    main()
