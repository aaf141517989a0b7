"""17TRACK tracking plugin: the connector (``connector.py``), the Tracking API v2.2 wire formats
(``wire.py``) and a loopback emulation of that API (``sandbox.py``)."""

from plugins.seventeen_track.connector import SeventeenTrackConnector

__all__ = ["SeventeenTrackConnector"]
