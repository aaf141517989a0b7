"""GraphQL types served from their model rows as they are hold to those models: every field
without a resolver is a plain attribute of the model, of the same type (an ``ID`` for a UUID)
and never null where the schema says non-null, and every private attribute the resolvers read
is one too (``schema/types.py``: ``OrderItem``, ``TrackingEvent``, ``Shipment``, ``Order``)."""

from __future__ import annotations

import dataclasses
import types as pytypes
import typing
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from strawberry.types.base import get_object_definition
from strawberry.types.private import is_private
from tortoise import fields

from gateway import models
from gateway.services import orders, shipments
from schema import types

# The Python value each kind of model field holds.
_HOLDS: dict[type[Any], type[Any]] = {
    fields.CharField: str, fields.TextField: str, fields.IntField: int,
    fields.DecimalField: Decimal, fields.DatetimeField: datetime, fields.UUIDField: uuid.UUID,
}


def _held(field: Any) -> type[Any]:
    enum_type = getattr(field, "enum_type", None)
    if enum_type is not None:
        return typing.cast(type[Any], enum_type)
    for kind, held in _HOLDS.items():
        if isinstance(field, kind):
            return held
    raise AssertionError(f"no Python type known for {type(field).__name__}")


def _declared(annotation: Any) -> tuple[type[Any], bool]:
    """The Python type a field is declared with, and whether it may be null."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, pytypes.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        (annotation,) = args
    return annotation, nullable


def _check(model: type[Any], name: str, declared: Any, nullable: bool) -> None:
    model_field = model._meta.fields_map.get(name)
    assert model_field is not None, f"{model.__name__} has no {name}"
    assert nullable or not model_field.null, f"{model.__name__}.{name} may be null"
    declared = getattr(declared, "wrapped_cls", declared)  # an enum: its class
    if declared is strawberry.ID:  # served as the UUID's text
        declared = uuid.UUID
    assert declared is _held(model_field), name


@pytest.mark.parametrize(("graphql_type", "model", "selected"), [
    (types.OrderItem, models.OrderItem, orders.ITEM_FIELDS),
    (types.TrackingEvent, models.TrackingEvent, shipments.EVENT_FIELDS),
    (types.Shipment, models.Shipment, shipments.SHIPMENT_FIELDS),
    (types.Order, models.Order, orders.ORDER_FIELDS),
])
async def test_row_served_types_match_their_models(graphql_type: type[Any], model: type[Any],
                                                   selected: tuple[str, ...],
                                                   settings: Any) -> None:
    # (``settings``: Tortoise is set up, so a foreign key's ``<name>_id`` field is known.)
    definition = get_object_definition(graphql_type, strict=True)
    plain = [f for f in definition.fields if f.base_resolver is None and not is_private(f.type)]
    assert plain
    for field in plain:
        assert not field.extensions, field.python_name
        of_type = getattr(field.type, "of_type", None)  # Optional[...]: StrawberryOptional
        _check(model, field.python_name, of_type if of_type is not None else field.type,
               of_type is not None)
    names = {f.python_name for f in definition.fields if not is_private(f.type)}
    hints = typing.get_type_hints(graphql_type, include_extras=True)
    for field in dataclasses.fields(graphql_type):
        if field.name in names:
            continue
        hint = hints[field.name]
        assert typing.get_origin(hint) is typing.Annotated, field.name  # strawberry.Private
        while typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        declared, nullable = _declared(hint)
        _check(model, field.name, declared, nullable)
    # The services read (``select_rows``) every attribute the type reads.
    read = {f.python_name for f in plain} | (
        {f.name for f in dataclasses.fields(graphql_type)} - names)
    assert read <= set(selected), sorted(read - set(selected))
