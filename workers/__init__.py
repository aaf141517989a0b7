"""Dramatiq: the broker chosen from settings, the async runtime, and the actors."""
