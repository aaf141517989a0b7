"""GraphQL types served from their model rows as they are hold to those models: every field
is a plain attribute of the model, of the same type and never null where the schema says
non-null (``schema/types.py``: ``OrderItem``, ``TrackingEvent``)."""

from __future__ import annotations

import typing
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from strawberry.types.base import get_object_definition
from tortoise import fields

from gateway import models
from schema import types

# The Python value each kind of model field holds.
_HOLDS: dict[type[Any], type[Any]] = {
    fields.CharField: str, fields.TextField: str, fields.IntField: int,
    fields.DecimalField: Decimal, fields.DatetimeField: datetime,
}


def _held(field: Any) -> type[Any]:
    enum_type = getattr(field, "enum_type", None)
    if enum_type is not None:
        return typing.cast(type[Any], enum_type)
    for kind, held in _HOLDS.items():
        if isinstance(field, kind):
            return held
    raise AssertionError(f"no Python type known for {type(field).__name__}")


@pytest.mark.parametrize(("graphql_type", "model"), [
    (types.OrderItem, models.OrderItem),
    (types.TrackingEvent, models.TrackingEvent),
])
def test_row_served_types_match_their_models(graphql_type: type[Any],
                                             model: type[Any]) -> None:
    definition = get_object_definition(graphql_type, strict=True)
    assert definition.fields
    for field in definition.fields:
        assert field.base_resolver is None and not field.extensions, field.python_name
        model_field = model._meta.fields_map.get(field.python_name)
        assert model_field is not None, f"{model.__name__} has no {field.python_name}"
        assert not model_field.null, f"{model.__name__}.{field.python_name} may be null"
        declared = getattr(field.type, "wrapped_cls", field.type)  # an enum: its class
        assert declared is _held(model_field), field.python_name
