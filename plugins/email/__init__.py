"""Email notifier plugin: the connector (``connector.py``), the message format (``wire.py``) and a
loopback SMTP relay (``sandbox.py``)."""

from plugins.email.connector import EmailNotifier

__all__ = ["EmailNotifier"]
