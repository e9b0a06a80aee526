"""Backup and restore of an installation: `qingfeng backup OUT.tar`, `qingfeng restore IN.tar`.

One archive (a plain tar; .tar.gz when the name says so) holds everything a county needs to
start again on a new machine:

    db/qingfeng.sqlite3 | db/qingfeng.pgdump   the database, as one consistent snapshot
    home/hub.duckdb                            the cross-check data hub (DuckDB), copied consistently
    home/bundles/…                             registry bundles uploaded through the web
    home/secret_key                            the installation's secret key
    home/portal_key                            the portal key (receipt hashes, rate-limit keys)
    keys/…                                     the audit chain's keys ($QINGFENG_HOME/keys or AUDIT_KEY_DIR)
    media/…                                    clue attachments
    manifest.json                              format, versions, audit head, and every file's size and SHA-256

The snapshots are safe while the server runs: SQLite's online backup API copies a consistent
image page by page; pg_dump reads one exported REPEATABLE READ snapshot, the same snapshot the
manifest's audit head is read from. Restore checks every checksum before it touches anything,
refuses a home that holds data unless forced, and verifies the audit chain at the end.
Restoring a SQLite backup into PostgreSQL (or the reverse) is refused: not supported.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from glob import glob
from pathlib import Path, PurePosixPath

from django.db import connection, transaction
from django.utils import timezone

import qingfeng
from qingfeng import conf
from qingfeng.audit.keys import key_dir

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "db/qingfeng.sqlite3", "postgresql": "db/qingfeng.pgdump"}
HOME_DIRS = ("bundles",)  # directories of QINGFENG_HOME that are backed up whole
HOME_FILES = ("secret_key", "portal_key")  # portal_key: receipts and rate-limit keys (qingfeng.portal.keys)
HUB = "hub.duckdb"
GENESIS = "0" * 64
HUB_LOCK_WAIT = 10  # seconds to wait for a running cross-check job to release the hub


class BackupError(Exception):
    pass


@dataclass
class Restored:
    manifest: dict
    audit_entries: int
    files: int
    set_aside: Path | None  # where the files a --force restore replaced were moved


def _republish_lookup() -> None:
    """The public lookup's read model is not in the archive (it follows from the hub): rebuild it."""
    from qingfeng.engine.hub import Hub
    from qingfeng.portal.lookup.publishing import publish_from_hub

    if (conf.home() / HUB).is_file():
        with Hub() as hub:
            publish_from_hub(hub, force=True)


# --- where things are ---------------------------------------------------------------------------


def media_root() -> Path | None:
    """The attachments' directory, when attachments are kept on the local file system."""
    from django.core.files.storage import FileSystemStorage, default_storage

    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def _files_under(root: Path):
    """Regular files under `root`, sorted; skips hidden entries (unfinished uploads are `.x.part`)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                yield path


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"unsupported database {connection.vendor!r}")
    return connection.vendor


# --- database snapshots ---------------------------------------------------------------------------


def _head_table() -> str:
    from qingfeng.audit.models import AuditHead

    return AuditHead._meta.db_table


def _dump_sqlite(target: Path) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        try:
            row = copy.execute(f"SELECT last_seq, last_hash FROM {_head_table()} WHERE id = 1").fetchone()
        except sqlite3.OperationalError:  # a database never migrated
            row = None
    finally:
        copy.close()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": GENESIS}


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if not candidates:
        raise BackupError(f"{name} not found (install the PostgreSQL client, e.g. Debian's postgresql-client)")
    return candidates[-1]


def pg_environment(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path) -> dict:
    if connection.in_atomic_block:
        raise BackupError("backup must run outside a transaction (it opens its own snapshot)")
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for both the audit head and pg_dump, so the manifest describes the dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        row = None
        if _head_table() in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT last_seq, last_hash FROM {_head_table()} WHERE id = 1")
            row = cursor.fetchone()
        _run([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
             pg_environment(connection.settings_dict))
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": GENESIS}


def load_postgresql(dump: Path, settings_dict: dict) -> None:
    """Replace the objects of the dump in the database of `settings_dict`, all or nothing."""
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={settings_dict['NAME']}", str(dump)], pg_environment(settings_dict))


def _load_sqlite(image: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(image)
    try:
        source.backup(connection.connection)  # page by page into the live database file, WAL included
    finally:
        source.close()


def _snapshot_hub(hub: Path, target: Path) -> None:
    """A consistent copy of the DuckDB hub; waits briefly for a running job to let go of it."""
    import duckdb

    deadline = time.monotonic() + HUB_LOCK_WAIT
    while True:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"ATTACH '{hub}' AS hub (READ_ONLY)")
            con.execute(f"ATTACH '{target}' AS snap")
            con.execute("COPY FROM DATABASE hub TO snap")
            return
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise BackupError(f"the data hub {hub} is in use (a cross-check job is running?); "
                                  f"retry when it has finished: {exc}") from None
            target.unlink(missing_ok=True)
            time.sleep(0.5)
        finally:
            con.close()


# --- backup -------------------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads at most `size` bytes of `raw`, hashing them on the way into the archive."""

    def __init__(self, raw, size: int):
        self.raw, self.left, self.digest = raw, size, hashlib.sha256()

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.raw.read(n)
        self.left -= len(data)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    with open(path, "rb") as raw:
        stat = os.fstat(raw.fileno())
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), stat.st_mode & 0o777
        hashing = _Hashing(raw, stat.st_size)
        tar.addfile(info, hashing)
    return {"path": arcname, "size": stat.st_size, "sha256": hashing.digest.hexdigest()}


