"""The plugins this process talks to: the registry, one shared HTTP session, per-plugin endpoints.

Installed once at start-up (``install``); services reach connectors through ``current()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway.connectors import MarketplaceConnector, Notifier, TrackingConnector, UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.errors import BadInput, ServiceUnavailable
from gateway.settings import Settings

__all__ = ["Endpoint", "Integrations", "current", "install"]


@dataclass(frozen=True)
class Endpoint:
    """Where a plugin's upstream lives and its settings (the sandbox's, in the demo and tests)."""

    base_url: str
    settings: Mapping[str, str]


@dataclass
class Integrations:
    registry: PluginRegistry
    session: UpstreamSession
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    default_tracker: str = "seventeen_track"
    settings: Settings | None = None  # the process's settings (credential sealing key)
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict)

    def _get(self, kind: str, name: str) -> Any:
        key = (kind, name)
        if key not in self._cache:
            if name not in self.registry.classes.get(kind, {}):
                raise BadInput(f"no {kind[:-1]} plugin named {name!r}; installed: "
                               f"{', '.join(self.registry.names(kind)) or 'none'}")
            endpoint = self.endpoints.get(name)
            try:
                self._cache[key] = self.registry.create(
                    kind, name, session=self.session,
                    base_url=endpoint.base_url if endpoint else None,
                    settings=endpoint.settings if endpoint else None)
            except LookupError as exc:
                raise ServiceUnavailable(str(exc)) from exc
        return self._cache[key]

    def marketplace(self, name: str) -> MarketplaceConnector:
        connector: MarketplaceConnector = self._get("marketplaces", name)
        return connector

    def tracker(self, name: str | None = None) -> TrackingConnector:
        connector: TrackingConnector = self._get("trackers", name or self.default_tracker)
        return connector

    def notifier(self, name: str) -> Notifier:
        connector: Notifier = self._get("notifiers", name)
        return connector

    def kind_of(self, name: str) -> str | None:
        for kind in ("marketplaces", "trackers"):
            if name in self.registry.classes.get(kind, {}):
                return kind
        return None


_current: Integrations | None = None


def install(integrations: Integrations | None) -> None:
    global _current
    _current = integrations


def current() -> Integrations:
    if _current is None:
        raise ServiceUnavailable("connectors are not set up in this process")
    return _current
