"""Every read of a ``@sensitive`` field is audited: one insert per region, per operation.

The ``@sensitive`` fields note their reads on the request's context as they resolve
(``schema.read_log``, from their ``FieldRules`` extension, so no other field pays for the audit).
The (subject, category) pairs of the operation are written when it ends, as audit events in each
subject's region — and, when this process serves another region than the subject's, as transfers
in the same batch. A field refused by its rules (``FORBIDDEN``, ``CONSENT_REQUIRED``) raised
before it resolved, and a null value discloses nothing: neither is a read.

If the audit log cannot be written the operation answers no data: personal data is not served
unaudited.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gateway.errors import ServiceUnavailable
from gateway.privacy.audit import ReadLog, record_reads
from schema.context import Context
from schema.read_log import caller

__all__ = ["AuditReads"]

log = logging.getLogger(__name__)


class AuditReads(SchemaExtension):
    """Records the operation's reads of personal fields when it ends."""

    def __init__(self, *, execution_context: Any = None) -> None:
        pass

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.reads:
            return
        # Taken, not read: a batch of operations shares one context, each records its own reads.
        reads, context.reads = context.reads, ReadLog()
        operation = self.execution_context.operation_type.value
        try:
            await record_reads(reads, principal=caller(context),
                               serving_region=context.settings.region, operation=operation)
        except Exception:
            log.exception("audit log not written: withholding the operation's data")
            result = self.execution_context.result
            if result is not None:
                error = ServiceUnavailable("personal data is not served while the audit log "
                                           "cannot be written; try again shortly")
                result.data = None
                result.errors = [GraphQLError(error.message, original_error=error)]
