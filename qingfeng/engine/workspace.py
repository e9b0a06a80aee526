"""Normalised registry tables (schema.py layout) that a run reads.

A run maps each logical registry name to a physical table. A registry absent from
the bundle gets an empty table of the right shape, so the shared views still
build; the rules that require it are skipped.
"""

from qingfeng.engine.schema import REGISTRIES, Kind

# Input relations that are no registry: never read from a bundle, filled by the caller of a
# run (the web application) and empty otherwise. village_signoffs: finance entries signed off
# at a village supervision committee's monthly meeting (民主理财), read by R15 and R17.
SIGNOFFS = "village_signoffs"
AUXILIARY: dict[str, list[tuple[str, str]]] = {
    SIGNOFFS: [("village_code", "VARCHAR"), ("voucher_no", "VARCHAR"), ("held_on", "DATE")],
}

SQL_TYPES = {
    Kind.NAME: "VARCHAR", Kind.DATE: "DATE", Kind.AMOUNT: "DECIMAL(18,2)", Kind.NUMBER: "DOUBLE",
    Kind.BOOL: "BOOLEAN", Kind.CODE: "VARCHAR", Kind.TEXT: "VARCHAR",
}


def columns(key: str) -> list[tuple[str, str]]:
    """(column, SQL type) of registry ``key``'s normalised table (or of an auxiliary relation)."""
    if key in AUXILIARY:
        return list(AUXILIARY[key])
    result = [("_row", "INTEGER")]
    for col in REGISTRIES[key].columns:
        if col.kind is Kind.ID:
            result += [(col.name, "VARCHAR"), (f"{col.name}_raw", "VARCHAR")]
        elif col.kind is Kind.PARTY:
            result += [(col.name, "VARCHAR"), (f"{col.name}_uscc", "VARCHAR"), (f"{col.name}_raw", "VARCHAR")]
        elif col.kind is Kind.PERIOD:
            result += [("period", "VARCHAR"), ("period_start", "DATE"), ("period_end", "DATE"),
                       ("period_unit", "VARCHAR")]
        else:
            result.append((col.name, SQL_TYPES[col.kind]))
    return result


def create_empty(con, key: str, table: str, temp: bool = True) -> None:
    cols = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns(key))
    con.execute(f"CREATE OR REPLACE {'TEMP ' if temp else ''}TABLE {table} ({cols})")


def insert_rows(con, key: str, table: str, rows: list[dict]) -> None:
    """Insert already-normalised rows (dicts by column name; missing -> NULL)."""
    if not rows:
        return
    names = [name for name, _ in columns(key)]
    unknown = {k for row in rows for k in row} - set(names)
    if unknown:
        raise ValueError(f"{key}: unknown columns {sorted(unknown)}")
    placeholders = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})",
                    [[row.get(n) for n in names] for row in rows])
