"""A registry split over several files, read as one source.

Each part is read as usual (``readers.open_source``) and copied into a temporary table,
since the readers reuse their work tables; then one relation unions them, column by
header, with ``_row`` = part index × ``ROW_BASE`` + the row in that part. So the
normalisation SQL sees one source, and every row and problem still knows its file and
its row within that file. The snapshot keeps this ``_row`` (unique: the rules join by it)
and names each row's part in ``_file``; hits name the file and its row (``name_rows``). Parts need
not share a format or a column order; a column typed differently by two parts is read as
text. (The parts are copied once: a split registry is a county's monthly exports, not a
province's partitioned Parquet.)
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from qingfeng.engine.catalogue import stored_tables
from qingfeng.engine.readers import BundleError, Source, cols, first_line, open_source

ROW_BASE = 1_000_000_000  # more rows than any one file may have


def label(zh: str, paths: list[Path]) -> str:
    """How an import names its input in messages: the file, or the registry and how many parts."""
    return paths[0].name if len(paths) == 1 else f"{zh}（{len(paths)} 个文件）"


def _key(header: str) -> str:
    from qingfeng.engine.importer import header_key

    return header_key(header)


@contextmanager
def open_parts(con, paths: list[Path], check: Callable[[Source, Path], None]) -> Iterator[Source]:
    """One Source over ``paths``; ``check(source, path)``: raises for a part that cannot be imported (a required column
    missing), so the error names that part."""
    tables, parts = [], []  # parts: (headers, types) per table
    try:
        for index, path in enumerate(paths):
            table = f"_qf_part{index}"
            with open_source(con, path) as source:
                check(source, path)
                try:
                    con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {source.relation}")
                except duckdb.Error as e:  # Parquet is read lazily: a damaged page shows only now
                    raise BundleError(f"{path.name}：无法读取文件：{first_line(e, path)}") from None
                tables.append(table)
                parts.append((source.headers, source.types, source.file_format, source.encoding))
        order, names, types = [], {}, {}  # combined headers, first spelling wins
        for headers, part_types, *_ in parts:
            for header, typ in zip(headers, part_types):
                key = _key(header) or header
                if key not in names:
                    order.append(key)
                    names[key], types[key] = header, typ
                elif types[key] != typ:
                    types[key] = "VARCHAR"
        selects = []
        for index, (table, (headers, *_)) in enumerate(zip(tables, parts)):
            at = {}
            for i, header in enumerate(headers):
                at.setdefault(_key(header) or header, i)
            columns = [f"CAST(c{at[key]} AS {types[key]}) AS {c}" if key in at else f"CAST(NULL AS {types[key]}) AS {c}"
                       for key, c in zip(order, cols(len(order)))]
            selects.append(f"SELECT _row + {index * ROW_BASE} AS _row, {', '.join(columns)} FROM {table}")
        formats = sorted({p[2] for p in parts})
        encodings = sorted({p[3] for p in parts if p[3]})
        yield Source("(" + " UNION ALL ".join(selects) + ")", [names[k] for k in order],
                     [types[k] for k in order], "+".join(formats), "+".join(encodings) or None)
    finally:
        for table in tables:
            con.execute(f"DROP TABLE IF EXISTS {table}")


def part_index(row: str) -> str:
    """SQL of the index (from 0) of the part a combined ``row`` is in."""
    return f"({row} // {ROW_BASE})"


def file_of(row: str) -> str:
    """SQL of the file a combined ``row`` is in, from a parameter: the parts' names (VARCHAR[])."""
    return f"list_extract(?::VARCHAR[], {part_index(row)}::INTEGER + 1)"


def row_in_file(row: str) -> str:
    """SQL of a combined ``row``'s row within its file."""
    return f"{row} % {ROW_BASE}"


def parts_of(con, tables: dict[str, str]) -> dict[str, list[str]]:
    """registry -> its parts' file names, for the inputs that are split registries."""
    if not tables or not {"snapshots", "import_files"} <= stored_tables(con):
        return {}
    by_table = dict(con.execute(
        "SELECT s.table_name, list(f.file ORDER BY f.position) FROM import_files f "
        "JOIN snapshots s ON s.id = f.snapshot_id WHERE s.table_name IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY s.table_name HAVING count(*) > 1", [list(tables.values())]).fetchall())
    return {registry: by_table[table] for registry, table in tables.items() if table in by_table}


def name_rows(evidence, parts: dict[str, list[str]]):
    """Evidence with each record of a split registry naming its file and its row in that file."""
    if isinstance(evidence, list):
        return [name_rows(item, parts) for item in evidence]
    if not isinstance(evidence, dict):
        return evidence
    shaped = {k: name_rows(v, parts) for k, v in evidence.items()}
    names = parts.get(shaped.get("registry"))
    row = shaped.get("row")
    if names and isinstance(row, int) and row // ROW_BASE < len(names):
        shaped["file"], shaped["row"] = names[row // ROW_BASE], row % ROW_BASE
    return shaped
