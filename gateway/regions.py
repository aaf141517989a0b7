"""The regional stores and the rule that places a subject's data in one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gateway.settings import Settings

__all__ = ["DEFAULT_PLACEMENT", "REGIONS", "placement_rules", "region_for_country"]

REGIONS: tuple[str, ...] = ("cn", "us")

# Mainland China subjects live in Guangzhou; everyone else in the United States.
DEFAULT_PLACEMENT: dict[str, str] = {"CN": "cn"}
_FALLBACK_REGION = "us"


def placement_rules(settings: Settings | None = None) -> dict[str, str]:
    """Country -> region: the default table overridden by ``SELLERGATE_PLACEMENT_RULES``."""
    if settings is None:
        # Imported here: settings import this module for REGIONS.
        from gateway.settings import get_settings

        settings = get_settings()
    return {**DEFAULT_PLACEMENT, **settings.placement_rules}


def region_for_country(country: str, settings: Settings | None = None) -> str:
    """The region where a subject from ``country`` (ISO 3166-1 alpha-2) has their data placed.

    Without ``settings`` the process's settings apply, so every caller honours the configured
    placement rules.
    """
    return placement_rules(settings).get(country.strip().upper(), _FALLBACK_REGION)
