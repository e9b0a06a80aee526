"""Inserting many new model rows at once (the ledger import and its audit entries).

Django's bulk_create prepares every value of every row through the field API
(about 60 fields a clue): at 100,000 rows that alone was most of the import.
Here each field's conversion is chosen once per insert — text, numbers,
booleans and foreign keys go to the driver as they are, dates and decimals
through the backend's adapter, everything else through the field's own
get_db_prep_save. SQLite (≥ 3.35) gets multi-row INSERT … RETURNING (rows come
back in order, as Django's bulk_create relies on too); PostgreSQL gets the ids
from the sequence and the rows by COPY. Other databases fall back to bulk_create.
"""

import operator
from datetime import date, datetime
from decimal import Decimal

from django.db import connections, models, router
from django.utils import timezone

AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
ROWS_PER_STATEMENT = 500


def insert(model, objs: list) -> None:
    """INSERT `objs` (new instances without a pk) and set their primary keys."""
    if not objs:
        return
    conn = connections[router.db_for_write(model)]
    if not conn.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objs)
        return
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not (f is opts.pk and isinstance(f, models.AutoField))]
    now = timezone.now()
    for field in fields:  # what pre_save would do, with one timestamp for the whole insert
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    converted = [(i, c) for i, c in enumerate(_converter(f, conn) for f in fields) if c is not None]
    values_of = operator.itemgetter(*[f.attname for f in fields])
    quote = conn.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if conn.vendor == "postgresql":
        _insert_copied(conn, opts, objs, columns, values_of, converted)
        return
    with conn.cursor() as cursor:
        per_statement = max(1, min(ROWS_PER_STATEMENT, _max_params(conn) // len(fields)))
        for start in range(0, len(objs), per_statement):
            chunk = objs[start:start + per_statement]
            params = []
            for obj in chunk:
                values = list(values_of(obj.__dict__))
                for i, convert in converted:
                    values[i] = convert(values[i])
                params += values
            cursor.execute(
                f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))} "
                f"RETURNING {quote(opts.pk.column)}",
                params,
            )
            for obj, (pk,) in zip(chunk, cursor.fetchall()):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = conn.alias


def _insert_copied(conn, opts, objs, columns, values_of, converted) -> None:
    """PostgreSQL: the primary keys taken from the table's sequence in one query, then
    every row sent with COPY — a fraction of the server's work for as many INSERTs."""
    quote = conn.ops.quote_name
    table, pk = opts.db_table, opts.pk.column
    with conn.cursor() as cursor, conn.wrap_database_errors:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, pk, len(objs)])
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor  # the driver's cursor: Django's wrapper has no COPY
        with raw.copy(f"COPY {quote(table)} ({quote(pk)}, {columns}) FROM STDIN") as copy:
            for obj, pk_value in zip(objs, ids):
                values = list(values_of(obj.__dict__))
                for i, convert in converted:
                    values[i] = convert(values[i])
                copy.write_row([pk_value, *values])
    for obj, pk_value in zip(objs, ids):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = conn.alias


def _max_params(conn) -> int:
    getlimit = getattr(conn.connection, "getlimit", None)  # sqlite3 (Python ≥ 3.11): the real limit
    if getlimit is not None:
        import sqlite3

        return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return conn.features.max_query_params or 65535


def _converter(field, conn):
    """None when the driver takes the Python value as it is; else a function value -> parameter."""
    if isinstance(field, AS_IS) and not isinstance(field, models.JSONField):
        return None
    prepare = field.get_db_prep_save
    if isinstance(field, models.DecimalField):
        return lambda v: v if v is None or v.__class__ is Decimal else prepare(v, conn)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        adapt = conn.ops.adapt_datefield_value
        return lambda v: adapt(v) if v.__class__ is date else None if v is None else prepare(v, conn)
    last = [object(), None]  # the same value in a row (one timestamp, `{}`) is prepared once

    def convert(v):
        if v is None:
            return None
        if v.__class__ in (datetime, dict) and v.__class__ is last[0].__class__ and v == last[0]:
            return last[1]
        out = prepare(v, conn)
        last[0], last[1] = v, out
        return out

    return convert


def factory(model):
    """make(**attvalues) -> a new, unsaved `model` instance, built the way unpickling builds one
    (no per-field __init__, no init signals): defaults copied from one template, callable
    defaults called afresh. Keys are attnames (`owner_id`, not `owner`)."""
    from django.db.models.base import ModelState

    template = {}

    def make(**values):
        if not template:  # first use: the app registry is ready by now
            template["base"] = {k: v for k, v in model().__dict__.items() if k != "_state"}
            template["fresh"] = [(f.attname, f.default) for f in model._meta.concrete_fields
                                 if f.has_default() and callable(f.default)]
        obj = model.__new__(model)
        state = dict(template["base"])
        for name, default in template["fresh"]:
            state[name] = default()
        state.update(values)
        obj.__dict__.update(state)
        obj._state = ModelState()
        return obj

    return make
