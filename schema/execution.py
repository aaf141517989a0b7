"""Planned execution: queries run from a plan built once per operation, level by level.

graphql-core completes every field of every object on its own: it looks the field up, builds a
resolve-info, calls the resolver, checks for awaitables and completes the value, at roughly
10 µs a field — most of a request's time for a page of orders (about 1,600 fields). For a query,
the work that depends only on the operation (which fields, their definitions, resolvers,
return types, sub-selections) is the same for every request, so it is done once, into a plan,
and cached by the operation's text.

A plan runs breadth-first: a selection is resolved for all the objects of a level together
(all 50 orders, then all their items, ...). Fields without a resolver read the attribute the
way Strawberry's default resolver does, without a resolve-info; fields with a resolver get a
resolve-info and run behind their field extensions (``@requires``, ``@consent``,
``@sensitive``) — the chain Strawberry builds on every call, built once per plan where the
resolver takes no arguments, Strawberry's own wrapper otherwise — and the awaitables of a level
are awaited together, so dataloaders batch as before. A field with a form for a whole level
(a resolver marked with ``schema.loaders.batched``, or behind ``FieldRules`` alone, which
checks the caller's permission once) is resolved with one call for all the level's objects.
Results, errors (messages, paths, locations) and null propagation follow graphql-core's rules;
the test suite runs the same operations through both executors and compares the answers.

What a plan does not handle runs on graphql-core's executor, unchanged: mutations and
subscriptions, abstract types (interfaces, unions), ``@defer``/``@stream``, fragment arguments,
resolve middleware (a schema extension with a ``resolve`` hook), an abort signal, and
synchronous execution (``Schema.execute_sync`` outside an event loop). ``@skip``/``@include``
only disable the plan cache (the plan is built for the request's variables).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial, reduce
from operator import attrgetter
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    OperationType,
    Undefined,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    located_error,
)
from graphql.execution.collect_fields import collect_subfields
from graphql.execution.values import get_argument_values
from graphql.language import DirectiveNode, Visitor, visit
from graphql.pyutils import Path, inspect, is_iterable
from graphql.type.definition import GraphQLResolveInfoHelpers
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT
from strawberry.extensions.field_extension import FieldExtension, build_field_extension_resolvers
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import Info
from strawberry.types.fields.resolver import PARENT_PARAMSPEC

from gateway.lru import LRU

__all__ = ["PLAN_CACHE_SIZE", "STATS", "PlannedExecution"]

PLAN_CACHE_SIZE = 256

_LEAF, _LIST, _OBJECT = 0, 1, 2
# ``Path(prev, key, typename)`` without the call of the named tuple's generated ``__new__``:
# the same tuple, made for every object of a level.
_path = tuple.__new__
_TEXT_SCALARS = (GraphQLString, GraphQLID)
_MIN_INT, _MAX_INT = GRAPHQL_MIN_INT, GRAPHQL_MAX_INT


class _Unplannable(Exception):
    """The operation uses something plans do not handle: graphql-core runs it."""


class _Completion:
    """How a field's value is completed: the shape of its return type."""

    __slots__ = ("fields", "inner", "integer", "is_type_of", "kind", "leaf", "memo", "nonnull",
                 "object_type", "text")

    def __init__(self, return_type: GraphQLOutputType) -> None:
        self.nonnull = is_non_null_type(return_type)
        base = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        self.inner: _Completion | None = None
        self.fields: list[_FieldPlan] = []
        self.object_type: GraphQLObjectType | None = None
        self.leaf: Any = None
        self.text = self.integer = False
        self.is_type_of: Any = None
        self.memo: dict[Any, Any] | None = None
        if is_list_type(base):
            assert isinstance(base, GraphQLList)
            self.kind = _LIST
            self.inner = _Completion(base.of_type)
        elif is_leaf_type(base):
            self.kind = _LEAF
            self.leaf = base
            self.text = base in _TEXT_SCALARS
            self.integer = base is GraphQLInt
            # An enum's output depends on its value only, and there are few: remembered.
            self.memo = {} if isinstance(base, GraphQLEnumType) else None
        elif is_object_type(base):
            assert isinstance(base, GraphQLObjectType)
            self.kind = _OBJECT
            self.object_type = base
            self.is_type_of = base.is_type_of
        else:  # interfaces and unions: their runtime type is resolved per value
            raise _Unplannable(f"abstract type {base}")

    def objects(self) -> _Completion | None:
        """The object completion under the lists and non-nulls, if any."""
        node: _Completion | None = self
        while node is not None and node.kind == _LIST:
            node = node.inner
        return node if node is not None and node.kind == _OBJECT else None


