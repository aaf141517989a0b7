"""Sellergate gateway: the application, its settings, services, models and connector SDK."""

__version__ = "0.1.0"
