"""The Strawberry GraphQL schema: types, queries, mutations, directives and dataloaders."""
