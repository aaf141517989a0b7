"""Domain services: the one place where business and privacy rules live.

The GraphQL schema and the workers both call these functions; each takes the caller's
``Principal`` and scopes every query to what that caller may see.
"""
