"""English UI: pages switch language on request, Chinese stays the default, and the catalogue is complete.

msgids are Chinese; English lives in qingfeng/locale/en/LC_MESSAGES/django.po (compiled to django.mo).
"""

import gettext
import re
from datetime import date
from pathlib import Path

import pytest

from qingfeng.clues import actions

LOCALE = Path(__file__).resolve().parents[2] / "qingfeng" / "locale" / "en" / "LC_MESSAGES"
SOURCE = LOCALE.parents[2]
HOW_TO_FIX = "run `make messages`, translate every entry in qingfeng/locale/en/LC_MESSAGES/django.po, run it again"
STATS_URL = "/staff/reports/stats/?from=2024-01-01&to=2024-12-31"


def visible_text(response) -> str:
    """The page's text without tags (option values and other attributes keep stored Chinese values)."""
    html = response.content.decode()
    assert response.status_code == 200, html[:300]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def clue(world):
    clue, _ = actions.do_create_clue(
        acting_user=world.erin, received_on=date(2024, 2, 1), reporter_name="张举报", reporter_contact="13900001111",
        township=world.t1, source="信访举报", channel="电话", subject="王某", subject_post="村支书",
        category="虚报冒领", summary="虚报冒领低保金三千元",
    )
    return clue


# (url, who is logged in, English strings present, Chinese UI labels absent in English / present by default)
PAGES = {
    "public home": ("/", None, ["Poverty-Relief Supervision Platform", "Public services", "Report hotline",
                                "Staff login"], ["公众服务", "举报电话", "工作人员登录"]),
    "login": ("/accounts/login/", None, ["Staff login", "Username", "Password", "Log in"], ["用户名", "密码", "登录"]),
    "staff home": ("/staff/", "alice", ["Dashboard", "Jurisdiction", "Registered poor households", "Township",
                                        "Log out"], ["工作台", "建档立卡户", "辖区", "退出"]),
    "clue list": ("/staff/clues/", "erin", ["Problem clue ledger", "Petition/report·Phone", "Pending disposal",
                                            "Backlog clearance", "1 clue"], ["问题线索台账", "信访举报", "办理环节", "共 1 件"]),
    "stats": (STATS_URL, "erin", ["Problem clue statistics", "Problem clues received", "By quarter", "Q1 2024",
                                  "Petition/report"], ["问题线索统计", "受理问题线索", "按季度", "2024年第1季度", "信访举报"]),
}


def _client(client, world, username):
    if username:
        client.force_login(getattr(world, username))
    return client


@pytest.mark.parametrize("name", PAGES)
def test_page_is_english_when_the_browser_asks_for_english(name, client, world, clue):
    url, username, english, chinese = PAGES[name]
    text = visible_text(_client(client, world, username).get(url, HTTP_ACCEPT_LANGUAGE="en"))
    for phrase in english:
        assert phrase in text, f"{name}: {phrase!r} missing"
    for label in chinese:
        assert label not in text, f"{name}: Chinese label {label!r} left in the English page"


@pytest.mark.parametrize("name", PAGES)
def test_page_is_chinese_by_default(name, client, world, clue):
    url, username, english, chinese = PAGES[name]
    text = visible_text(_client(client, world, username).get(url))
    for label in chinese:
        assert label in text, f"{name}: {label!r} missing from the default (Chinese) page"
    assert english[0] not in text


def test_language_switch_sticks_for_the_following_pages(client, world):
    client.force_login(world.alice)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = client.get("/staff/")
    assert '<html lang="en">' in page.content.decode()
    assert "Dashboard" in visible_text(page) and "工作台" not in visible_text(page)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/staff/"})
    assert "工作台" in visible_text(client.get("/staff/"))


def test_stored_choice_values_stay_chinese_while_the_label_is_english(client, world, clue):
    client.force_login(world.erin)
    html = client.get("/staff/clues/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="信访举报">Petition/report</option>' in html
    clue.refresh_from_db()
    assert clue.source == "信访举报" and clue.channel == "电话"


# --- the catalogue itself -------------------------------------------------------------------------------------

def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr list, fuzzy (header excluded). Enough for our files."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry["msgid"]:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry or {"msgid": "", "msgid_plural": None, "msgstr": {}, "fuzzy": False, "obsolete": False,
                          "msgctxt": None}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["fuzzy"] |= "fuzzy" in line
        elif line.startswith("#"):
            continue
        else:
            keyword, _, rest = line.partition(" ") if not line.startswith('"') else (None, None, line)
            if keyword:
                field = keyword
                rest = rest.strip()
            text = _unquote(rest)
            if field == "msgctxt":
                entry["msgctxt"] = (entry["msgctxt"] or "") + text
            elif field == "msgid":
                entry["msgid"] += text
            elif field == "msgid_plural":
                entry["msgid_plural"] = (entry["msgid_plural"] or "") + text
            elif field.startswith("msgstr"):
                entry["msgstr"][field] = entry["msgstr"].get(field, "") + text
    return [e for e in entries if not e["obsolete"]]


def _unquote(quoted: str) -> str:
    body = quoted.strip()[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


@pytest.fixture(scope="module")
def po_entries():
    return read_po(LOCALE / "django.po")


def test_every_catalogue_entry_is_translated_and_not_fuzzy(po_entries):
    assert len(po_entries) > 400
    fuzzy = [e["msgid"] for e in po_entries if e["fuzzy"]]
    empty = [e["msgid"] for e in po_entries if not e["msgstr"] or not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy entries {fuzzy[:10]}: check each translation, remove `#, fuzzy`; {HOW_TO_FIX}"
    assert not empty, f"untranslated entries {empty[:10]}: {HOW_TO_FIX}"


def test_translations_keep_the_placeholders(po_entries):
    placeholder = re.compile(r"%\(\w+\)s")
    for e in po_entries:
        wanted = sorted(placeholder.findall(e["msgid"]))
        for key, text in e["msgstr"].items():
            assert sorted(placeholder.findall(text)) == wanted, f"{e['msgid']!r} {key}: {text!r}"


def test_compiled_catalogue_matches_the_po_file(po_entries):
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    stale = []
    for e in po_entries:
        if e["msgid_plural"]:
            ok = catalog.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr"]["msgstr[0]"] and \
                catalog.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr"]["msgstr[1]"]
        elif e["msgctxt"]:
            ok = catalog.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"]["msgstr"]
        else:
            ok = catalog.gettext(e["msgid"]) == e["msgstr"]["msgstr"]
        if not ok:
            stale.append(e["msgid"])
    assert not stale, f"django.mo is out of date for {stale[:10]}: {HOW_TO_FIX}"


# Literal UI strings in templates ({% translate "…" %}, _("…") in filters) and Python (_("…"), gettext_noop("…")).
LITERALS = {
    ".html": re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]+)"|'([^']+)')|_\("([^"]+)"\)"""),
    ".py": re.compile(r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"([^"\\]+)"\s*[,)]"""),
}


def test_every_literal_ui_string_in_the_source_is_in_the_catalogue(po_entries):
    known = {e["msgid"] for e in po_entries}
    missing = set()
    for path in SOURCE.rglob("*"):
        if path.suffix in LITERALS and "engine" not in path.relative_to(SOURCE).parts and "locale" not in path.parts:
            for match in LITERALS[path.suffix].finditer(path.read_text(encoding="utf-8")):
                text = next(g for g in match.groups() if g)
                if re.search(r"[\u4e00-\u9fff]", text) and text not in known:
                    missing.add(f"{path.relative_to(SOURCE)}: {text}")
    assert not missing, f"not in the catalogue: {sorted(missing)[:10]}: {HOW_TO_FIX}"
