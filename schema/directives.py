"""Field rules as schema directives: declared once on a field, printed in the SDL, enforced.

``@sensitive(category)`` marks personal data, ``@requires(permission)`` gates a field,
``@consent(purpose)`` ties it to the subject's consent. ``guarded`` puts the directives on a field
and the extension that enforces them, so what the schema says and what the server does agree.
"""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.schema_directive import Location

from gateway.auth.principal import Permission
from gateway.errors import ConsentRequired, Forbidden
from schema.read_log import note_read, note_reads

__all__ = ["Consent", "FieldRules", "Requires", "Sensitive", "guarded"]


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Personal data of the given category (see the data map).",
)
class Sensitive:
    category: str


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Resolves only for callers holding the permission; otherwise null with FORBIDDEN.",
)
class Requires:
    permission: str


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Resolves only when the subject consented to the purpose (CONSENT_REQUIRED).",
)
class Consent:
    purpose: str


class FieldRules(FieldExtension):
    """Enforces ``@requires`` and ``@consent`` before the resolver runs, and notes the read of a
    ``@sensitive`` value for the audit once it resolved (a refused field is no read)."""

    def __init__(self, *, requires: Permission | None, consent: str | None = None,
                 sensitive: str | None = None) -> None:
        self.requires = requires
        self.consent = consent
        self.sensitive = sensitive

    async def _check_consent(self, source: Any, info: strawberry.Info) -> None:
        if self.consent is None:
            return
        subject = getattr(source, "subject_id", None)
        region = getattr(source, "region", None) or info.context.principal.region
        # Batched per request: a page of 50 accounts costs one ledger query. The load is the
        # request's, shared by every field asking for the same subject: shielded, so that a
        # resolver cancelled while waiting (its part of the answer nulled) does not cancel it
        # for the others.
        if subject is None or not await asyncio.shield(info.context.loaders.consent.load(
                (region, str(subject), self.consent))):
            raise ConsentRequired(f"the subject has not consented to {self.consent}",
                                  purpose=self.consent)

    def _check(self, info: strawberry.Info) -> None:
        if self.requires is not None and not info.context.principal.has(self.requires):
            raise Forbidden(f"missing permission {self.requires.value}",
                            permission=self.requires.value)

    def resolve(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if self.consent is not None:  # the consent ledger is async: a developer's mistake
            raise TypeError("a field under @consent needs an async resolver")
        self._check(info)
        value = next_(source, info, **kwargs)
        if self.sensitive is not None:
            note_read(source, info, self.sensitive, value)
        return value

    def resolve_level(self, next_: Any, sources: list[Any], info: strawberry.Info
                      ) -> list[Any]:
        """``resolve`` for all the objects of a level at once (planned execution): the
        permission is the caller's, checked once; each value served is noted for the audit.
        ``info`` is the first object's: only its field and parent type are read."""
        if self.consent is not None:
            raise TypeError("a field under @consent needs an async resolver")
        self._check(info)
        values: list[Any] = []
        for source in sources:
            try:
                values.append(next_(source, info))
            except Exception as exc:  # that object's field error
                values.append(exc)
        if self.sensitive is not None:
            note_reads(sources, values, info, self.sensitive)
        return values

    async def resolve_async(self, next_: Any, source: Any, info: strawberry.Info,
                            **kwargs: Any) -> Any:
        self._check(info)
        await self._check_consent(source, info)
        result = next_(source, info, **kwargs)
        if hasattr(result, "__await__"):
            result = await result
        if self.sensitive is not None:
            note_read(source, info, self.sensitive, result)
        return result


def guarded(
    resolver: Any = None,
    *,
    sensitive: str | None = None,
    requires: Permission | None = None,
    consent: str | None = None,
    description: str | None = None,
) -> Any:
    """A ``strawberry.field`` carrying the privacy directives and their enforcement."""
    directives: list[object] = []
    if sensitive:
        directives.append(Sensitive(category=sensitive))
    if requires:
        directives.append(Requires(permission=requires.value))
    if consent:
        directives.append(Consent(purpose=consent))
    extensions: list[FieldExtension] = (
        [FieldRules(requires=requires, consent=consent, sensitive=sensitive)]
        if requires or consent or sensitive else [])
    if resolver is None:
        return strawberry.field(directives=directives, extensions=extensions,
                                description=description)
    return strawberry.field(resolver, directives=directives, extensions=extensions,
                            description=description)
