"""The data map is generated from the schema: every @sensitive field, nothing else, joined with
the purpose registry, placement, retention and the plugins' declared recipients."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from graphql import FieldDefinitionNode, ObjectTypeDefinitionNode, StringValueNode, parse

from gateway.connectors.registry import PluginRegistry
from gateway.models import Role
from gateway.privacy import datamap
from gateway.privacy.purposes import CATEGORIES
from schema.schema import schema
from tests.graphql_client import gql
from tests.privacy.admins import admin, seller

DATA_MAP = """{ dataMap { fields { typeName fieldName category requires purposes { name legalBasis }
  legalBases regionRule retention retentionDays recipients } safeguards { fromRegion toRegion
  safeguard } } }"""


def _sensitive_in_sdl() -> dict[tuple[str, str], str]:
    """A fresh walk of the printed SDL: (type, field) -> category of every @sensitive field."""
    marked = {}
    for definition in parse(schema.as_str()).definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode):
            continue
        for field in definition.fields or ():
            assert isinstance(field, FieldDefinitionNode)
            for directive in field.directives or ():
                if directive.name.value == "sensitive":
                    [argument] = directive.arguments
                    assert isinstance(argument.value, StringValueNode)
                    marked[(definition.name.value, field.name.value)] = argument.value.value
    return marked


def test_the_data_map_lists_every_sensitive_field_and_nothing_unmarked():
    generated = datamap.build(schema)
    listed = {(f.type_name, f.field_name): f.category for f in generated.fields}
    expected = _sensitive_in_sdl()
    assert expected, "the schema marks no personal field"
    assert listed == expected


def test_every_listed_field_has_purposes_legal_basis_region_and_retention():
    generated = datamap.build(schema)
    for field in generated.fields:
        assert field.category in CATEGORIES
        assert field.purposes and field.legal_bases, field.path
        assert field.region_rule.startswith(("the account's country", "the seller account's"))
        assert field.retention == CATEGORIES[field.category].retention


def test_buyer_fields_carry_the_permission_and_the_plugins_recipients():
    registry = PluginRegistry.discover()
    generated = datamap.build(schema, registry=registry)
    address = next(f for f in generated.fields if f.path == "Buyer.address")
    assert address.requires == "orders:read_buyer_pii"
    assert address.retention_days == 30
    assert "tracking service (destination country)" in address.recipients
    for info in registry.infos:
        if "buyer_address" in info.data_categories:
            assert set(info.recipients) <= set(address.recipients)


def test_placement_rules_appear_in_the_data_map(tmp_path):
    from tests.conftest import base_settings

    configured = base_settings(tmp_path, placement_rules={"HK": "cn"})
    email = next(f for f in datamap.build(schema, settings=configured).fields
                 if f.path == "Account.email")
    assert email.region_rule == "the account's country: CN -> cn; HK -> cn; otherwise us"


async def test_the_datamap_command_prints_json_and_markdown(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERGATE_")}
    env["SELLERGATE_DATA_DIR"] = str(tmp_path)

    async def run(*args: str) -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway", "datamap", *args, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        output, errors = await process.communicate()
        assert process.returncode == 0, errors.decode()
        return output.decode()

    as_json = json.loads(await run("--format", "json"))
    assert {(f["type_name"], f["field_name"]) for f in as_json["fields"]} == set(
        _sensitive_in_sdl())
    markdown = await run("--format", "md")
    assert "| Buyer.phone | buyer_contact | orders:read_buyer_pii |" in markdown
    assert "| cn | us | scc |" in markdown


async def test_admins_query_the_data_map_and_sellers_cannot(client, settings):
    support, _ = await admin(client, settings, Role.SUPPORT, "support@example.com")
    result = await gql(client, DATA_MAP, token=support)
    assert not result.errors, result.errors
    listed = {(f["typeName"], f["fieldName"]) for f in result.data["dataMap"]["fields"]}
    assert listed == set(_sensitive_in_sdl())
    assert {"fromRegion": "cn", "toRegion": "us", "safeguard": "scc"} in \
        result.data["dataMap"]["safeguards"]
    token, *_ = await seller(client, "curious@example.com")
    assert (await gql(client, DATA_MAP, token=token)).codes() == ["FORBIDDEN"]
