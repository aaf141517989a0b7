"""Amazon marketplace plugin: the connector (``connector.py``), the Selling Partner API and Login
with Amazon wire formats (``wire.py``) and a loopback emulation of both (``sandbox.py``)."""

from plugins.amazon.connector import AmazonConnector

__all__ = ["AmazonConnector"]
