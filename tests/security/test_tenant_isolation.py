"""Tenant isolation, generated from the live schema: every Query and Mutation field taking an id.

For each such field, seller A's object ids are sent by seller B and by a staff member of A
holding no permission: both are refused (NOT_FOUND or FORBIDDEN, or an empty page) and no id of
A's objects appears in the answer. A control call by A (or an admin, for admin fields) shows the
ids were real. A new field is covered as soon as it exists; one whose arguments the matrix cannot
build fails with a message saying which recipe to add.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
)

from gateway.db import conn, directory_conn
from gateway.models import Buyer, Job, Order, Role, Shipment
from gateway.models.directory import Incident
from schema.schema import schema
from tests.factories import store_with_orders
from tests.graphql_client import gql
from tests.privacy.admins import admin, seller

# Recipes: which of A's objects an id argument names. By argument name first; an argument called
# plain `id` names an object of the field's return type.
ARGUMENT_KINDS = {
    "storeId": "store",
    "orderId": "order",
    "buyerId": "buyer",
    "requestId": "privacy_request",
    "subjectId": "account",
    "supportAccountId": "support_account",
}
RETURN_TYPE_KINDS = {
    "Order": "order",
    "Shipment": "shipment",
    "Job": "job",
    "Incident": "incident",
    "AdminAccountView": "account",
    "PrivacyRequest": "privacy_request",
}
# Values for required arguments that are not ids: by name where the value must be valid so the
# call reaches the ownership check, else by scalar type.
ARGUMENT_VALUES: dict[str, Any] = {"carrier": "UPS", "trackingNumber": "1Z999AA10123456784",
                                   "minutes": 30, "code": "123456"}
SCALAR_VALUES: dict[str, Any] = {"String": "matrix-value", "Int": 5, "Boolean": True}
# Fields a staff member of the seller may use without any permission, and why.
STAFF_WITHOUT_PERMISSION_MAY_USE = {
    "Query.job": "a job's progress carries no personal data; any staff member may follow it",
}
# Control calls that destroy objects other controls use run after all others, in this order
# (both remove A's buyers; revoking also ends the store's authorization eraseBuyer needs).
CONTROLS_LAST = ("Mutation.eraseBuyer", "Mutation.revokeBuyerDataAuthorization")
REFUSALS = {"NOT_FOUND", "FORBIDDEN"}


@dataclass
class IdField:
    root: str  # Query or Mutation
    name: str
    field: GraphQLField

    @property
    def key(self) -> str:
        return f"{self.root}.{self.name}"


def _is_id_argument(name: str) -> bool:
    return name == "id" or name.endswith("Id")


def id_fields() -> list[IdField]:
    """Every root field with an id argument, read from the live schema."""
    live = schema._schema
    found = []
    for root in (live.query_type, live.mutation_type):
        assert root is not None
        for name, field in root.fields.items():
            if any(_is_id_argument(arg) for arg in field.args):
                found.append(IdField(root.name, name, field))
    return found


def _type_literal(type_: Any) -> str:
    if isinstance(type_, GraphQLNonNull):
        return _type_literal(type_.of_type) + "!"
    if isinstance(type_, GraphQLList):
        return "[" + _type_literal(type_.of_type) + "]"
    return type_.name


def _selection(type_: Any) -> str:
    named = get_named_type(type_)
    if not isinstance(named, GraphQLObjectType):
        return ""
    if "id" in named.fields:
        return "{ id }"
    if "edges" in named.fields:
        node = get_named_type(get_named_type(named.fields["edges"].type).fields["node"].type)
        return "{ edges { node { " + ("id" if "id" in node.fields else "__typename") + " } } }"
    return "{ __typename }"


def build_operation(entry: IdField, ids: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The operation and variables calling ``entry`` with A's ids; fails naming a missing recipe."""
    variables: dict[str, Any] = {}
    for name, arg in entry.field.args.items():
        if _is_id_argument(name):
            kind = ARGUMENT_KINDS.get(name)
            if kind is None and name == "id":
                kind = RETURN_TYPE_KINDS.get(get_named_type(entry.field.type).name)
            assert kind is not None and kind in ids, (
                f"{entry.key}: the tenant-isolation matrix cannot tell which object argument "
                f"{name!r} names. Add a recipe to ARGUMENT_KINDS or RETURN_TYPE_KINDS in "
                f"{__file__} (and create such an object for seller A in build_world).")
            variables[name] = ids[kind]
            continue
        required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        if not required:
            continue
        named = get_named_type(arg.type)
        assert isinstance(named, GraphQLScalarType) and named.name in SCALAR_VALUES, (
            f"{entry.key}: the tenant-isolation matrix has no value for required argument "
            f"{name!r} of type {named.name}. Add one to SCALAR_VALUES in {__file__}"
            + (" (input objects need a per-field recipe)"
               if isinstance(named, GraphQLInputObjectType) else ""))
        variables[name] = ARGUMENT_VALUES.get(name, SCALAR_VALUES[named.name])
    definitions = ", ".join(f"${n}: {_type_literal(entry.field.args[n].type)}" for n in variables)
    arguments = ", ".join(f"{n}: ${n}" for n in variables)
    operation = "mutation" if entry.root == "Mutation" else "query"
    text = (f"{operation}({definitions}) {{ {entry.name}({arguments}) "
            f"{_selection(entry.field.type)} }}")
    return text, variables