class _FieldPlan:
    """One response key of a selection: the field, how to resolve it, how to complete it."""

    __slots__ = ("attr", "batch", "completion", "definition", "direct", "field_def", "key",
                 "name", "nodes", "objects", "parent_type", "resolve", "typename")

    def __init__(self, key: str, parent_type: GraphQLObjectType, details: Sequence[Any],
                 field_def: GraphQLField | None) -> None:
        self.key = key
        self.nodes: list[FieldNode] = [d.node for d in details]
        self.name = self.nodes[0].name.value
        self.parent_type = parent_type
        self.typename = self.name == "__typename"
        self.attr: Callable[[Any], Any] | None = None
        self.batch: Callable[[list[Any], Any], Any] | None = None
        self.resolve: Any = None
        # The object completion under the field's lists and non-nulls: its sub-selection.
        self.objects: _Completion | None = None
        if self.typename:
            self.field_def = None
            self.completion = None
            return
        if field_def is None:
            raise _Unplannable(f"no field {parent_type.name}.{self.name}")
        self.field_def = field_def
        self.resolve = field_def.resolve
        if self.resolve is None:
            raise _Unplannable(f"{parent_type.name}.{self.name} has no resolver")
        definition = (field_def.extensions or {}).get("strawberry-definition")
        if (definition is not None and definition.is_basic_field
                and getattr(self.resolve, "__name__", "") == "_get_basic_result"):
            # Strawberry's resolver for a field with no resolver, no field extension and no
            # exception handler: it reads the attribute, nothing else.
            self.attr = attrgetter(definition.python_name)
        self.completion = _Completion(field_def.type)
        self.objects = self.completion.objects()
        self.definition: Any = definition
        self.direct: Callable[[Any, Any], Any] | None = None
        if self.attr is None and definition is not None and not field_def.args:
            self.direct = _direct_call(definition, self.resolve)
            if (self.direct is not None and not definition.extensions
                    and definition.base_resolver is not None):
                # A resolver with a form for a level of objects (``schema.loaders.batched``).
                self.batch = getattr(definition.base_resolver.wrapped_func, "batched", None)
            elif (self.direct is not None and len(definition.extensions) == 1
                    and not definition.is_async):
                # A sync field behind one extension that can take a level of objects at once
                # (``FieldRules.resolve_level``: one permission check, a read noted per object).
                level = getattr(definition.extensions[0], "resolve_level", None)
                base = _base_call(definition)
                if level is not None and base is not None:
                    self.batch = partial(level, base)


def _has_exception_handlers(resolve: Any) -> bool:
    """Whether Strawberry wrapped this resolver with field exception handlers (or it cannot be
    told): such a resolver is always called through Strawberry."""
    code = getattr(resolve, "__code__", None)
    closure = getattr(resolve, "__closure__", None)
    if code is None or closure is None:
        return True
    cells = dict(zip(code.co_freevars, closure, strict=True))
    if "field_exception_handlers" not in cells:
        return True
    return bool(cells["field_exception_handlers"].cell_contents)


def _direct_call(definition: Any, resolve: Any) -> Callable[[Any, Any], Any] | None:
    """The field's resolver behind its field extensions, called as Strawberry calls them but
    without Strawberry's per-call argument handling; None where that handling matters.

    Covers a resolver taking only ``self`` and ``info`` (``Order.items``) or only ``self``
    (``Buyer.name``), and a field without a resolver whose extensions read its attribute.
    Arguments, ``root``/``parent`` parameters, argument-mapping extensions and exception
    handlers keep Strawberry's path.
    """
    if _has_exception_handlers(resolve):
        return None
    base = _base_call(definition)
    if base is None:
        return None
    if not definition.extensions:
        return base
    if any(type(extension).map_arguments is not FieldExtension.map_arguments
           for extension in definition.extensions):
        return None
    # The chain Strawberry builds on every call, built once.
    return reduce(lambda chained, next_: partial(next_, chained),
                  build_field_extension_resolvers(definition), base)


