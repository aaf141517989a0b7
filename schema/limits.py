"""GraphQL abuse limits, checked while a document is parsed and validated, before any resolver.

Depth, aliases and tokens use Strawberry's limiters; the query cost (each field 1, list fields
multiply their subtree by ``first`` or a default list size) and the introspection switch are
validation rules of this module. Limits are read per request from ``info.context.settings``, so
one schema serves apps configured differently (and the defaults apply without a context).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from graphql.type.definition import GraphQLInterfaceType, GraphQLObjectType, GraphQLOutputType
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension

from gateway.errors import SellergateError
from gateway.lru import LRU
from gateway.services.paging import MAX_PAGE_SIZE
from gateway.settings import Settings

if TYPE_CHECKING:
    from graphql.validation import ASTValidationRule

__all__ = ["AbuseLimits", "GraphQLLimits", "limit_code", "query_cost"]

# graphql-core and Strawberry word these errors themselves; the messages are stable texts of the
# pinned releases, and tests/security/test_graphql_limits.py fails if one changes.
_MESSAGE_CODES = (
    (re.compile(r"^Syntax Error: Document contains more than \d+ tokens"), "TOO_MANY_TOKENS"),
    (re.compile(r"exceeds maximum operation depth of \d+$"), "QUERY_TOO_DEEP"),
    (re.compile(r"^\d+ aliases found\. Allowed: \d+$"), "TOO_MANY_ALIASES"),
)
_SUGGESTION = re.compile(r"\s*Did you mean .*\Z", re.DOTALL)
_PAGE_ARGUMENTS = ("first", "last")
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def limit_code(error: GraphQLError) -> str | None:
    """The ``extensions.code`` of an error raised by one of these limits, None otherwise."""
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    for pattern, named in _MESSAGE_CODES:
        if pattern.search(error.message):
            return named
    return None


@dataclass(frozen=True, slots=True)
class GraphQLLimits:
    """The limits one request runs under."""

    max_depth: int
    max_aliases: int
    max_tokens: int
    max_cost: int
    default_list_size: int
    hide_schema: bool  # introspection refused and "Did you mean" suggestions removed

    @classmethod
    def for_request(cls, settings: Settings | None, *, is_admin: bool) -> GraphQLLimits:
        values = settings or Settings.model_construct()
        return cls(
            max_depth=values.graphql_max_depth,
            max_aliases=values.graphql_max_aliases,
            max_tokens=values.graphql_max_tokens,
            max_cost=values.graphql_max_cost,
            default_list_size=values.graphql_default_list_size,
            hide_schema=values.env == "production" and not is_admin,
        )


def _list_multiplier(field_args: Mapping[str, Any], node: FieldNode,
                     variables: Mapping[str, Any], default: int) -> int | None:
    """The page size a paginated field asks for; None when the field takes no page argument."""
    for name in _PAGE_ARGUMENTS:
        if name not in field_args:
            continue
        given = next((a.value for a in node.arguments or () if a.name.value == name), None)
        value: Any = field_args[name].default_value
        if isinstance(given, IntValueNode):
            value = int(given.value)
        elif isinstance(given, VariableNode):
            value = variables.get(given.name.value, value)
        # A larger page is refused by the service before it reads anything (BAD_USER_INPUT,
        # which says what the maximum is), so it costs at most a full page.
        return min(max(value, 0), MAX_PAGE_SIZE) if isinstance(value, int) else default
    return None


def _is_list(type_: GraphQLOutputType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def query_cost(schema: GraphQLSchema, operation: OperationDefinitionNode,
               fragments: Mapping[str, FragmentDefinitionNode], *,
               variables: Mapping[str, Any], default_list_size: int) -> int:
    """The worst-case number of fields an operation resolves.

    Each field costs 1 plus its subtree; a field with ``first`` multiplies its subtree by the page
    size, and a list field by ``default_list_size`` unless it is the page of such a field (a
    connection's ``edges``), which the page size already counted.
    """
    root = schema.get_root_type(operation.operation)

    def selection_cost(selection_set: SelectionSetNode | None, parent: Any,
                       paginated: bool, seen: frozenset[str]) -> int:
        if selection_set is None or not isinstance(parent, (GraphQLObjectType,
                                                            GraphQLInterfaceType)):
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += field_cost(selection, parent, paginated, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = schema.get_type(condition.name.value) if condition else parent
                total += selection_cost(selection.selection_set, target, paginated, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue  # unknown fragments and cycles are reported by graphql-core's rules
                target = schema.get_type(fragment.type_condition.name.value)
                total += selection_cost(fragment.selection_set, target, paginated, seen | {name})
        return total

    def field_cost(node: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType,
                   paginated: bool, seen: frozenset[str]) -> int:
        definition = parent.fields.get(node.name.value)
        if definition is None or node.selection_set is None:
            return 1  # a leaf, __typename, introspection (refused or admin-only) or unknown
        page = _list_multiplier(definition.args, node, variables, default_list_size)
        if page is not None:
            multiplier, children_paginated = page, True
        elif _is_list(definition.type):
            multiplier, children_paginated = (1 if paginated else default_list_size), False
        else:
            multiplier, children_paginated = 1, paginated
        children = selection_cost(node.selection_set, get_named_type(definition.type),
                                  children_paginated, seen)
        return 1 + multiplier * children

    return selection_cost(operation.selection_set, root, False, frozenset())


def _costs(schema: GraphQLSchema, document: DocumentNode, default_list_size: int,
           variables: Mapping[str, Any]) -> tuple[int, ...]:
    """The cost of each operation of ``document``, in order."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    return tuple(query_cost(schema, operation, fragments, variables=variables,
                            default_list_size=default_list_size)
                 for operation in document.definitions
                 if isinstance(operation, OperationDefinitionNode))


