"""Planted cases of every rule R01–R13 and the near misses that must not fire.

Each case records what it expects (PlantBook.expect); the answer key is computed
independently (answer_key.py) and a test checks that both agree.
"""

import datetime as dt

from .county import County
from .plantbook import PlantBook

D = dt.date
CAR = dict(plate="湘G•00001", vehicle_type="小型轿车")


def plant(county: County) -> PlantBook:
    book = PlantBook(county)
    for section in (_assets, _deaths, _payroll_and_business, _cadres, _payments, _accounts, _roll):
        section(book)
    return book


def _member(book, name, birth, male=True, village=3, **household):
    person = book.person(name, birth, male, village)
    book.household((person, "户主"), **household)
    return person


def _assets(book: PlantBook) -> None:
    n = 0

    def vehicle(person, kind, start, end=None):
        nonlocal n
        n += 1
        book.add("vehicles", plate=f"湘G9{n:04d}", vehicle_type=kind, owner_name=person.name,
                 owner_id_number=person.id_number, registered_on=start, deregistered_on=end)

    p = _member(book, "曾凡军", D(1970, 3, 4))
    vehicle(p, "小型轿车", D(2016, 5, 1))
    book.expect("R01", p.id_number, True, "car bought while enrolled")
    for kind in ("普通二轮摩托车", "三轮汽车", "低速货车", "手扶拖拉机", "农用运输车"):
        q = _member(book, "单国强", D(1966, 1, 2 + n))
        vehicle(q, kind, D(2016, 1, 1))
        book.expect("R01", q.id_number, False, f"exempt vehicle type {kind}")
    q = _member(book, "解永福", D(1958, 8, 8), enrolled=D(2015, 3, 1))
    vehicle(q, "小型轿车", D(2010, 1, 1), D(2015, 3, 1))
    book.expect("R01", q.id_number, False, "car deregistered on the enrolment day")
    q = _member(book, "区海波", D(1975, 2, 2))
    book.rows["roll"][-1]["removed_on"] = D(2018, 6, 1)
    vehicle(q, "小型普通客车", D(2018, 6, 1))
    book.expect("R01", q.id_number, False, "car registered on the removal day")
    q = _member(book, "仇建华", D(1977, 7, 7))
    book.rows["roll"][-1]["removed_on"] = D(2018, 6, 1)
    vehicle(q, "小型普通客车", D(2018, 5, 31))
    book.expect("R01", q.id_number, True, "car registered the day before removal")

    for usage, fires in (("商品房", True), ("安置房", False), ("自建房", False)):
        q = _member(book, "谭秀英", D(1969, 4, 1 + len(usage) + (3 if fires else 0) + (usage == "自建房")), male=False)
        book.add("properties", cert_no=f"湘(2018)慈利县不动产权第9{len(book.rows['properties']):06d}号",
                 owner_name=q.name, owner_id_number=q.id_number, address="慈利县零阳街道", usage=usage,
                 area_m2=96.5, registered_on=D(2017, 9, 1), deregistered_on=None)
        book.expect("R02", q.id_number, fires, f"property usage {usage}")
    q = _member(book, "谭秀英", D(1969, 5, 5), male=False, enrolled=D(2016, 1, 1))
    book.add("properties", cert_no="湘(2014)慈利县不动产权第9999999号", owner_name=q.name,
             owner_id_number=q.id_number, address="慈利县零阳街道", usage="商品房", area_m2=88.0,
             registered_on=D(2012, 1, 1), deregistered_on=D(2015, 12, 31))
    book.expect("R02", q.id_number, False, "commercial flat sold before enrolment")


