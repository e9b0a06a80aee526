"""`qingfeng backup` / `qingfeng restore`: an installation survives the loss of its machine.

The tests use real commits (transactional_db): on PostgreSQL, pg_dump and pg_restore are other
processes and see only committed data. "An empty installation" is a new QINGFENG_HOME and
the test database emptied with `flush`; a second test restores the database snapshot into a
database that never existed before (a fresh SQLite file / a freshly created PostgreSQL database).
"""

import io
import json
import sqlite3
import subprocess
import sys
import tarfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from qingfeng.audit.models import AuditEntry
from qingfeng.backup import archive as backup
from qingfeng.clues import actions
from qingfeng.clues.models import Attachment, Clue
from qingfeng.engine.hub import Hub

pytestmark = pytest.mark.django_db(transaction=True)
BUNDLE = "bundles/20240301-090000-abc123"  # as the web upload names them
REPORT = b"%PDF-1.4 \xe6\xa0\xb8\xe6\x9f\xa5\xe6\x8a\xa5\xe5\x91\x8a" + bytes(range(256)) * 40


def use_home(monkeypatch, settings, path):
    """Point QINGFENG_HOME and the attachments' storage at `path` (as a deployment's settings do)."""
    monkeypatch.setenv("QINGFENG_HOME", str(path))
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": path / "media"}}}
    settings.AUDIT_KEY_DIR = path / "keys"
    path.mkdir(parents=True, exist_ok=True)
    (path / "secret_key").write_text("generated-at-start-up")  # what settings.py writes on first start
    return path


@pytest.fixture
def installation(world, make_clue, advance, monkeypatch, settings, tmp_path):
    """A county at work: clues, an attachment, audit entries, a hub, an uploaded bundle, keys."""
    home = use_home(monkeypatch, settings, tmp_path / "home")
    clue = advance(make_clue(subject="王某"), "assign")
    make_clue(subject="李某", township=world.t2, amount_involved="3000.50")
    attachment = actions.do_add_attachment(clue.id, acting_user=world.erin,
                                           upload=SimpleUploadedFile("核查报告.pdf", REPORT))
    actions.reveal_reporter(clue.id, acting_user=world.erin)
    with Hub() as hub:
        hub.con.execute("CREATE TABLE roll_s1 AS SELECT range AS household FROM range(1000)")
    (home / BUNDLE).mkdir(parents=True)
    (home / BUNDLE / "roll.csv").write_text("户编号,姓名\nH1,张三\n", encoding="utf-8")
    (home / "keys").mkdir(exist_ok=True)  # the keyed audit chain may have made it already
    (home / "keys" / "audit-1.key").write_bytes(b"k" * 32)
    (home / "keys" / "audit-1.key").chmod(0o600)
    (home / "secret_key").write_text("the-installation-secret")
    (home / "portal_key").write_text("ab" * 32)  # receipts of public reports are hashed with it
    return SimpleNamespace(home=home, attachment=attachment, out=tmp_path / "backup.tar",
                           clue_nos=sorted(Clue.objects.values_list("clue_no", flat=True)),
                           entries=list(AuditEntry.objects.values_list("seq", "hash")))


def backed_up(installation) -> dict:
    out = io.StringIO()
    call_command("backup", str(installation.out), stdout=out)
    assert "备份完成 / backup written" in out.getvalue()
    with tarfile.open(installation.out) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def lose_everything(monkeypatch, settings, tmp_path):
    """A new machine: an empty home, an empty database."""
    call_command("flush", interactive=False, verbosity=0)
    home = use_home(monkeypatch, settings, tmp_path / "new-home")
    assert backup.data_in_home() == []
    return home


def test_restore_into_an_empty_installation_brings_back_every_clue_attachment_audit_entry_and_file(
        installation, monkeypatch, settings, tmp_path):
    manifest = backed_up(installation)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["audit_head"] == {"seq": installation.entries[-1][0], "hash": installation.entries[-1][1]}
    paths = {f["path"] for f in manifest["files"]}
    assert {backup.DATABASE_FILES[connection.vendor], "home/hub.duckdb", "home/secret_key", "home/portal_key",
            "keys/audit-1.key",
            f"home/{BUNDLE}/roll.csv", f"media/{installation.attachment.file.name}"} <= paths
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in manifest["files"])

    home = lose_everything(monkeypatch, settings, tmp_path)
    out = io.StringIO()
    call_command("restore", str(installation.out), stdout=out)

    assert f"audit trail intact: {len(installation.entries)} entries verified" in out.getvalue()
    assert sorted(Clue.objects.values_list("clue_no", flat=True)) == installation.clue_nos
    assert list(AuditEntry.objects.values_list("seq", "hash")) == installation.entries
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as f:
        assert f.read() == REPORT
    assert (home / "media" / attachment.file.name).is_file()
    with Hub() as hub:
        assert hub.con.execute("SELECT count(*) FROM roll_s1").fetchone() == (1000,)
    assert (home / BUNDLE / "roll.csv").read_text(encoding="utf-8").startswith("户编号")
    assert (home / "keys" / "audit-1.key").read_bytes() == b"k" * 32
    assert (home / "keys" / "audit-1.key").stat().st_mode & 0o777 == 0o600
    assert (home / "secret_key").read_text() == "the-installation-secret"
    assert (home / "portal_key").read_text() == "ab" * 32
    assert installation.out.stat().st_mode & 0o777 == 0o600  # the archive holds the keys


