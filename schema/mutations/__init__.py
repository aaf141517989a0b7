"""Mutations, one module per domain."""
