"""Shopify marketplace plugin: the connector (``connector.py``), Shopify's wire formats
(``wire.py``) and a loopback emulation of Shopify's Admin API (``sandbox.py``)."""

from plugins.shopify.connector import ShopifyConnector

__all__ = ["ShopifyConnector"]
