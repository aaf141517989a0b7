"""Finding plugins: stevedore loads them from entry-point namespaces, by name.

A plugin that fails to import or does not honour its base class is reported in ``failures`` and
left out; it never stops the gateway.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from stevedore import ExtensionManager

from gateway.connectors.base import Connector, MarketplaceConnector, Notifier, TrackingConnector
from gateway.connectors.http import UpstreamSession

__all__ = ["NAMESPACES", "PluginInfo", "PluginRegistry", "plugin_settings"]

log = logging.getLogger(__name__)

NAMESPACES: dict[str, type[Connector]] = {
    "sellergate.marketplaces": MarketplaceConnector,
    "sellergate.trackers": TrackingConnector,
    "sellergate.notifiers": Notifier,
}


@dataclass(frozen=True)
class PluginInfo:
    name: str
    kind: str
    version: str
    distribution: str
    data_categories: tuple[str, ...]
    recipients: tuple[str, ...]


def plugin_settings(name: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A plugin's settings from ``SELLERGATE_PLUGIN_<NAME>_<KEY>`` variables (keys lower-cased)."""
    prefix = f"SELLERGATE_PLUGIN_{name.upper()}_"
    env = os.environ if environ is None else environ
    return {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix)}


@dataclass
class PluginRegistry:
    """The installed plugins, by kind and name."""

    classes: dict[str, dict[str, type[Connector]]] = field(default_factory=dict)
    infos: list[PluginInfo] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    @classmethod
    def discover(cls) -> PluginRegistry:
        registry = cls()
        for namespace, base in NAMESPACES.items():
            kind = namespace.rsplit(".", 1)[1]
            registry.classes[kind] = {}

            def failed(manager: Any, entrypoint: Any, exc: BaseException, kind: str = kind) -> None:
                registry.failures[f"{kind}/{entrypoint.name}"] = f"{type(exc).__name__}: {exc}"
                log.error("plugin %s/%s failed to load: %s", kind, entrypoint.name, exc)

            manager: ExtensionManager[Any] = ExtensionManager(
                namespace, invoke_on_load=False, on_load_failure_callback=failed)
            dists = _distributions(namespace)
            for extension in manager:
                plugin = extension.plugin
                if not (isinstance(plugin, type) and issubclass(plugin, base)):
                    registry.failures[f"{kind}/{extension.name}"] = (
                        f"{plugin!r} is not a subclass of {base.__name__}")
                    continue
                registry.classes[kind][extension.name] = plugin
                registry.infos.append(PluginInfo(
                    name=extension.name, kind=kind,
                    version=getattr(plugin, "version", "0"),
                    distribution=_distribution(extension.entry_point, dists.get(
                        (extension.name, extension.entry_point.value))),
                    data_categories=tuple(sorted(c.value for c in plugin.data_categories)),
                    recipients=tuple(plugin.recipients),
                ))
        return registry

    def create(self, kind: str, name: str, *, session: UpstreamSession,
               base_url: str | None = None, settings: Mapping[str, str] | None = None) -> Any:
        """An instance of plugin ``name`` configured from its settings (or the given ones)."""
        try:
            plugin = self.classes[kind][name]
        except KeyError:
            raise LookupError(f"no {kind} plugin named {name!r} is installed") from None
        values = dict(plugin_settings(name) if settings is None else settings)
        url = base_url or values.pop("base_url", "")
        if not url:
            raise LookupError(
                f"plugin {name} has no base URL: set SELLERGATE_PLUGIN_{name.upper()}_BASE_URL")
        return plugin(base_url=url, settings=values, session=session)

    def names(self, kind: str) -> list[str]:
        return sorted(self.classes.get(kind, {}))


def _distributions(namespace: str) -> dict[tuple[str, str], Any]:
    """Each entry point's distribution, by name and target, read once per namespace
    (stevedore's cached entry points do not carry it); none where the metadata cannot be read
    (each plugin's is then looked up on its own)."""
    try:
        return {(ep.name, ep.value): ep.dist for ep in metadata.entry_points(group=namespace)}
    except Exception as exc:
        log.warning("entry points of %s could not be read: %s", namespace, exc)
        return {}


def _distribution(entry_point: Any, dist: Any = None) -> str:
    dist = getattr(entry_point, "dist", None) or dist
    if dist is not None:
        return f"{dist.metadata['Name']} {dist.version}"
    try:
        module = entry_point.value.split(":")[0].split(".")[0]
        names = _packages_distributions().get(module, [])
        return names[0] if names else "?"
    except Exception:
        return "?"


@functools.cache
def _packages_distributions() -> Mapping[str, list[str]]:
    return metadata.packages_distributions()  # reads every distribution's file list: once