def _base_call(definition: Any) -> Callable[..., Any] | None:
    """The field's own resolver, called as Strawberry calls it (see ``_direct_call``)."""
    resolver = definition.base_resolver
    base: Callable[..., Any]
    if resolver is None:
        getter = attrgetter(definition.python_name)

        def base(source: Any, info: Any, **_: Any) -> Any:
            return getter(source)
    else:
        info_parameter = resolver.info_parameter
        if (resolver.arguments or resolver.self_parameter is None
                or resolver.root_parameter is not None
                or resolver.reserved_parameters.get(PARENT_PARAMSPEC) is not None
                or not callable(resolver.wrapped_func)):
            return None
        func = resolver.wrapped_func
        if info_parameter is None:  # ``def _name(self)``: the object only

            def base(source: Any, info: Any, **_: Any) -> Any:
                return func(source)
        else:
            info_name = info_parameter.name

            def base(source: Any, info: Any, **_: Any) -> Any:
                return func(source, **{info_name: info})
    return base


def _settle(column: list[Any], values: Any) -> None:
    """A batched field's values (or its error) into the level's column, one per object."""
    if isinstance(values, Exception):  # failed for every object
        column[:] = [values] * len(column)
    elif len(values) != len(column):
        column[:] = [RuntimeError(f"a batched resolver gave {len(values)} values for "
                                  f"{len(column)} objects")] * len(column)
    else:
        column[:] = values


class _Plan:
    """The root selection of a query operation, and the fields it selects of each object
    type (``selected``: type name -> field names, fragments and aliases resolved)."""

    __slots__ = ("fields", "selected")

    def __init__(self, fields: list[_FieldPlan]) -> None:
        self.fields = fields
        selected: dict[str, set[str]] = {}
        pending = [fields]
        while pending:
            for field in pending.pop():
                selected.setdefault(field.parent_type.name, set()).add(field.name)
                if field.objects is not None:
                    pending.append(field.objects.fields)
        self.selected = {name: frozenset(names) for name, names in selected.items()}


class _Nulled:
    """An object nulled by a non-null field's error; the error travels up to a nullable place."""

    __slots__ = ("error",)

    def __init__(self, error: GraphQLError) -> None:
        self.error = error


class _Propagate(Exception):
    def __init__(self, error: GraphQLError) -> None:
        self.error = error


# Operations run each way since the process started (tests and the benchmark read it).
STATS: Counter[str] = Counter()


class _Plans:
    """One schema's plans, by query text and operation name, and the operations it cannot
    plan (with why), least recently used first out."""

    __slots__ = ("plans", "unplannable")

    def __init__(self) -> None:
        self.plans: LRU[tuple[str, str | None], _Plan] = LRU(PLAN_CACHE_SIZE)
        self.unplannable: LRU[tuple[str, str | None], str] = LRU(PLAN_CACHE_SIZE)


# Per schema, and gone with it (an id could be reused by a later schema).
_by_schema: WeakKeyDictionary[GraphQLSchema, _Plans] = WeakKeyDictionary()


class _FindDirectives(Visitor):
    found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        self.found = True
        return self.BREAK


class PlannedExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with query operations run from a cached plan."""

    # graphql-core keeps, on the execution context, helpers holding two of its bound methods:
    # a reference cycle that keeps the context, and through it the request's whole answer,
    # alive until the garbage collector's next pass over older objects. Here they are kept
    # only while a plan runs (``_run`` drops them), and built on each use otherwise.
    @property
    def async_helpers(self) -> GraphQLResolveInfoHelpers:
        helpers: GraphQLResolveInfoHelpers | None = self.__dict__.get("_helpers")
        if helpers is None:
            helpers = GraphQLResolveInfoHelpers(gather=self.gather_async_work,
                                                track=self.track_async_work)
        return helpers

    @async_helpers.setter
    def async_helpers(self, _helpers: GraphQLResolveInfoHelpers) -> None:
        pass  # graphql-core's __init__ sets it

    def execute_root_grouped_field_set(
        self, root_type: GraphQLObjectType, root_value: Any, grouped_field_set: Any,
        serially: bool, position_context: Any,
    ) -> Any:
        plan = None
        if not serially and self.operation.operation == OperationType.QUERY:
            plan = self._plan(root_type, grouped_field_set)
        STATS["planned" if plan is not None else "graphql-core"] += 1
        if plan is None:
            return super().execute_root_grouped_field_set(
                root_type, root_value, grouped_field_set, serially, position_context)
        return self._run(plan, root_type, root_value)

    # -- planning ----------------------------------------------------------------------------

    def _plannable_context(self) -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # Schema.execute_sync outside an event loop: no awaiting here
            return False
        settings = getattr(self.context_value, "settings", None)
        if settings is not None and not settings.graphql_planned_execution:
            return False
        manager = self.middleware_manager
        middleware = getattr(manager, "_middleware_resolvers", None) if manager else None
        return not middleware and self.abort_signal is None and self.hooks is None

    def _cache_key(self) -> tuple[str, str | None] | None:
        loc = self.operation.loc
        if loc is None:
            return None
        name = self.operation.name.value if self.operation.name else None
        return (loc.source.body, name)

    def _plan(self, root_type: GraphQLObjectType, grouped_field_set: Any) -> _Plan | None:
        if not self._plannable_context():
            return None
        cache = _by_schema.get(self.schema)
        if cache is None:
            cache = _by_schema[self.schema] = _Plans()
        key = self._cache_key()
        if key is not None:
            plan = cache.plans.get(key)
            if plan is not None:
                return plan
            if key in cache.unplannable:
                return None
        try:
            plan = _Plan(self._selection(root_type, grouped_field_set))
        except _Unplannable as why:
            if key is not None:
                cache.unplannable.put(key, str(why))
            return None
        # A plan built with @skip/@include holds for this request's variables only.
        if key is not None and not self._has_directives():
            cache.plans.put(key, plan)
        return plan

    def _has_directives(self) -> bool:
        finder = _FindDirectives()
        visit(self.operation, finder)
        for fragment in self.fragment_definitions.values():
            if not finder.found:
                visit(fragment, finder)
        return finder.found

    def _selection(self, parent_type: GraphQLObjectType,
                   grouped_field_set: Any) -> list[_FieldPlan]:
        fields = []
        for key, details in grouped_field_set.items():
            for detail in details:
                if detail.defer_usage is not None or detail.fragment_variable_values:
                    raise _Unplannable("@defer or fragment arguments")
            name = details[0].node.name.value
            field_def = None if name == "__typename" else self.schema.get_field(parent_type,
                                                                                 name)
            plan = _FieldPlan(key, parent_type, details, field_def)
            objects = plan.objects
            if objects is not None:
                assert objects.object_type is not None
                sub_fields, _defer, _forbidden = collect_subfields(
                    self.schema, self.fragments, self.variable_values, self.operation,
                    objects.object_type, details, self.hide_suggestions)
                objects.fields = self._selection(objects.object_type, sub_fields)
            fields.append(plan)
        return fields

    # -- running -----------------------------------------------------------------------------

    async def _run(self, plan: _Plan, root_type: GraphQLObjectType,
                   root_value: Any) -> dict[str, Any]:
        self._args: dict[int, dict[str, Any]] = {}
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        self._info_class = strawberry_schema.config.info_class if strawberry_schema else Info
        self._helpers = GraphQLResolveInfoHelpers(gather=self.gather_async_work,
                                                  track=self.track_async_work)
        # A context that wants to know what the operation reads hears it before anything
        # resolves (``schema.context.Context.planned``: its loaders select only that).
        planned = getattr(self.context_value, "planned", None)
        if planned is not None:
            planned(plan.selected)
        try:
            (data,) = await self._level(plan.fields, root_type, [root_value], [None])
        finally:
            del self._helpers
        if isinstance(data, _Nulled):
            # A non-null root field failed: the whole data is null, and that error says why.
            self.collected_errors.errors.clear()
            raise data.error
        return data

    def _arguments(self, field: _FieldPlan) -> dict[str, Any]:
        """The field's arguments: they depend on the query and its variables, not the object."""
        args = self._args.get(id(field))
        if args is None:
            assert field.field_def is not None
            node = field.nodes[0]
            args = (get_argument_values(field.field_def, node, self.variable_values, None,
                                        self.hide_suggestions)
                    if field.field_def.args or node.arguments else {})
            self._args[id(field)] = args
        return args

    async def _level(self, fields: list[_FieldPlan], parent_type: GraphQLObjectType,
                     sources: list[Any], paths: list[Path | None]) -> list[Any]:
        """Resolve ``fields`` on every source, then their sub-selections, level by level.

        Returns one dict per source, or ``_Nulled`` where a non-null field failed.
        """
        count = len(sources)
        type_name = parent_type.name
        info_class = self._info_class
        is_awaitable = self.is_awaitable
        shape = self._shape
        # Keys first, in the query's order; values as they complete.
        template = dict.fromkeys([field.key for field in fields])
        results: list[dict[str, Any]] = [template.copy() for _ in range(count)]
        nulled: dict[int, GraphQLError] = {}  # sources a non-null field failed on
        later: list[tuple[_FieldPlan, list[Any]]] = []  # resolved, to complete after awaiting
        waiting: list[tuple[list[Any], int, Any]] = []
        for field in fields:
            key = field.key
            if field.typename:
                for result in results:
                    result[key] = type_name
                continue
            getter, completion = field.attr, field.completion
            assert completion is not None
            if getter is not None and completion.kind == _LEAF:
                # Most fields: an attribute holding a scalar, completed on the spot; errors
                # and nulls go the long way (``_shape``).
                text, memo = completion.text, completion.memo
                integer = completion.integer
                coerce = completion.leaf.coerce_output_value
                for i, source in enumerate(sources):
                    try:
                        value = getter(source)
                    except Exception as exc:  # completed as a field error
                        value = exc
                    if text and value.__class__ is str:
                        results[i][key] = value
                        continue
                    if integer and value.__class__ is int and _MIN_INT <= value <= _MAX_INT:
                        results[i][key] = value  # what ``serialize_int`` gives
                        continue
                    if memo is not None:
                        try:
                            results[i][key] = memo[value]
                            continue
                        except (KeyError, TypeError):  # not seen yet, or not hashable
                            pass
                    elif value is not None and not isinstance(value, Exception):
                        try:
                            coerced = coerce(value)
                        except Exception:  # the long way reports it
                            coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[i][key] = coerced
                            continue
                    try:
                        results[i][key] = shape(field, completion, value, paths[i], key,
                                                type_name, [], [])
                    except _Propagate as failure:
                        nulled.setdefault(i, failure.error)
                continue
            column: list[Any] = [None] * count
            later.append((field, column))
            if getter is not None:
                for i, source in enumerate(sources):
                    try:
                        column[i] = getter(source)
                    except Exception as exc:  # completed as a field error
                        column[i] = exc
                continue
            try:
                args = self._arguments(field)
            except Exception as exc:  # a bad argument fails every object
                for i in range(count):
                    column[i] = exc
                continue
            resolve, nodes, field_def = field.resolve, field.nodes, field.field_def
            direct, definition = field.direct, field.definition
            if field.batch is not None:
                # One call for the level; its info is the first object's.
                STATS["batched"] += 1
                info = self.build_resolve_info(field_def, nodes, parent_type,  # type: ignore[arg-type]
                                               Path(paths[0], key, type_name))
                try:
                    batch = field.batch(sources, info_class(_raw_info=info, _field=definition))
                except Exception as exc:
                    column[:] = [exc] * count
                    continue
                if is_awaitable(batch):
                    waiting.append((column, -1, batch))
                else:
                    _settle(column, batch)
                continue
            for i, source in enumerate(sources):
                info = self.build_resolve_info(field_def, nodes, parent_type,  # type: ignore[arg-type]
                                               _path(Path, (paths[i], key, type_name)))
                try:
                    result = (direct(source, info_class(_raw_info=info, _field=definition))
                              if direct is not None else resolve(source, info, **args))
                except Exception as exc:
                    column[i] = exc
                    continue
                if is_awaitable(result):
                    waiting.append((column, i, result))
                else:
                    column[i] = result
        if waiting:
            # Together, so the level's dataloader calls batch as with graphql-core.
            settled = await asyncio.gather(*(w[2] for w in waiting), return_exceptions=True)
            for (column, i, _awaitable), value in zip(waiting, settled, strict=True):
                if isinstance(value, BaseException) and not isinstance(value, Exception):
                    raise value  # cancelled, interrupted: not a field error
                if i >= 0:
                    column[i] = value
                else:
                    _settle(column, value)

        # Complete what the resolvers gave; objects go to the next level, all sources at once.
        children: list[tuple[_FieldPlan, list[Any], list[Any], list[Path | None]]] = []
        for field, column in later:
            key, completion, objects = field.key, field.completion, field.objects
            assert completion is not None
            text = completion.text
            # An object takes its slot on the spot (a page's nodes, its orders' buyers), and so
            # do the objects of a list of them (an order's items, a parcel's events); nulls,
            # errors, other iterables and nested lists go through ``_shape``.
            slot_here = completion.kind == _OBJECT and completion.is_type_of is None
            inner = completion.inner
            list_here = (inner is not None and inner.kind == _OBJECT
                         and inner.is_type_of is None)
            child_sources: list[Any] = []
            child_paths: list[Path | None] = []
            for i in range(count):
                if i in nulled:
                    continue
                value = column[i]
                if text and value.__class__ is str:
                    results[i][key] = value
                    continue
                if (slot_here and value is not None and value is not Undefined
                        and not isinstance(value, Exception)):
                    column[i] = len(child_sources)
                    child_sources.append(value)
                    child_paths.append(_path(Path, (paths[i], key, type_name)))
                    continue
                if list_here and value.__class__ is list:
                    here = _path(Path, (paths[i], key, type_name))
                    mark = len(child_sources)
                    slots = []  # a new list: the value may be a loader's own
                    for index, item in enumerate(value):
                        if item is None or item is Undefined or isinstance(item, Exception):
                            break
                        slots.append(len(child_sources))
                        child_sources.append(item)
                        child_paths.append(_path(Path, (here, index, None)))
                    else:
                        column[i] = slots
                        continue
                    # A null or an error among them: the whole list the long way.
                    del child_sources[mark:], child_paths[mark:]
                try:
                    value = shape(field, completion, value, paths[i], key, type_name,
                                  child_sources, child_paths)
                except _Propagate as failure:
                    nulled[i] = failure.error
                    continue
                if objects is None:
                    results[i][key] = value
                else:
                    column[i] = value
            if objects is not None:
                children.append((field, column, child_sources, child_paths))

        runs = [self._level(field.objects.fields, field.objects.object_type,  # type: ignore[union-attr,arg-type]
                            child_sources, child_paths)
                for field, _column, child_sources, child_paths in children if child_sources]
        completed = iter((await asyncio.gather(*runs)) if len(runs) > 1 else
                         [await run for run in runs])
        for field, column, child_sources, _paths in children:
            done = next(completed) if child_sources else []
            completion = field.completion
            assert completion is not None
            key = field.key
            one = completion.kind == _OBJECT
            inner = completion.inner
            many = inner is not None and inner.kind == _OBJECT
            for i in range(count):
                if i in nulled:
                    continue
                value = column[i]
                if one and value is not None:
                    child = done[value]
                    if child.__class__ is not _Nulled:  # else ``_fill`` propagates its error
                        results[i][key] = child
                        continue
                elif many and value.__class__ is list:
                    # Slots into their objects, in place; from the first null or nulled object
                    # on, ``_fill`` (which passes over the objects already in place).
                    for index, slot in enumerate(value):
                        if slot is None:
                            break
                        child = done[slot]
                        if child.__class__ is _Nulled:
                            break
                        value[index] = child
                    else:
                        results[i][key] = value
                        continue
                try:
                    results[i][key] = self._fill(completion, column[i], paths[i], key,
                                                 type_name, done)
                except _Propagate as failure:
                    nulled[i] = failure.error
        if not nulled:
            return results
        return [_Nulled(nulled[i]) if i in nulled else result
                for i, result in enumerate(results)]

    def _shape(self, field: _FieldPlan, completion: _Completion, value: Any,
               prev: Path | None, key: str | int, typename: str | None,
               child_sources: list[Any], child_paths: list[Path | None]) -> Any:
        """Complete ``value`` at the position ``key`` under ``prev``, leaving, where an object
        goes, its index among ``child_sources`` (its slot, filled by ``_fill`` once the next
        level has run).

        A failure at a nullable position is recorded there and gives null; at a non-null
        position it raises ``_Propagate`` to the nearest nullable one (graphql-core's rules).
        Paths are built only where they are needed: for objects and on errors.
        """
        try:
            if isinstance(value, Exception):
                raise value
            if value is None or value is Undefined:
                if completion.nonnull:
                    raise TypeError("Cannot return null for non-nullable field"
                                    f" {field.parent_type}.{field.name}.")
                return None
            kind = completion.kind
            if kind == _LEAF:
                if completion.text and type(value) is str:
                    return value
                memo = completion.memo
                if memo is not None:
                    try:
                        return memo[value]
                    except (KeyError, TypeError):  # not seen yet, or not hashable
                        pass
                coerced = completion.leaf.coerce_output_value(value)
                if coerced is Undefined or coerced is None:
                    raise TypeError(
                        f"Expected `{inspect(completion.leaf)}.coerce_output_value("
                        f"{inspect(value)})` to return non-nullable value, returned:"
                        f" {inspect(coerced)}")
                if memo is not None:
                    try:
                        memo[value] = coerced
                    except TypeError:  # unhashable: not remembered
                        return coerced
                return coerced
            if kind == _OBJECT:
                path = _path(Path, (prev, key, typename))
                is_type_of = completion.is_type_of
                if is_type_of is not None:
                    info = self.build_resolve_info(field.field_def, field.nodes,  # type: ignore[arg-type]
                                                   field.parent_type, path)
                    if not is_type_of(value, info):
                        raise GraphQLError(
                            f"Expected value of type '{completion.object_type}'"
                            f" but got: {inspect(value)}.", field.nodes)
                child_sources.append(value)
                child_paths.append(path)
                return len(child_sources) - 1
            # a list
            if not is_iterable(value):
                raise GraphQLError("Expected Iterable, but did not find one for field"
                                   f" '{field.parent_type}.{field.name}'.")
            inner = completion.inner
            assert inner is not None
            here = _path(Path, (prev, key, typename))
            shape = self._shape
            if inner.kind != _OBJECT or inner.is_type_of is not None:
                return [shape(field, inner, item, here, index, None, child_sources,
                              child_paths)
                        for index, item in enumerate(value)]
            # A list of objects (a page's items, shipments, events): each object takes its
            # slot here; only a null or an error goes the long way.
            shaped = []
            for index, item in enumerate(value):
                if item is None or item is Undefined or isinstance(item, Exception):
                    shaped.append(shape(field, inner, item, here, index, None, child_sources,
                                        child_paths))
                    continue
                shaped.append(len(child_sources))
                child_sources.append(item)
                child_paths.append(_path(Path, (here, index, None)))
            return shaped
        except _Propagate as failure:
            if completion.nonnull:
                raise
            self._land(failure.error, Path(prev, key, typename))
            return None
        except Exception as exc:  # a field error, located here
            path = Path(prev, key, typename)
            error = located_error(exc, field.nodes, path.as_list())
            if completion.nonnull and self.error_propagation:
                raise _Propagate(error) from None
            self.collected_errors.add(error, path)
            return None

    def _fill(self, completion: _Completion, value: Any, prev: Path | None, key: str | int,
              typename: str | None, done: list[Any]) -> Any:
        """Put the completed child objects into their slots (see ``_shape``)."""
        if value is None:
            return None
        try:
            if completion.kind == _OBJECT:
                child = done[value]
                if child.__class__ is _Nulled:
                    raise _Propagate(child.error)
                return child
            if completion.kind == _LIST:
                inner = completion.inner
                assert inner is not None
                here: Path | None = None
                objects = inner.kind == _OBJECT
                for index, item in enumerate(value):
                    if objects and item is not None:
                        if item.__class__ is dict:  # put in place already (``_level``)
                            continue
                        child = done[item]
                        if child.__class__ is not _Nulled:
                            value[index] = child
                            continue
                    if here is None:
                        here = Path(prev, key, typename)
                    value[index] = self._fill(inner, item, here, index, None, done)
            return value
        except _Propagate as failure:
            if completion.nonnull and self.error_propagation:
                raise
            self._land(failure.error, Path(prev, key, typename))
            return None

    def _land(self, error: GraphQLError, position: Path) -> None:
        """A non-null field's error nulls ``position``: record it there, and drop the errors
        already recorded inside what it discards.

        graphql-core runs depth-first and stops a selection at its first non-null failure, so
        what it reports from inside a discarded subtree depends on the order things ran in;
        run level by level, every error of the level is already in. Neither is data the client
        receives: the error that nulled the position is the one reported.
        """
        collected = self.collected_errors
        if collected.has_nulled_position(position):
            return
        prefix = position.as_list()
        size = len(prefix)
        errors = collected.errors
        errors[:] = [e for e in errors if not (e.path and len(e.path) > size
                                               and e.path[:size] == prefix)]
        collected.add(error, position)
