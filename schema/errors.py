"""Errors as the client sees them: a stable ``extensions.code``, never a stack trace or SQL."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from gateway.db import is_outage
from gateway.errors import SellergateError
from schema.limits import limit_code

__all__ = ["ErrorCodes", "code_of"]

log = logging.getLogger(__name__)


def code_of(error: GraphQLError) -> str | None:
    """The code of an error a client may see, None for an unexpected one (to be masked)."""
    original = error.original_error
    if isinstance(original, SellergateError):
        return original.code
    if original is None:
        # Raised by graphql-core itself: syntax, validation or variable coercion.
        limit = limit_code(error)
        if limit is not None:
            return limit
        if error.message.startswith("Syntax Error"):
            return "GRAPHQL_PARSE_FAILED"
        if error.message.startswith("Variable"):
            return "BAD_USER_INPUT"
        return "GRAPHQL_VALIDATION_FAILED"
    if isinstance(original, GraphQLError):
        return code_of(original)
    if is_outage(original):
        return "SERVICE_UNAVAILABLE"
    return None


class ErrorCodes(MaskErrors):
    """Give every error its code; replace unexpected ones by a generic message (logged here).

    A store outage answers HTTP 503 with Retry-After, so clients and load balancers back off.
    """

    def _mark_unavailable(self) -> None:
        response = getattr(self.execution_context.context, "response", None)
        if response is not None and hasattr(response, "status_code"):
            response.status_code = 503
            response.headers["Retry-After"] = "2"

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda e: code_of(e) is None,
                         error_message="Internal server error")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            code = code_of(error)
            if code is None:
                log.error("unexpected error at %s", error.path, exc_info=error.original_error)
                masked = self.anonymise_error(error)
                masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
                processed.append(masked)
                continue
            original = error.original_error
            if code == "SERVICE_UNAVAILABLE" and not isinstance(original, SellergateError):
                log.warning("store unavailable at %s: %s", error.path, type(original).__name__)
                outage = GraphQLError("a data store is unavailable: try again in a few seconds",
                                      nodes=error.nodes, path=error.path,
                                      extensions={"code": code, "retryAfter": 2})
                processed.append(outage)
                self._mark_unavailable()
                continue
            if code == "SERVICE_UNAVAILABLE":
                self._mark_unavailable()
            extra = original.extensions if isinstance(original, SellergateError) else {}
            error.extensions = {**(error.extensions or {}), **extra, "code": code}
            processed.append(error)
        return processed