def _deaths(book: PlantBook) -> None:
    def death(name, birth, died, id_number=None, village=None, source="火化信息"):
        book.add("deaths", name=name, id_number=id_number, sex="女", birth_date=birth, died_on=died,
                 village_code=village, source=source)

    p = _member(book, "曾静", D(1950, 6, 15), male=False)
    death("曾静", p.birth, D(2018, 5, 10), p.id_number, p.village)
    death("曾静", p.birth, D(2018, 5, 10), p.id_number, None, source="户籍注销")
    book.expect("R03", book.pay(p, "残疾人两项补贴", D(2018, 5, 1), D(2018, 5, 20), 80), False, "month of death")
    book.expect("R03", book.pay(p, "残疾人两项补贴", D(2018, 6, 1), D(2018, 6, 20), 80), True, "paid after death (two death rows)")
    q = _member(book, "单丽华", D(1948, 9, 9), male=False, village=5)
    death("单莉华", q.birth, D(2018, 7, 31), None, q.village)
    book.expect("R03", book.pay(q, "残疾人两项补贴", D(2018, 8, 1), D(2018, 8, 18), 90), True,
                "fuzzy death: homophone name, same birth date and village, no ID")
    book.expect("R03", book.pay(q, "城乡居民基础养老金", D(2018, 7, 1), D(2018, 7, 18), 103), False,
                "fuzzy death, month of death")
    r = _member(book, "黄桂英", D(1944, 1, 20), male=False)
    death("黄桂英", r.birth, D(2018, 8, 1), r.id_number, r.village)
    book.expect("R03", book.pay(r, "城乡居民基础养老金", D(2018, 8, 1), D(2018, 8, 16), 103), False,
                "died on the first day of the period")
    book.expect("R03", book.pay(r, "城乡居民基础养老金", "2018Q4", D(2018, 10, 16), 103), True,
                "paid for a quarter starting after death")
    s = _member(book, "李秀兰", D(1946, 2, 2), male=False, village=3)
    death("李秀兰", s.birth, D(2018, 3, 3), None, book.village(4))
    book.expect("R03", book.pay(s, "城乡居民基础养老金", D(2018, 9, 1), D(2018, 9, 16), 103), False,
                "namesake died in another village")
    t = _member(book, "王秀兰", D(1947, 2, 2), male=False)
    death("王秀兰", D(1947, 2, 3), D(2018, 3, 3), None, t.village)
    book.expect("R03", book.pay(t, "城乡居民基础养老金", D(2018, 9, 1), D(2018, 9, 16), 103), False,
                "namesake with another birth date")
    u = _member(book, "张玉梅", D(1949, 12, 1), male=False)
    other = book.person("张玉梅", D(1949, 12, 1), False, 3)
    death("张玉梅", u.birth, D(2018, 3, 3), other.id_number, u.village)
    book.expect("R03", book.pay(u, "城乡居民基础养老金", D(2018, 9, 1), D(2018, 9, 16), 103), False,
                "same name, birth and village but the death row has another valid ID")
    v = _member(book, "刘淑珍", D(1945, 10, 10), male=False)
    broken = v.id_number[:17] + ("0" if v.id_number[17] != "0" else "1")
    death("刘淑珍", v.birth, D(2018, 4, 4), broken, v.village)
    book.expect("R03", book.pay(v, "城乡居民基础养老金", D(2018, 9, 1), D(2018, 9, 16), 103), True,
                "death row with an invalid ID still matches fuzzily")


def _payroll_and_business(book: PlantBook) -> None:
    for started, ended, fires, note in ((D(2012, 1, 1), None, True, "on the payroll while enrolled"),
                                        (D(2010, 1, 1), D(2015, 1, 1), False, "left the payroll on the enrolment day")):
        p = _member(book, "周文斌", D(1980, 1, 1 + len(book.expectations) % 27))
        book.add("employees", name=p.name, id_number=p.id_number, employer="县农业农村局", started_on=started,
                 ended_on=ended)
        book.expect("R04", p.id_number, fires, note)
    cases = (("有限责任公司", "法定代表人", None, True), ("股份有限公司", "股东", None, True),
             ("个体工商户", "法定代表人", None, False), ("农民专业合作社", "股东", None, False),
             ("有限责任公司", "监事", None, False), ("有限责任公司", "股东", D(2014, 6, 30), False))
    for n, (kind, role, dissolved, fires) in enumerate(cases):
        p = _member(book, "邓志刚", D(1975, 3, 1 + n))
        book.add("businesses", company=f"慈利县青枫{n}号{kind}", uscc=f"9143082100000{n:04d}X", entity_type=kind,
                 person_name=p.name, person_id_number=p.id_number, role=role, capital=50.0,
                 founded_on=D(2013, 1, 1), dissolved_on=dissolved)
        book.expect("R05", p.id_number, fires, f"{role} of {kind}" + (" dissolved before enrolment" if dissolved else ""))


