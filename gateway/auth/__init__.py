"""Authentication and authorization: passwords, tokens, principals, login throttling."""