def test_the_database_snapshot_restores_into_a_database_that_never_existed(installation, tmp_path):
    backed_up(installation)
    with tarfile.open(installation.out) as tar:
        tar.extract(backup.DATABASE_FILES[connection.vendor], tmp_path, filter="data")
    dump = tmp_path / backup.DATABASE_FILES[connection.vendor]
    if connection.vendor == "sqlite":
        fresh = sqlite3.connect(tmp_path / "fresh.sqlite3")
        sqlite3.connect(dump).backup(fresh)
        clue_nos = [row[0] for row in fresh.execute(f"SELECT clue_no FROM {Clue._meta.db_table}")]
        fresh.close()
    else:
        import psycopg

        name = connection.settings_dict["NAME"] + "_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            settings_dict = {**connection.settings_dict, "NAME": name}
            backup.load_postgresql(dump, settings_dict)
            params = {k.lower(): v for k, v in settings_dict.items()
                      if k in ("NAME", "USER", "PASSWORD", "HOST", "PORT") and v}
            params["dbname"] = params.pop("name")
            with psycopg.connect(**params) as fresh:
                clue_nos = [row[0] for row in fresh.execute(f"SELECT clue_no FROM {Clue._meta.db_table}")]
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    assert sorted(clue_nos) == installation.clue_nos


def _rewrite(archive, change):
    """A copy of `archive` with change(name, data) -> data applied to every member."""
    copy = archive.with_name("changed.tar")
    with tarfile.open(archive) as src, tarfile.open(copy, "w") as dst:
        for member in src:
            data = change(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return copy


def test_a_tampered_archive_is_refused_naming_the_file_and_nothing_is_restored(
        installation, monkeypatch, settings, tmp_path):
    backed_up(installation)
    target = f"media/{installation.attachment.file.name}"
    tampered = _rewrite(installation.out, lambda name, data: data.replace(b"%PDF", b"%PDX") if name == target else data)
    home = lose_everything(monkeypatch, settings, tmp_path)

    with pytest.raises(CommandError, match=f"checksum mismatch for {target}"):
        call_command("restore", str(tampered))
    assert not Clue.objects.exists() and not AuditEntry.objects.exists()
    assert not (home / "hub.duckdb").exists() and not (home / "keys" / "audit-1.key").exists()
    assert [p.name for p in home.iterdir() if p.name.startswith(".restore")] == []


def test_a_truncated_archive_or_a_missing_file_is_refused(installation, monkeypatch, settings, tmp_path):
    backed_up(installation)
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(installation.out.read_bytes()[: installation.out.stat().st_size // 2])
    missing = tmp_path / "missing.tar"
    with tarfile.open(installation.out) as src, tarfile.open(missing, "w") as dst:
        for member in src:
            if member.name != "keys/audit-1.key":
                dst.addfile(member, src.extractfile(member))
    lose_everything(monkeypatch, settings, tmp_path)

    with pytest.raises(CommandError, match="restore failed: .*(archive damaged|manifest)"):
        call_command("restore", str(truncated))
    with pytest.raises(CommandError, match="keys/audit-1.key is missing"):
        call_command("restore", str(missing))
    assert not Clue.objects.exists()


def test_restore_refuses_an_installation_that_holds_data_unless_forced(installation, tmp_path):
    backed_up(installation)
    Clue.objects.filter(clue_no=installation.clue_nos[0]).update(subject="改过的")  # work done after the backup

    with pytest.raises(CommandError, match="already holds data .*use --force"):
        call_command("restore", str(installation.out))
    assert Clue.objects.filter(subject="改过的").exists()

    out = io.StringIO()
    call_command("restore", str(installation.out), "--force", stdout=out)
    assert not Clue.objects.filter(subject="改过的").exists()
    assert "replaced files were set aside in" in out.getvalue()
    (aside,) = installation.home.glob(".replaced-*")
    assert (aside / "keys" / "audit-1.key").is_file()


def test_a_backup_of_the_other_database_kind_is_refused_with_a_clear_message(
        installation, monkeypatch, settings, tmp_path):
    backed_up(installation)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def claim_other_vendor(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    foreign = _rewrite(installation.out, claim_other_vendor)
    lose_everything(monkeypatch, settings, tmp_path)
    with pytest.raises(CommandError, match=f"holds a {other} database but this installation uses "
                                           f"{connection.vendor}.*not supported"):
        call_command("restore", str(foreign))


def test_backup_refuses_to_overwrite_an_existing_file(installation):
    installation.out.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(installation.out))
    assert installation.out.read_bytes() == b"yesterday's backup"


def test_backup_says_so_when_a_running_job_holds_the_data_hub(installation, monkeypatch):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_HUB, str(installation.home / "hub.duckdb")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(backup, "HUB_LOCK_WAIT", 0)
        with pytest.raises(CommandError, match="data hub .* is in use"):
            call_command("backup", str(installation.out))
    finally:
        holder.kill()
        holder.wait()
    assert not installation.out.exists()
    assert [p.name for p in installation.out.parent.iterdir() if p.name.startswith(".")] == []


HOLD_HUB = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])  # a writer: DuckDB lets no other process open the file
print("holding", flush=True)
time.sleep(60)
"""