def _tar_mode(path: Path, write: bool) -> str:
    if not write:
        return "r:*"
    return "w:gz" if path.name.endswith((".tar.gz", ".tgz")) else "w"


def create(out) -> dict:
    """Write the backup archive `out`; returns its manifest."""
    out = Path(out).resolve()
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new name")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a directory")
    home, vendor = conf.home(), _vendor()
    partial = out.with_name(f".{out.name}.part")
    with tempfile.TemporaryDirectory(prefix=".qingfeng-backup-", dir=out.parent) as tmp:
        database = Path(tmp) / Path(DATABASE_FILES[vendor]).name
        head = _dump_sqlite(database) if vendor == "sqlite" else _dump_postgresql(database)
        sources = [(database, DATABASE_FILES[vendor])]
        if (home / HUB).is_file():
            hub = Path(tmp) / HUB
            _snapshot_hub(home / HUB, hub)
            sources.append((hub, f"home/{HUB}"))
        sources += [(home / name, f"home/{name}") for name in HOME_FILES if (home / name).is_file()]
        for name in HOME_DIRS:
            sources += [(p, f"home/{p.relative_to(home).as_posix()}") for p in _files_under(home / name)]
        sources += [(p, f"keys/{p.relative_to(key_dir()).as_posix()}") for p in _files_under(key_dir())]
        media = media_root()
        if media is not None:
            sources += [(p, f"media/{p.relative_to(media).as_posix()}") for p in _files_under(media)]
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the keys: owner only
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode=_tar_mode(out, True)) as tar:
                files = [_add_file(tar, path, arcname) for path, arcname in sources]
                manifest = {
                    "format": FORMAT,
                    "qingfeng_version": qingfeng.__version__,
                    "created_at": timezone.now().isoformat(),
                    "database": {"vendor": vendor, "file": DATABASE_FILES[vendor]},
                    "audit_head": head,
                    "files": files,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


# --- restore ------------------------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError(f"not a Qingfeng backup: no readable {MANIFEST}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported (this version reads {FORMAT})")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[0] in ("db", "home", "keys", "media")


def _extract_verified(tar: tarfile.TarFile, manifest: dict, staging: Path) -> None:
    """Every file of the manifest, written under `staging` only if its size and SHA-256 match."""
    expected = {f["path"]: f for f in manifest["files"]}
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile() or not _safe_name(member.name):
            raise BackupError(f"archive damaged: {member.name} is not in the manifest")
        source = tar.extractfile(member)
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with open(target, "wb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        os.chmod(target, member.mode & 0o777 or 0o600)
        wanted = expected[member.name]
        if size != wanted["size"] or digest.hexdigest() != wanted["sha256"]:
            raise BackupError(f"archive damaged: checksum mismatch for {member.name}")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"archive damaged: {missing[0]} is missing" + (f" (and {len(missing) - 1} more)"
                                                                          if len(missing) > 1 else ""))
    if manifest["database"]["file"] not in seen:
        raise BackupError("archive damaged: it holds no database")


def _refuse_to_replace(manifest: dict, vendor: str, existing: list[str], force: bool) -> None:
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"this backup holds a {manifest['database']['vendor']} database but this installation uses {vendor}; "
            "restoring across database kinds is not supported: restore it into an installation of the same kind")
    if existing and not force:
        raise BackupError("this installation already holds data (" + "; ".join(existing) +
                          "); restore into an empty QINGFENG_HOME and database, or use --force to replace it")


