"""Shared fixtures: a small county and one named persona per role.

County 慈利县 430821 has two 片区: P1 with 广福桥镇 (T1) and 东岳观镇 (T2), P2 with
江垭镇 (T3). Alice is T1's township officer and Bob is T2's: Bob must never see
Alice's things. Carol leads 片区 P1 and Dave handles cases there; Ivan leads P2.
Erin is the intake officer (信访室), Frank the leadership, Gina the 民政 liaison,
Hank sits on the supervision committee of T1's first village.
"""

from types import SimpleNamespace

import pytest

from qingfeng.accounts.models import Role

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.REQUIRE_2FA = False
    # Password hashing is deliberately slow; these tests are not about its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # LocaleMiddleware leaves a request's language active in the thread: an English
    # page in one test must not turn the next test's messages English.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    from qingfeng.accounts.models import User
    from qingfeng.places.models import Department, Household, Jurisdiction, Member

    L = Jurisdiction.Level

    def place(code, name, level, parent=None):
        return Jurisdiction.objects.create(code=code, name=name, level=level, parent=parent)

    w = SimpleNamespace()
    w.county = place("430821", "慈利县", L.COUNTY)
    w.p1 = place("430821P1", "第一片区", L.AREA, w.county)
    w.p2 = place("430821P2", "第二片区", L.AREA, w.county)
    w.t1 = place("430821101", "广福桥镇", L.TOWNSHIP, w.p1)
    w.t2 = place("430821102", "东岳观镇", L.TOWNSHIP, w.p1)
    w.t3 = place("430821106", "江垭镇", L.TOWNSHIP, w.p2)
    w.v1 = place("430821101201", "青山村", L.VILLAGE, w.t1)
    w.v1b = place("430821101202", "枫林村", L.VILLAGE, w.t1)
    w.v2 = place("430821102201", "龙泉村", L.VILLAGE, w.t2)
    w.v3 = place("430821106201", "石门村", L.VILLAGE, w.t3)
    w.mz = Department.objects.create(code="mz", name="县民政局")
    w.cz = Department.objects.create(code="cz", name="县财政局")

    def user(username, role, jurisdiction, department=None):
        u = User(username=username, full_name=username.title(), role=role, jurisdiction=jurisdiction, department=department)
        u.set_password(PASSWORD)
        u.save()
        return u

    w.alice = user("alice", Role.TOWNSHIP, w.t1)
    w.bob = user("bob", Role.TOWNSHIP, w.t2)
    w.carol = user("carol", Role.AREA_LEADER, w.p1)
    w.dave = user("dave", Role.CASE_HANDLER, w.p1)
    w.ivan = user("ivan", Role.AREA_LEADER, w.p2)
    w.erin = user("erin", Role.INTAKE, w.county)
    w.frank = user("frank", Role.LEADERSHIP, w.county)
    w.gina = user("gina", Role.DEPARTMENT, w.county, w.mz)
    w.hank = user("hank", Role.VILLAGE, w.v1)
    w.admin = user("root", Role.ADMIN, w.county)

    def household(no, village, head):
        h = Household.objects.create(household_no=no, village=village, head_name=head)
        Member.objects.create(household=h, name=head, relation="户主", id_number="430821198001010012")
        return h

    w.h1 = household("H-T1-001", w.v1, "张三")
    w.h2 = household("H-T2-001", w.v2, "李四")
    w.h3 = household("H-T3-001", w.v3, "王五")
    return w


@pytest.fixture
def login(client):
    """login(user) -> a Django test client logged in as `user` (2FA off by default)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def _live_server_sessions_ended(django_db_setup, django_db_blocker):
    """Set up before the live server, so torn down after it: its thread can leave a
    PostgreSQL session open (pytest-django #429), and the test database cannot be
    dropped while one is."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
def page(_live_server_sessions_ended, live_server, transactional_db):
    """A headless Debian Chromium page (Playwright), for tests marked `browser`.

    Playwright's own browser download cannot run here, so it drives /usr/bin/chromium.
    """
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def browser_login(page, username, password=PASSWORD):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