async def build_world(client: Any, settings: Any) -> dict[str, Any]:
    """Seller A with one of each object, seller B, a staff member of A without permissions."""
    a_token, a_id, _ = await seller(client, "tenant-a@example.com", name="Seller A")
    b_token, _, _ = await seller(client, "tenant-b@example.com", name="Seller B")
    store = await store_with_orders("us", a_id, 1)
    db = conn("us")
    order = await Order.filter(store_id=store.id).using_db(db).first()
    shipment = await Shipment.filter(order_id=order.id).using_db(db).first()
    buyer = await Buyer.filter(store_id=store.id).using_db(db).first()
    job = await Job.create(kind="sync_store", seller_id=a_id, payload={"store_id": str(store.id)},
                           using_db=db)
    superadmin, superadmin_id = await admin(client, settings, Role.SUPERADMIN, "root@example.com")
    _, support_id = await admin(client, settings, Role.SUPPORT, "support@example.com")
    now = datetime.now(UTC)
    incident = await Incident.create(
        description="matrix", detected_at=now, opened_by=superadmin_id, categories=[],
        regions=["us"], window_from=now - timedelta(days=1), window_to=now,
        using_db=directory_conn())
    asked = await gql(client, "mutation { requestPrivacyAction(kind: \"access\") { id } }",
                      token=a_token)
    assert not asked.errors, asked.errors
    staff = await gql(client, """mutation($i: StaffMemberInput!) { addStaffMember(input: $i) { id } }""",
                      {"i": {"email": "staff-a@example.com", "password": "staff-password-1",
                             "name": "Staff A", "permissions": []}}, a_token)
    assert not staff.errors, staff.errors
    staff_login = await gql(client, """mutation { logIn(email: "staff-a@example.com",
        password: "staff-password-1") { accessToken } }""")
    ids = {
        "store": str(store.id), "order": str(order.id), "shipment": str(shipment.id),
        "buyer": str(buyer.id), "job": str(job.id), "incident": str(incident.id),
        "account": a_id, "support_account": support_id,
        "privacy_request": asked.data["requestPrivacyAction"]["id"],
    }
    return {"ids": ids, "a": a_token, "b": b_token, "superadmin": superadmin,
            "staff": staff_login.data["logIn"]["accessToken"]}


def assert_refused(who: str, entry: IdField, result: Any, ids: dict[str, str]) -> None:
    leaked = [kind for kind, value in ids.items()
              if kind != "support_account" and value in json.dumps(result.data)]
    assert not leaked, f"{entry.key} as {who} answered A's {leaked}: {result.data}"
    codes = set(result.codes())
    if codes:
        assert codes <= REFUSALS, f"{entry.key} as {who}: expected a refusal, got {result.errors}"
        return
    # No error: only a filter that matched nothing is a refusal (e.g. shipments(orderId:)).
    answer = (result.data or {}).get(entry.name)
    assert answer in ([], None) or answer == {"edges": []}, (
        f"{entry.key} as {who} answered without refusing: {result.data}")


def test_the_matrix_finds_the_fields_that_take_ids() -> None:
    keys = {entry.key for entry in id_fields()}
    assert {"Query.order", "Query.shipment", "Mutation.syncStore", "Mutation.eraseBuyer"} <= keys


def test_a_field_without_a_recipe_fails_with_instructions() -> None:
    entry = IdField("Query", "gadget", GraphQLField(
        GraphQLObjectType("Gadget", {"id": GraphQLField(GraphQLNonNull(
            schema._schema.get_type("ID")))}),  # type: ignore[arg-type]
        args={"gadgetId": schema._schema.query_type.fields["order"].args["id"]}))
    try:
        build_operation(entry, {"order": str(uuid.uuid4())})
    except AssertionError as exc:
        assert "Add a recipe to ARGUMENT_KINDS" in str(exc)
    else:
        raise AssertionError("a field without a recipe must fail the matrix")


async def test_no_field_taking_an_id_serves_another_sellers_objects(client, settings):
    world = await build_world(client, settings)
    ids = world["ids"]
    entries = id_fields()
    for entry in entries:
        operation, variables = build_operation(entry, ids)
        as_other_seller = await gql(client, operation, variables, world["b"])
        assert_refused("another seller", entry, as_other_seller, ids)
        if entry.key not in STAFF_WITHOUT_PERMISSION_MAY_USE:
            as_staff = await gql(client, operation, variables, world["staff"])
            assert_refused("staff without permission", entry, as_staff, ids)
    # Control: the ids are real, so the refusals above were about who asked. Controls change
    # A's data, so the ones that destroy what others need run last.
    def control_order(entry: IdField) -> int:
        return CONTROLS_LAST.index(entry.key) + 1 if entry.key in CONTROLS_LAST else 0

    for entry in sorted(entries, key=control_order):
        operation, variables = build_operation(entry, ids)
        control = await gql(client, operation, variables, world["a"])
        if "FORBIDDEN" in control.codes():
            control = await gql(client, operation, variables, world["superadmin"])
        assert not set(control.codes()) & REFUSALS, (
            f"{entry.key}: the owner (or an admin) was refused too, so the matrix proves "
            f"nothing; fix its recipe: {control.errors}")
