"""Writing registry chunks as CSV, XLSX or Parquet, with noise and chosen headers."""

import datetime as dt
import io
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..schema import REGISTRIES, Kind
from .noise import noise_column

GB18030_REGISTRIES = ("deaths", "cadres")  # delivered by offices that still export GBK
BOM_REGISTRIES = ("roll",)


def header(registry: str, column: str, headers: str) -> str:
    if column not in {c.name for c in REGISTRIES[registry].columns}:
        return column
    col = REGISTRIES[registry].column(column)
    text = col.zh if headers == "zh" else col.name
    return f" {text} " if column == "name" and registry == "roll" else text  # stray spaces in a header


def _kind(registry: str, column: str) -> Kind:
    cols = {c.name: c for c in REGISTRIES[registry].columns}
    return cols[column].kind if column in cols else Kind.TEXT


def _as_text(column: pa.Array, kind: Kind) -> pa.Array:
    if pa.types.is_date(column.type):
        return pc.strftime(column, format="%Y-%m-%d")
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, "是", "否")
    if pa.types.is_floating(column.type):
        return pc.cast(column, pa.string())
    return column


class ChunkWriter:
    """Appends clean chunks of one registry to one file, adding noise on the way."""

    def __init__(self, path: Path, registry: str, fmt: str, headers: str, noise: float, seed: int):
        self.path, self.registry, self.fmt, self.headers, self.noise = path, registry, fmt, headers, noise
        self.rng = np.random.default_rng([seed, 7, len(registry)])
        self.rnd = random.Random(f"{seed}-{registry}")
        self.rows = 0
        self._parquet = None
        self._xlsx = None
        self._csv = None

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0 and self.rows:
            return
        columns = {}
        for name in table.column_names:
            kind = _kind(self.registry, name)
            column = table.column(name).combine_chunks()
            idx, messy = noise_column(column, kind, name, self.noise, self.rng, self.rnd)
            columns[name] = self._apply(column, kind, idx, messy)
        self.rows += table.num_rows
        getattr(self, f"_write_{self.fmt}")(columns)

    def _apply(self, column: pa.Array, kind: Kind, idx: np.ndarray, messy: list[str]):
        typed = pa.types.is_date(column.type) or pa.types.is_floating(column.type) or pa.types.is_boolean(column.type)
        if self.fmt == "xlsx":
            values = column.to_pylist()
            for i, text in zip(idx.tolist(), messy):
                values[i] = text
            return values
        if self.fmt == "parquet" and typed:
            return column  # typed Parquet columns carry no spelling to mess up
        text = _as_text(column, kind)
        if len(idx):
            mask = np.zeros(len(column), dtype=bool)
            mask[idx] = True
            text = pc.replace_with_mask(text, pa.array(mask), pa.array(messy, pa.string()))
        return text

    def _names(self, columns) -> list[str]:
        return [header(self.registry, c, self.headers) for c in columns]

    def _write_parquet(self, columns) -> None:
        table = pa.table(dict(zip(self._names(columns), columns.values())))
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema, compression="snappy")
        self._parquet.write_table(table, row_group_size=1_000_000)

    def _write_csv(self, columns) -> None:
        table = pa.table(dict(zip(self._names(columns), columns.values())))
        buffer = io.BytesIO()
        first = self._csv is None
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=first, quoting_style="needed"))
        data = buffer.getvalue()
        if self.registry in GB18030_REGISTRIES:
            data = data.decode("utf-8").encode("gb18030")
        elif first and self.registry in BOM_REGISTRIES:
            data = b"\xef\xbb\xbf" + data
        if first:
            self._csv = open(self.path, "wb")
        self._csv.write(data)

    def _write_xlsx(self, columns) -> None:
        if self._xlsx is None:
            from openpyxl import Workbook

            self._xlsx = Workbook(write_only=True)
            self._sheet = self._xlsx.create_sheet(REGISTRIES[self.registry].zh[:31])
            self._sheet.append(self._names(columns))
        for row in zip(*columns.values()):
            self._sheet.append([_cell(v) for v in row])

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._csv is not None:
            self._csv.close()
        if self._xlsx is not None:
            self._xlsx.save(self.path)


def _cell(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value