def _cadres(book: PlantBook) -> None:
    term = (D(2017, 1, 1), D(2020, 12, 31))
    cadre = book.person("覃德胜", D(1968, 11, 11), True, 6)

    def row(person_name, birth, id_number, relation, village=6, position=None, term=term, cadre_id=None):
        book.add("cadres", name=person_name, id_number=id_number, birth_date=birth, village_code=book.village(village),
                 position=position, cadre_id_number=cadre_id or cadre.id_number, relation=relation,
                 term_from=term[0], term_to=term[1])

    book.household((cadre, "户主", D(2017, 3, 1)))
    row(cadre.name, cadre.birth, cadre.id_number, "本人", position="村委会主任")
    book.expect("R06", cadre.id_number, True, "cadre enrolled during own term")
    wife = book.person("曾丽", D(1970, 2, 2), False, 6)
    book.household((wife, "户主", D(2017, 5, 5)))
    row("曾丽", wife.birth, wife.id_number, "配偶")
    book.expect("R06", wife.id_number, True, "spouse with ID enrolled during term")
    son = book.person("覃明", D(1992, 4, 4), True, 6)
    book.household((son, "户主", D(2020, 12, 31)))
    row("覃鸣", son.birth, None, "子女")
    book.expect("R06", son.id_number, True, "son without ID (homophone), enrolled on the last day of the term")
    mother = book.person("解秀英", D(1945, 5, 5), False, 6)
    book.household((mother, "户主", D(2016, 12, 31)))
    row("解秀英", mother.birth, mother.id_number, "父母")
    book.expect("R06", mother.id_number, False, "mother enrolled the day before the term began")
    brother = book.person("覃德明", D(1971, 7, 7), True, 7)
    book.household((brother, "户主", D(2018, 1, 1)))
    row("覃德明", brother.birth, brother.id_number, "兄弟姐妹")
    book.expect("R06", brother.id_number, False, "brother enrolled in another village")
    niece = book.person("覃小红", D(1999, 9, 9), False, 6)
    book.household((niece, "户主", D(2018, 1, 1)))
    row("覃小红", D(1999, 9, 10), None, "其他")
    book.expect("R06", niece.id_number, False, "namesake relative with another birth date")
    late = book.person("仇海燕", D(1990, 1, 1), False, 6)
    book.household((late, "户主", D(2021, 1, 1)))
    row("仇海燕", late.birth, late.id_number, "儿媳")
    book.expect("R06", late.id_number, False, "enrolled the day after the term ended")
    boss = book.person("区志强", D(1972, 2, 2), True, 8)
    book.household((boss, "户主", D(2019, 6, 1)))
    row(boss.name, boss.birth, boss.id_number, "本人", village=8, position="党支部书记",
        term=(D(2018, 1, 1), None), cadre_id=boss.id_number)
    book.expect("R06", boss.id_number, True, "cadre with an open-ended term")


def _payments(book: PlantBook) -> None:
    p = _member(book, "杨春梅", D(1960, 3, 3), male=False)
    a = book.pay(p, "残疾人两项补贴", "2018-03", D(2018, 3, 15), 80)
    b = book.pay(p, "残疾人两项补贴", "2018-03", D(2018, 3, 28), 80)
    for pid in (a, b):
        book.expect("R07", pid, True, "same person, program and month twice")
    book.expect("R07", book.pay(p, "残疾人两项补贴", "2018-04", D(2018, 4, 15), 80), False, "next month")
    head, wife = book.person("蒋国庆", D(1966, 10, 1), True), book.person("彭翠兰", D(1968, 1, 8), False)
    book.household((head, "户主"), (wife, "配偶"))
    wife.account = head.account
    x = book.pay(head, "农村低保金", "2019-04", D(2019, 4, 15), 500)
    y = book.pay(wife, "农村低保金", "2019-04", D(2019, 4, 16), 500, account_name=head.name)
    for pid in (x, y):
        book.expect("R07", pid, True, "two members of one household, household program, same month")
    book.expect("R11", y, False, "account held by the household head")
    book.expect("R07", book.pay(head, "特困人员供养金", "2019-04", D(2019, 4, 15), 800), False, "person program, head")
    book.expect("R07", book.pay(wife, "特困人员供养金", "2019-04", D(2019, 4, 15), 800), False, "person program, spouse")
    kid = _member(book, "蒋雨涵", D(2001, 5, 5), male=False)
    for year in (2018, 2019):
        pid = book.pay(kid, "雨露计划助学", D(year, 9, 1), D(year, 9, 20), 3000)
        book.expect("R07", pid, True, "one-time grant paid twice")

    q = _member(book, "彭德华", D(1962, 6, 6))
    for period, paid, amount, fires, note in (
            ("2018-12", D(2018, 12, 20), 650, True, "over the old standard"),
            ("2018-11", D(2019, 1, 5), 650, False, "paid under the new standard (paid_on decides)"),
            ("2019-03", D(2019, 3, 15), 700, False, "exactly the standard"),
            ("2019-04", D(2019, 4, 15), 700.01, True, "one fen over")):
        book.expect("R08", book.pay(q, "农村低保金", period, paid, amount), fires, note)
    book.expect("R08", book.pay(q, "危房改造补助", "2018-02", D(2018, 2, 20), 25000), False,
                "no standard valid on paid_on: R08 not evaluated")

    r = book.person("孙桂芳", D(1950, 7, 7), False)
    book.household((r, "户主", D(2017, 6, 1), D(2019, 5, 1)))
    for paid, fires, note in ((D(2019, 5, 1), True, "paid on the removal day"),
                              (D(2019, 4, 30), False, "paid the day before removal"),
                              (D(2017, 5, 31), True, "paid the day before enrolment"),
                              (D(2017, 6, 1), False, "paid on the enrolment day")):
        pid = book.pay(r, "特困人员供养金", D(paid.year, paid.month, 1), paid, 800)
        book.expect("R09", pid, fires, note)
    stranger = book.person("钱多多", D(1985, 8, 8), True)
    stranger.household_id = ""
    book.expect("R09", book.pay(stranger, "特困人员供养金", "2018-08", D(2018, 8, 15), 800), True, "never on the roll")
    book.expect("R09", book.pay(stranger, "残疾人两项补贴", "2018-08", D(2018, 8, 15), 80), False,
                "program does not require the roll")
    for name, bad in (("吴某甲", "43082119850808123"), ("郑某乙", "4.30821E+17")):
        ghost = book.person(name, D(1985, 8, 9), True)
        ghost.household_id = ""
        pid = book.pay(ghost, "特困人员供养金", "2018-09", D(2018, 9, 15), 800, id_number=bad)
        book.expect("R09", pid, True, "recipient with an invalid ID is never enrolled")
        book.expect("R07", pid, False, "two different people without valid IDs")


