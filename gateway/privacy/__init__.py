"""The privacy engine: how personal data is held, found and used."""
