"""TikTok Shop marketplace plugin: the connector (``connector.py``), TikTok Shop's Open API wire
formats (``wire.py``) and a loopback emulation of that API (``sandbox.py``)."""

from plugins.tiktok_shop.connector import TikTokShopConnector

__all__ = ["TikTokShopConnector"]
