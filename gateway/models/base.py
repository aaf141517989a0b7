"""The base of Sellergate's models: Tortoise's ``Model``, without reading each model's source."""

from __future__ import annotations

from typing import Any

from tortoise.models import Model as TortoiseModel
from tortoise.models import ModelMeta

__all__ = ["Model"]


class _ModelMeta(ModelMeta):
    """Tortoise's metaclass, told that no model has ``#:`` field comments.

    For each model class Tortoise otherwise reads the class's source file and scans it for such
    comments (to describe fields): a tenth of a second of every start of the gateway, a worker
    or the CLI, for comments none of these models has. Fields are described with
    ``description=``.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        attrs.setdefault("_no_comments", True)
        return super().__new__(mcs, name, bases, attrs)


class Model(TortoiseModel, metaclass=_ModelMeta):
    class Meta:
        abstract = True
