"""Composes the schema from the query root and the per-domain mutation classes."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.tools import merge_types

from schema.errors import ErrorCodes
from schema.incidents import IncidentMutations, IncidentQueries
from schema.mutations.auth import AuthMutations
from schema.mutations.staff import StaffMutations
from schema.mutations.stores import StoreMutations
from schema.privacy_requests import PrivacyMutations, PrivacyQueries
from schema.queries import Query as CoreQuery

__all__ = ["SDL_PATH", "schema"]

SDL_PATH = Path(__file__).with_name("schema.graphql")

Query = merge_types("Query", (CoreQuery, PrivacyQueries, IncidentQueries))
Mutation = merge_types("Mutation", (AuthMutations, StaffMutations, StoreMutations,
                                    PrivacyMutations, IncidentMutations))

schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=[ErrorCodes])
