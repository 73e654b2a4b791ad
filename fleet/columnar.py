"""Reading table columns straight into Arrow arrays, with no Python object per value.

A ``fetchall`` makes a Python tuple per row and a Python object per value, then
the frame is built again from them: on a million devices that is most of the
time of a footprint. Here the database itself lays each column out as one
buffer and Arrow's C++ parsers type it (docs/performance.md):

- **SQLite**: one aggregate query returns, per column, one ``group_concat`` blob.
  Numbers and dates are newline-separated text (Arrow's CSV parser reads them,
  typed); texts are their bytes concatenated plus their byte lengths, which
  become an Arrow string array's offsets as they are — any character, newlines
  and quotes included, survives. SQLite releases the GIL for the whole scan, so
  large tables are read as id ranges on several connections in parallel (only
  when the session holds no uncommitted write those connections could not see).
- **PostgreSQL**: ``COPY (SELECT …) TO STDOUT (FORMAT csv)`` on the session's own
  connection, parsed by the same Arrow CSV reader. NULL is an unquoted empty
  field, an empty text a quoted one, so the two stay apart.

Only the standard ``sqlite3`` module is used (the library SQLAlchemy already
loaded): a second SQLite library in the process breaks SQLite's POSIX locks.
"""

from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

Kind = Literal["int", "uint", "float", "bool", "date", "text"]

#: Below this many rows a parallel read costs more (threads, connections) than it saves.
PARALLEL_MIN_ROWS = 200_000
#: A PostgreSQL ``COPY`` is parsed by blocks of at least this many bytes while the
#: next rows arrive (:func:`read_postgres`): about 25,000 devices' engine columns.
PARSE_BLOCK_BYTES = 2 << 20

_ARROW_TYPES: dict[Kind, pa.DataType] = {
    "int": pa.int64(),
    #: Unsigned 64-bit numbers written as decimal text (the import's row hashes).
    "uint": pa.uint64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.timestamp("s"),
    #: pandas' own layout for Arrow-backed text (64-bit offsets): a frame takes the
    #: array as it is, where a 32-bit ``string`` would be copied whole.
    "text": pa.large_string(),
}


@dataclass(frozen=True)
class Column:
    """A column to read: its name in the result, its SQL expression and its kind."""

    name: str
    sql: str
    kind: Kind


@dataclass(frozen=True)
class Query:
    """``SELECT columns FROM table [alias] WHERE where`` with ``:name`` parameters."""

    table: str
    columns: Sequence[Column]
    where: str = ""
    params: Mapping[str, object] | None = None
    #: Integer primary-key expression, to split a large SQLite read into ranges.
    key: str = "id"


def read_sqlite(
    connection: sqlite3.Connection, query: Query, database: str | None
) -> dict[str, pa.ChunkedArray]:
    """The columns of ``query`` as Arrow arrays, read through ``connection``.

    ``database`` (the file) lets a large read run on parallel connections of
    its own; None (an in-memory database) or a connection inside a write
    transaction keeps the read on ``connection``, the only one that sees it all.
    """
    ranges: list[tuple[int, int] | None] = [None]
    if database is not None and not connection.in_transaction:
        ranges = _id_ranges(connection, query)
    if len(ranges) == 1:
        parts = [_sqlite_part(connection, query, ranges[0])]
    else:
        with ThreadPoolExecutor(len(ranges)) as pool:
            parts = list(pool.map(lambda r: _read_range(database, query, r), ranges))
    return {column.name: _joined([part[column.name] for part in parts]) for column in query.columns}


def _joined(arrays: list[pa.Array]) -> pa.ChunkedArray:
    """The parts of one column; as text if one part could not be typed."""
    if len({a.type for a in arrays}) > 1:
        arrays = [a.cast(pa.large_string()) for a in arrays]
    return pa.chunked_array(arrays)


def _id_ranges(connection: sqlite3.Connection, query: Query) -> list[tuple[int, int] | None]:
    """One range of keys per core for a large table, else a single unbounded read."""
    cores = min(os.cpu_count() or 1, 4)
    low, high = connection.execute(
        f"SELECT min({query.key}), max({query.key}) FROM {query.table}"
    ).fetchone()
    if cores < 2 or low is None or high - low + 1 < PARALLEL_MIN_ROWS:
        return [None]
    bounds = np.linspace(low, high + 1, cores + 1).astype(np.int64)
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _read_range(
    database: str | None, query: Query, bounds: tuple[int, int] | None
) -> dict[str, pa.Array]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
    try:
        return _sqlite_part(connection, query, bounds)
    finally:
        connection.close()