def _cost_errors(schema: GraphQLSchema, document: DocumentNode, max_cost: int,
                 default_list_size: int, variables: Mapping[str, Any],
                 costs: tuple[int, ...] | None = None) -> list[GraphQLError]:
    """An error for each operation costing more than ``max_cost`` (``costs``: the operations'
    costs when known)."""
    if costs is None:
        costs = _costs(schema, document, default_list_size, variables)
    errors = []
    operations = (d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    for operation, cost in zip(operations, costs, strict=True):
        if cost > max_cost:
            errors.append(GraphQLError(
                f"query cost {cost} exceeds the maximum of {max_cost}: ask for smaller "
                "pages (first:) or fewer nested lists",
                operation, extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost,
                                       "maxCost": max_cost}))
    return errors


def _cost_rule(max_cost: int, default_list_size: int,
               variables: Mapping[str, Any]) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            for error in _cost_errors(context.schema, context.document, max_cost,
                                      default_list_size, variables):
                context.report_error(error)

    return QueryCostRule


# Documents that passed validation, by schema, query text and the limits that depend on the
# caller. Validation depends on nothing else but the cost (which depends on the variables), so
# a document seen valid is not validated again: only its cost is checked for the request. Each
# keeps the costs it was found to have, by default list size and the values of the variables it
# gives page arguments — the only ones a cost depends on, and at most as many as the document
# names (a page size given as anything but an integer counts as the default). Variables a
# request adds, which the document does not use, are not part of the key.
VALID_DOCUMENTS_CACHE_SIZE = 512
COSTS_PER_DOCUMENT = 64
_NOT_AN_INT = object()
_ABSENT = object()


@dataclass(slots=True)
class _KnownCosts:
    """What is remembered of a document seen valid."""

    page_variables: tuple[str, ...]
    costs: dict[tuple[Any, ...], tuple[int, ...]]


_valid_documents: WeakKeyDictionary[Any, LRU[tuple[str, int, int, bool], _KnownCosts]] = (
    WeakKeyDictionary())  # per schema, and gone with it


