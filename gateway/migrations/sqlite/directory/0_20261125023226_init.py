from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "directory_entry" (
    "account_id" CHAR(36) NOT NULL PRIMARY KEY,
    "region" VARCHAR(8) NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJzVlVFr2zAUhf+K8VMHIw9ZCGWMQWg8mocmo3U36BhCkW4cEVlyZYnWBP/36SpxnDhNt4"
    "52sJcgnXOPdfVJdtYxFwaY1abqjZtRoqyp4o/ROlY0Bz84XfQ+imlRHJSgZulcHgYJ7Orn"
    "pTWUWW8vqCzBSxxKZkRhhVZeVU5KFDXzhUJlreSUuHdArM7ALsF448dPLwvF4RHKZlqsyE"
    "KA5Ac7oIxppywRHHsIPrFVEbzb28n4S0jgsnPCtHS5Ok4VlV1qtYs5J3gPs+hloMBQC3xv"
    "W9j1FkQjbXbgBWsc7FrnrcBhQZ1EOPGnhVMMmURhJfwZfN62uFdGyHSWkpskJSR+AUumFZ"
    "6DUBbBrevNc1swQY1xgYvL0fXZh+G7gECXNjPBDNjiOgSppZtoOISWuoEM+zgifrGk5mni"
    "baJD2zf7N5wboQXdXroGYQPpDbDGOX0kElRml356/gzlb6PrAPo8cNb+Ddm8QdOt0UcHab"
    "d0IadCkrCzlyDuxF6H8+/v8z+jPBz8Aebh4CRntA5BMwOIglB7zHnsHStyeJr1YbKDmm+j"
    "vWbwP15wv0E+U7LaHvkz6NPJVXKTjq6+4nJ5Wd7LwG+UJuj0g1p11LNh55h2D4m+T9LLCK"
    "fR3WyadD9Ou7r0LsaeqLOaKP1AKN+7nY3aUKvx/2Ox2vuWoTCnbPVADSdHju7rU7XHVt7P"
    "uwpVNAtnhnDr+hfASHFb"
)
