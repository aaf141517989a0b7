"""Every read of a ``@sensitive`` field is audited: one insert per region, per operation.

``AuditReads`` watches resolved fields. Whether a field is sensitive is read from its definition
once and cached per field; a resolution then costs a dict look-up. The (subject, category) pairs
of the operation are written when it ends, as audit events in each subject's region — and, when
this process serves another region than the subject's, as transfers in the same batch. A field
refused by its rules (``FORBIDDEN``, ``CONSENT_REQUIRED``) raised before it resolved, and a null
value discloses nothing: neither is a read.

If the audit log cannot be written the operation answers no data: personal data is not served
unaudited.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from inspect import isawaitable
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, GraphQLField
from strawberry.extensions import SchemaExtension

from gateway.auth.principal import ANONYMOUS, Principal
from gateway.errors import SellergateError, ServiceUnavailable
from gateway.privacy.audit import Read, Subject, record_reads
from schema.context import Context
from schema.directives import Sensitive

if TYPE_CHECKING:
    from graphql import GraphQLResolveInfo

__all__ = ["AuditReads", "sensitive_category"]

log = logging.getLogger(__name__)

_BACKREF = "strawberry-definition"
# id(GraphQLField) -> (the field, its category or None). The field is kept so its id is never
# reused by another object while the entry lives; the schema's fields live as long as it does.
_CATEGORIES: dict[int, tuple[GraphQLField, str | None]] = {}


def _read_category(field: GraphQLField) -> str | None:
    definition = (field.extensions or {}).get(_BACKREF)
    for directive in getattr(definition, "directives", None) or ():
        if isinstance(directive, Sensitive):
            return directive.category
    return None


def sensitive_category(info: GraphQLResolveInfo) -> str | None:
    """The ``@sensitive`` category of the field being resolved (None for other fields)."""
    field = info.parent_type.fields.get(info.field_name)
    if field is None:  # introspection meta-fields (__schema, __type, __typename)
        return None
    cached = _CATEGORIES.get(id(field))
    if cached is None or cached[0] is not field:
        cached = (field, _read_category(field))
        _CATEGORIES[id(field)] = cached
    return cached[1]


def _principal(context: Context) -> Principal:
    try:
        return context.principal
    except SellergateError:
        return ANONYMOUS  # a bad token: the caller is unknown, the read is still recorded


class AuditReads(SchemaExtension):
    """Collects the operation's reads of personal fields and records them when it ends."""

    def __init__(self, *, execution_context: Any = None) -> None:
        self._reads: set[Read] = set()

    def _note(self, source: Any, info: GraphQLResolveInfo, category: str, value: Any) -> None:
        subject_id = getattr(source, "subject_id", None)
        if value is None or not isinstance(subject_id, uuid.UUID):
            return
        context: Context = info.context
        region = getattr(source, "region", None) or context.subject_regions.get(subject_id)
        if region is None:
            region = _principal(context).region  # a seller's data lives in the seller's region
        subject = Subject(id=subject_id, type=info.parent_type.name.lower(), region=region)
        self._reads.add(Read(subject=subject, category=category,
                             field=f"{info.parent_type.name}.{info.field_name}"))

    async def _noting(self, pending: Awaitable[Any], source: Any, info: GraphQLResolveInfo,
                      category: str) -> Any:
        value = await pending
        self._note(source, info, category, value)
        return value

    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo,
                *args: Any, **kwargs: Any) -> Any:
        category = sensitive_category(info)
        if category is None:
            return _next(root, info, *args, **kwargs)
        # A refused field raises here, before anything is noted.
        value = _next(root, info, *args, **kwargs)
        if isawaitable(value):
            return self._noting(value, root, info, category)
        self._note(root, info, category, value)
        return value

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        if not self._reads:
            return
        context: Context = self.execution_context.context
        operation = self.execution_context.operation_type.value
        try:
            await record_reads(self._reads, principal=_principal(context),
                               serving_region=context.settings.region, operation=operation)
        except Exception:
            log.exception("audit log not written: withholding the operation's data")
            result = self.execution_context.result
            if result is not None:
                error = ServiceUnavailable("personal data is not served while the audit log "
                                           "cannot be written; try again shortly")
                result.data = None
                result.errors = [GraphQLError(error.message, original_error=error)]
