"""The data map (record of processing), generated from the live GraphQL schema.

Every field carrying ``@sensitive(category)`` is listed with its category, the registered
purposes using that category and their legal bases, the placement rule, retention and
recipients (from the purpose registry and from the installed plugins' declarations). Nothing is
written by hand, so the map cannot drift from what the API serves.

The schema is passed in (``sellergate datamap`` and the ``dataMap`` query pass the live one):
this module reads directives by their GraphQL names and never imports the schema package.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql import GraphQLInterfaceType, GraphQLObjectType

from gateway.auth.principal import Permission, Principal
from gateway.connectors.registry import PluginRegistry
from gateway.errors import Forbidden
from gateway.privacy.purposes import PURPOSES, category
from gateway.privacy.residency import SAFEGUARDS, placement_for

if TYPE_CHECKING:
    import strawberry

    from gateway.settings import Settings

__all__ = [
    "DataMap",
    "PersonalField",
    "PluginDeclaration",
    "PurposeUse",
    "TransferSafeguard",
    "build",
    "for_admin",
    "personal_fields",
    "to_json",
    "to_markdown",
]

_BACKREF = "strawberry-definition"


@dataclass(frozen=True, slots=True)
class PurposeUse:
    name: str
    legal_basis: str
    description: str


@dataclass(frozen=True, slots=True)
class PersonalField:
    type_name: str
    field_name: str
    category: str
    category_description: str
    requires: str | None
    consent: str | None
    purposes: tuple[PurposeUse, ...]
    legal_bases: tuple[str, ...]
    region_rule: str
    retention: str
    retention_days: int | None
    recipients: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{self.type_name}.{self.field_name}"


@dataclass(frozen=True, slots=True)
class PluginDeclaration:
    name: str
    kind: str
    data_categories: tuple[str, ...]
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TransferSafeguard:
    from_region: str
    to_region: str
    safeguard: str


@dataclass(frozen=True, slots=True)
class DataMap:
    fields: tuple[PersonalField, ...]
    plugins: tuple[PluginDeclaration, ...]
    safeguards: tuple[TransferSafeguard, ...]


@dataclass(frozen=True, slots=True)
class _FieldRules:
    type_name: str
    field_name: str
    sensitive: str
    requires: str | None
    consent: str | None


def _directives(schema: strawberry.Schema, field: Any) -> dict[str, dict[str, Any]]:
    """The field's schema directives by GraphQL name, with their arguments."""
    found: dict[str, dict[str, Any]] = {}
    for directive in getattr(field, "directives", None) or ():
        definition = getattr(type(directive), "__strawberry_directive__", None)
        if definition is not None:
            found[schema.config.name_converter.from_directive(definition)] = vars(directive)
    return found


def personal_fields(schema: strawberry.Schema) -> list[_FieldRules]:
    """Every object and interface field marked ``@sensitive``, with its other privacy rules."""
    rules = []
    for concrete in schema.schema_converter.type_map.values():
        graphql_type = concrete.implementation
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for name, graphql_field in graphql_type.fields.items():
            found = _directives(schema, (graphql_field.extensions or {}).get(_BACKREF))
            if "sensitive" not in found:
                continue
            rules.append(_FieldRules(
                type_name=graphql_type.name, field_name=name,
                sensitive=found["sensitive"]["category"],
                requires=found.get("requires", {}).get("permission"),
                consent=found.get("consent", {}).get("purpose")))
    return sorted(rules, key=lambda r: (r.type_name, r.field_name))


def _plugins(registry: PluginRegistry) -> tuple[PluginDeclaration, ...]:
    return tuple(PluginDeclaration(name=i.name, kind=i.kind,
                                   data_categories=tuple(i.data_categories),
                                   recipients=tuple(i.recipients))
                 for i in sorted(registry.infos, key=lambda i: (i.kind, i.name)))


def build(schema: strawberry.Schema, *, registry: PluginRegistry | None = None,
          settings: Settings | None = None) -> DataMap:
    """The data map of ``schema``; a category the registry does not know is refused."""
    plugins = _plugins(registry or PluginRegistry.discover())
    fields = []
    for rules in personal_fields(schema):
        registered = category(rules.sensitive)
        uses = tuple(PurposeUse(p.name, p.legal_basis.value, p.description)
                     for p in PURPOSES.values() if registered.name in p.categories)
        from_plugins = [r for p in plugins if registered.name in p.data_categories
                        for r in p.recipients]
        fields.append(PersonalField(
            type_name=rules.type_name, field_name=rules.field_name, category=registered.name,
            category_description=registered.description, requires=rules.requires,
            consent=rules.consent, purposes=uses,
            legal_bases=tuple(sorted({u.legal_basis for u in uses})),
            region_rule=placement_for(registered.name, settings).describe(),
            retention=registered.retention, retention_days=registered.retention_days,
            recipients=tuple(dict.fromkeys([*registered.recipients, *from_plugins]))))
    safeguards = tuple(TransferSafeguard(a, b, s) for (a, b), s in sorted(SAFEGUARDS.items()))
    return DataMap(fields=tuple(fields), plugins=plugins, safeguards=safeguards)


# The schema and the installed plugins do not change while a process runs: build once per
# (schema, placement rules) instead of discovering plugins on every query.
_BUILT: dict[tuple[int, str], tuple[strawberry.Schema, DataMap]] = {}


def for_admin(principal: Principal, schema: strawberry.Schema, settings: Settings) -> DataMap:
    """The data map, for admins (any admin role)."""
    principal.require_account()
    if not principal.has(Permission.ADMIN_ACCOUNTS_READ):
        raise Forbidden("admins only")
    key = (id(schema), repr(sorted(settings.placement_rules.items())))
    cached = _BUILT.get(key)
    if cached is None or cached[0] is not schema:
        cached = (schema, build(schema, settings=settings))
        _BUILT[key] = cached
    return cached[1]


def to_json(data_map: DataMap) -> dict[str, Any]:
    return dataclasses.asdict(data_map)


def _cell(values: tuple[str, ...] | str | None) -> str:
    if values is None or values == ():
        return "-"
    text = values if isinstance(values, str) else "; ".join(values)
    return text.replace("|", "\\|")


def to_markdown(data_map: DataMap) -> str:
    lines = [
        "# Data map", "",
        "Generated from the live GraphQL schema and the purpose registry.", "",
        "| field | category | requires | consent | purposes (legal basis) | region | retention "
        "| recipients |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in data_map.fields:
        purposes = tuple(f"{u.name} ({u.legal_basis})" for u in f.purposes)
        lines.append(f"| {f.path} | {f.category} | {_cell(f.requires)} | {_cell(f.consent)} | "
                     f"{_cell(purposes)} | {_cell(f.region_rule)} | {_cell(f.retention)} | "
                     f"{_cell(f.recipients)} |")
    lines += ["", "## Plugins", "", "| plugin | kind | categories | recipients |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {p.name} | {p.kind} | {_cell(p.data_categories)} | {_cell(p.recipients)} |"
              for p in data_map.plugins]
    lines += ["", "## Transfer safeguards", "", "| from | to | safeguard |", "| --- | --- | --- |"]
    lines += [f"| {s.from_region} | {s.to_region} | {s.safeguard} |" for s in data_map.safeguards]
    return "\n".join(lines) + "\n"
