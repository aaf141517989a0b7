"""Composes the schema from the query root and the per-domain mutation classes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from gateway.settings import Settings
from schema.admin import AdminMutations, AdminQueries
from schema.audit import AuditReads
from schema.consent import ConsentMutations, ConsentQueries
from schema.errors import ErrorCodes
from schema.execution import PlannedExecution
from schema.incidents import IncidentMutations, IncidentQueries
from schema.limits import AbuseLimits
from schema.mutations.auth import AuthMutations
from schema.mutations.staff import StaffMutations
from schema.mutations.stores import StoreMutations
from schema.privacy_requests import PrivacyMutations, PrivacyQueries
from schema.queries import Query as CoreQuery
from schema.subscriptions import Subscription

__all__ = ["SDL_PATH", "build_schema", "schema"]

SDL_PATH = Path(__file__).with_name("schema.graphql")

Query = merge_types("Query", (CoreQuery, PrivacyQueries, ConsentQueries, IncidentQueries,
                              AdminQueries))
Mutation = merge_types("Mutation", (AuthMutations, StaffMutations, StoreMutations,
                                    PrivacyMutations, ConsentMutations, IncidentMutations,
                                    AdminMutations))


def build_schema(settings: Settings | None = None, *,
                 extensions: Sequence[type[SchemaExtension]] = ()) -> strawberry.Schema:
    """The schema with the HTTP-level options of ``settings`` (defaults without).

    Per-request limits (depth, cost, introspection...) read the request's settings themselves.
    ``extensions`` are added after Sellergate's own (the app adds its metrics there).
    """
    batch = (settings or Settings.model_construct()).graphql_max_batch_operations
    config = StrawberryConfig(
        batching_config={"max_operations": batch} if batch > 1 else None)
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                             config=config, execution_context_class=PlannedExecution,
                             extensions=[ErrorCodes, AuditReads, AbuseLimits, *extensions])


schema = build_schema()
