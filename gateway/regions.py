"""The regional stores and the rule that places a subject's data in one of them."""

from __future__ import annotations

__all__ = ["REGIONS", "region_for_country"]

REGIONS: tuple[str, ...] = ("cn", "us")

# Mainland China subjects live in Guangzhou; everyone else in the United States.
_COUNTRY_REGION = {"CN": "cn"}


def region_for_country(country: str) -> str:
    """The region where a subject from ``country`` (ISO 3166-1 alpha-2) has their data placed."""
    return _COUNTRY_REGION.get(country.strip().upper(), "us")