def _sqlite_part(
    connection: sqlite3.Connection, query: Query, bounds: tuple[int, int] | None
) -> dict[str, pa.Array]:
    """One aggregate query: a blob per number/date column, two per text column."""
    selected: list[str] = []
    for column in query.columns:
        value = f"COALESCE({column.sql}, '')"
        if column.kind == "text":
            selected.append(f"CAST(group_concat({value}, '') AS BLOB)")
            length = f"COALESCE(length(CAST({column.sql} AS BLOB)), -1)"
            selected.append(f"CAST(group_concat({length} || char(10), '') AS BLOB)")
        else:
            selected.append(f"CAST(group_concat({value} || char(10), '') AS BLOB)")
    clauses = [query.where] if query.where else []
    params: dict[str, object] = dict(query.params or {})
    if bounds is not None:
        clauses.append(f"{query.key} >= :_low AND {query.key} < :_high")
        params.update(_low=bounds[0], _high=bounds[1])
    where = " WHERE " + " AND ".join(f"({c})" for c in clauses) if clauses else ""
    sql = f"SELECT count(*), {', '.join(selected)} FROM {query.table}{where}"
    row = connection.execute(sql, params).fetchone()
    count: int = row[0]
    values = iter(row[1:])
    part: dict[str, pa.Array] = {}
    for column in query.columns:
        if column.kind == "text":
            data, lengths = next(values), _parse_lines(count, next(values), "int")
            part[column.name] = _text_array(count, data, lengths)
        else:
            parsed = _parse_lines(count, next(values), column.kind)
            if parsed is None:  # a stray newline in a value: this column row by row
                parsed = _fetched(connection, query, column, where, params)
            part[column.name] = parsed
    return part


def _text_array(count: int, data: bytes | None, lengths: pa.Array | None) -> pa.Array:
    """An Arrow text array from the concatenated bytes and each value's byte length
    (-1 for NULL): the lengths summed are the array's offsets, the bytes its data
    (``large_string``: the offsets are 64-bit, as pandas keeps them)."""
    if count == 0 or lengths is None:
        return pa.array([], type=pa.large_string())
    sizes = lengths.to_numpy(zero_copy_only=False)
    valid = sizes >= 0
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.where(valid, sizes, 0), out=offsets[1:])
    mask = None if valid.all() else pa.array(valid).buffers()[1]
    return pa.LargeStringArray.from_buffers(
        count, pa.py_buffer(offsets), pa.py_buffer(data or b""), mask
    )


def _parse_lines(count: int, blob: bytes | None, kind: Kind) -> pa.Array | None:
    """Values each ended by a newline (an empty line is NULL; SQLite writes the
    newlines, so the blob is never copied to end it) typed by Arrow's CSV parser;
    None when the lines do not match the rows (a value holding a newline)."""
    if count == 0 or not blob:
        return pa.array([], type=_ARROW_TYPES[kind])
    table = _read_csv(blob, {"v": kind}, quoted=False)
    array = table.column("v").combine_chunks()
    return array if len(array) == count else None


def _fetched(
    connection: sqlite3.Connection,
    query: Query,
    column: Column,
    where: str,
    params: Mapping[str, object],
) -> pa.Array:
    """One column fetched value by value, as text (the slow path for odd data)."""
    rows = connection.execute(f"SELECT {column.sql} FROM {query.table}{where}", params)
    return pa.array([None if v is None else str(v) for (v,) in rows], type=pa.large_string())


