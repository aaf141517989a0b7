"""Database connections: one store per region (``cn``, ``us``) and the global ``directory``.

All regional models belong to one Tortoise app; a query picks its region with ``using_db``.
Schemas are created and upgraded by aerich, one migration history per SQL dialect.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar, cast

import asyncpg
import orjson
from tortoise import Model, Tortoise, connections
from tortoise import timezone as tortoise_timezone
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DatetimeField, DecimalField, UUIDField
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.queryset import QuerySet

from gateway.errors import NotFound
from gateway.models import DIRECTORY_MODULES, REGIONAL_MODULES
from gateway.regions import REGIONS
from gateway.settings import Settings

__all__ = [
    "ALIASES",
    "close_db",
    "conn",
    "counting_queries",
    "directory_conn",
    "init_db",
    "insert_rows",
    "is_outage",
    "migrate",
    "new_ids",
    "new_models",
    "ping",
    "read_models",
    "select_models",
    "select_rows",
    "tortoise_config",
    "with_fields",
]

ALIASES: tuple[str, ...] = (*REGIONS, "directory")
_UNSEEN = object()
_NEVER_KEPT = object()  # a time zone no datetime has
MIGRATIONS = Path(__file__).parent / "migrations"


async def _release(connection: Any) -> None:
    """What a pooled connection goes through when it is released, beyond asyncpg's own step
    (rolling back a transaction left open): nothing.

    asyncpg's default also runs ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL`` — one more round trip for every query Tortoise sends outside a transaction, for
    session state Sellergate never sets (no SET, LISTEN, advisory lock or cursor outside a
    transaction). Code that starts using such state must reset it itself.
    """


def _connection(url: str, settings: Settings) -> Any:
    if url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        from tortoise.backends.base.config_generator import expand_db_url

        sep = "&" if "?" in url else "?"
        config = expand_db_url(f"{url}{sep}maxsize={settings.db_pool_max}&minsize=1")
        config["credentials"]["reset"] = _release
        return config
    return url


def tortoise_config(settings: Settings, *, regional_default: str | None = None) -> dict[str, Any]:
    """The Tortoise config; ``regional_default`` picks the connection migrations run against."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {
            alias: _connection(settings.database_url(alias), settings) for alias in ALIASES
        },
        "apps": {
            "regional": {
                "models": [*REGIONAL_MODULES],
                "default_connection": regional_default or settings.region,
            },
            "directory": {
                "models": [*DIRECTORY_MODULES],
                "default_connection": "directory",
            },
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def dialect(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


async def init_db(settings: Settings, *, migrate_first: bool = False) -> None:
    """Open the connections for this process (and bring the schemas up to date if asked)."""
    from gateway.privacy import vault
    from gateway.privacy.keyring import Keyring

    if migrate_first:
        await migrate(settings)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    vault.install(vault.Vault(Keyring(settings.master_key_list())))


async def close_db() -> None:
    await Tortoise.close_connections()


async def migrate(settings: Settings) -> list[str]:
    """Apply pending aerich migrations to both regional stores and the directory."""
    from aerich import Command

    applied: list[str] = []
    targets = [(alias, "regional") for alias in REGIONS] + [("directory", "directory")]
    for alias, app in targets:
        config = tortoise_config(settings, regional_default=alias if app == "regional" else None)
        config["apps"][app]["models"].append("aerich.models")
        location = MIGRATIONS / dialect(settings.database_url(alias))

        async def upgrade(config: dict[str, Any] = config, app: str = app,
                          location: Path = location) -> list[str]:
            async with Command(config, app=app, location=str(location)) as command:
                return await command.upgrade(run_in_transaction=True)

        # aerich keeps its Tortoise context in a context variable: a task of its own per
        # store keeps one store's context from leaking into the next.
        done = await asyncio.create_task(upgrade())
        applied.extend(f"{alias}:{name}" for name in done)
    return applied


def is_outage(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) means a store is down or restarting, not a bug."""
    import asyncpg
    from tortoise.exceptions import DBConnectionError

    outage = (OSError, TimeoutError, DBConnectionError, asyncpg.CannotConnectNowError,
              asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError,
              asyncpg.PostgresConnectionError, asyncpg.AdminShutdownError,
              asyncpg.TooManyConnectionsError,
              # a connection cut mid-protocol by a server restart
              asyncpg.exceptions._base.InternalClientError)
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, outage):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def conn(region: str) -> BaseDBAsyncClient:
    """The connection of a regional store."""
    if region not in REGIONS:
        raise NotFound(f"unknown region {region!r}")
    return connections.get(region)


def directory_conn() -> BaseDBAsyncClient:
    return connections.get("directory")


async def ping(alias: str) -> None:
    """Fail if the store behind ``alias`` does not answer."""
    await connections.get(alias).execute_query("SELECT 1")


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        if message.startswith(("Created connection pool", "Closed connection pool")):
            return
        self.statements.append(record.getMessage())


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect every SQL statement sent while inside the block (tests and benchmarks)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


M = TypeVar("M", bound=Model)
# Per model: (column, attribute, conversion kind, field) for every column, and whether the
# primary key is generated by the application.
_NATIVE, _TYPE, _COMPLEX, _DATETIME, _UUID = range(5)
_ROW_PLANS: dict[type[Model], tuple[list[tuple[str, str, int, Any]], bool]] = {}


def _row_plan(model: type[Model]) -> tuple[list[tuple[str, str, int, Any]], bool]:
    plan = _ROW_PLANS.get(model)
    if plan is None:
        meta = model._meta
        columns = [(key, attr, _NATIVE, field) for key, attr, field in meta.db_native_fields]
        columns += [(key, attr, _TYPE, field) for key, attr, field in meta.db_default_fields]
        for key, attr, field in meta.db_complex_fields:
            conversion = type(field).to_python_value
            kind = (_DATETIME if conversion is DatetimeField.to_python_value else
                    _UUID if conversion is UUIDField.to_python_value else _COMPLEX)
            columns.append((key, attr, kind, field))
        plan = _ROW_PLANS[model] = (columns,
                                    meta.db_pk_column not in meta.generated_db_fields)
    return plan


def _instance(model: type[M], *, saved: bool, custom_generated_pk: bool) -> M:
    """An instance of ``model`` with Tortoise's bookkeeping attributes and no field yet."""
    instance = model.__new__(model)
    instance.__dict__.update(_partial=False, _saved_in_db=saved,
                             _custom_generated_pk=custom_generated_pk, _await_when_save={})
    return instance


_BUILDERS: dict[type[Model], Callable[[Any, Any, Any], list[Any]]] = {}
try:  # asyncpg's own UUID class (a uuid.UUID): kept as it is, as UUIDField keeps it
    from asyncpg.pgproto.pgproto import UUID as _DRIVER_UUID
except ImportError:  # pragma: no cover - asyncpg is a dependency
    _DRIVER_UUID = uuid.UUID


def _builder(model: type[Model]) -> Callable[[Any, Any, Any], list[Any]]:
    """The function turning rows into instances of ``model``: the loop of ``read_models``,
    written out once per model (as ``dataclasses`` writes ``__init__``), so that each column's
    conversion is a line of its own instead of a dispatch on its kind for every value."""
    build = _BUILDERS.get(model)
    if build is not None:
        return build
    columns, custom_generated_pk = _row_plan(model)
    names: dict[str, Any] = {"new": Model.__new__, "model": model, "UUID": uuid.UUID,
                             "DriverUUID": _DRIVER_UUID,
                             "datetime": datetime, "make_aware": tortoise_timezone.make_aware,
                             "custom_pk": custom_generated_pk}
    body = ["def build(rows, zone, kept):", "    found = []", "    for row in rows:"]
    for n, (key, _attr, kind, field) in enumerate(columns):
        value = f"v{n}"
        body.append(f"        {value} = row[{key!r}]")
        if kind == _TYPE:
            names[f"type{n}"] = field.field_type
            body.append(f"        if {value} is not None: {value} = type{n}({value})")
        elif kind == _UUID:
            names[f"convert{n}"] = field.to_python_value
            body.append(f"        if {value} is not None and {value}.__class__ is not UUID "
                        f"and {value}.__class__ is not DriverUUID: {value} = convert{n}({value})")
        elif kind == _DATETIME:
            names[f"convert{n}"] = field.to_python_value
            body += [f"        if {value}.__class__ is datetime and zone is not None:",
                     f"            if {value}.tzinfo is None: {value} = make_aware({value})",
                     f"            elif {value}.tzinfo is not kept: "
                     f"{value} = {value}.astimezone(zone)",
                     "        else:",
                     f"            {value} = convert{n}({value})"]
        elif kind == _COMPLEX:
            names[f"convert{n}"] = field.to_python_value
            if type(field).to_python_value is CharEnumFieldInstance.to_python_value:
                # ``enum_type(value)``, by its table of members when the value is one.
                names[f"members{n}"] = field.enum_type._value2member_map_
                body.append(f"        m = members{n}.get({value}) if {value}.__class__ is str "
                            "else None")
                body.append(f"        {value} = m if m is not None else convert{n}({value})")
            else:
                body.append(f"        {value} = convert{n}({value})")
    fields = ", ".join(f"{attr!r}: v{n}" for n, (_key, attr, _kind, _field) in enumerate(columns))
    body += ["        instance = new(model)",
             "        instance.__dict__.update({'_partial': False, '_saved_in_db': True, "
             "'_custom_generated_pk': custom_pk, '_await_when_save': {}, " + fields + "})",
             "        found.append(instance)",
             "    return found"]
    exec("\n".join(body), names)  # noqa: S102 - the text is made of the model's own names
    build = _BUILDERS[model] = names["build"]
    return build


async def read_models(query: QuerySet[M]) -> list[M]:
    """``await query`` for read paths that load many rows: the same SQL on the same
    connection, the same model instances, built several times faster.

    Tortoise builds each row through ``Model._init_from_db`` and the models' ``__setattr__``
    (about 7 µs a row); a page of 50 orders with its items, buyers, shipments and events is
    about 500 rows. Here each row gets the same per-column conversions as ``_init_from_db``
    (none where the driver already gives the Python value, ``field_type(value)``, or
    ``to_python_value``) and becomes an instance with one ``__dict__`` update. Two conversions
    are done inline, with the same values: a UUID the driver already decoded is kept, and a
    datetime is moved to Tortoise's time zone read once per query (``DatetimeField`` reads the
    environment for it on every value) — or kept, when it is in UTC and so is that zone
    (``_instances``). A query with ``select_related``,
    ``prefetch_related``, annotations or ``.only()`` is awaited as it is.
    """
    if (query._select_related or query._prefetch_map or query._prefetch_queries
            or query._annotations or query._fields_for_select or query._single):
        return await query
    if query._db is None:
        query._db = query._choose_db(query._select_for_update)
    query._make_query()
    _, rows = await query._db.execute_query(*query.query.get_parameterized_sql())
    return _instances(query.model, rows)


def _instances(model: type[M], rows: Any) -> list[M]:
    """``rows`` as instances of ``model``, datetimes in Tortoise's time zone read once.

    Where that zone is UTC (Sellergate's configuration), a datetime the driver gives in UTC
    (``datetime.UTC``, as asyncpg gives every ``timestamptz``) is kept as it is: the
    same instant in the same zone, without ``astimezone`` making a copy whose ``tzinfo`` is
    Tortoise's ``ZoneInfo("UTC")`` (about a tenth of a millisecond for a page's 600 values).
    """
    zone = tortoise_timezone.get_default_timezone() if tortoise_timezone.get_use_tz() else None
    kept = UTC if getattr(zone, "key", None) == "UTC" else _NEVER_KEPT
    return _builder(model)(rows, zone, kept)


# Per (model, statement, dialect, key count on SQLite, fields): the SQL text of
# ``select_models`` and the parameters in the order its placeholders take them (0: the keys).
_SELECTS: dict[tuple[type[Model], str, str, int, tuple[str, ...] | None],
               tuple[str, list[int]]] = {}
_PLACEHOLDER = re.compile(r"\{(keys|p\d+)\}")


def _select_sql(model: type[Model], rest: str, dialect_name: str, count: int,
                fields: tuple[str, ...] | None = None) -> tuple[str, list[int]]:
    postgres = dialect_name == "postgres"
    key = (model, rest, dialect_name, 0 if postgres else count, fields)
    found = _SELECTS.get(key)
    if found is None:
        order: list[int] = []

        def placeholder(match: re.Match[str]) -> str:
            name = match.group(1)
            number = 0 if name == "keys" else int(name[1:])
            order.append(number)
            if postgres:
                return "= ANY($1)" if number == 0 else f"${number}"
            return f"IN ({', '.join('?' * count)})" if number == 0 else "?"

        table = model._meta.db_table
        projection = model._meta.fields_db_projection
        columns = ", ".join(f'"{table}"."{projection[name]}"'
                            for name in (projection if fields is None else fields))
        tail = _PLACEHOLDER.sub(placeholder, rest)
        # Names come from the model's definition and the caller's own text, never from input;
        # the values are parameters.
        found = _SELECTS[key] = (f'SELECT {columns} FROM "{table}" {tail}',  # noqa: S608
                                 order)
    return found


def _parameter(value: Any, postgres: bool) -> Any:
    """A value as Tortoise's fields send it: an enum's value; a UUID as text on SQLite."""
    if isinstance(value, Enum):
        return value.value
    if not postgres and isinstance(value, uuid.UUID):
        return str(value)
    return value


def _statement(model: type[Model], db: BaseDBAsyncClient, rest: str,
               keys: Iterable[Any] | None, params: tuple[Any, ...],
               fields: tuple[str, ...] | None = None) -> tuple[str, list[Any]] | None:
    """The SQL text and values of ``select_models``/``select_rows``; None for no keys."""
    wanted = None if keys is None else list(keys)
    if wanted is not None and not wanted:
        return None
    name = db.capabilities.dialect
    postgres = name == "postgres"
    sql, order = _select_sql(model, rest, name, 0 if wanted is None else len(wanted), fields)
    first = 1 if wanted is None else 2
    if (wanted is not None) != (0 in order) or any(
            number and not first <= number < first + len(params) for number in order):
        raise ValueError(f"statement {rest!r} does not match its keys and {len(params)} "
                         "parameters")
    values: list[Any] = []
    if postgres:
        if wanted is not None:
            values.append(wanted)
        values += [_parameter(value, True) for value in params]
    else:
        for number in order:
            if number == 0:
                values += [_parameter(value, False) for value in wanted or ()]
            else:
                values.append(_parameter(params[number - first], False))
    return sql, values


async def select_models(model: type[M], db: BaseDBAsyncClient, rest: str,
                        keys: Iterable[Any] | None, *params: Any) -> list[M]:
    """Instances of ``model`` from hand-written SQL: ``SELECT <every column of model> FROM
    <its table> <rest>``, the text built once per statement instead of by Tortoise's query
    builder on every call (about a quarter of a millisecond for a dataloader's query).

    ``rest`` holds the joins, the conditions, the order and the limit. ``{keys}`` in it stands
    for membership in ``keys`` (``= ANY($1)`` on PostgreSQL, one statement text whatever their
    number; ``IN (?, ...)`` on SQLite), and ``{p2}``, ``{p3}``, ... for ``params`` in that
    order — ``{p1}``, ``{p2}``, ... when ``keys`` is None (no ``{keys}``). A placeholder may
    appear more than once. Rows become instances as in :func:`read_models`.
    """
    statement = _statement(model, db, rest, keys, params)
    if statement is None:
        return []
    _, rows = await db.execute_query(*statement)
    return _instances(model, rows)


async def select_rows(model: type[M], db: BaseDBAsyncClient, rest: str,
                      keys: Iterable[Any] | None, *params: Any,
                      fields: Sequence[str] | None = None) -> list[M]:
    """``select_models`` for reading only: rows that read as instances of ``model`` — each
    of ``fields`` (attribute names, foreign keys as ``<name>_id``; all the model's by default)
    by its name, and ``pk`` when the primary key is among them, with the values the model's
    instances hold — but cannot be saved, changed or followed to related models.

    On PostgreSQL (through asyncpg, in Tortoise's UTC zone) only ``fields`` are selected, and
    each row is the driver's own record, of a subclass of ``asyncpg.Record`` made once per
    model and fields (:func:`row_class`): a row costs no Python work until an attribute is
    read, and a field not selected is not an attribute. A page of orders reads about 500 rows;
    building a model instance for each was a tenth of the read path's time, and decoding and
    freeing the columns nobody reads a good part of the rest. Elsewhere (SQLite, another
    zone) they are the model's whole instances, as ``select_models`` gives them.
    """
    wanted = None if fields is None else _fields(model, fields)
    if not isinstance(db, AsyncpgDBClient) or not _utc_kept():
        return await select_models(model, db, rest, keys, *params)
    statement = _statement(model, db, rest, keys, params, wanted)
    if statement is None:
        return []
    sql, values = statement
    # Through Tortoise's error translation, and logged as Tortoise logs a statement
    # (``counting_queries`` counts it).
    found = await db._translate_exceptions(_fetch, sql, values, row_class(model, wanted))
    return cast(list[M], found)


def with_fields(fields: Sequence[str] | None, default: tuple[str, ...] | None,
                *needed: str) -> tuple[str, ...] | None:
    """The ``fields`` a caller asks ``select_rows`` for, with the ``needed`` ones a service
    reads itself (its keys, a cursor's columns) first; ``default`` when the caller names
    none (None: all of them)."""
    if fields is None:
        return default
    return (*needed, *(name for name in fields if name not in needed))


_CHECKED_FIELDS: set[tuple[type[Model], tuple[str, ...]]] = set()


def _fields(model: type[Model], fields: Sequence[str]) -> tuple[str, ...]:
    """``fields`` as a tuple, checked once per model and list (every request reads a few)."""
    wanted = tuple(fields)
    if (model, wanted) in _CHECKED_FIELDS:
        return wanted
    unknown = [name for name in wanted if name not in model._meta.fields_db_projection]
    if unknown or not wanted or len(set(wanted)) != len(wanted):
        raise ValueError(f"{model.__name__} fields {wanted!r}: unknown {unknown}, or none, "
                         "or repeated")
    _CHECKED_FIELDS.add((model, wanted))
    return wanted


async def _fetch(db: AsyncpgDBClient, sql: str, values: list[Any],
                 record_class: type[asyncpg.Record]) -> list[asyncpg.Record]:
    async with db.acquire_connection() as connection:
        db.log.debug("%s: %s", sql, values)
        return cast(list[asyncpg.Record],
                    await connection.fetch(sql, *values, record_class=record_class))


def _utc_kept() -> bool:
    """Whether a datetime asyncpg gives (in UTC) is the one the models hold: Tortoise's time
    zone is UTC (Sellergate's configuration; see ``_instances``)."""
    if not tortoise_timezone.get_use_tz():
        return False
    return getattr(tortoise_timezone.get_default_timezone(), "key", None) == "UTC"


_ROW_CLASSES: dict[tuple[type[Model], tuple[str, ...] | None], type[asyncpg.Record]] = {}


def row_class(model: type[Model], fields: tuple[str, ...] | None = None) -> type[asyncpg.Record]:
    """The record class of ``select_rows`` for ``model`` and ``fields`` (all by default): a
    property per field, reading the record's value at the field's position in the SELECT.

    Most properties are the item itself (``property(itemgetter(i))``, read in C): asyncpg
    already gives what the field holds — text, numbers, booleans, UUIDs, datetimes in UTC,
    decimals at the column's declared scale (a ``DecimalField``'s ``NUMERIC(digits, places)``
    returns exactly ``places`` decimals, what its quantizing gives). An enum field gives its
    member; any other field is converted by its own ``to_python_value`` on each read.
    """
    found = _ROW_CLASSES.get((model, fields))
    if found is not None:
        return found
    columns, _custom_pk = _row_plan(model)
    kinds = {attr: (kind, field) for _key, attr, kind, field in columns}
    namespace: dict[str, Any] = {"__slots__": (), "__module__": __name__,
                                 "__doc__": f"A read-only row of {model.__name__}."}
    for index, attr in enumerate(model._meta.fields_db_projection if fields is None
                                 else fields):
        kind, field = kinds[attr]
        direct = (kind in (_NATIVE, _UUID, _DATETIME)
                  or (kind == _TYPE and field.field_type in (bool, int, float, str))
                  or isinstance(field, DecimalField))
        if direct:
            namespace[attr] = property(itemgetter(index))
        elif type(field).to_python_value is CharEnumFieldInstance.to_python_value:
            namespace[attr] = property(_member(index, field.enum_type._value2member_map_,
                                               field.to_python_value))
        else:
            namespace[attr] = property(_converted(index, field.to_python_value))
    if model._meta.pk_attr in namespace:
        namespace["pk"] = namespace[model._meta.pk_attr]
    found = _ROW_CLASSES[(model, fields)] = type(f"{model.__name__}Row", (asyncpg.Record,),
                                                 namespace)
    return found


def _member(index: int, members: dict[Any, Any],
            convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(row: Any) -> Any:
        value = row[index]
        member = members.get(value) if value.__class__ is str else None
        return member if member is not None else convert(value)
    return read


def _converted(index: int, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(row: Any) -> Any:
        return convert(row[index])
    return read


def new_models(model: type[M], rows: Iterable[dict[str, Any]]) -> list[M]:
    """Unsaved instances of ``model`` for ``bulk_create``, one per dict of field values, built
    without ``Model.__init__``'s per-field work (about 4 µs a field).

    Each dict names every database field of the model, with the Python value ``__init__``
    would keep (no defaults filled, no conversion; ``bulk_create`` validates each value as it
    writes it). For the audit log's rows: a page of orders writes one per buyer read.
    """
    meta = model._meta
    names = set(meta.fields_db_projection)
    built = []
    for row in rows:
        if row.keys() != names:
            raise ValueError(f"{model.__name__} needs exactly the fields {sorted(names)}, "
                             f"got {sorted(row)}")
        instance = _instance(model, saved=False, custom_generated_pk=False)
        instance.__dict__.update(row)
        built.append(instance)
    return built


# Per (model, fields shared by all rows): the INSERT ... SELECT FROM json_array_elements(...)
# statement and the fields each row gives, in order (None where a field's value cannot travel
# as JSON: bulk_create then).
_JSON_INSERTS: dict[tuple[type[Model], frozenset[str]], tuple[str, list[str]] | None] = {}


def _json_insert(model: type[Model], shared: frozenset[str] = frozenset()
                 ) -> tuple[str, list[str]] | None:
    """The statement writing the rows of ``$1`` (a JSON array of arrays: each row's values of
    the fields not ``shared``, in order) with the values of ``$2`` (one JSON array: those of
    the ``shared`` fields, in order, written to every row)."""
    key = (model, shared)
    if key in _JSON_INSERTS:
        return _JSON_INSERTS[key]
    meta = model._meta
    names = list(meta.fields_db_projection)
    per_row = [name for name in names if name not in shared]
    in_all = [name for name in names if name in shared]
    columns, values = [], []
    found: tuple[str, list[str]] | None = None
    for name in names:
        field = meta.fields_map[name]
        # The type without its length (VARCHAR(20) -> VARCHAR): an explicit cast would
        # cut a longer value short, where storing it into the column refuses it.
        sql_type = field.get_for_dialect("postgres", "SQL_TYPE").split("(")[0]
        if sql_type.upper() == "BYTEA":
            break
        columns.append(f'"{meta.fields_db_projection[name]}"')
        values.append(f"(s->>{in_all.index(name)})::{sql_type}" if name in shared
                      else f"(e->>{per_row.index(name)})::{sql_type}")
    else:
        # Names and types come from the model's definition, never from input; the values
        # are two parameters.
        found = (f'INSERT INTO "{meta.db_table}" ({",".join(columns)}) '  # noqa: S608
                 f'SELECT {",".join(values)} FROM json_array_elements($1::json) AS e, '
                 '(SELECT $2::json AS s) AS shared', per_row)
    _JSON_INSERTS[key] = found
    return found


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


async def insert_rows(model: type[M], rows: Iterable[dict[str, Any]],
                      db: BaseDBAsyncClient) -> int:
    """Insert ``rows`` (dicts as for :func:`new_models`) into ``model``'s table in one statement.

    On PostgreSQL, one ``INSERT ... SELECT (e->>0)::uuid, ... FROM json_array_elements($1)``
    with all the rows as one JSON array, instead of ``bulk_create``'s statement per row
    (asyncpg's ``executemany``): the values go through the same ``to_db_value`` conversions
    (and their validation), then travel as text, which asyncpg sends without a check per
    value (arrays cost it two ``isinstance`` checks against abstract classes per text value).
    A value every row holds (the very same object: the rows' shared time, actor, purpose,
    ...) is converted and sent once, for all of them. Elsewhere (SQLite, in process),
    ``bulk_create``. Returns the number of rows written.
    """
    instances = new_models(model, rows)
    if not instances:
        return 0
    if db.capabilities.dialect != "postgres" or _json_insert(model) is None:
        await model.bulk_create(instances, using_db=db)
        return len(instances)
    first = instances[0]
    shared_values: list[Any] = []
    shared: list[str] = []
    converters: dict[str, tuple[Callable[[Any, Any], Any], bool, bool]] = {}
    for name in model._meta.fields_db_projection:
        field = model._meta.fields_map[name]
        # An automatic time's conversion sets the instance's attribute (always with
        # auto_now; when unset with auto_now_add): made for each row.
        always = bool(getattr(field, "auto_now", False))
        when_unset = always or bool(getattr(field, "auto_now_add", False))
        value = first.__dict__[name]
        # (Among two rows or more: the statement's text depends on which fields are shared,
        # and a single row would share them all.)
        if len(instances) > 1 and not (always or (when_unset and value is None)) and all(
                instance.__dict__[name] is value for instance in instances):
            shared.append(name)
            shared_values.append(field.to_db_value(value, first))
            continue
        converters[name] = (field.to_db_value, always, when_unset)
    statement = _json_insert(model, frozenset(shared))
    assert statement is not None
    sql, names = statement
    columns: list[tuple[str, Callable[[Any, Any], Any], bool, bool, dict[int, Any]]] = [
        (name, *converters[name], {}) for name in names]
    values = []
    for instance in instances:
        row = []
        for name, convert, always, when_unset, seen in columns:
            value = getattr(instance, name)
            if always or (when_unset and value is None):
                row.append(convert(value, instance))
                continue
            # A value met again in a column is converted once (a conversion depends on the
            # value alone). By identity: the instances hold every value alive, so no id is
            # reused meanwhile.
            converted = seen.get(id(value), _UNSEEN)
            if converted is _UNSEEN:
                converted = seen[id(value)] = convert(value, instance)
            row.append(converted)
        values.append(row)
    await db.execute_query(sql, [orjson.dumps(values, default=_json_default).decode(),
                                 orjson.dumps(shared_values, default=_json_default).decode()])
    return len(instances)


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` random (version 4) UUIDs for new rows, from one read of the system's random
    source, as the driver's UUID class (a ``uuid.UUID`` whose ``str`` is written in C): a
    fraction of what ``uuid.uuid4()`` costs per id, for the audit rows of a page."""
    raw = bytearray(os.urandom(16 * count))
    for at in range(0, 16 * count, 16):
        raw[at + 6] = raw[at + 6] & 0x0F | 0x40  # version 4
        raw[at + 8] = raw[at + 8] & 0x3F | 0x80  # RFC 4122 variant
    if _DRIVER_UUID is uuid.UUID:  # pragma: no cover - asyncpg is a dependency
        return [uuid.UUID(bytes=bytes(raw[at:at + 16])) for at in range(0, 16 * count, 16)]
    return [_DRIVER_UUID(bytes(raw[at:at + 16])) for at in range(0, 16 * count, 16)]
