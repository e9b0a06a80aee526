"""Planted cases of every rule R01–R18 and the near misses that must not fire.

Each case records what it expects (PlantBook.expect); the answer key is computed
independently (answer_key.py) and a test checks that both agree.
"""

import datetime as dt

from qingfeng.engine.normalize import uscc_check_char

from .county import County
from .plantbook import PlantBook

D = dt.date
CAR = dict(plate="湘G•00001", vehicle_type="小型轿车")


def plant(county: County) -> PlantBook:
    book = PlantBook(county)
    for section in (_assets, _deaths, _payroll_and_business, _cadres, _payments, _accounts, _roll,
                    _village_bank, _village_books, _village_cadres):
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


# -- village finance (R14–R18). Amounts carry fen: background amounts are whole yuan.

def _entry(book, village: int, voucher: str, booked, amount, direction="支出", method="转账", reviewed=True,
           counterparty="青枫施工队", counterparty_id=None, title="公益支出") -> str:
    code = book.village(village)
    book.add("village_books", voucher_no=voucher, village_code=code, booked_on=booked, direction=direction,
             account_title=title, memo="计划内", amount=float(amount), counterparty=counterparty,
             counterparty_id=counterparty_id, method=method, reviewed=reviewed)
    return f"{code}/{voucher}"


def _line(book, village: int, txn: str, on, amount, direction="支出", counterparty="青枫施工队") -> str:
    book.add("village_bank", txn_id=txn, village_code=book.village(village), txn_on=on, direction=direction,
             amount=float(amount), counterparty=counterparty, counterparty_account="6230999900001111", memo="转账")
    return txn


def _village_bank(book: PlantBook) -> None:
    on = D(2019, 5, 1)
    cases = ((3456.78, D(2019, 5, 31), "支出", False, "entry booked 30 days after the statement"),
             (4321.09, D(2019, 4, 1), "支出", False, "entry booked 30 days before the statement"),
             (2345.67, D(2019, 6, 1), "支出", True, "entry booked 31 days after the statement"),
             (1234.56, on, "收入", True, "same amount and day, but booked as income"),
             (987.65, on, "支出", False, "booked the same day"))
    for n, (amount, booked, booked_direction, fires, note) in enumerate(cases):
        txn = _line(book, 9, f"ZB9{n:03d}", on, amount, counterparty=f"青枫工程队{n}")
        _entry(book, 9, f"特-9{n:03d}", booked, amount, direction=booked_direction, counterparty=f"青枫工程队{n}")
        book.expect("R14", txn, fires, note)
    book.expect("R14", _line(book, 9, "ZB9100", on, 555.55, "收入", "无名氏"), True, "income nobody booked")


def _village_books(book: PlantBook) -> None:
    for n, (amount, reviewed, fires, note) in enumerate((
            (5000.00, False, True, "exactly 5,000, not reviewed"), (4999.99, False, False, "4,999.99, not reviewed"),
            (8000.00, True, False, "large and reviewed"), (8000.01, None, True, "large, review left empty"))):
        key = _entry(book, 10, f"特-10{n:02d}", D(2019, 3, 1 + n), amount, reviewed=reviewed,
                     counterparty=f"青枫修缮队{n}")
        book.expect("R15", key, fires, note)
    for n, (amount, method, fires, note) in enumerate((
            (1000.00, "现金", False, "cash exactly 1,000"), (1000.01, "现金", True, "cash 1,000.01"),
            (3000.00, "转账", False, "3,000 by transfer"))):
        key = _entry(book, 10, f"特-11{n:02d}", D(2019, 4, 1 + n), amount, method=method,
                     counterparty=f"青枫保洁员{n}")
        book.expect("R16", key, fires, note)
    for name, parts, fires, note in (
            ("石门劳务队", ((D(2019, 7, 1), 2500.10, False), (D(2019, 7, 31), 2600.20, False)), True,
             "two parts in one month reach 5,000"),
            ("溪口运输队", ((D(2019, 7, 31), 2500.10, False), (D(2019, 8, 1), 2600.20, False)), False,
             "split across two months"),
            ("龙潭装修队", ((D(2019, 7, 2), 2500.10, False), (D(2019, 7, 3), 2600.20, True)), False,
             "one part reviewed: not counted, the other alone")):
        for n, (booked, amount, reviewed) in enumerate(parts):
            key = _entry(book, 11, f"特-{name[:2]}{n}", booked, amount, reviewed=reviewed, counterparty=name)
            book.expect("R17", key, fires and not reviewed, note)


def _village_cadres(book: PlantBook) -> None:
    """R18 in village 12: a cadre, his brother-in-law, the brother-in-law's companies."""
    term = (D(2018, 1, 1), D(2020, 12, 31))
    cadre = book.person("向国华", D(1966, 6, 6), True, 12)
    kin = book.person("谢建军", D(1970, 7, 7), True, 12)
    other = book.person("卓立新", D(1968, 8, 8), True, 13)
    for person, relation, village, cadre_of in ((cadre, "本人", 12, cadre), (kin, "兄弟姐妹", 12, cadre),
                                                (other, "本人", 13, other)):
        book.add("cadres", name=person.name, id_number=person.id_number, birth_date=person.birth,
                 village_code=book.village(village), position="村委会主任" if relation == "本人" else None,
                 cadre_id_number=cadre_of.id_number, relation=relation, term_from=term[0], term_to=term[1])
    companies = {}
    for n, (role, dissolved) in enumerate((("股东", None), ("法定代表人", D(2019, 1, 1)))):
        body = f"91430821MA4L{n:05d}"
        companies[n] = body + uscc_check_char(body)
        book.add("businesses", company=f"慈利县谢氏{n}号建材有限公司", uscc=companies[n], entity_type="有限责任公司",
                 person_name=kin.name, person_id_number=kin.id_number, role=role, capital=30.0,
                 founded_on=D(2016, 1, 1), dissolved_on=dissolved)
    for n, (who, booked, title, fires, note) in enumerate((
            (cadre, D(2019, 5, 5), "公益支出", True, "paid to the cadre during his term"),
            (cadre, D(2019, 5, 6), "管理费用-干部报酬", False, "the cadre's own pay (pay titles exempt)"),
            (kin, D(2020, 12, 31), "公益支出", True, "paid to a relative on the last day of the term"),
            (kin, D(2017, 12, 31), "公益支出", False, "paid to a relative before the cadre's term"),
            (other, D(2019, 5, 5), "公益支出", False, "another village's cadre"))):
        key = _entry(book, 12, f"特-12{n:02d}", booked, 800.50 + n, counterparty=who.name, counterparty_id=who.id_number,
                     title=title)
        book.expect("R18", key, fires, note)
    for n, (company, fires, note) in enumerate(((0, True, "company where the relative is 股东"),
                                                (1, False, "the relative's company dissolved before the booking"))):
        key = _entry(book, 12, f"特-13{n:02d}", D(2019, 6, 1), 900.50 + n, counterparty=f"慈利县谢氏{company}号建材有限公司",
                     counterparty_id=companies[company])
        book.expect("R18", key, fires, note)