def read_postgres(cursor: Any, query: Query) -> dict[str, pa.ChunkedArray]:
    """The columns of ``query`` through ``COPY … TO STDOUT`` on a psycopg cursor
    (the session's own connection, so uncommitted writes are seen), in key order:
    the heap has no order once rows are updated, and the server sorts by the primary
    key (an index) for about a hundredth of a second on 100,000 devices where Arrow
    took a tenth and a half to put the columns in order afterwards.

    The server takes longer to produce the rows than the client to take them
    (:func:`_copy_out`): while it waits for more, the client hands the rows received
    so far to a parser thread by blocks (Arrow's parser releases the GIL), instead of
    parsing all the text once the last row is in. A block Arrow cannot type as asked
    makes the whole read text, as a single parse did."""
    select_list = ", ".join(c.sql for c in query.columns)
    where = f" WHERE {query.where}" if query.where else ""
    statement = (
        f"COPY (SELECT {select_list} FROM {query.table}{where} ORDER BY {query.key}) "
        "TO STDOUT (FORMAT csv)"
    )
    kinds = {c.name: c.kind for c in query.columns}
    buffer = io.BytesIO()
    blocks: list[bytes] = []
    parsed: list[Future[pa.Table]] = []
    # Without parameters psycopg leaves the statement as it is: a « % » stays single.
    params = dict(query.params or {})
    with ThreadPoolExecutor(1) as parser:

        def idle() -> None:
            """The server has sent nothing more yet: a large enough block of rows goes
            to the parser meanwhile (each row is one message, so a block ends where
            a row ends)."""
            if buffer.tell() >= PARSE_BLOCK_BYTES:
                blocks.append(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
                parsed.append(parser.submit(_read_csv, blocks[-1], kinds, True))

        with cursor.copy(pyformat(statement) if params else statement, params or None) as copy:
            _copy_out(cursor.connection, copy, buffer.write, idle)
        if buffer.tell():
            blocks.append(buffer.getvalue())
        tables = [block.result() for block in parsed]
    if not blocks:
        return {c.name: pa.chunked_array([], type=_ARROW_TYPES[c.kind]) for c in query.columns}
    tables += [_read_csv(block, kinds, quoted=True) for block in blocks[len(tables) :]]
    if len({t.schema for t in tables}) > 1:
        # A block Arrow could not type as asked: the whole read as text, as when the
        # rows were parsed at once.
        tables = [_read_csv(b"".join(blocks), kinds, quoted=True)]
    return {
        c.name: pa.chunked_array(
            [chunk for t in tables for chunk in t.column(c.name).chunks],
            type=tables[0].schema.field(c.name).type,
        )
        for c in query.columns
    }


def _copy_out(
    connection: Any, copy: Any, write: Callable[[Any], object], idle: Callable[[], None]
) -> None:
    """Every row of a ``COPY … TO STDOUT`` begun on ``connection`` (psycopg), given to
    ``write`` as it arrives; ``idle`` is called each time the rows received so far are
    all taken, before waiting for the server.

    libpq hands a ``COPY`` over one row per call: psycopg's own iteration runs its
    wait machinery for each (a generator and its driver per row, about 0.09 s of
    client time for 100,000 devices, two thirds of the whole read). The rows libpq
    has already received are taken here straight from the libpq connection
    (``PGconn.get_copy_data``, psycopg's public libpq wrapper) without waiting; only
    when none is left does psycopg's ``read`` wait for the server (with its handling
    of interruptions), and it returns the next row or, at the end, takes the final
    result itself. An end that libpq had already received is taken here as psycopg
    takes it: the final result, a refusal raised as psycopg raises it.
    """
    pgconn = connection.pgconn
    take = pgconn.get_copy_data
    while True:
        size, data = take(1)  # 1: never wait; 0 when no whole row is buffered
        if size > 0:
            write(data)
        elif size == 0:
            idle()
            block = copy.read()
            if not block:  # psycopg took the end
                return
            write(block)
        else:  # the end, already received
            break
    import psycopg

    results = []
    while (result := pgconn.get_result()) is not None:
        results.append(result)
    for result in results:
        if result.status != psycopg.pq.ExecStatus.COMMAND_OK:
            raise psycopg.errors.error_from_result(result, encoding=connection.info.encoding)


def pyformat(statement: str) -> str:
    """``:name`` placeholders (SQLite's, and what :class:`Query` holds) as psycopg's."""
    import re

    return re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", statement.replace("%", "%%"))


def _read_csv(data: bytes, kinds: Mapping[str, Kind], quoted: bool) -> pa.Table:
    """Headerless CSV typed per column; a column Arrow cannot type as asked (text in
    a number column, an odd date) is read as text and left to the caller to coerce.
    ``quoted``: fields may be quoted and hold newlines (PostgreSQL's CSV)."""
    names = list(kinds)
    options: dict[str, Any] = {
        "read_options": pcsv.ReadOptions(column_names=names),
        "parse_options": pcsv.ParseOptions(
            ignore_empty_lines=False, newlines_in_values=quoted, quote_char='"' if quoted else False
        ),
    }
    types = {n: _ARROW_TYPES[k] for n, k in kinds.items()}
    try:
        return pcsv.read_csv(io.BytesIO(data), **options, convert_options=_convert(types))
    except pa.ArrowInvalid:
        loose = {n: pa.large_string() for n in names}
        return pcsv.read_csv(io.BytesIO(data), **options, convert_options=_convert(loose))


def _convert(types: Mapping[str, pa.DataType]) -> pcsv.ConvertOptions:
    return pcsv.ConvertOptions(
        column_types=dict(types),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        true_values=["1", "t", "true"],
        false_values=["0", "f", "false"],
    )
