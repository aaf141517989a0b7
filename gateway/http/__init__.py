"""The HTTP edge: GraphQL route, health, metrics."""
