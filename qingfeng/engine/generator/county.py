"""Geography of the demo county: a Cili-like county (code 430821).

Townships and 街道 carry 9-digit statistical codes, villages and communities
12-digit ones, grouped into 6 片区 as Cili's discipline inspection areas are.
Everything is derived from a fixed seed, so every run builds the same county.
"""

import random
from dataclasses import dataclass

COUNTY_CODE = "430821"
COUNTY_NAME = "慈利县"

# (code suffix, name): 0xx 街道, 1xx 镇, 2xx 乡, as statistical codes are laid out.
TOWNSHIPS = (
    ("001", "零阳街道"), ("101", "广福桥镇"), ("102", "东岳观镇"), ("103", "通津铺镇"),
    ("104", "杉木桥镇"), ("105", "象市镇"), ("106", "江垭镇"), ("107", "溪口镇"),
    ("108", "龙潭河镇"), ("109", "零溪镇"), ("110", "岩泊渡镇"), ("111", "苗市镇"),
    ("112", "二坊坪镇"), ("113", "景龙桥镇"), ("114", "阳和镇"), ("115", "高桥镇"),
    ("201", "许家坊土家族乡"), ("202", "三官寺土家族乡"), ("203", "金岩土家族乡"),
    ("204", "赵家岗土家族乡"), ("205", "甘堰土家族乡"), ("206", "高峰土家族乡"),
    ("207", "南山坪乡"), ("208", "宜冲桥乡"), ("209", "庄塌乡"),
)
AREA_NAMES = ("第一片区", "第二片区", "第三片区", "第四片区", "第五片区", "第六片区")

_FIRST = "青枫龙凤金银石竹桃杨柳梅松柏花云白黄红新太平长安高峰朝阳双溪马鹿"
_SECOND = "山林泉岩溪湾坪塔桥河冲岭坡田园溪口垭洞峪湖"


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    area_code: str


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    township_code: str


@dataclass(frozen=True)
class County:
    code: str
    name: str
    areas: tuple[Area, ...]
    townships: tuple[Township, ...]
    villages: tuple[Village, ...]


def demo_county(seed: int = 430821, county_code: str = COUNTY_CODE, name: str = COUNTY_NAME) -> County:
    rng = random.Random(seed)
    areas = tuple(Area(f"{county_code}P{i + 1}", area) for i, area in enumerate(AREA_NAMES))
    townships = tuple(
        Township(county_code + suffix, tname, areas[i * len(areas) // len(TOWNSHIPS)].code)
        for i, (suffix, tname) in enumerate(TOWNSHIPS)
    )
    villages: list[Village] = []
    for township in townships:
        used: set[str] = set()
        communities = 3 if township.code.endswith("001") else 1
        for n in range(communities + rng.randint(5, 11)):
            is_community = n < communities
            vname = _unique_name(rng, used) + ("社区" if is_community else "村")
            suffix = f"{n + 1:03d}" if is_community else f"{200 + n - communities + 1:03d}"
            villages.append(Village(township.code + suffix, vname, township.code))
    return County(county_code, name, areas, townships, tuple(villages))


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(_FIRST) + rng.choice(_SECOND)
        if name not in used:
            used.add(name)
            return name


# Prefecture-level prefixes of Hunan used to give extra demo counties their own codes.
_PREFECTURES = ("4308", "4301", "4302", "4303", "4304", "4305", "4306", "4307", "4309",
                "4310", "4311", "4312", "4313", "4331")


def county_codes(count: int) -> list[tuple[str, str]]:
    """``count`` distinct (code, name) pairs; the first is always the demo county (慈利县)."""
    codes = [(COUNTY_CODE, COUNTY_NAME)]
    for prefecture in _PREFECTURES:
        for n in range(21, 100):
            code = f"{prefecture}{n:02d}"
            if len(codes) >= count:
                return codes
            if code != COUNTY_CODE:
                codes.append((code, f"示范{len(codes):02d}县"))
    if len(codes) < count:
        raise ValueError(f"at most {len(codes)} demo counties")
    return codes