def _page_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables ``document`` passes as a page argument (``first``, ``last``), anywhere."""
    found: dict[str, None] = {}

    def visit(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set is not None else ():
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    if (argument.name.value in _PAGE_ARGUMENTS
                            and isinstance(argument.value, VariableNode)):
                        found[argument.value.name.value] = None
            visit(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        if isinstance(definition, (OperationDefinitionNode, FragmentDefinitionNode)):
            visit(definition.selection_set)
    return tuple(found)


def _known_costs(known: _KnownCosts, schema: GraphQLSchema, document: DocumentNode,
                 default_list_size: int, variables: Mapping[str, Any]) -> tuple[int, ...]:
    key = (default_list_size, *(
        _ABSENT if name not in variables
        else value if isinstance(value := variables[name], int) else _NOT_AN_INT
        for name in known.page_variables))
    found = known.costs.get(key)
    if found is None:
        if len(known.costs) >= COSTS_PER_DOCUMENT:
            known.costs.clear()
        found = known.costs[key] = _costs(schema, document, default_list_size, variables)
    return found


# Documents parsed without error, by query text and token limit: a query seen before is not
# parsed again. Parsing is the same work for every request of a query, and a parsed document is
# a doubly linked list of tokens, a reference cycle for the garbage collector each time.
PARSED_DOCUMENTS_CACHE_SIZE = 512
_parsed_documents: LRU[tuple[str, int], DocumentNode] = LRU(PARSED_DOCUMENTS_CACHE_SIZE)


class IntrospectionDisabled(ValidationRule):
    """Refuses ``__schema`` and ``__type`` (``__typename`` stays: clients need it)."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in _INTROSPECTION_ROOTS:
            self.report_error(GraphQLError(
                "introspection is disabled in production; admins may introspect",
                node, extensions={"code": "INTROSPECTION_DISABLED"}))


class AbuseLimits(SchemaExtension):
    """Adds the limits to every operation; built per request, so settings apply per app."""

    def _limits(self) -> GraphQLLimits:
        context = self.execution_context.context
        is_admin = False
        # No context (schema.execute in a script) or a bad token: not an admin.
        with contextlib.suppress(AttributeError, SellergateError):
            is_admin = bool(context.principal.is_admin)
        return GraphQLLimits.for_request(getattr(context, "settings", None), is_admin=is_admin)

    def _rules(self, limits: GraphQLLimits) -> list[type[ASTValidationRule]]:
        rules = [
            *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
            *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
            _cost_rule(limits.max_cost, limits.default_list_size,
                       self.execution_context.variables or {}),
        ]
        if limits.hide_schema:
            rules.append(IntrospectionDisabled)
        return rules

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        key = None
        if context.query is not None and context.graphql_document is None:
            key = (context.query, self._request_limits.max_tokens)
            document = _parsed_documents.get(key)
            if document is not None:
                # Strawberry does not parse when the document is already there.
                context.graphql_document = document
                key = None
        yield
        if key is not None and context.graphql_document is not None:
            _parsed_documents.put(key, context.graphql_document)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        limits = self._request_limits
        key = None
        valid = _valid_documents.get(context.schema)
        if valid is None:
            valid = _valid_documents[context.schema] = LRU(VALID_DOCUMENTS_CACHE_SIZE)
        if context.query is not None and context.graphql_document is not None:
            key = (context.query, limits.max_depth, limits.max_aliases, limits.hide_schema)
            known = valid.get(key)
            if known is not None:
                # Strawberry skips its validation when the errors are already set.
                schema, document = context.schema._schema, context.graphql_document
                variables = context.variables or {}
                context.pre_execution_errors = _cost_errors(
                    schema, document, limits.max_cost, limits.default_list_size, variables,
                    _known_costs(known, schema, document, limits.default_list_size, variables))
                key = None
        if context.pre_execution_errors is None:
            # Built only when the document is validated: the limiters' rules are classes
            # made per request.
            context.validation_rules = (*context.validation_rules, *self._rules(limits))
        yield
        if key is not None and context.pre_execution_errors == []:
            assert context.graphql_document is not None
            valid.put(key, _KnownCosts(_page_variables(context.graphql_document), {}))

    def on_operation(self) -> Iterator[None]:
        limits = self._request_limits = self._limits()
        context = self.execution_context
        context.parse_options["max_tokens"] = limits.max_tokens
        yield
        if limits.hide_schema:
            # Suggestions name fields and enum values: with introspection off they would leak
            # the schema one guess at a time.
            for error in getattr(context.result, "errors", None) or ():
                error.message = _SUGGESTION.sub("", error.message)
