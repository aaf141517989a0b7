"""Parsing of ID arguments."""

from __future__ import annotations

import uuid

from gateway.errors import BadInput, NotFound

__all__ = ["parse_id"]


def parse_id(value: str, field: str = "id") -> uuid.UUID:
    """An ID argument as a UUID; a malformed one is simply not found, like another tenant's."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        if not value:
            raise BadInput(f"{field} is required", field=field) from exc
        raise NotFound(f"no object with {field} {value!r}") from exc
