"""The printed SDL in the repository is the live schema, directives included."""

from __future__ import annotations

from schema.schema import SDL_PATH, schema


def test_schema_graphql_matches_the_live_schema():
    assert SDL_PATH.read_text() == schema.as_str() + "\n", (
        "schema/schema.graphql is stale: run `sellergate schema --write`"
    )


def test_privacy_directives_are_declared_and_applied():
    sdl = schema.as_str()
    assert "directive @sensitive(category: String!) on FIELD_DEFINITION" in sdl
    assert "directive @requires(permission: String!) on FIELD_DEFINITION" in sdl
    assert '@requires(permission: "orders:read_buyer_pii")' in sdl
