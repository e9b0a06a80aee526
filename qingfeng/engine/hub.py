"""The data hub: a DuckDB file holding versioned, normalised registry snapshots.

Every import of a file (or of the parts of a registry split over several files, see
``bundlefiles`` and ``series``) creates a snapshot table ``<registry>_s<id>``, one row in
the ``snapshots`` catalogue and its problems in ``import_problems`` — all in one
transaction, so a crash mid-import leaves nothing behind.
"""

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from qingfeng import conf
from qingfeng.engine import clock, importer, normalize, series
from qingfeng.engine.bundlefiles import bundle_files
from qingfeng.engine.catalogue import stored_tables
from qingfeng.engine.importer import FileCount, ImportReport, Problem
from qingfeng.engine.readers import BundleError, first_line, open_source, read_xlsx
from qingfeng.engine.schema import REGISTRIES, SPREADSHEET_EXTENSIONS

__all__ = ["Hub", "BundleImport", "ImportReport", "Problem", "BundleError", "bundle_files", "stored_tables"]

# standards first: the payments import checks every program against them.
IMPORT_ORDER = ["standards", "roll"] + [k for k in REGISTRIES if k not in ("standards", "roll")]

CATALOGUE = """
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY, registry VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
  source VARCHAR, sha256 VARCHAR, file_format VARCHAR, encoding VARCHAR, as_of DATE,
  depends_on INTEGER,  -- the standards snapshot a payments import was checked against
  rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT, rows_flagged BIGINT,
  problem_count BIGINT, missing_columns VARCHAR[], seconds DOUBLE, imported_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS import_problems (
  snapshot_id INTEGER NOT NULL, registry VARCHAR NOT NULL, "row" BIGINT NOT NULL,
  "column" VARCHAR NOT NULL, value VARCHAR, reason VARCHAR NOT NULL, rejected BOOLEAN NOT NULL);
ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS missing_columns VARCHAR[];
ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS village_filter VARCHAR;  -- an import of one village's rows
ALTER TABLE import_problems ADD COLUMN IF NOT EXISTS file VARCHAR;  -- the file (part) the row is in
CREATE TABLE IF NOT EXISTS import_files (
  snapshot_id INTEGER NOT NULL, position INTEGER NOT NULL, file VARCHAR NOT NULL,
  rows_read BIGINT NOT NULL, rows_accepted BIGINT NOT NULL);
"""


@dataclass
class BundleImport:
    directory: str
    as_of: date
    reports: dict[str, ImportReport] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # registries with no file
    ignored: list[str] = field(default_factory=list)  # files that are no registry
    ignored_why: dict[str, str] = field(default_factory=dict)  # file -> why it was ignored
    tables: dict[str, str] = field(default_factory=dict)  # registry -> snapshot table


def memory_limit() -> str:
    """DuckDB memory limit of the hub: QINGFENG_HUB_MEMORY (default 6GB, e.g. '12GB')."""
    value = conf.env_str("QINGFENG_HUB_MEMORY", "6GB").strip()
    if not value[:-2].replace(".", "", 1).isdigit() or value[-2:].upper() not in ("MB", "GB", "TB"):
        raise conf.ConfigError(f"QINGFENG_HUB_MEMORY={value!r} is not a size like 6GB or 800MB")
    return value


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def series_sha256(parts: list[tuple[str, str]]) -> str:
    """One file's checksum, or for the parts of a split registry one over their (name, checksum)."""
    if len(parts) == 1:
        return parts[0][1]
    return hashlib.sha256("".join(f"{name}\0{sha}\n" for name, sha in parts).encode()).hexdigest()


# The ends of a file stand for its content in a re-run's identity: a Parquet file's footer
# (row groups, offsets, column statistics) is its last bytes, and a CSV or XLSX rewritten
# keeps its size and modification time only when a tool sets them back on purpose.
IDENTITY_SPAN = 1 << 20