def data_in_home() -> list[str]:
    """What the current installation already holds (empty list: nothing a restore would destroy)."""
    from qingfeng.accounts.models import User
    from qingfeng.audit.models import AuditEntry
    from qingfeng.clues.models import Clue
    from qingfeng.places.models import Jurisdiction

    found = []
    tables = set(connection.introspection.table_names())
    kinds = {User: "accounts", Jurisdiction: "places", Clue: "clues", AuditEntry: "audit entries"}
    counts = [f"{model.objects.count()} {kind}" for model, kind in kinds.items()
              if model._meta.db_table in tables and model.objects.exists()]
    if counts:
        found.append("the database: " + ", ".join(counts))
    home = conf.home()
    if (home / HUB).exists():
        found.append(str(home / HUB))
    if next(_files_under(home / "bundles"), None):
        found.append(str(home / "bundles"))
    media = media_root()
    if media is not None and next(_files_under(media), None):
        found.append(str(media))
    return found


def _install(staged: Path, target: Path, aside: Path | None) -> None:
    """Put `staged` (a file or directory) at `target`; what was there moves into `aside` (None: removed)."""
    if target.is_dir() and aside is None:
        shutil.rmtree(target)
    elif target.exists():
        if aside is None:
            target.unlink()
        else:
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target), str(aside))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(target))


def restore(archive, *, force: bool = False) -> Restored:
    """Restore the installation from `archive` into this QINGFENG_HOME and database."""
    from django.core.management import call_command

    from qingfeng.audit.trail import head, verify

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    home, vendor = conf.home(), _vendor()
    existing = data_in_home()
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))
    try:
        try:
            tar = tarfile.open(archive, _tar_mode(archive, False))
        except tarfile.TarError as exc:
            raise BackupError(f"{archive} is not a readable tar archive: {exc}") from None
        with tar:
            try:
                manifest = _read_manifest(tar)
                _refuse_to_replace(manifest, vendor, existing, force)
                _extract_verified(tar, manifest, staging)
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                raise BackupError(f"archive damaged: {exc}") from None
        database = staging / manifest["database"]["file"]
        if vendor == "sqlite":
            _load_sqlite(database)
        else:
            connection.close()  # hold no lock on the tables pg_restore drops
            load_postgresql(database, connection.settings_dict)
        # Files a forced restore replaces are set aside, not deleted; in an empty installation the
        # only files present were generated at start-up (secret_key) and are simply replaced.
        aside = home / f".replaced-{timezone.localtime():%Y%m%d-%H%M%S}" if existing else None
        for item in sorted((staging / "home").iterdir()) if (staging / "home").is_dir() else []:
            _install(item, home / item.name, aside / item.name if aside else None)
        if (staging / "keys").is_dir():
            _install(staging / "keys", key_dir(), aside / "keys" if aside else None)
            key_dir().chmod(0o700)
        if (staging / "media").is_dir():
            media = media_root()
            if media is None:
                raise BackupError("the backup holds attachments but this installation keeps no files on disk")
            _install(staging / "media", media, aside / "media" if aside else None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version: bring it up to date
    try:
        verdict = verify()
    except Exception as exc:  # e.g. an audit key missing from the archive: say so, not a traceback
        raise BackupError(f"restored, but the audit trail cannot be verified: {exc}") from exc
    if not verdict.ok:
        raise BackupError(f"restored, but the audit trail does not verify: {verdict.problem}")
    seq, digest = head()
    restored_head = {"seq": seq, "hash": digest}
    if restored_head != manifest["audit_head"]:
        raise BackupError(f"restored, but the audit head is {restored_head}, not {manifest['audit_head']} "
                          "as the backup recorded")
    _republish_lookup()
    return Restored(manifest, verdict.checked, len(manifest["files"]), aside)