def _accounts(book: PlantBook) -> None:
    a1, a2 = book.person("胡建国", D(1963, 3, 3), True), book.person("胡小军", D(1990, 3, 3), True)
    book.household((a1, "户主"), (a2, "之子"))
    b1 = _member(book, "马玉兰", D(1964, 4, 4), male=False)
    shared = a1.account
    for person in (a1, a2, b1):
        book.pay(person, "残疾人两项补贴", "2019-02", D(2019, 2, 15), 80, account=shared, account_name=a1.name)
    book.expect("R10", shared, True, "3 recipients from 2 households on one card")
    book.expect("R11", book.rows["payments"][-1]["payment_id"], True, "card of a man from another household")
    c = [book.person(n, D(1970 + i, 1, 1), i % 2 == 0) for i, n in enumerate(("高大山", "李翠花", "高小虎", "高小凤"))]
    book.household((c[0], "户主"), (c[1], "配偶"), (c[2], "之子"), (c[3], "之女"))
    for person in c:
        book.pay(person, "残疾人两项补贴", "2019-02", D(2019, 2, 15), 80, account=c[0].account, account_name=c[0].name)
    book.expect("R10", c[0].account, False, "4 recipients of one household share the head's card")
    d1, d2 = _member(book, "陆文亮", D(1971, 1, 1)), _member(book, "陆文明", D(1972, 1, 1))
    for person in (d1, d2):
        book.pay(person, "残疾人两项补贴", "2019-02", D(2019, 2, 15), 80, account=d1.account, account_name=d1.name)
    book.expect("R10", d1.account, False, "only 2 recipients")
    e = _member(book, "沈静", D(1973, 5, 6), male=False)
    book.expect("R11", book.pay(e, "残疾人两项补贴", "2019-03", D(2019, 3, 15), 80, account_name="沈静"), False,
                "account holder is the recipient (name written 沈靜 in the file)")


def _roll(book: PlantBook) -> None:
    for n, bad in enumerate(("", "430821198001011235", "430821198002301234", "4.30821E+17", "43082119800101123",
                             "430821203001011234")):
        person = book.person(f"戴{'一二三四五六'[n]}", D(1980, 1, 1), True)
        hid = book.household((person, "户主"))
        book.rows["roll"][-1]["id_number"] = bad
        book.expect("R12", (hid, person.name), True, f"invalid roll ID {bad!r}")
    p = book.person("龚长青", D(1961, 1, 1), True)
    book.household((p, "户主", D(2015, 1, 1)))
    book.household((p, "之父", D(2017, 6, 1)), village=4)
    book.expect("R13", p.id_number, True, "enrolled in two households at once")
    q = book.person("龚长生", D(1962, 1, 1), True)
    book.household((q, "户主", D(2015, 1, 1), D(2018, 3, 1)))
    book.household((q, "其他", D(2018, 3, 1)))
    book.expect("R13", q.id_number, False, "moved household: removed and enrolled the same day")
    r = book.person("龚长发", D(1963, 1, 1), True)
    hid = book.household((r, "户主", D(2015, 1, 1)))
    book.enrol(r, hid, "户主", D(2016, 1, 1))
    book.expect("R13", r.id_number, False, "listed twice in the same household")
    s = book.person("龚长贵", D(1964, 1, 1), True)
    book.household((s, "户主", D(2015, 1, 1), D(2016, 1, 2)))
    book.household((s, "其他", D(2016, 1, 1)))
    book.expect("R13", s.id_number, True, "one day of overlap")