def file_identity(path: Path) -> str:
    """A cheap stand-in for a file's sha256: resolved path, size, mtime (ns) and a hash of
    its first and last MiB. Hashing a multi-GB Parquet file costs seconds per run;
    this costs a stat and two reads."""
    stat = path.stat()
    digest = hashlib.sha256(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    with open(path, "rb") as f:
        digest.update(f.read(IDENTITY_SPAN))
        if stat.st_size > IDENTITY_SPAN:
            f.seek(max(IDENTITY_SPAN, stat.st_size - IDENTITY_SPAN))
            digest.update(f.read(IDENTITY_SPAN))
    return digest.hexdigest()


def village_filter(registry: str, village_code: str | None) -> str | None:
    """The village code an import keeps (normalised), or None; refused for a registry without one."""
    if village_code is None:
        return None
    code = normalize.clean_code(village_code)
    if not code:
        raise BundleError("按村导入需要行政区划代码")
    if not any(c.name == "village_code" for c in REGISTRIES[registry].columns):
        raise BundleError(f"登记表 {registry} 没有行政区划代码（village_code）列，不能按村导入")
    return code


def default_path() -> Path:
    """This installation's hub: QINGFENG_HOME/hub.duckdb."""
    return conf.home() / "hub.duckdb"


def newest_snapshot_holding(con, registry: str, village_code: str) -> tuple | None:
    """(id, table_name, source, imported_at) of the newest snapshot of `registry` with rows of the
    village (a county import holds every village, a village upload one), or None. Works on a
    read-only connection and on a hub that has no catalogue yet."""
    present = stored_tables(con)
    if "snapshots" not in present:
        return None
    rows = con.execute("SELECT id, table_name, source, imported_at FROM snapshots WHERE registry = ? "
                       "ORDER BY id DESC", [registry]).fetchall()
    for row in rows:
        if row[1] in present and con.execute(f'SELECT 1 FROM "{row[1]}" WHERE village_code = ? LIMIT 1',
                                             [village_code]).fetchone():
            return row
    return None


class Hub:
    def __init__(self, path: str | Path | None = None):
        self.path = str(default_path() if path is None else path)
        self.con = duckdb.connect(self.path)
        self.con.execute("SET enable_progress_bar = false")  # imports report their own progress
        # DuckDB's default (80% of RAM) lets a province run grow far past what a
        # shared server can spare; with a limit it spills to disk instead.
        self.con.execute(f"SET memory_limit = '{memory_limit()}'")
        self.con.execute(CATALOGUE)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- catalogue ---------------------------------------------------------------

    def latest(self, registry: str) -> dict | None:
        """The newest snapshot row of a registry, or None."""
        cur = self.con.execute(
            "SELECT * FROM snapshots WHERE registry = ? ORDER BY id DESC LIMIT 1", [registry])
        row = next(iter(cur.fetchall()), None)  # fetch to the end: register() needs a finished result
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    def snapshot(self, snapshot_id: int) -> dict | None:
        cur = self.con.execute("SELECT * FROM snapshots WHERE id = ?", [snapshot_id])
        row = next(iter(cur.fetchall()), None)
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    def report(self, snapshot_id: int) -> ImportReport:
        """The report of an earlier import, rebuilt from the catalogue."""
        s = self.snapshot(snapshot_id)
        if s is None:
            raise KeyError(snapshot_id)
        problems = [Problem(s["registry"], *row) for row in self.con.execute(
            'SELECT "row", "column", coalesce(value, \'\'), reason, rejected, coalesce(file, \'\') '
            'FROM import_problems p WHERE snapshot_id = ? ORDER BY (SELECT position FROM import_files f '
            'WHERE f.snapshot_id = p.snapshot_id AND f.file = p.file), "row", "column" LIMIT ?',
            [snapshot_id, importer.MAX_REPORTED_PROBLEMS]).fetchall()]
        files = [FileCount(*row) for row in self.con.execute(
            "SELECT file, rows_read, rows_accepted FROM import_files WHERE snapshot_id = ? ORDER BY position",
            [snapshot_id]).fetchall()]
        return ImportReport(
            registry=s["registry"], snapshot_id=s["id"], table=s["table_name"], source=s["source"],
            sha256=s["sha256"], file_format=s["file_format"], encoding=s["encoding"],
            rows_read=s["rows_read"], rows_accepted=s["rows_accepted"],
            rows_rejected=s["rows_rejected"], rows_flagged=s["rows_flagged"], problems=problems,
            seconds=s["seconds"], problem_count=s["problem_count"],
            missing_columns=list(s["missing_columns"] or []), files=files)

    # -- imports -------------------------------------------------------------------

    def import_file(self, registry: str, path, as_of: date | None = None,
                    progress: Callable[[str], None] | None = None,
                    standards_table: str | None = None,
                    xlsx_rows: Callable[[], list] | None = None,
                    village_code: str | None = None) -> ImportReport:
        """Import one registry file as a new snapshot (or reuse an identical one); ``path``
        may be a list: the parts of a registry split over several files, one snapshot.

        For payments, ``standards_table`` (a standards snapshot) enables the check
        that every payment's program has a standard valid on its paid_on.
        ``xlsx_rows``: the rows of an XLSX file, parsed ahead (see import_bundle).
        ``village_code``: accept only that village's rows; every other village's row
        is rejected (row, column village_code, reason) in the import's transaction.
        """
        if registry not in REGISTRIES:
            raise BundleError(f"未知的登记表：{registry}")
        village_code = village_filter(registry, village_code)
        paths = [Path(p) for p in path] if isinstance(path, (list, tuple)) else [Path(path)]
        as_of, path = as_of or clock.today(), paths[0]
        say = progress or (lambda msg: None)
        for part in paths:
            if not part.is_file():
                raise BundleError(f"{part.name}：文件不存在")
        label = series.label(REGISTRIES[registry].zh, paths)
        identities = [(file_identity(part), part) for part in paths]
        checksums = [(identity, self._known_sha256(identity) or file_sha256(part)) for identity, part in identities]
        sha = series_sha256([(part.name, c) for (_, part), (_, c) in zip(identities, checksums)])
        depends_on = self._snapshot_id_of(standards_table) if registry == "payments" else None
        last = self.latest(registry)
        if last and (last["sha256"], last["as_of"], last["depends_on"], last["village_filter"]) == (
                sha, as_of, depends_on, village_code):
            say(f"{label}：与上次导入的文件相同，沿用快照 {last['id']}")
            report = self.report(last["id"])
            report.reused = True
            self._remember_sha256(checksums)
            return report
        started = time.perf_counter()
        say(f"{label}：读取中…")
        if len(paths) == 1:
            opened = open_source(self.con, path, xlsx_rows)
        else:
            opened = series.open_parts(self.con, paths, lambda source, part: importer.map_headers(
                REGISTRIES[registry], source, part.name))
        with opened as source:
            self.con.begin()
            try:
                report = self._import(registry, paths, source, sha, as_of, depends_on,
                                      standards_table, say, started, village_code)
                self._remember_sha256(checksums)
                self.con.commit()
            except duckdb.Error as e:
                self.con.rollback()
                if source.file_format != "parquet":
                    raise
                # Parquet is read lazily: a damaged page or string shows only now.
                raise BundleError(f"{label}：无法读取 Parquet 文件：{first_line(e, path)}") from None
            except BaseException:
                self.con.rollback()
                raise
            finally:
                self._drop_work_tables()
        for part in report.files if len(paths) > 1 else ():
            say(f"  {part.file}：读入 {part.rows_read} 行，接受 {part.rows_accepted}，拒绝 {part.rows_rejected}")
        say(f"{label}：读入 {report.rows_read} 行，接受 {report.rows_accepted}，"
            f"拒绝 {report.rows_rejected}，有问题 {report.rows_flagged}（{report.seconds:.1f} 秒）")
        return report

    def _known_sha256(self, identity: str) -> str | None:
        """The sha256 of a file seen before with this identity (see file_identity)."""
        self.con.execute("CREATE TABLE IF NOT EXISTS file_hashes (identity VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL)")
        row = self.con.execute("SELECT sha256 FROM file_hashes WHERE identity = ?", [identity]).fetchone()
        return row[0] if row else None

    def _remember_sha256(self, checksums: list[tuple[str, str]]) -> None:
        """(identity, sha256) of the files just imported or reused."""
        for identity, sha in checksums:
            self.con.execute("INSERT OR REPLACE INTO file_hashes VALUES (?, ?)", [identity, sha])

    def _drop_work_tables(self) -> None:
        for (name,) in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE '\\_qf\\_%' ESCAPE '\\' "
                "AND table_name NOT IN ('_qf_raw', '_qf_ts_map')").fetchall():
            self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def _snapshot_id_of(self, table: str | None) -> int | None:
        if table is None:
            return None
        row = self.con.execute("SELECT id FROM snapshots WHERE table_name = ?", [table]).fetchone()
        return row[0] if row else None

    def _import(self, key, paths, source, sha, as_of, depends_on, standards_table, say, started,
                village_code=None):
        registry, names = REGISTRIES[key], [p.name for p in paths]
        label = series.label(registry.zh, paths)
        con = self.con
        quoted_row = '"row"'  # _qf_problems' row column
        snapshot_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM snapshots").fetchone()[0]
        table = f"{key}_s{snapshot_id}"
        con.execute('CREATE TEMP TABLE _qf_problems ("row" BIGINT, "column" VARCHAR, '
                    "value VARCHAR, reason VARCHAR, rejected BOOLEAN)")
        say(f"{label}：规范化…")
        notes, missing, checks = importer.build_snapshot(con, registry, source, label, as_of, table, village_code)
        read_per_part = dict(con.execute(
            f"SELECT {series.part_index('_row')}, count(*) FROM {table} GROUP BY ALL").fetchall())
        rows_read = sum(read_per_part.values())
        say(f"{label}：核对问题…")
        importer.collect_problems(con, registry, table, notes, checks)
        if village_code is not None:
            importer.reject_other_villages(con, table, village_code)
        importer.finish_snapshot(con, registry, table)
        if key == "payments" and standards_table:
            importer.check_standards(con, table, standards_table)
        con.execute('INSERT INTO import_problems (snapshot_id, registry, "row", "column", value, reason, '
                    f'rejected, file) SELECT ?, ?, {series.row_in_file(quoted_row)}, "column", value, reason, rejected, '
                    f"{series.file_of(quoted_row)} FROM _qf_problems",
                    [snapshot_id, key, names])
        accepted_per_part = dict(con.execute(
            f"SELECT {series.part_index('_row')}, count(*) FROM {table} GROUP BY ALL").fetchall())
        rows_accepted = sum(accepted_per_part.values())
        con.executemany("INSERT INTO import_files VALUES (?, ?, ?, ?, ?)", [
            [snapshot_id, i, name, read_per_part.get(i, 0), accepted_per_part.get(i, 0)]
            for i, name in enumerate(names)])
        rows_rejected = rows_read - rows_accepted  # bad values plus duplicates
        rows_flagged, problem_count = con.execute("""
            SELECT count(DISTINCT "row") FILTER (WHERE "row" > 1 AND "row" NOT IN
                     (SELECT "row" FROM _qf_problems WHERE rejected)),
                   count(*) FROM _qf_problems""").fetchone()
        if len(paths) > 1:  # _row stays unique (the rules join by it); _file names the part
            con.execute(f"ALTER TABLE {table} ADD COLUMN _file VARCHAR")
            con.execute(f"UPDATE {table} SET _file = {series.file_of('_row')}",
                        [names])
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT INTO snapshots (id, registry, table_name, source, sha256, file_format, "
            "encoding, as_of, depends_on, rows_read, rows_accepted, rows_rejected, rows_flagged, "
            "problem_count, missing_columns, seconds, village_filter) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [snapshot_id, key, table, "; ".join(str(p.resolve()) for p in paths), sha, source.file_format,
             source.encoding, as_of, depends_on, rows_read, rows_accepted, rows_rejected,
             rows_flagged, problem_count, missing, seconds, village_code])
        return self.report(snapshot_id)

    def import_bundle(self, bundle_dir, as_of: date | None = None,
                      progress: Callable[[str], None] | None = None,
                      village_code: str | None = None) -> BundleImport:
        """Import every registry file of a bundle directory (one transaction per file).
        ``village_code``: only that village's rows (see import_file)."""
        directory, as_of = Path(bundle_dir), as_of or clock.today()
        files, ignored = bundle_files(directory)
        result = BundleImport(str(directory), as_of, ignored=list(ignored), ignored_why=ignored,
                              missing=[k for k in REGISTRIES if k not in files])
        say = progress or (lambda msg: None)
        for name, why in ignored.items():
            say(f"{name}：{why}")

        def spreadsheet(key: str) -> bool:  # one file, parsed ahead in the thread
            return len(files[key]) == 1 and files[key][0].suffix.lower() in SPREADSHEET_EXTENSIONS

        # Standards first, then text and Parquet files, spreadsheets last: a thread parses
        # them while DuckDB (which releases the GIL) imports the others.
        order = sorted((k for k in IMPORT_ORDER if k in files), key=lambda k: (k != "standards", spreadsheet(k)))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qf-xlsx") as pool:
            parsed = {k: pool.submit(read_xlsx, files[k][0]) for k in order if spreadsheet(k)}
            try:
                for key in order:
                    standards = result.tables.get("standards") if key == "payments" else None
                    rows = parsed[key].result if key in parsed else None
                    report = self.import_file(key, files[key] if len(files[key]) > 1 else files[key][0], as_of, progress,
                                              standards_table=standards, xlsx_rows=rows,
                                              village_code=village_code)
                    result.reports[key] = report
                    result.tables[key] = report.table
                    parsed.pop(key, None)  # free the rows
            finally:
                for future in parsed.values():
                    future.cancel()
        # Reports in the usual registry order, whatever order the files were read in.
        result.reports = {k: result.reports[k] for k in IMPORT_ORDER if k in result.reports}
        result.tables = {k: result.tables[k] for k in IMPORT_ORDER if k in result.tables}
        return result
